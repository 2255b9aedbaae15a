/* Fairness across periods (a history of past duties) and minimal-change
 * re-solve (a previous plan), on small regions built in code. Counts are
 * worked out in the comments from docs/model.md ("History", "Minimal
 * change"); every plan is also judged by the rule checker. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/checker.h"
#include "model/plandiff.h"
#include "solver/solver.h"

#include "solver/test_fixture.h"

static nr_plan *PREV;

static void teardown(void) {
    nr_solve_result_free(RES);
    RES = NULL;
    nr_plan_free(PREV);
    PREV = NULL;
    nr_region_free(R);
    R = NULL;
    nr_diags_clear(&D);
}

TestSuite(history, .fini = teardown);

static int christmas_held(const char *who) {
    int p = person_ix(who), n = 0;
    for (size_t i = 0; i < R->n_duties; i++) {
        int y, m, dd;
        nr_date_to_ymd(R->duties[i].date, &y, &m, &dd);
        if ((m == 12 && dd >= 24) || (m == 1 && dd == 1)) n += nr_plan_holds(RES->plan, i, p);
    }
    return n;
}

static int kind_held(const char *who, enum nr_duty_kind c) {
    int p = person_ix(who), n = 0;
    for (size_t i = 0; i < R->n_duties; i++)
        if (R->duties[i].kind == c) n += nr_plan_holds(RES->plan, i, p);
    return n;
}

static const nr_person_load *load_of(const char *who) {
    int p = person_ix(who);
    for (size_t i = 0; i < RES->n_person_loads; i++)
        if (RES->person_loads[i].person == p) return &RES->person_loads[i];
    cr_assert_fail("no load for %s", who);
    return NULL;
}

#define ASSERT_NEAR(a, b) cr_assert(fabs((a) - (b)) < 1e-6, "%s = %.9f, expected %.9f", #a, (double)(a), (double)(b))

/* Two weeks from Mon 2027-12-20 (to Sun 2 Jan 2028), one night a day,
 * three people alike. 2027: Christmas and Boxing Day fall on the weekend,
 * so the bank holidays are Mon 27 and Tue 28 December (and Mon 3 January,
 * after the period). Christmas duties (24 Dec - 1 Jan) are 9 of the 14
 * nights; the other 5 are 20-23 Dec and 2 Jan. */
static void christmas_region(void) {
    base("2027-12-20", 2);
    nr_date bh[3] = {date("2027-12-27"), date("2027-12-28"), date("2028-01-03")};
    cr_assert_eq(nr_region_set_bank_holidays(R, bh, 3), 0);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    person("C", "T1", "S1", "gi", 1);
    finish();
}

/* Without a history A gets Christmas nights like anyone (a third of 9 is
 * the fair share); with one on record (on another rota: the entry counts
 * for Christmas only and leaves the targets alone) A's nights all fall
 * outside 24 Dec - 1 Jan, which the 5 other nights allow: A's target is
 * 14/3 = 4.67 in all, so 4 or 5 of them. */
Test(history, christmas_not_twice) {
    christmas_region();
    solve();
    cr_assert_eq(RES->uncovered, 0);
    int a_before = christmas_held("A");
    cr_assert_geq(a_before, 2, "without history A holds %d Christmas nights", a_before);
    ASSERT_NEAR(RES->terms.christmas_repeats, 0);
    double targets_before[NR_DUTY_KINDS];
    memcpy(targets_before, load_of("A")->target, sizeof targets_before);
    nr_solve_result_free(RES);
    RES = NULL;

    nr_history_entry e = {.person = person_ix("A"), .rota = NR_UNSET, .christmas = 3, .periods = 1};
    nr_history h = {.entries = &e, .n = 1};
    nr_solve_options o = exact();
    o.history = &h;
    solve_with(&o);
    cr_assert_eq(RES->uncovered, 0);
    cr_assert_eq(christmas_held("A"), 0);
    cr_assert_eq(christmas_held("B") + christmas_held("C"), 9);
    ASSERT_NEAR(RES->terms.christmas_repeats, 0);
    for (int c = 0; c < NR_DUTY_KINDS; c++) ASSERT_NEAR(load_of("A")->target[c], targets_before[c]);
    cr_assert_geq(held("A", "gi"), 4);
    cr_assert_leq(held("A", "gi"), 5);
}

/* When everybody did Christmas last time the penalty is the same for all
 * and cannot push the nights onto nobody: still all covered, 9 repeats. */
Test(history, christmas_for_all_still_covered) {
    christmas_region();
    nr_history_entry e[3];
    const char *ids[] = {"A", "B", "C"};
    for (int i = 0; i < 3; i++) e[i] = (nr_history_entry){.person = person_ix(ids[i]), .rota = 0, .christmas = 1};
    nr_history h = {.entries = e, .n = 3};
    nr_solve_options o = exact();
    o.history = &h;
    solve_with(&o);
    cr_assert_eq(RES->uncovered, 0);
    ASSERT_NEAR(RES->terms.christmas_repeats, 9);
    cr_assert_eq(christmas_held("A") + christmas_held("B") + christmas_held("C"), 9);
}

/* One week, A and B alike: 5 weekday nights, 2 weekend nights, targets
 * 2.5 and 1 each. Last period A did 8 weekday nights, B 6: 7 each is fair,
 * so A is 1 over and B 1 under; this week's weekday targets become 1.5
 * and 3.5 (sum still 5); weekend targets stay 1 (equal history). */
Test(history, under_target_catches_up) {
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    finish();
    nr_history_entry e[2] = {
        {.person = person_ix("A"), .rota = 0, .duties = {8, 2, 0}, .periods = 1},
        {.person = person_ix("B"), .rota = 0, .duties = {6, 2, 0}, .periods = 1},
    };
    nr_history h = {.entries = e, .n = 2};
    nr_solve_options o = exact();
    o.history = &h;
    solve_with(&o);
    ASSERT_NEAR(load_of("A")->target[NR_DUTY_WEEKDAY], 1.5);
    ASSERT_NEAR(load_of("B")->target[NR_DUTY_WEEKDAY], 3.5);
    ASSERT_NEAR(load_of("A")->target[NR_DUTY_WEEKEND], 1.0);
    ASSERT_NEAR(load_of("B")->target[NR_DUTY_WEEKEND], 1.0);
    /* Totals 2.5 and 4.5: A 2 or 3 (1 or 2 weekday), B the rest. */
    cr_assert_eq(RES->uncovered, 0);
    cr_assert_leq(kind_held("A", NR_DUTY_WEEKDAY), 2);
    cr_assert_geq(kind_held("B", NR_DUTY_WEEKDAY), 3);
    cr_assert_eq(kind_held("A", NR_DUTY_WEEKEND), 1);
    cr_assert_eq(held("A", "gi") + held("B", "gi"), 7);
    cr_assert_lt(held("A", "gi"), held("B", "gi"));
}

/* A deficit larger than this period can repay: A did 10 weekday nights,
 * B 4, fair 7 each, so A is 3 over and B 3 under. Raw targets A 2.5 - 3 =
 * -0.5, B 5.5; clamped to what can be held (0 and 5 weekday nights) the
 * sum stays 5. B takes every weekday night. */
Test(history, catch_up_clamped_to_period) {
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    finish();
    nr_history_entry e[2] = {
        {.person = person_ix("A"), .rota = 0, .duties = {10, 2, 0}, .periods = 1},
        {.person = person_ix("B"), .rota = 0, .duties = {4, 2, 0}, .periods = 1},
    };
    nr_history h = {.entries = e, .n = 2};
    nr_solve_options o = exact();
    o.history = &h;
    solve_with(&o);
    ASSERT_NEAR(load_of("A")->target[NR_DUTY_WEEKDAY], 0.0);
    ASSERT_NEAR(load_of("B")->target[NR_DUTY_WEEKDAY], 5.0);
    cr_assert_eq(kind_held("A", NR_DUTY_WEEKDAY), 0);
    cr_assert_eq(kind_held("B", NR_DUTY_WEEKDAY), 5);
    cr_assert_eq(held("A", "gi"), 1);
    cr_assert_eq(held("B", "gi"), 6);
}

/* A second period's bank holidays go first to those who had none: A and B
 * did one each last period, C none; this period has one bank-holiday night
 * (Mon 3 Jan 2028, in a week from Mon 3 Jan). */
Test(history, bank_holiday_to_who_had_none) {
    base("2028-01-03", 1);
    nr_date bh = date("2028-01-03");
    cr_assert_eq(nr_region_set_bank_holidays(R, &bh, 1), 0);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    person("C", "T1", "S1", "gi", 1);
    finish();
    nr_history_entry e[3] = {
        {.person = person_ix("A"), .rota = 0, .duties = {3, 1, 1}, .periods = 1},
        {.person = person_ix("B"), .rota = 0, .duties = {3, 1, 1}, .periods = 1},
        {.person = person_ix("C"), .rota = 0, .duties = {3, 1, 0}, .periods = 1},
    };
    nr_history h = {.entries = e, .n = 3};
    nr_solve_options o = exact();
    o.history = &h;
    solve_with(&o);
    /* Past 2 bank holidays over 3 people: 2/3 each; C is 2/3 under, A and B
     * 1/3 over. Now 1 slot: raw 1/3 + 2/3 = 1 for C, 1/3 - 1/3 = 0 for A, B. */
    ASSERT_NEAR(load_of("C")->target[NR_DUTY_BANK_HOLIDAY], 1.0);
    ASSERT_NEAR(load_of("A")->target[NR_DUTY_BANK_HOLIDAY], 0.0);
    cr_assert(holds("C", "gi", "night", "2028-01-03"));
}

Test(history, bad_history_is_refused) {
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    finish();
    nr_history_entry e[2] = {
        {.person = 5, .rota = 0, .periods = 1},
        {.person = 0, .rota = 3, .duties = {-1, 0, 0}},
    };
    nr_history h = {.entries = e, .n = 2};
    nr_solve_options o = exact();
    o.history = &h;
    cr_assert_eq(nr_solve(R, &o, &RES, &D), NR_EINPUT);
    cr_assert_null(RES);
    cr_assert_eq(D.count, 3);
    cr_assert_str_eq(D.items[0].message, "solver: history entry 0: person index 5 is not one of the 1 people");
    cr_assert_str_eq(D.items[1].message, "solver: history entry 1: rota index 3 is not one of the 1 rotas");
    cr_assert_str_eq(D.items[2].message, "solver: history entry 1: a negative count");
}

/* Four weeks of nights for six people of one trust; minimum rest 11 h and
 * two days between duties. With sick = true, P3 is on leave for two weeks. */
static void resolve_region(bool sick) {
    base("2027-01-04", 4);
    nr_rota *k = rota("gi", "night", 1);
    k->rules.min_rest_hours = 11;
    k->rules.min_days_between = 2;
    char id[8];
    for (int i = 0; i < 6; i++) {
        snprintf(id, sizeof id, "P%d", i);
        person(id, "T1", "S1", "gi", 1);
    }
    if (sick) leave("P3", "2027-01-11", "2027-01-24");
    finish();
}

static size_t diff(const nr_plan *before, const nr_plan *after, nr_plan_change **out) {
    size_t n = 0;
    cr_assert_eq(nr_plan_diff(R, before, after, out, &n, &D), 0);
    return n;
}

Test(history, same_region_same_plan_no_change) {
    resolve_region(false);
    solve();
    PREV = nr_plan_clone(RES->plan);
    double obj = RES->objective;
    nr_solve_result_free(RES);
    RES = NULL;
    nr_solve_options o = exact();
    o.previous = PREV;
    o.seed = 7; /* another seed: only the previous plan can make it the same */
    solve_with(&o);
    cr_assert_eq(RES->changes, 0);
    ASSERT_NEAR(RES->terms.changes, 0);
    ASSERT_NEAR(RES->objective, obj);
    nr_plan_change *c = NULL;
    cr_assert_eq(diff(PREV, RES->plan, &c), 0);
    cr_assert_null(c);
}

/* Two weeks of sickness: the duties P3 can no longer hold (those whose
 * duty or rest after it meets the leave) move, and nothing else does. */
Test(history, sickness_moves_only_forced_duties) {
    resolve_region(false);
    solve();
    PREV = nr_plan_clone(RES->plan);
    nr_solve_result_free(RES);
    RES = NULL;
    nr_region_free(R);
    R = NULL;
    resolve_region(true);

    int p3 = person_ix("P3");
    size_t forced = 0, p3_kept = 0;
    for (size_t i = 0; i < R->n_duties; i++) {
        if (!nr_plan_holds(PREV, i, p3)) continue;
        const nr_duty *du = &R->duties[i];
        if (nr_region_on_leave(R, p3, du->start, du->end + 11 * 3600)) forced++;
        else p3_kept++;
    }
    cr_assert_geq(forced, 2, "P3 held only %zu duties in the leave", forced);

    nr_solve_options o = exact();
    o.previous = PREV;
    solve_with(&o);
    cr_assert_eq(RES->uncovered, 0);
    cr_assert_eq(RES->changes, forced);
    ASSERT_NEAR(RES->terms.changes, (double)forced);

    nr_plan_change *c = NULL;
    size_t n = diff(PREV, RES->plan, &c);
    cr_assert_eq(n, forced);
    for (size_t j = 0; j < n; j++) {
        cr_assert_eq(c[j].from, p3, "duty %zu moved from %d, not P3", c[j].duty, c[j].from);
        cr_assert_neq(c[j].to, NR_UNSET);
        cr_assert_neq(c[j].to, p3);
        const nr_duty *du = &R->duties[c[j].duty];
        cr_assert(du->date >= date("2027-01-10") && du->date <= date("2027-01-24"));
        cr_assert(nr_plan_holds(RES->plan, c[j].duty, c[j].to));
    }
    free(c);
    cr_assert_eq((size_t)held("P3", "gi"), p3_kept);

    /* Without the previous plan the same change reshuffles much more. */
    size_t forced_only = RES->changes;
    nr_solve_result_free(RES);
    RES = NULL;
    solve();
    n = diff(PREV, RES->plan, &c);
    free(c);
    cr_assert_gt(n, forced_only, "a fresh solve moved %zu duties", n);
}

/* A duty of two people: the re-solve keeps who holds it and the slot each
 * holds, though the solver lists holders in person order. The feeds name
 * slots in their UIDs, so a swap would cancel and re-add both events. */
Test(history, a_resolve_keeps_each_stayer_in_their_slot) {
    base("2027-01-04", 2);
    nr_rota *k = rota("gi", "night", 2);
    k->rules.min_rest_hours = 11;
    char id[8];
    for (int i = 0; i < 6; i++) {
        snprintf(id, sizeof id, "P%d", i);
        person(id, "T1", "S1", "gi", 1);
    }
    finish();
    solve();
    PREV = nr_plan_clone(RES->plan);
    size_t swapped = 0;
    for (size_t i = 0; i < R->n_duties; i++) {
        size_t f = PREV->first_slot[i];
        cr_assert_eq(PREV->first_slot[i + 1] - f, 2);
        if (PREV->holder[f] == NR_UNSET || PREV->holder[f + 1] == NR_UNSET) continue;
        int t = PREV->holder[f];
        PREV->holder[f] = PREV->holder[f + 1];
        PREV->holder[f + 1] = t;
        swapped++;
    }
    cr_assert_gt(swapped, 0);
    nr_solve_result_free(RES);
    RES = NULL;
    nr_solve_options o = exact();
    o.previous = PREV;
    solve_with(&o);
    cr_assert_eq(RES->changes, 0);
    cr_assert_arr_eq(RES->plan->holder, PREV->holder, PREV->n_slots * sizeof *PREV->holder,
                     "every holder in the slot the previous plan gave them");
}

Test(history, previous_plan_of_another_region_refused) {
    resolve_region(false);
    nr_region *other = R;
    R = NULL;
    base("2027-01-04", 1);
    rota("gi", "night", 1);
    person("A", "T1", "S1", "gi", 1);
    finish();
    PREV = nr_plan_new(R);
    PREV->holder[0] = 4; /* out of range, but the size is reported first */
    nr_solve_options o = exact();
    o.previous = PREV;
    cr_assert_eq(nr_solve(other, &o, &RES, &D), NR_EINPUT);
    cr_assert_null(RES);
    cr_assert_eq(D.count, 1);
    cr_assert_str_eq(D.items[0].message,
                     "solver: the previous plan (7 duties, 7 slots) was not made for this region (28 duties)");
    nr_diags_clear(&D);
    /* Right size, a holder that is nobody. */
    cr_assert_eq(nr_solve(R, &o, &RES, &D), NR_EINPUT);
    cr_assert_str_eq(D.items[0].message,
                     "solver: the previous plan's slot 0 holds person index 4, not one of the 1 people");
    nr_plan_change *c = NULL;
    size_t n = 99;
    nr_diags_clear(&D);
    cr_assert_eq(nr_plan_diff(other, PREV, PREV, &c, &n, &D), NR_EINPUT);
    cr_assert_null(c);
    cr_assert_eq(n, 0);
    cr_assert_str_eq(D.items[0].message, "plan diff: the old plan was not made for this region");
    nr_region_free(other);
}

/* Cover 2: A B -> B C is one change A -> C (B only changed slot); A B ->
 * A _ is B -> nobody; _ _ -> C _ is nobody -> C. */
Test(history, plan_diff_pairs) {
    base("2027-01-04", 1);
    rota("gi", "night", 2);
    person("A", "T1", "S1", "gi", 1);
    person("B", "T1", "S1", "gi", 1);
    person("C", "T1", "S1", "gi", 1);
    finish();
    nr_plan *before = nr_plan_new(R), *after = nr_plan_new(R);
    cr_assert_not_null(before);
    cr_assert_not_null(after);
    int a = person_ix("A"), b = person_ix("B"), cc = person_ix("C");
    size_t *f = before->first_slot;
    before->holder[f[0]] = a, before->holder[f[0] + 1] = b;
    after->holder[f[0]] = b, after->holder[f[0] + 1] = cc;
    before->holder[f[1]] = a, before->holder[f[1] + 1] = b;
    after->holder[f[1]] = a;
    after->holder[f[2]] = cc;
    before->holder[f[3]] = a, before->holder[f[3] + 1] = b; /* swapped slots: no change */
    after->holder[f[3]] = b, after->holder[f[3] + 1] = a;
    nr_plan_change *c = NULL;
    size_t n = diff(before, after, &c);
    cr_assert_eq(n, 3);
    cr_assert_eq(c[0].duty, 0);
    cr_assert_eq(c[0].from, a);
    cr_assert_eq(c[0].to, cc);
    cr_assert_eq(c[1].duty, 1);
    cr_assert_eq(c[1].from, b);
    cr_assert_eq(c[1].to, NR_UNSET);
    cr_assert_eq(c[2].duty, 2);
    cr_assert_eq(c[2].from, NR_UNSET);
    cr_assert_eq(c[2].to, cc);
    free(c);
    nr_plan_free(before);
    nr_plan_free(after);
}
