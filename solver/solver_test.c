/* The solver on small regions built in code, whose optimal rotas are worked
 * out by hand in the comments; every plan is also judged by the independent
 * rule checker (model/checker.h). Week of 2027-01-04 (Mon): no clock change,
 * no bank holiday; a night is 17:00-08:00 = 15 h. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/scenario.h"
#include "model/checker.h"
#include "solver/solver.h"

int sv_guard_selftest(nr_diags *d);

#include "solver/test_fixture.h"

static void teardown(void) {
    nr_solve_result_free(RES);
    RES = NULL;
    nr_region_free(R);
    R = NULL;
    nr_diags_clear(&D);
}

TestSuite(solver, .fini = teardown);


#define ASSERT_NEAR(a, b) cr_assert(fabs((a) - (b)) < 1e-6, "%s = %.9f, expected %.9f", #a, (double)(a), (double)(b))

/* 7 nights, A and B alike. Mon-Fri nights are weekday duties, Sat and Sun
 * weekend ones: targets 2.5 weekday and 1 weekend each, 3.5 in all. Best
 * split 4/3 (weekday 3/2, weekend 1/1): kind deviation 0.5 + 0.5 = 1
 * (weighted 100), total deviation 0.5 + 0.5 = 1 (weighted 200); both
 * totals inside the band [3, 4]. */
Test(solver, even_split) {
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    finish();
    solve();
    cr_assert_eq(RES->status, NR_SOLVE_OPTIMAL);
    cr_assert_eq(RES->uncovered, 0);
    cr_assert_eq(held("A", "gi") + held("B", "gi"), 7);
    cr_assert(abs(held("A", "gi") - held("B", "gi")) == 1);
    ASSERT_NEAR(RES->objective, 300.0);
    ASSERT_NEAR(RES->terms.person_deviation, 1.0);
    ASSERT_NEAR(RES->terms.total_deviation, 1.0);
    ASSERT_NEAR(RES->terms.band_excess, 0.0);
    ASSERT_NEAR(RES->terms.trust_deviation, 0.0);
    ASSERT_NEAR(RES->bound, 300.0);
    cr_assert_eq(RES->gap, 0);
    cr_assert_eq(RES->n_components, 1);
    /* 14 x, 7 u, 2 people x 2 deviation columns; 7 cover rows, 2 x (dev + rounding). */
    cr_assert_eq(RES->n_person_loads, 2);
    cr_assert_eq(RES->n_trust_loads, 1);
    ASSERT_NEAR(RES->person_loads[0].target[NR_DUTY_WEEKDAY] + RES->person_loads[0].target[NR_DUTY_WEEKEND], 3.5);
    cr_assert_eq(RES->trust_loads[0].duties, 7);
    ASSERT_NEAR(RES->trust_loads[0].fair_share, 7.0);
}

/* "1 in 3" with two people: cap ceil(7/3) = 3 each, so 6 of 7 covered. The
 * empty night is explained by both being at their cap. */
Test(solver, max_frequency_leaves_gap_and_explains) {
    base("2027-01-04", 1);
    nr_rota *k = rota("gi", "night", 1);
    k->rules.max_frequency = 3;
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    finish();
    solve();
    cr_assert_eq(RES->status, NR_SOLVE_GAPS);
    cr_assert_eq(RES->uncovered, 1);
    ASSERT_NEAR(RES->terms.uncovered, 1.0);
    cr_assert_eq(held("A", "gi"), 3);
    cr_assert_eq(held("B", "gi"), 3);
    size_t gap_duty = R->n_duties;
    for (size_t i = 0; i < R->n_duties; i++)
        if (RES->plan->holder[RES->plan->first_slot[i]] == NR_UNSET) gap_duty = i;
    cr_assert_lt(gap_duty, R->n_duties);
    nr_unavailable *u = NULL;
    size_t n = 0;
    cr_assert_eq(nr_explain_uncovered(R, RES->plan, gap_duty, &u, &n), 0);
    cr_assert_eq(n, 2);
    for (size_t i = 0; i < n; i++) {
        cr_expect_eq(u[i].reason, NR_WHY_FREQUENCY_CAP, "%s", u[i].detail);
        cr_expect_str_eq(u[i].detail, "at frequency cap: holds 3 of 3 duties (1 in 3)");
    }
    cr_assert_eq(u[0].person, person_ix("A"));
    free(u);
}

/* Too few people: A on leave all week, B "1 in 2" (cap 4): 3 nights empty;
 * A is on leave, B at the cap. */
Test(solver, too_few_people_gaps_with_reasons) {
    base("2027-01-04", 1);
    nr_rota *k = rota("gi", "night", 1);
    k->rules.max_frequency = 2;
    person("A", "T1", "S1", "gi", 1);
    person("B", "T2", "S2", "gi", 1);
    leave("A", "2027-01-04", "2027-01-10");
    finish();
    solve();
    cr_assert_eq(RES->status, NR_SOLVE_GAPS);
    cr_assert_eq(RES->uncovered, 3);
    cr_assert_eq(held("B", "gi"), 4);
    size_t explained = 0;
    for (size_t i = 0; i < R->n_duties; i++) {
        if (RES->plan->holder[RES->plan->first_slot[i]] != NR_UNSET) continue;
        nr_unavailable *u = NULL;
        size_t n = 0;
        cr_assert_eq(nr_explain_uncovered(R, RES->plan, i, &u, &n), 0);
        cr_assert_eq(n, 2);
        cr_expect_eq(u[0].reason, NR_WHY_ON_LEAVE);
        cr_expect_str_eq(u[0].detail, "leave 2027-01-04..2027-01-10");
        cr_expect_eq(u[1].reason, NR_WHY_FREQUENCY_CAP);
        cr_expect_str_eq(u[1].detail, "at frequency cap: holds 4 of 4 duties (1 in 2)");
        cr_expect_str_eq(nr_unavailable_reason_name(u[1].reason), "frequency_cap");
        free(u);
        explained++;
    }
    cr_assert_eq(explained, 3);
}

/* min 3 days between: one person holds at most dates {0,3,6}, the other
 * two of the remaining dates, so 5 of 7 nights covered. */
Test(solver, min_days_between) {
    base("2027-01-04", 1);
    nr_rota *k = rota("gi", "night", 1);
    k->rules.min_days_between = 3;
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    finish();
    solve();
    cr_assert_eq(RES->uncovered, 2);
    cr_assert_eq(held("A", "gi") + held("B", "gi"), 5);
}

/* max 2 consecutive, one person: pattern 11011 01 -> 5 of 7. */
Test(solver, max_consecutive) {
    base("2027-01-04", 1);
    nr_rota *k = rota("gi", "night", 1);
    k->rules.max_consecutive = 2;
    person("A", "T1", "S1", "gi", 1);
    finish();
    solve();
    cr_assert_eq(RES->uncovered, 2);
    cr_assert_eq(held("A", "gi"), 5);
    cr_assert(holds("A", "gi", "night", "2027-01-04") && holds("A", "gi", "night", "2027-01-10"));
}

/* Four Fri-Mon weekends, two people with max 1 weekend each: 2 covered. */
Test(solver, max_weekends) {
    base("2027-01-04", 4);
    nr_rota *k = rota("wk", "weekend", 1);
    k->rules.max_weekends = 1;
    person("A", "T1", "S1", "wk", 1);
    person("B", "T1", "S1", "wk", 1);
    finish();
    solve();
    cr_assert_eq(R->n_duties, 4);
    cr_assert_eq(RES->uncovered, 2);
    cr_assert_eq(held("A", "wk"), 1);
    cr_assert_eq(held("B", "wk"), 1);
}

/* B must do at least 5 of 7 (override): fairness alone would give 4/3.
 * min_duties outranks the band, so B = 5 although both totals leave the
 * band [3, 4] around 3.5 (one duty each: 2 x 3000; B = 4 would cost a
 * 10000 shortfall). Total deviation |5 - 3.5| + |2 - 3.5| = 3 -> 600; kinds
 * at best 3 (e.g. B 4 weekday + 1 weekend: |4 - 2.5| + |1 - 2.5|) -> 300. */
Test(solver, min_duties_override) {
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    override("B", "gi")->min_duties = 5;
    finish();
    solve();
    cr_assert_eq(held("B", "gi"), 5);
    ASSERT_NEAR(RES->objective, 6000.0 + 600.0 + 300.0);
    ASSERT_NEAR(RES->terms.min_duties_short, 0.0);
    ASSERT_NEAR(RES->terms.band_excess, 2.0);
    ASSERT_NEAR(RES->terms.total_deviation, 3.0);
}

/* min_duties that leave makes impossible is soft: both need 5 of 7, B is
 * on leave Mon-Thu (can take Fri, Sat, Sun). 10 wanted, 7 exist: 3 short
 * whatever happens, so fairness decides. Targets: weekday A 25/6, B 5/6;
 * weekend 1 each; totals A 31/6 (band [5, 6]), B 11/6 (band [1, 2]), so
 * A = 5, B = 2: A Mon-Thu plus a weekend night, B Fri and the other
 * weekend night. Kinds |4 - 25/6| + |1 - 5/6| = 1/3 -> 100/3; totals
 * |5 - 31/6| + |2 - 11/6| = 1/3 -> 200/3. */
Test(solver, min_duties_soft_under_leave) {
    base("2027-01-04", 1);
    nr_rota *k = rota("gi", "night", 1);
    k->rules.min_duties = 5;
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    leave("B", "2027-01-04", "2027-01-07");
    finish();
    solve();
    cr_assert_eq(RES->uncovered, 0);
    cr_assert_eq(held("A", "gi"), 5);
    cr_assert_eq(held("B", "gi"), 2);
    cr_assert(holds("B", "gi", "night", "2027-01-08"));
    ASSERT_NEAR(RES->terms.min_duties_short, 3.0);
    ASSERT_NEAR(RES->terms.band_excess, 0.0);
    ASSERT_NEAR(RES->objective, 3 * 1e4 + 100 * (1.0 / 6 + 1.0 / 6) + 200 * (1.0 / 6 + 1.0 / 6));
}

/* A may work 30 h (two 15 h nights): B takes the other five. */
Test(solver, max_hours) {
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    override("A", NULL)->max_hours = 30;
    finish();
    solve();
    cr_assert_eq(RES->uncovered, 0);
    cr_assert_eq(held("A", "gi"), 2);
    cr_assert_eq(held("B", "gi"), 5);
}

/* One person on a day rota and a night rota with 11 h rest: at most one
 * duty per date and nothing the day after a night, so 7 of 14 covered;
 * every empty slot is explained by a duty held, never "could take". */
Test(solver, rest_across_two_rotas) {
    base("2027-01-04", 1);
    nr_rota *k = rota("days", "day", 1);
    k->rules.min_rest_hours = 11;
    k = rota("nights", "night", 1);
    k->rules.min_rest_hours = 11;
    person("X", "T1", "S1", "days;nights", 1);
    finish();
    solve();
    cr_assert_eq(RES->n_components, 1);
    cr_assert_eq(RES->uncovered, 7);
    for (size_t i = 0; i < R->n_duties; i++) {
        if (RES->plan->holder[RES->plan->first_slot[i]] != NR_UNSET) continue;
        nr_unavailable *u = NULL;
        size_t n = 0;
        cr_assert_eq(nr_explain_uncovered(R, RES->plan, i, &u, &n), 0);
        cr_assert_eq(n, 1);
        cr_expect(u[0].reason == NR_WHY_RESTING || u[0].reason == NR_WHY_OTHER_ROTA, "%s", u[0].detail);
        cr_expect(strstr(u[0].detail, "holds ") == u[0].detail, "%s", u[0].detail);
        free(u);
    }
}

/* A on leave Mon-Wed. Targets are per kind with the available fraction of
 * that kind: weekday A 5 * 0.4 / 1.4 = 10/7, B 25/7; weekend 1 each; totals
 * A 17/7, B 32/7. A takes one of Thu/Fri and one of Sat/Sun, B the other
 * five: weekday deviation 2 * 3/7, weekend 0 -> 600/7; totals 2 * 3/7 ->
 * 1200/7. (A = 3 would cost 8/7 in both.) */
Test(solver, leave_and_available_fraction) {
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    leave("A", "2027-01-04", "2027-01-06");
    finish();
    solve();
    cr_assert_eq(held("A", "gi"), 2);
    cr_assert_eq(held("B", "gi"), 5);
    cr_assert(!holds("A", "gi", "night", "2027-01-06"));
    cr_assert(holds("B", "gi", "night", "2027-01-04"));
    ASSERT_NEAR(RES->person_loads[0].target[NR_DUTY_WEEKDAY], 10.0 / 7.0);
    ASSERT_NEAR(RES->objective, 600.0 / 7.0 + 1200.0 / 7.0);
}

/* Wants and avoids: A wants Monday and avoids Tuesday, B wants Tuesday.
 * Every request is met within the even split's 4/3 (300, see even_split). */
Test(solver, requests) {
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    request("A", "2027-01-04", true, 1);
    request("A", "2027-01-05", false, 2);
    request("B", "2027-01-05", true, 1);
    finish();
    solve();
    cr_assert(holds("A", "gi", "night", "2027-01-04"));
    cr_assert(holds("B", "gi", "night", "2027-01-05"));
    ASSERT_NEAR(RES->terms.requests, 0.0);
    ASSERT_NEAR(RES->objective, 300.0);
}

/* B lives 30 minutes from the hub: the odd seventh night goes to A.
 * 300 (split 4/3, see even_split) + 0.01 * 30 * 3 = 300.9, and each trust
 * (A's T1, B's T2) is 0.5 off its fair share of 3.5 -> 1000. */
Test(solver, travel_preference) {
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T2", "S2", "gi", 1);
    travel("S2", "S1", 30);
    finish();
    solve();
    cr_assert_eq(held("A", "gi"), 4);
    cr_assert_eq(held("B", "gi"), 3);
    ASSERT_NEAR(RES->terms.travel, 90.0);
    ASSERT_NEAR(RES->objective, 300.9 + 1000 * (0.5 + 0.5));
}

/* Trust equalisation beats travel: T1 {A, B} far from the hub, T2 {C} at
 * it. Targets 5/3 weekday and 2/3 weekend each (7/3 in all, band [2, 3]);
 * C = 3 would cut travel but puts both trusts 2/3 off their fair share
 * (4/3 in all) against 1/3 each with C = 2. Person deviation is 4/3 per
 * kind at best either way; totals C 2, A/B 3 and 2: 1/3 + 2/3 + 1/3.
 * Objective 1000 * 2/3 + 100 * 8/3 + 200 * 4/3 + 0.01 * 60 * 5. */
Test(solver, trust_equalisation) {
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    nr_site *far = nr_region_add_site(R);
    far->id = nr_region_strdup(R, "S3");
    far->name = far->id;
    far->trust = nr_region_ref(R, "T1", here());
    far->loc = here();
    travel("S3", "S1", 60);
    person("A", "T1", "S3", "gi", 1);
    person("B", "T1", "S3", "gi", 1);
    person("C", "T2", "S1", "gi", 1);
    finish();
    solve();
    cr_assert_eq(held("C", "gi"), 2);
    ASSERT_NEAR(RES->terms.trust_deviation, 2.0 / 3.0);
    ASSERT_NEAR(RES->terms.person_deviation, 8.0 / 3.0);
    ASSERT_NEAR(RES->terms.total_deviation, 4.0 / 3.0);
    ASSERT_NEAR(RES->objective, 1000 * 2.0 / 3.0 + 100 * 8.0 / 3.0 + 200 * 4.0 / 3.0 + 3.0);
    cr_assert_eq(RES->n_trust_loads, 2);
}

/* A region with two independent rotas and some rules, for the run tests. */
static void medium(void) {
    base("2027-01-04", 8);
    nr_rota *k = rota("gi", "night;weekend", 1);
    k->rules.max_frequency = 4;
    k->rules.min_days_between = 2;
    k->rules.max_weekends = 3;
    k->rules.min_rest_hours = 11;
    k = rota("ent", "day", 2);
    k->rules.max_consecutive = 2;
    char id[16];
    for (int i = 0; i < 12; i++) {
        snprintf(id, sizeof id, "G%02d", i);
        person(id, i % 3 ? "T1" : "T2", i % 3 ? "S1" : "S2", "gi", i % 4 ? 1.0 : 0.6);
        snprintf(id, sizeof id, "E%02d", i);
        person(id, i % 2 ? "T1" : "T2", "S2", "ent", 1.0);
    }
    leave("G03", "2027-01-11", "2027-01-20");
    leave("E05", "2027-02-01", "2027-02-07");
    request("G01", "2027-01-15", false, 3);
    travel("S2", "S1", 25);
    finish();
}

Test(solver, deterministic_same_seed) {
    medium();
    nr_solve_options o = nr_solve_options_default();
    o.time_limit = 30;
    o.seed = 7;
    solve_with(&o);
    cr_assert_eq(RES->n_components, 2);
    nr_plan *first = nr_plan_clone(RES->plan);
    double obj = RES->objective;
    nr_solve_result_free(RES);
    RES = NULL;
    solve_with(&o);
    cr_assert_eq(RES->plan->n_slots, first->n_slots);
    cr_assert(memcmp(RES->plan->holder, first->holder, first->n_slots * sizeof *first->holder) == 0);
    ASSERT_NEAR(RES->objective, obj);
    nr_plan_free(first);
}

/* No time limit and gap 0: the per-component stall rule and cap must not
 * cut a search that is closing (the medium region is proven in well under
 * a second), and the solve must come back by itself. */
Test(solver, no_time_limit_proves_and_returns, .timeout = 120) {
    medium();
    nr_solve_options o = nr_solve_options_default();
    cr_assert_leq(o.time_limit, 0);
    o.mip_gap = 0;
    solve_with(&o);
    cr_assert_eq(RES->status, NR_SOLVE_OPTIMAL);
    cr_assert_lt(RES->gap, 1e-9, "gap %g", RES->gap);
    ASSERT_NEAR(RES->bound, RES->objective);
    cr_assert_lt(RES->seconds, 60);
}

static volatile sig_atomic_t cancel_flag;

Test(solver, cancel_before_solve_returns_interrupted_plan) {
    medium();
    nr_solve_options o = nr_solve_options_default();
    cancel_flag = 1;
    o.cancel = &cancel_flag;
    solve_with(&o);
    cr_assert_eq(RES->status, NR_SOLVE_INTERRUPTED);
    cr_assert_eq(RES->uncovered, 0);
    cr_assert_eq(nr_plan_uncovered(RES->plan), 0);
}

typedef struct seen {
    int calls;
    double last_elapsed;
    bool monotone;
} seen;

static void on_progress(const nr_solve_progress *p, void *ctx) {
    seen *s = ctx;
    if (p->elapsed < s->last_elapsed) s->monotone = false;
    s->last_elapsed = p->elapsed;
    s->calls++;
}

/* The South Yorkshire example under a 3 s limit: stops in time, covers
 * everything, passes the checker, reports progress. */
Test(solver, time_limit_respected_on_example, .timeout = 120) {
    cr_assert_eq(nr_scenario_load(NR_SOURCE_DIR "/examples/south-yorkshire", &R, &D), 0);
    nr_solve_options o = nr_solve_options_default();
    o.time_limit = 3;
    seen s = {0, 0, true};
    o.progress = on_progress;
    o.progress_ctx = &s;
    o.progress_interval = 0.5;
    solve_with(&o);
    cr_assert_leq(RES->seconds, 4.5, "took %.2f s", RES->seconds);
    cr_assert_eq(RES->uncovered, 0);
    cr_assert_geq(s.calls, 2);
    cr_assert(s.monotone);
    cr_assert_gt(RES->n_components, 1);
    cr_assert_leq(RES->bound, RES->objective + 1e-6);
}

/* The MPS file holds the whole model: glpsol reads it and proves the same
 * optimum (300, see even_split; C alone on the day rota meets every target)
 * as the solver. */
Test(solver, write_mps_readable_by_glpsol) {
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    rota("ent", "day", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    person("C", "T1", "S1", "ent", 1);
    finish();
    char path[] = "/tmp/netrota-solver-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    nr_solve_options o = exact();
    o.write_mps = path;
    solve_with(&o);
    cr_assert_eq(RES->n_components, 2);
    ASSERT_NEAR(RES->objective, 300.0 + 0.0);
    char cmd[512], out[300];
    snprintf(out, sizeof out, "%s.out", path);
    snprintf(cmd, sizeof cmd, "glpsol --freemps %s -o %s >/dev/null 2>&1", path, out);
    cr_assert_eq(system(cmd), 0);
    FILE *f = fopen(out, "r");
    cr_assert_not_null(f);
    char line[256];
    bool optimal = false, objective = false;
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, "INTEGER OPTIMAL")) optimal = true;
        if (strstr(line, "Objective:") && strstr(line, "= 300 ")) objective = true;
    }
    fclose(f);
    remove(out);
    remove(path);
    cr_assert(optimal);
    cr_assert(objective);
    cr_assert_gt(RES->n_variables, 0);
}

Test(solver, write_mps_failure_is_reported) {
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    finish();
    nr_solve_options o = exact();
    o.write_mps = "/nonexistent-dir/model.mps";
    cr_assert_eq(nr_solve(R, &o, &RES, &D), NR_EIO);
    cr_assert_null(RES);
    cr_assert_eq(D.errors, 1);
    cr_assert_str_eq(D.items[0].file, "/nonexistent-dir/model.mps");
    cr_assert(strstr(D.items[0].message, "cannot write the model") != NULL, "%s", D.items[0].message);
}

/* A fatal GLPK error inside the boundary comes back as NR_ESOLVER with
 * GLPK's message, and GLPK still works afterwards. */
Test(solver, glpk_error_is_caught) {
    cr_assert_eq(sv_guard_selftest(&D), NR_ESOLVER);
    cr_assert_eq(D.errors, 1);
    cr_assert(strstr(D.items[0].message, "GLPK failed internally") != NULL);
    cr_assert(strstr(D.items[0].message, "duplicate") != NULL, "%s", D.items[0].message);
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    finish();
    solve();
    ASSERT_NEAR(RES->objective, 300.0);
}
