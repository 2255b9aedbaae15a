/* The issue 6 rules on tiny regions whose optima are worked out by hand in
 * the comments: cover weights and optional people, max_duties, shift caps,
 * forbidden successions, min_consecutive, min_days_off (with their border
 * conventions), min_hours, and the objective without fairness. Week of
 * 2027-01-04 (Mon) to 2027-01-10 (Sun): no clock change, no bank holiday;
 * a night is 17:00-08:00 = 15 h, a day 08:00-17:00 = 9 h. Unless a test
 * says otherwise fairness is off, so the objective is 10 x the penalty
 * (request-weight units) plus 1e4 per hour or duty of soft shortfall. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/checker.h"
#include "solver/internal.h"
#include "solver/solver.h"
#include "solver/test_fixture.h"

static void teardown(void) {
    nr_solve_result_free(RES);
    RES = NULL;
    nr_region_free(R);
    R = NULL;
    nr_diags_clear(&D);
}

TestSuite(rules, .fini = teardown);

#define ASSERT_NEAR(a, b) cr_assert(fabs((a) - (b)) < 1e-6, "%s = %.9f, expected %.9f", #a, (double)(a), (double)(b))

static const char *const WEEK[7] = {"2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07",
                                    "2027-01-08", "2027-01-09", "2027-01-10"};

/* A cap on one shift type for a person (on one rota, or all with NULL). */
static void shift_cap(const char *who, const char *rota_id, const char *shift, int cap) {
    nr_override *o = nr_region_add_override(R);
    o->person = nr_region_ref(R, who, here());
    if (rota_id) o->rota = nr_region_ref(R, rota_id, here());
    o->shift = nr_region_ref(R, shift, here());
    o->rules.max_duties = cap;
    o->loc = here();
}

static void request_shift(const char *who, const char *day, const char *shift, bool want, double weight) {
    request(who, day, want, weight);
    R->requests[R->n_requests - 1].shift = nr_region_ref(R, shift, here());
}

/* Solve exactly; the checker may report uncovered slots and the soft
 * rules (min_duties, and min_hours should it learn that rule), nothing else. */
static void solve_rules(void) {
    nr_solve_options o = exact();
    cr_assert_eq(nr_solve(R, &o, &RES, &D), 0);
    cr_assert_not_null(RES);
    nr_violation *v = NULL;
    size_t n = 0;
    cr_assert_eq(nr_check_plan(R, RES->plan, &v, &n), 0);
    for (size_t i = 0; i < n; i++)
        cr_expect(v[i].kind == NR_V_UNCOVERED || v[i].kind == NR_V_MIN_DUTIES ||
                      strcmp(nr_violation_kind_name(v[i].kind), "min_hours") == 0,
                  "rule broken: %s", v[i].message);
    nr_violations_free(v, n);
    /* What nr_solve reports, nr_solve_evaluate reports for its plan. */
    nr_solve_result *ev = NULL;
    cr_assert_eq(nr_solve_evaluate(R, RES->plan, &ev, &D), 0);
    ASSERT_NEAR(ev->objective, RES->objective);
    ASSERT_NEAR(ev->penalty, RES->penalty);
    ASSERT_NEAR(ev->terms.under_cost, RES->terms.under_cost);
    ASSERT_NEAR(ev->terms.over_cost, RES->terms.over_cost);
    ASSERT_NEAR(ev->terms.surplus, RES->terms.surplus);
    ASSERT_NEAR(ev->terms.min_hours_short, RES->terms.min_hours_short);
    cr_assert(isnan(ev->penalty_bound));
    nr_solve_result_free(ev);
}

/* Holders of one duty. */
static int n_holders(const char *rota_id, const char *shift, const char *day) {
    return (int)nr_plan_held(RES->plan, (size_t)duty_ix(rota_id, shift, day));
}

/* Dates of the week A holds a night of rota gi, as a 7-character mask. */
static void night_mask(const char *who, char out[8]) {
    for (int d = 0; d < 7; d++) out[d] = holds(who, "gi", "night", WEEK[d]) ? '1' : '0';
    out[7] = '\0';
}

static void one_person_nights(double under_weight) {
    base("2027-01-04", 1);
    nr_rota *k = rota("gi", "night", 1);
    k->under_weight = under_weight;
    person("A", "T1", "S1", "gi", 1);
    R->fairness_off = true;
}

/* ---- cover weights, optional people, objective without fairness ---- */

/* Under weight 5, A avoids Monday at weight 7: Monday stays empty (5 < 7),
 * the other six nights are A's. Penalty 5, objective 50, proven. */
Test(rules, under_weight_against_an_avoid) {
    one_person_nights(5);
    request("A", WEEK[0], false, 7);
    finish();
    solve_rules();
    cr_assert_eq(held("A", "gi"), 6);
    cr_assert(!holds("A", "gi", "night", WEEK[0]));
    cr_assert_eq(RES->uncovered, 1);
    ASSERT_NEAR(RES->terms.under_cost, 5.0);
    ASSERT_NEAR(RES->terms.requests, 0.0);
    ASSERT_NEAR(RES->penalty, 5.0);
    ASSERT_NEAR(RES->objective, 10 * RES->penalty);
    ASSERT_NEAR(RES->penalty_bound, 5.0);
    cr_assert_eq(RES->status, NR_SOLVE_OPTIMAL); /* priced cover, proven */
}

/* The default under weight is the old cover weight: an uncovered night
 * costs 1e4 request units, 1e5 in the objective. Leave on Wednesday takes
 * Tuesday's night (ending Wednesday 08:00) and Wednesday's. */
Test(rules, default_under_weight_is_the_old_cover_weight) {
    one_person_nights(-1);
    leave("A", WEEK[2], WEEK[2]);
    finish();
    solve_rules();
    cr_assert_eq(RES->uncovered, 2);
    ASSERT_NEAR(RES->terms.under_cost, 2e4);
    ASSERT_NEAR(RES->objective, 2e5);
    ASSERT_NEAR(RES->penalty, 2e4);
}

/* Cover 1, up to 2 people. A wants Monday at 3, B at 2: both on Monday
 * costs one extra person at over weight 1 < 2, so both hold it (surplus
 * 1, penalty 1). Each other night has one holder. */
Test(rules, over_cover_when_a_want_outweighs_it) {
    base("2027-01-04", 1);
    nr_rota *k = rota("gi", "night", 1);
    k->cover_max = 2;
    k->over_weight = 1;
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    R->fairness_off = true;
    request("A", WEEK[0], true, 3);
    request("B", WEEK[0], true, 2);
    finish();
    cr_assert_eq(R->duties[0].optional, 1);
    solve_rules();
    cr_assert(holds("A", "gi", "night", WEEK[0]) && holds("B", "gi", "night", WEEK[0]));
    for (int d = 1; d < 7; d++) cr_assert_eq(n_holders("gi", "night", WEEK[d]), 1, "%s", WEEK[d]);
    ASSERT_NEAR(RES->terms.surplus, 1.0);
    ASSERT_NEAR(RES->terms.over_cost, 1.0);
    cr_assert_eq(nr_plan_surplus(RES->plan), 1);
    ASSERT_NEAR(RES->penalty, 1.0);
    ASSERT_NEAR(RES->objective, 10.0);
    ASSERT_NEAR(RES->penalty_bound, 1.0);
    cr_assert_eq(RES->status, NR_SOLVE_OPTIMAL);
}

/* The same with over weight 5 > B's 2: B's want goes unmet (penalty 2). */
Test(rules, no_over_cover_when_it_costs_more) {
    base("2027-01-04", 1);
    nr_rota *k = rota("gi", "night", 1);
    k->cover_max = 2;
    k->over_weight = 5;
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    R->fairness_off = true;
    request("A", WEEK[0], true, 3);
    request("B", WEEK[0], true, 2);
    finish();
    solve_rules();
    cr_assert(holds("A", "gi", "night", WEEK[0]) && !holds("B", "gi", "night", WEEK[0]));
    ASSERT_NEAR(RES->terms.surplus, 0.0);
    ASSERT_NEAR(RES->terms.requests, 2.0);
    ASSERT_NEAR(RES->penalty, 2.0);
    ASSERT_NEAR(RES->objective, 20.0);
}

/* A date whose cover entry needs nobody but allows one: it has pairs, and
 * A's want (3) buys the extra person (over weight 1). Wednesday needs 0. */
Test(rules, optional_only_duty) {
    one_person_nights(-1);
    nr_cover *c = nr_region_add_cover(R);
    c->rota = nr_region_ref(R, "gi", here());
    c->date = date(WEEK[2]);
    c->needed = 0;
    c->max = 1;
    c->over_weight = 1;
    c->loc = here();
    request("A", WEEK[2], true, 3);
    finish();
    int wed = duty_ix("gi", "night", WEEK[2]);
    cr_assert_eq(R->duties[wed].needed, 0);
    cr_assert_eq(R->duties[wed].optional, 1);
    solve_rules();
    cr_assert(holds("A", "gi", "night", WEEK[2]));
    cr_assert_eq(held("A", "gi"), 7);
    ASSERT_NEAR(RES->terms.surplus, 1.0);
    ASSERT_NEAR(RES->penalty, 1.0);
    cr_assert_eq(RES->uncovered, 0);
}

/* With fairness on, the fairness terms price the split; with it off they
 * are still reported but cost nothing: 7 nights, A and B, fairness off:
 * objective 0 whatever the split, the person deviation still a figure. */
Test(rules, fairness_off_keeps_figures_not_costs) {
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T2", "S2", "gi", 1);
    R->fairness_off = true;
    travel("S2", "S1", 30);
    finish();
    solve_rules();
    cr_assert_eq(RES->uncovered, 0);
    /* Travel is the only cost left: A, at the hub, takes all seven. */
    cr_assert_eq(held("A", "gi"), 7);
    ASSERT_NEAR(RES->objective, 0.0);
    ASSERT_NEAR(RES->penalty, 0.0);
    ASSERT_NEAR(RES->terms.total_deviation, 7.0); /* |7 - 3.5| + |0 - 3.5| */
    ASSERT_NEAR(RES->person_loads[0].target[NR_DUTY_WEEKDAY], 2.5);
    cr_assert(!isnan(RES->penalty_bound));
}

/* Fairness on: penalty still reported, penalty_bound NAN. */
Test(rules, fairness_on_has_no_penalty_bound) {
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    request("A", WEEK[0], false, 2);
    finish();
    solve_rules();
    ASSERT_NEAR(RES->objective, 300.0); /* the even split of solver_test, A off Monday */
    ASSERT_NEAR(RES->penalty, 0.0);
    cr_assert(isnan(RES->penalty_bound));
}

/* ---- max_duties and shift caps ---- */

/* A may hold 3 of 7 nights: 4 uncovered at 1e4 each. */
Test(rules, max_duties) {
    one_person_nights(-1);
    R->rotas[0].rules.max_duties = 3;
    finish();
    solve_rules();
    cr_assert_eq(held("A", "gi"), 3);
    cr_assert_eq(RES->uncovered, 4);
    ASSERT_NEAR(RES->penalty, 4e4);
    for (size_t i = 0; i < R->n_duties; i++) {
        if (nr_plan_held(RES->plan, i) > 0) continue;
        nr_unavailable *u = NULL;
        size_t n = 0;
        cr_assert_eq(nr_explain_uncovered(R, RES->plan, i, &u, &n), 0);
        cr_assert_eq(n, 1);
        cr_expect_eq(u[0].reason, NR_WHY_FREQUENCY_CAP);
        cr_expect_str_eq(u[0].detail, "at duty cap: holds 3 of 3 duties (max_duties)");
        free(u);
    }
}

/* Days and nights on one rota; A may never take a night, B at most 2:
 * every day is covered, 2 of 7 nights (B's). */
Test(rules, shift_caps) {
    base("2027-01-04", 1);
    rota("gi", "day;night", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    R->fairness_off = true;
    shift_cap("A", "gi", "night", 0);
    shift_cap("B", NULL, "night", 2);
    finish();
    solve_rules();
    int a_nights = 0, b_nights = 0;
    for (int d = 0; d < 7; d++) {
        a_nights += holds("A", "gi", "night", WEEK[d]);
        b_nights += holds("B", "gi", "night", WEEK[d]);
        cr_assert_eq(n_holders("gi", "day", WEEK[d]), 1);
    }
    cr_assert_eq(a_nights, 0);
    cr_assert_eq(b_nights, 2);
    cr_assert_eq(RES->uncovered, 5);
    bool explained = false;
    for (int d = 0; d < 7 && !explained; d++) {
        int i = duty_ix("gi", "night", WEEK[d]);
        if (nr_plan_held(RES->plan, (size_t)i)) continue;
        nr_unavailable *u = NULL;
        size_t n = 0;
        cr_assert_eq(nr_explain_uncovered(R, RES->plan, (size_t)i, &u, &n), 0);
        cr_assert_eq(n, 2);
        cr_expect_eq(u[0].reason, NR_WHY_FREQUENCY_CAP);
        cr_expect_str_eq(u[0].detail, "may not take night duties (shift cap 0)");
        /* B may hold the day of that date; the night is refused by the cap
         * unless B's night cap is what they hit first. */
        cr_expect_eq(u[1].reason, NR_WHY_FREQUENCY_CAP, "%s", u[1].detail);
        cr_expect_str_eq(u[1].detail, "at night cap: holds 2 of 2 night duties");
        free(u);
        explained = true;
    }
    cr_assert(explained);
}

/* ---- forbidden successions, across rotas ---- */

/* Nights on one rota, days on another, one person on both; a night may
 * not be followed by a day the next date. Pairs (night d, day d + 1) for
 * d = 0..5 are six disjoint conflicts, so at most 14 - 6 = 8 duties. */
Test(rules, forbidden_succession_across_rotas) {
    base("2027-01-04", 1);
    R->shifts[0].not_followed_by.count = 0;
    cr_assert_eq(nr_region_refs_push(R, &R->shifts[0].not_followed_by, nr_region_ref(R, "day", here())), 0);
    rota("nights", "night", 1);
    rota("days", "day", 1);
    person("X", "T1", "S1", "nights;days", 1);
    R->fairness_off = true;
    finish();
    cr_assert(nr_region_forbids_succession(R, 0, 1));
    solve_rules();
    cr_assert_eq(RES->uncovered, 6);
    cr_assert_eq(held("X", "nights") + held("X", "days"), 8);
    for (int d = 0; d + 1 < 7; d++)
        cr_assert(!(holds("X", "nights", "night", WEEK[d]) && holds("X", "days", "day", WEEK[d + 1])), "%s",
                  WEEK[d]);
    /* An empty day after a held night is explained by the succession. */
    bool explained = false;
    for (int d = 1; d < 7 && !explained; d++) {
        if (!holds("X", "nights", "night", WEEK[d - 1]) || holds("X", "days", "day", WEEK[d])) continue;
        nr_unavailable *u = NULL;
        size_t n = 0;
        cr_assert_eq(nr_explain_uncovered(R, RES->plan, (size_t)duty_ix("days", "day", WEEK[d]), &u, &n), 0);
        cr_assert_eq(n, 1);
        cr_expect_eq(u[0].reason, NR_WHY_FREQUENCY_CAP);
        char want[160];
        snprintf(want, sizeof want, "holds nights %s night; day may not follow night the day before", WEEK[d - 1]);
        cr_expect_str_eq(u[0].detail, want);
        free(u);
        explained = true;
    }
    cr_assert(explained);
}

/* ---- min_consecutive and min_days_off ---- */

Test(rules, runs_ok_border_conventions) {
    const unsigned char first[7] = {1, 0, 0, 0, 0, 0, 0}, last[7] = {0, 0, 0, 0, 0, 0, 1},
                        inner[7] = {0, 0, 1, 0, 0, 0, 0}, pair[7] = {0, 1, 1, 0, 0, 0, 0},
                        gap1[7] = {1, 1, 0, 1, 1, 0, 0}, gap_start[7] = {0, 1, 1, 1, 1, 1, 1};
    cr_assert(sv_runs_ok(first, 7, 2, 0));
    cr_assert(sv_runs_ok(last, 7, 2, 0));
    cr_assert(!sv_runs_ok(inner, 7, 2, 0));
    cr_assert(sv_runs_ok(pair, 7, 2, 0));
    cr_assert(!sv_runs_ok(pair, 7, 3, 0));
    cr_assert(!sv_runs_ok(gap1, 7, 0, 2));
    cr_assert(sv_runs_ok(gap1, 7, 2, 0));
    cr_assert(sv_runs_ok(gap_start, 7, 0, 5));
    cr_assert(sv_runs_ok(inner, 7, 0, 7)); /* both free runs touch an end */
}

/* One person, nights under weight 2, avoids at weight 3 on every date but
 * one (`free_day`); min_consecutive 2. */
static void min_run_region(int free_day) {
    one_person_nights(2);
    R->rotas[0].rules.min_consecutive = 2;
    for (int d = 0; d < 7; d++)
        if (d != free_day) request("A", WEEK[d], false, 3);
    finish();
}

/* Free Monday: a run of one at the first date is exempt. A holds Monday
 * only: 6 uncovered x 2 = 12. */
Test(rules, min_consecutive_run_at_the_start_is_exempt) {
    min_run_region(0);
    solve_rules();
    char m[8];
    night_mask("A", m);
    cr_assert_str_eq(m, "1000000");
    ASSERT_NEAR(RES->penalty, 12.0);
    ASSERT_NEAR(RES->objective, 120.0);
}

Test(rules, min_consecutive_run_at_the_end_is_exempt) {
    min_run_region(6);
    solve_rules();
    char m[8];
    night_mask("A", m);
    cr_assert_str_eq(m, "0000001");
    ASSERT_NEAR(RES->penalty, 12.0);
}

/* Free Wednesday: Wednesday alone (12) is an interior run of one; nothing
 * costs 14; Wednesday and a neighbour 5 x 2 + 3 = 13. */
Test(rules, min_consecutive_interior_run_of_one_refused) {
    min_run_region(2);
    solve_rules();
    char m[8];
    night_mask("A", m);
    cr_assert(strcmp(m, "0110000") == 0 || strcmp(m, "0011000") == 0, "%s", m);
    ASSERT_NEAR(RES->penalty, 13.0);
    ASSERT_NEAR(RES->penalty_bound, 13.0);
    cr_assert_eq(RES->status, NR_SOLVE_OPTIMAL); /* priced cover, proven */
    /* The empty Saturday night: taking it would make a run of one. */
    nr_unavailable *u = NULL;
    size_t n = 0;
    cr_assert_eq(nr_explain_uncovered(R, RES->plan, (size_t)duty_ix("gi", "night", WEEK[5]), &u, &n), 0);
    cr_assert_eq(n, 1);
    cr_expect_eq(u[0].reason, NR_WHY_FREQUENCY_CAP);
    cr_expect_str_eq(u[0].detail,
                     "would leave a run of duty dates shorter than 2 inside the period (min_consecutive)");
    free(u);
}

/* One person, nights under weight 2, an avoid at weight 3 on `off_day`;
 * min_days_off 2. */
static void min_off_region(int off_day) {
    one_person_nights(2);
    R->rotas[0].rules.min_days_off = 2;
    request("A", WEEK[off_day], false, 3);
    finish();
}

/* Off Monday: a free run touching the first date is exempt; A holds the
 * other six, penalty 2. */
Test(rules, min_days_off_run_at_the_start_is_exempt) {
    min_off_region(0);
    solve_rules();
    char m[8];
    night_mask("A", m);
    cr_assert_str_eq(m, "0111111");
    ASSERT_NEAR(RES->penalty, 2.0);
}

/* Off Wednesday alone (2) is an interior free run of one; two free dates
 * cost 4; holding Wednesday despite the avoid costs 3: the optimum. */
Test(rules, min_days_off_interior_run_of_one_refused) {
    min_off_region(2);
    solve_rules();
    char m[8];
    night_mask("A", m);
    cr_assert_str_eq(m, "1111111");
    ASSERT_NEAR(RES->penalty, 3.0);
    ASSERT_NEAR(RES->terms.requests, 3.0);
    ASSERT_NEAR(RES->penalty_bound, 3.0);
    cr_assert_eq(RES->status, NR_SOLVE_OPTIMAL);
}

/* Two shifts a date that do not overlap (day, night): the work indicator
 * of a date is then its own binary. min_consecutive 2 and A free only on
 * Wednesday's day and night (avoids 3 elsewhere, under weight 2): both
 * Wednesday duties alone are still a run of one date, so as before A must
 * add a neighbouring date: Wed day + night + one neighbour's duty =
 * 11 uncovered x 2 + 3 = 25, against 28 for nothing and 24 for Wednesday
 * alone (refused). */
Test(rules, min_consecutive_with_two_shifts_a_date) {
    base("2027-01-04", 1);
    nr_rota *k = rota("gi", "day;night", 1);
    k->under_weight = 2;
    k->rules.min_consecutive = 2;
    person("A", "T1", "S1", "gi", 1);
    R->fairness_off = true;
    for (int d = 0; d < 7; d++)
        if (d != 2) request("A", WEEK[d], false, 3);
    finish();
    solve_rules();
    cr_assert(holds("A", "gi", "day", WEEK[2]) && holds("A", "gi", "night", WEEK[2]));
    cr_assert_eq(held("A", "gi"), 3);
    ASSERT_NEAR(RES->penalty, 25.0);
}

/* ---- min_hours ---- */

/* A avoids every night at weight 5, under weight 1: without a rule A
 * works none (7). min_hours 40: three 15 h nights (45 h) cost 3 x 5 + 4
 * = 19; two leave 10 h short at 1e4 each. */
Test(rules, min_hours_met) {
    one_person_nights(1);
    R->rotas[0].rules.min_hours = 40;
    for (int d = 0; d < 7; d++) request("A", WEEK[d], false, 5);
    finish();
    solve_rules();
    cr_assert_eq(held("A", "gi"), 3);
    ASSERT_NEAR(RES->terms.min_hours_short, 0.0);
    ASSERT_NEAR(RES->penalty, 19.0);
    ASSERT_NEAR(RES->objective, 190.0);
}

/* On leave all but two nights: 30 h of 40, 10 h short, soft. */
Test(rules, min_hours_short_is_soft) {
    one_person_nights(1);
    R->rotas[0].rules.min_hours = 40;
    leave("A", WEEK[0], WEEK[4]);
    finish();
    solve_rules();
    cr_assert_eq(held("A", "gi"), 2);
    ASSERT_NEAR(RES->terms.min_hours_short, 10.0);
    ASSERT_NEAR(RES->penalty, 5.0);
    ASSERT_NEAR(RES->objective, 10 * 5.0 + 1e4 * 10.0);
    ASSERT_NEAR(RES->penalty_bound, 5.0 + 1000 * 10.0);
}

/* Shift-specific want, want of another shift that date unmet: a want of
 * Monday's day is not met by Monday's night. */
Test(rules, want_of_a_shift) {
    base("2027-01-04", 1);
    nr_rota *k = rota("gi", "day;night", 0);
    k->cover_max = 1;
    k->over_weight = 1;
    person("A", "T1", "S1", "gi", 1);
    R->fairness_off = true;
    request_shift("A", WEEK[0], "day", true, 3);
    finish();
    solve_rules();
    cr_assert(holds("A", "gi", "day", WEEK[0]));
    cr_assert_eq(held("A", "gi"), 1);
    ASSERT_NEAR(RES->penalty, 1.0);
}

/* The greedy starts runs as blocks under min_consecutive: A (min 3) is on
 * leave Monday, so a Tuesday night alone would be an interior run of one.
 * Started as Tue-Thu and extended, the greedy covers Tue-Sun; taking
 * duties one by one it could only have held Sunday. Its plan keeps the
 * rule. */
Test(rules, greedy_starts_runs_as_blocks) {
    one_person_nights(-1);
    R->rotas[0].rules.min_consecutive = 3;
    leave("A", WEEK[0], WEEK[0]);
    finish();
    sv_data sd;
    cr_assert_eq(sv_data_build(R, NULL, NULL, &sd), 0);
    unsigned char *x = calloc(sd.n_vars + 1, 1);
    cr_assert_not_null(x);
    cr_assert_eq(sv_greedy(&sd, -1, 1, x), 0);
    unsigned char work[7] = {0};
    int n = 0;
    for (size_t v = 0; v < sd.n_vars; v++)
        if (x[v]) {
            work[sd.vars[v].date - R->period_start] = 1;
            n++;
        }
    cr_assert_eq(n, 6);
    cr_assert_eq(work[0], 0);
    cr_assert(sv_runs_ok(work, 7, 3, 0));
    nr_objective_terms t;
    sv_evaluate(&sd, x, -1, &t);
    ASSERT_NEAR(t.uncovered, 1.0);
    free(x);
    sv_data_free(&sd);
}

/* Optional slots start runs too when someone is short of min_hours: nights
 * need nobody (one may come, over weight 1), A (min_consecutive 2,
 * min_hours 30) is on leave Monday and Sunday, so only Tue-Fri nights are
 * open and each alone would be an interior run of one. Taking duties one
 * by one the greedy left A 30 h short; started as a block it gives A Tue
 * and Wed, 30 h, and the plan keeps the rule. */
Test(rules, greedy_starts_runs_on_optional_slots_for_min_hours) {
    base("2027-01-04", 1);
    nr_rota *k = rota("gi", "night", 0);
    k->cover_max = 1;
    k->over_weight = 1;
    k->rules.min_consecutive = 2;
    k->rules.min_hours = 30;
    person("A", "T1", "S1", "gi", 1);
    R->fairness_off = true;
    leave("A", WEEK[0], WEEK[0]);
    leave("A", WEEK[6], WEEK[6]);
    finish();
    sv_data sd;
    cr_assert_eq(sv_data_build(R, NULL, NULL, &sd), 0);
    unsigned char *x = calloc(sd.n_vars + 1, 1);
    cr_assert_not_null(x);
    cr_assert_eq(sv_greedy(&sd, -1, 1, x), 0);
    unsigned char work[7] = {0};
    for (size_t v = 0; v < sd.n_vars; v++)
        if (x[v]) work[sd.vars[v].date - R->period_start] = 1;
    cr_assert(work[1] && work[2], "A holds Tue and Wed");
    cr_assert(sv_runs_ok(work, 7, 2, 0));
    nr_objective_terms t;
    sv_evaluate(&sd, x, -1, &t);
    ASSERT_NEAR(t.min_hours_short, 0.0);
    ASSERT_NEAR(t.surplus, 2.0);
    free(x);
    sv_data_free(&sd);
}
