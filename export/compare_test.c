#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/compare.h"
#include "import/scenario.h"
#include "tests/data/checker/fixture.h"

/* tests/data/check/ok: one GI bleed rota, 13 duties over 14 days, 5 people. */
static nr_region *load_ok(void) {
    nr_region *r = NULL;
    nr_diags d = NR_DIAGS_INIT;
    int rc = nr_scenario_load(NR_TEST_DATA "/check/ok", &r, &d);
    nr_diags_clear(&d);
    cr_assert_eq(rc, 0);
    return r;
}

/* A result holding `plan`, with one fair share per trust. */
static nr_solve_result *result_of(const nr_region *r, nr_plan *plan) {
    nr_solve_result *res = calloc(1, sizeof *res);
    res->plan = plan;
    res->status = NR_SOLVE_GAPS;
    res->gap = 0;
    res->trust_loads = calloc(r->n_trusts, sizeof *res->trust_loads);
    for (size_t t = 0; t < r->n_trusts; t++)
        res->trust_loads[res->n_trust_loads++] = (nr_trust_load){(int)t, 0, 1.5 + (double)t, 0};
    return res;
}

Test(compare, one_holder_and_an_empty_slot) {
    nr_region *r = load_ok();
    nr_plan *p = nr_plan_new(r);
    int p1 = nr_region_find_person(r, "P001");
    size_t weekend_duties = 0;
    for (size_t s = 1; s < p->n_slots; s++) p->holder[s] = p1; /* slot 0 stays empty */
    for (size_t i = 1; i < r->n_duties; i++) weekend_duties += r->duties[i].weekend != NR_UNSET;
    nr_solve_result *res = result_of(r, p);
    nr_compare_scenario m;
    cr_assert_eq(nr_compare_measure(r, res, "ok", &m), 0);
    const nr_compare_group *g = &m.all;
    cr_assert_eq(g->duties, r->n_duties);
    cr_assert_eq(g->uncovered, 1);
    cr_assert_eq(g->people, r->n_people);
    cr_assert_eq(g->idle, r->n_people - 1);
    cr_assert_eq(g->on_call.n, 1);
    double n = 14.0 / (double)(p->n_slots - 1);
    cr_assert_float_eq(g->on_call.min, n, 1e-12);
    cr_assert_float_eq(g->on_call.median, n, 1e-12);
    cr_assert_float_eq(g->on_call.max, n, 1e-12);
    cr_assert_eq(m.weekends, 2);
    cr_assert_eq(g->weekends.n, weekend_duties ? 1u : 0u);
    cr_assert_eq(m.n_services, 1);
    cr_assert_str_eq(m.services[0].name, "GI bleed");
    cr_assert_eq(m.n_rotas, 1);
    /* Every held slot belongs to P001's trust. */
    int t1 = r->people[p1].trust.index;
    for (size_t t = 0; t < g->n_trusts; t++) {
        int want = strcmp(g->trusts[t].trust, r->trusts[t1].id) == 0 ? (int)p->n_slots - 1 : 0;
        cr_assert_eq(g->trusts[t].duties, want, "%s", g->trusts[t].trust);
    }
    nr_compare_scenario_clear(&m);
    nr_solve_result_free(res);
    nr_region_free(r);
}

Test(compare, median_of_an_even_count_and_the_table) {
    nr_region *r = load_ok();
    nr_plan *p = nr_plan_new(r);
    /* Alternate two people: 7 and 6 slots, so N = 2 and 14/6; median their mean. */
    int a = nr_region_find_person(r, "P001"), b = nr_region_find_person(r, "P003");
    for (size_t s = 0; s < p->n_slots; s++) p->holder[s] = s % 2 ? b : a;
    size_t ka = (p->n_slots + 1) / 2, kb = p->n_slots / 2;
    nr_solve_result *res = result_of(r, p);
    nr_compare_scenario m[2];
    cr_assert_eq(nr_compare_measure(r, res, "first", &m[0]), 0);
    cr_assert_eq(nr_compare_measure(r, res, "second", &m[1]), 0);
    cr_assert_float_eq(m[0].all.on_call.min, 14.0 / (double)ka, 1e-12);
    cr_assert_float_eq(m[0].all.on_call.max, 14.0 / (double)kb, 1e-12);
    cr_assert_float_eq(m[0].all.on_call.median, (14.0 / ka + 14.0 / kb) / 2, 1e-12);

    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_eq(nr_compare_write_text(f, m, 2), 0);
    fclose(f);
    cr_assert(strstr(text, "\nService: GI bleed\n"), "%s", text);
    char row[128];
    snprintf(row, sizeof row, "\n  uncovered slots                 0                       0\n");
    cr_assert(strstr(text, row), "%s", text);
    cr_assert_null(strstr(text, " \n"), "trailing blanks");
    free(text);

    f = open_memstream(&text, &len);
    cr_assert_eq(nr_compare_write_csv(f, m, 2), 0);
    fclose(f);
    cr_assert(strstr(text, "\nsecond,service,GI bleed,rotas,1\n"), "%s", text);
    free(text);

    f = open_memstream(&text, &len);
    cr_assert_eq(nr_compare_write_json(f, m, 2), 0);
    fclose(f);
    cr_assert(strstr(text, "\"label\": \"second\""), "%s", text);
    free(text);
    nr_compare_scenario_clear(&m[0]);
    nr_compare_scenario_clear(&m[1]);
    nr_solve_result_free(res);
    nr_region_free(r);
}

Test(compare, refuses_a_plan_of_another_region) {
    nr_region *r = load_ok();
    nr_plan *p = nr_plan_new(r);
    p->holder[0] = (int)r->n_people; /* no such person */
    nr_solve_result *res = result_of(r, p);
    nr_compare_scenario m;
    cr_assert_eq(nr_compare_measure(r, res, "x", &m), NR_EINTERNAL);
    nr_compare_scenario_clear(&m);
    nr_solve_result_free(res);
    nr_region_free(r);
}

/* gi needs 2 people and allows a third (cover 2, cover_max 3). */
static void gi_two_needed_one_optional(nr_region *r) {
    r->rotas[0].cover = 2;
    r->rotas[0].cover_max = 3;
}

/* Slots are the people needed; an empty optional slot is not uncovered; a
 * person beyond cover is counted (and shown) as surplus; with fairness off
 * the objective is the penalty. */
Test(compare, surplus_optional_slots_and_the_penalty) {
    fx_options o = {.hook = gi_two_needed_one_optional};
    nr_region *r = fx_region(o);
    r->fairness_off = true;
    nr_plan *p = nr_plan_new(r);
    for (int i = 0; i < 7; i++) {
        fx_set(r, p, "ent", fx_week[i], 0, "P005");
        fx_set(r, p, "gi", fx_week[i], 1, "P001");
        fx_set(r, p, "gi", fx_week[i], 2, "P002");
    }
    fx_set(r, p, "gi", "2026-11-02", 0, "P003"); /* Mon: 3 of 2 */
    fx_set(r, p, "gi", "2026-11-04", 1, NULL);   /* Wed: 1 of 2 */
    nr_solve_result *res = result_of(r, p);
    res->objective = 9999;
    res->penalty = 607;
    res->penalty_bound = 600;
    nr_compare_scenario m;
    cr_assert_eq(nr_compare_measure(r, res, "bench", &m), 0);
    cr_expect_eq(m.all.slots, 7 * 2 + 7);
    cr_expect_eq(m.all.uncovered, 1);
    cr_expect_eq(m.all.surplus, 1);
    cr_expect_eq(m.all.optional, 7);
    cr_expect_eq(m.rotas[0].slots, 14);
    cr_expect_eq(m.rotas[0].surplus, 1);
    cr_expect_eq(m.rotas[1].surplus, 0);
    cr_expect_eq(m.objective, 607);
    cr_expect_eq(m.bound, 600);
    cr_expect_float_eq(m.gap, 7.0 / 607.0, 1e-12);
    cr_expect_str_eq(m.objective_kind, "penalty");
    /* P002 holds all 7 gi duties and P003 1: a surplus is a duty held. */
    cr_expect_float_eq(m.rotas[0].on_call.min, 7.0 / 7.0, 1e-12);
    cr_expect_float_eq(m.rotas[0].on_call.max, 7.0 / 1.0, 1e-12);

    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_eq(nr_compare_write_text(f, &m, 1), 0);
    fclose(f);
    cr_expect(strstr(text, "objective                         607.00 (penalty)\n"), "%s", text);
    cr_expect(strstr(text, "  people beyond cover             1\n"), "%s", text);
    cr_expect(strstr(text, "  duties                          14 (21 slots)\n"), "%s", text);
    free(text);
    f = open_memstream(&text, &len);
    cr_assert_eq(nr_compare_write_csv(f, &m, 1), 0);
    fclose(f);
    cr_expect(strstr(text, "bench,run,,penalty,607\n"), "%s", text);
    cr_expect(strstr(text, "bench,run,,objective_kind,penalty\n"));
    cr_expect(strstr(text, "bench,all,all rotas,surplus,1\n"));
    free(text);
    nr_compare_scenario_clear(&m);
    nr_solve_result_free(res);
    nr_region_free(r);
}
