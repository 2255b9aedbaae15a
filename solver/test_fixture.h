/*
 * test_fixture.h - private to the solver tests (solver/..._test.c): small regions built in code
 * and the checks every solver test makes. Each test file defines its own
 * TestSuite and teardown (which frees R, RES and clears D).
 *
 * Every plan a test solves is judged by the independent rule checker
 * (model/checker.h) in solve_with().
 */
#ifndef NETROTA_SOLVER_TEST_FIXTURE_H
#define NETROTA_SOLVER_TEST_FIXTURE_H

#include <criterion/criterion.h>
#include <stdbool.h>
#include <string.h>

#include "model/checker.h"
#include "model/region.h"
#include "solver/solver.h"

static nr_region *R;
static nr_solve_result *RES;
static nr_diags D = NR_DIAGS_INIT;

static inline nr_loc here(void) { return nr_loc_at("test", 1); }

static inline nr_date date(const char *s) {
    nr_date d = 0;
    cr_assert(nr_date_parse(s, &d), "bad date %s", s);
    return d;
}

static inline void push_list(nr_refs *list, const char *csv) {
    char buf[128];
    snprintf(buf, sizeof buf, "%s", csv);
    char *save = NULL;
    for (char *t = strtok_r(buf, ";", &save); t; t = strtok_r(NULL, ";", &save))
        cr_assert_eq(nr_region_refs_push(R, list, nr_region_ref(R, t, here())), 0);
}

/* Two trusts, a hub site S1 (T1) and a site S2 (T2); a night shift on every
 * day of the week. */
static inline void base(const char *start, int weeks) {
    R = nr_region_new();
    R->name = "test";
    R->period_start = date(start);
    R->period_days = weeks * 7;
    const char *trusts[] = {"T1", "T2"};
    for (int i = 0; i < 2; i++) {
        nr_trust *t = nr_region_add_trust(R);
        t->id = nr_region_strdup(R, trusts[i]);
        t->name = t->id;
        t->loc = here();
        nr_site *s = nr_region_add_site(R);
        s->id = nr_region_strdup(R, i == 0 ? "S1" : "S2");
        s->name = s->id;
        s->trust = nr_region_ref(R, trusts[i], here());
        s->loc = here();
    }
    nr_shift *sh = nr_region_add_shift(R);
    sh->id = nr_region_strdup(R, "night");
    sh->days_mask = 0x7f;
    sh->start_minute = 17 * 60;
    sh->end_day_offset = 1;
    sh->end_minute = 8 * 60;
    sh->loc = here();
    sh = nr_region_add_shift(R);
    sh->id = nr_region_strdup(R, "day");
    sh->days_mask = 0x7f;
    sh->start_minute = 8 * 60;
    sh->end_day_offset = 0;
    sh->end_minute = 17 * 60;
    sh->loc = here();
    sh = nr_region_add_shift(R);
    sh->id = nr_region_strdup(R, "weekend");
    sh->days_mask = 1u << NR_FRI;
    sh->start_minute = 17 * 60;
    sh->end_day_offset = 3;
    sh->end_minute = 8 * 60;
    sh->loc = here();
}

static inline nr_rota *rota(const char *id, const char *shifts, int cover) {
    nr_rota *k = nr_region_add_rota(R);
    k->id = nr_region_strdup(R, id);
    k->service = "test";
    k->host = nr_region_ref(R, "T1", here());
    k->hub = nr_region_ref(R, "S1", here());
    k->cover = cover;
    k->loc = here();
    push_list(&k->covers, "S1");
    push_list(&k->shifts, shifts);
    return k;
}

static inline void person(const char *id, const char *trust, const char *site, const char *rotas, double share) {
    nr_person *p = nr_region_add_person(R);
    p->id = nr_region_strdup(R, id);
    p->name = p->id;
    p->trust = nr_region_ref(R, trust, here());
    p->base_site = nr_region_ref(R, site, here());
    p->share = share;
    p->loc = here();
    push_list(&p->rotas, rotas);
}

static inline void leave(const char *who, const char *first, const char *last) {
    nr_leave *l = nr_region_add_leave(R);
    l->person = nr_region_ref(R, who, here());
    l->start = nr_london_to_utc(date(first), 0);
    l->end = nr_london_to_utc(date(last) + 1, 0);
    l->all_day = true;
    l->loc = here();
}

static inline void request(const char *who, const char *day, bool want, double weight) {
    nr_request *q = nr_region_add_request(R);
    q->person = nr_region_ref(R, who, here());
    q->date = date(day);
    q->want = want;
    q->weight = weight;
    q->loc = here();
}

static inline nr_rules *override(const char *who, const char *rota_id) {
    nr_override *o = nr_region_add_override(R);
    o->person = nr_region_ref(R, who, here());
    if (rota_id) o->rota = nr_region_ref(R, rota_id, here());
    o->loc = here();
    return &o->rules;
}

static inline void travel(const char *from, const char *to, int minutes) {
    nr_travel *t = nr_region_add_travel(R);
    t->from = nr_region_ref(R, from, here());
    t->to = nr_region_ref(R, to, here());
    t->minutes = minutes;
    t->loc = here();
}

static inline void finish(void) {
    cr_assert_eq(nr_region_resolve(R, &D), 0);
    cr_assert_eq(nr_region_expand(R, &D), 0);
}

static inline nr_solve_options exact(void) {
    nr_solve_options o = nr_solve_options_default();
    o.mip_gap = 0;
    o.time_limit = 60;
    return o;
}

/* Solve, and check the plan against every hard rule except the ones the
 * test expects to see (uncovered slots, min_duties). */
static inline void solve_with(const nr_solve_options *o) {
    cr_assert_eq(nr_solve(R, o, &RES, &D), 0);
    cr_assert_not_null(RES);
    cr_assert_not_null(RES->plan);
    nr_violation *v = NULL;
    size_t n = 0;
    cr_assert_eq(nr_check_plan(R, RES->plan, &v, &n), 0);
    for (size_t i = 0; i < n; i++)
        cr_expect(v[i].kind == NR_V_UNCOVERED || v[i].kind == NR_V_MIN_DUTIES, "rule broken: %s", v[i].message);
    nr_violations_free(v, n);
}

static inline void solve(void) {
    nr_solve_options o = exact();
    solve_with(&o);
}

static inline int person_ix(const char *id) {
    int p = nr_region_find_person(R, id);
    cr_assert_geq(p, 0, "no person %s", id);
    return p;
}

static inline int duty_ix(const char *rota_id, const char *shift, const char *day) {
    int k = nr_region_find_rota(R, rota_id), s = nr_region_find_shift(R, shift);
    nr_date d = date(day);
    for (size_t i = 0; i < R->n_duties; i++)
        if (R->duties[i].rota == k && R->duties[i].shift == s && R->duties[i].date == d) return (int)i;
    cr_assert_fail("no duty %s %s %s", rota_id, shift, day);
    return -1;
}

static inline int held(const char *who, const char *rota_id) {
    int p = person_ix(who), k = nr_region_find_rota(R, rota_id), n = 0;
    for (size_t i = 0; i < R->n_duties; i++)
        if (R->duties[i].rota == k) n += nr_plan_holds(RES->plan, i, p);
    return n;
}

static inline bool holds(const char *who, const char *rota_id, const char *shift, const char *day) {
    return nr_plan_holds(RES->plan, (size_t)duty_ix(rota_id, shift, day), person_ix(who)) != 0;
}

#endif
