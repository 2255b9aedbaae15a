/*
 * fixture.h - a small region built in code for the checker, rotacsv and
 * plancsv tests (included by those tests only; static functions).
 *
 * Period: Mon 2026-11-02 .. Sun 2026-11-08 (7 days, all GMT, no bank holidays).
 * Trusts T1, T2; sites S1 (T1), S2 (T2).
 * Shifts: night 17:00-08:00 every day (15 h); day 08:00-18:00 every day (10 h).
 * Rotas:  gi (night, hub S1), ent (day, hub S2).
 * People: P001..P004 on gi (trust T1), P005 on ent (T2), P006 on gi and ent (T2).
 *
 * The baseline plan (fx_baseline) is valid under the baseline gi rules
 * (1 in 3, min_days_between 3, max_consecutive 1, max_weekends 1,
 * min_duties 1, max_hours 40, min_rest_hours 11) with P006's override
 * min_duties 0 on gi:
 *   gi night: Mon P001, Tue P002, Wed P003, Thu P004, Fri P001, Sat P002, Sun P003
 *   ent day:  P005 every day.
 * Tests change the rules, people or leave through the hook, then break the plan.
 */
#ifndef NETROTA_TESTS_CHECKER_FIXTURE_H
#define NETROTA_TESTS_CHECKER_FIXTURE_H

#include <criterion/criterion.h>
#include <string.h>

#include "model/plan.h"
#include "model/region.h"

typedef struct fx_options {
    int gi_cover;
    bool gi_rules;                 /* baseline gi rules, or none at all */
    const char *person_ids[6];     /* NULL = P001..P006 */
    const char *trust_ids[2];      /* NULL = T1, T2 */
    const char *gi_id;             /* NULL = gi */
    void (*hook)(nr_region *r);    /* more entities before resolve */
} fx_options;

static inline nr_loc fx_at(int line) { return nr_loc_at("fixture.yaml", line); }

static inline nr_date fx_date(const char *s) {
    nr_date d = 0;
    cr_assert(nr_date_parse(s, &d), "bad date %s", s);
    return d;
}

static inline void fx_push(nr_region *r, nr_refs *list, const char *id) {
    cr_assert_eq(nr_region_refs_push(r, list, nr_region_ref(r, id, fx_at(1))), 0);
}

static inline nr_rules fx_gi_rules(void) {
    nr_rules k = nr_rules_unset();
    k.max_frequency = 3;
    k.min_days_between = 3;
    k.max_consecutive = 1;
    k.max_weekends = 1;
    k.min_duties = 1;
    k.max_hours = 40;
    k.min_rest_hours = 11;
    return k;
}

/* A rule override for one person (rota NULL = all their rotas). */
static inline nr_override *fx_override(nr_region *r, const char *person, const char *rota) {
    nr_override *o = nr_region_add_override(r);
    cr_assert_not_null(o);
    o->person = nr_region_ref(r, person, fx_at(50));
    o->rota = nr_region_ref(r, rota, fx_at(50));
    o->rules = nr_rules_unset();
    return o;
}

/* All-day leave, first and last day inclusive. */
static inline void fx_leave(nr_region *r, const char *person, const char *first, const char *last) {
    nr_leave *l = nr_region_add_leave(r);
    cr_assert_not_null(l);
    l->person = nr_region_ref(r, person, fx_at(60));
    l->start = nr_london_to_utc(fx_date(first), 0);
    l->end = nr_london_to_utc(fx_date(last) + 1, 0);
    l->all_day = true;
}

static inline nr_region *fx_region(fx_options o) {
    static const char *const def_people[6] = {"P001", "P002", "P003", "P004", "P005", "P006"};
    nr_region *r = nr_region_new();
    cr_assert_not_null(r);
    const char *t1 = o.trust_ids[0] ? o.trust_ids[0] : "T1";
    const char *t2 = o.trust_ids[1] ? o.trust_ids[1] : "T2";
    const char *gi = o.gi_id ? o.gi_id : "gi";
    r->name = "Fixture";
    r->timezone = "Europe/London";
    r->period_start = fx_date("2026-11-02");
    r->period_days = 7;
    r->period_loc = fx_at(2);

    const char *tids[2] = {t1, t2};
    for (int i = 0; i < 2; i++) {
        nr_trust *t = nr_region_add_trust(r);
        t->id = nr_region_strdup(r, tids[i]);
        t->name = t->id;
        t->loc = fx_at(3 + i);
    }
    const char *sids[2] = {"S1", "S2"};
    for (int i = 0; i < 2; i++) {
        nr_site *s = nr_region_add_site(r);
        s->id = sids[i];
        s->name = s->id;
        s->trust = nr_region_ref(r, tids[i], fx_at(5 + i));
        s->loc = fx_at(5 + i);
    }
    nr_shift *night = nr_region_add_shift(r);
    night->id = "night";
    night->days_mask = 0x7f;
    night->start_minute = 17 * 60;
    night->end_day_offset = 1;
    night->end_minute = 8 * 60;
    night->loc = fx_at(7);
    nr_shift *day = nr_region_add_shift(r);
    day->id = "day";
    day->days_mask = 0x7f;
    day->start_minute = 8 * 60;
    day->end_day_offset = 0;
    day->end_minute = 18 * 60;
    day->loc = fx_at(8);

    nr_rota *k = nr_region_add_rota(r);
    k->id = nr_region_strdup(r, gi);
    k->service = "GI bleed";
    k->host = nr_region_ref(r, t1, fx_at(9));
    k->hub = nr_region_ref(r, "S1", fx_at(9));
    fx_push(r, &k->covers, "S1");
    fx_push(r, &k->shifts, "night");
    k->cover = o.gi_cover > 0 ? o.gi_cover : 1;
    k->rules = o.gi_rules ? fx_gi_rules() : nr_rules_unset();
    k->loc = fx_at(9);
    k = nr_region_add_rota(r);
    k->id = "ent";
    k->service = "ENT";
    k->host = nr_region_ref(r, t2, fx_at(10));
    k->hub = nr_region_ref(r, "S2", fx_at(10));
    fx_push(r, &k->covers, "S2");
    fx_push(r, &k->shifts, "day");
    k->cover = 1;
    k->rules = nr_rules_unset();
    k->loc = fx_at(10);

    for (int i = 0; i < 6; i++) {
        nr_person *p = nr_region_add_person(r);
        const char *id = o.person_ids[i] ? o.person_ids[i] : def_people[i];
        p->id = nr_region_strdup(r, id);
        p->name = p->id;
        p->trust = nr_region_ref(r, i < 4 ? t1 : t2, fx_at(20 + i));
        p->base_site = nr_region_ref(r, i < 4 ? "S1" : "S2", fx_at(20 + i));
        if (i != 4) fx_push(r, &p->rotas, gi);
        if (i >= 4) fx_push(r, &p->rotas, "ent");
        p->share = 1.0;
        p->loc = fx_at(20 + i);
    }
    if (o.gi_rules) fx_override(r, o.person_ids[5] ? o.person_ids[5] : "P006", gi)
                        ->rules.min_duties = 0;
    if (o.hook) o.hook(r);

    nr_diags d = NR_DIAGS_INIT;
    int rc = nr_region_resolve(r, &d);
    if (rc == 0) rc = nr_region_expand(r, &d);
    if (rc != 0) nr_diags_print(&d, stderr);
    cr_assert_eq(rc, 0, "fixture region does not resolve/expand: %d", rc);
    nr_diags_clear(&d);
    cr_assert_eq(r->n_duties, 14);
    return r;
}

/* The duty of rota `rota` starting on date (YYYY-MM-DD). */
static inline int fx_duty(const nr_region *r, const char *rota, const char *date) {
    nr_date dt = fx_date(date);
    int k = nr_region_find_rota(r, rota);
    cr_assert_neq(k, NR_UNSET, "no rota %s", rota);
    for (size_t i = 0; i < r->n_duties; i++)
        if (r->duties[i].rota == k && r->duties[i].date == dt) return (int)i;
    cr_assert_fail("no %s duty on %s", rota, date);
    return NR_UNSET;
}

/* Put person (id, or NULL for nobody) in slot `slot` of the duty. */
static inline void fx_set(const nr_region *r, nr_plan *p, const char *rota, const char *date, int slot,
                   const char *person) {
    int duty = fx_duty(r, rota, date);
    int who = NR_UNSET;
    if (person) {
        who = nr_region_find_person(r, person);
        cr_assert_neq(who, NR_UNSET, "no person %s", person);
    }
    cr_assert_lt(p->first_slot[duty] + (size_t)slot, p->first_slot[duty + 1]);
    p->holder[p->first_slot[duty] + (size_t)slot] = who;
}

static const char *const fx_week[7] = {"2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05",
                                       "2026-11-06", "2026-11-07", "2026-11-08"};

/* The baseline plan (see the top of this file), using the region's ids. */
static inline nr_plan *fx_baseline(const nr_region *r) {
    static const int gi_order[7] = {0, 1, 2, 3, 0, 1, 2};
    nr_plan *p = nr_plan_new(r);
    cr_assert_not_null(p);
    const char *gi = r->rotas[0].id;
    for (int i = 0; i < 7; i++) {
        fx_set(r, p, gi, fx_week[i], 0, r->people[gi_order[i]].id);
        fx_set(r, p, "ent", fx_week[i], 0, r->people[4].id);
    }
    return p;
}

#endif
