#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "model/plandiff.h"

/* Two duties: the first needs 2 people, the second 1 (3 slots). Only the
 * duty array matters to plans; people are indices 0..2. */
static nr_region *region(void) {
    nr_region *r = nr_region_new();
    cr_assert_not_null(r);
    r->duties = calloc(2, sizeof *r->duties);
    cr_assert_not_null(r->duties);
    r->n_duties = 2;
    r->duties[0].needed = 2;
    r->duties[1].needed = 1;
    return r;
}

/* nr_plan_diff_ex(r, a, left, b) is refused: NR_EINPUT, no changes and
 * one error, `message`. Frees a, b and r. */
static void expect_refused(nr_region *r, nr_plan *a, const nr_plan_leaver *left, size_t n_left,
                           nr_plan *b, const char *message) {
    nr_diags d = NR_DIAGS_INIT;
    nr_plan_change *ch = NULL;
    size_t n = 9;
    cr_assert_eq(nr_plan_diff_ex(r, a, left, n_left, b, &ch, &n, &d), NR_EINPUT);
    cr_expect_null(ch);
    cr_expect_eq(n, 0);
    cr_assert_eq(d.errors, 1);
    cr_expect_str_eq(d.items[0].message, message);
    nr_diags_clear(&d);
    nr_plan_free(a);
    nr_plan_free(b);
    nr_region_free(r);
}

/* Slot order changes nothing; B -> C on duty 0 and A -> uncovered on duty 1
 * are the only moves. */
Test(plandiff, pairs_dropped_and_added_holders) {
    nr_region *r = region();
    nr_plan *a = nr_plan_new(r), *b = nr_plan_new(r);
    cr_assert(a && b);
    cr_assert_eq(a->n_slots, 3);
    a->holder[0] = 0, a->holder[1] = 1, a->holder[2] = 0;
    b->holder[0] = 2, b->holder[1] = 0, b->holder[2] = NR_UNSET;
    nr_diags d = NR_DIAGS_INIT;
    nr_plan_change *ch = NULL;
    size_t n = 0;
    cr_assert_eq(nr_plan_diff(r, a, b, &ch, &n, &d), 0);
    cr_assert_eq(n, 2);
    cr_expect_eq(ch[0].duty, 0);
    cr_expect_eq(ch[0].from, 1);
    cr_expect_eq(ch[0].to, 2);
    cr_expect_eq(ch[1].duty, 1);
    cr_expect_eq(ch[1].from, 0);
    cr_expect_eq(ch[1].to, NR_UNSET);
    free(ch);
    nr_diags_clear(&d);
    nr_plan_free(a);
    nr_plan_free(b);
    nr_region_free(r);
}

/* Offsets shifted by one keep every duty's slot count right but point past
 * holder[]: the plan is refused, not read. */
Test(plandiff, refuses_offsets_past_the_slots) {
    nr_region *r = region();
    nr_plan *a = nr_plan_new(r), *b = nr_plan_new(r);
    cr_assert(a && b);
    for (size_t i = 0; i <= b->n_duties; i++) b->first_slot[i]++;
    expect_refused(r, a, NULL, 0, b, "plan diff: the new plan was not made for this region");
}

/* One duty needing 1 person and allowing 2 more (3 slots). */
static nr_region *optional_region(void) {
    nr_region *r = nr_region_new();
    cr_assert_not_null(r);
    r->duties = calloc(1, sizeof *r->duties);
    cr_assert_not_null(r->duties);
    r->n_duties = 1;
    r->duties[0].needed = 1;
    r->duties[0].optional = 2;
    return r;
}

static size_t diff(const nr_region *r, const nr_plan *a, const nr_plan *b, nr_plan_change **ch) {
    nr_diags d = NR_DIAGS_INIT;
    size_t n = 99;
    cr_assert_eq(nr_plan_diff(r, a, b, ch, &n, &d), 0);
    cr_assert_eq(d.count, 0);
    return n;
}

/* Holdings, not slots: the same people in other slots (an empty optional
 * slot moved to the front) are no change; pairs go by person index
 * whatever either plan's slot order; a surplus dropped is a change to
 * nobody. */
Test(plandiff, optional_slots_compare_holdings_in_any_slot_order) {
    nr_region *r = optional_region();
    nr_plan *a = nr_plan_new(r), *b = nr_plan_new(r);
    cr_assert(a && b);
    cr_assert_eq(a->n_slots, 3);
    nr_plan_change *ch = NULL;

    a->holder[0] = 3, a->holder[1] = 1, a->holder[2] = NR_UNSET;
    b->holder[0] = NR_UNSET, b->holder[1] = 1, b->holder[2] = 3;
    cr_expect_eq(diff(r, a, b, &ch), 0);
    cr_expect_null(ch);

    b->holder[0] = 2, b->holder[1] = NR_UNSET, b->holder[2] = 0;
    size_t n = diff(r, a, b, &ch);
    cr_assert_eq(n, 2);
    cr_expect(ch[0].from == 1 && ch[0].to == 0, "%d -> %d", ch[0].from, ch[0].to);
    cr_expect(ch[1].from == 3 && ch[1].to == 2, "%d -> %d", ch[1].from, ch[1].to);
    free(ch);
    b->holder[0] = 0, b->holder[2] = 2; /* the other way round: same pairs */
    n = diff(r, a, b, &ch);
    cr_assert_eq(n, 2);
    cr_expect(ch[0].from == 1 && ch[0].to == 0 && ch[1].from == 3 && ch[1].to == 2);
    free(ch);

    b->holder[0] = NR_UNSET, b->holder[1] = 3, b->holder[2] = NR_UNSET;
    n = diff(r, a, b, &ch);
    cr_assert_eq(n, 1);
    cr_expect(ch[0].from == 1 && ch[0].to == NR_UNSET);
    free(ch);
    n = diff(r, b, a, &ch); /* and back: a person added beyond the one needed */
    cr_assert_eq(n, 1);
    cr_expect(ch[0].from == NR_UNSET && ch[0].to == 1);
    free(ch);
    nr_plan_free(a);
    nr_plan_free(b);
    nr_region_free(r);
}

/* A plan with only the needed slot (made before the duty allowed more)
 * does not fit. */
Test(plandiff, refuses_a_plan_without_the_optional_slots) {
    nr_region *r = optional_region();
    nr_plan *a = nr_plan_new(r);
    r->duties[0].optional = 0;
    nr_plan *b = nr_plan_new(r);
    r->duties[0].optional = 2;
    cr_assert(a && b);
    expect_refused(r, a, NULL, 0, b, "plan diff: the new plan was not made for this region");
}

/* People no longer in the region held duties of the earlier plan: each is
 * a holder dropped, paired after the plan's own people, and named by id;
 * a leaver whose duty stays empty is a change to nobody. Leavers come in
 * any duty order, and one listed twice for a duty counts once. */
Test(plandiff, leavers_are_named_as_the_holders_they_were) {
    nr_region *r = region();
    nr_plan *a = nr_plan_new(r), *b = nr_plan_new(r);
    cr_assert(a && b);
    /* Duty 0: P0 stays, a leaver's slot goes to 2. Duty 1: another leaver. */
    a->holder[0] = 0, a->holder[1] = NR_UNSET, a->holder[2] = NR_UNSET;
    b->holder[0] = 2, b->holder[1] = 0, b->holder[2] = 1;
    const nr_plan_leaver left[] = {{1, "L2"}, {0, "L1"}, {1, "L2"}};
    nr_diags d = NR_DIAGS_INIT;
    nr_plan_change *ch = NULL;
    size_t n = 0;
    cr_assert_eq(nr_plan_diff_ex(r, a, left, 3, b, &ch, &n, &d), 0);
    cr_assert_eq(n, 2);
    cr_expect(ch[0].duty == 0 && ch[0].from == NR_UNSET && ch[0].to == 2);
    cr_expect_str_eq(ch[0].from_left ? ch[0].from_left : "(null)", "L1");
    cr_expect(ch[1].duty == 1 && ch[1].from == NR_UNSET && ch[1].to == 1);
    cr_expect_str_eq(ch[1].from_left ? ch[1].from_left : "(null)", "L2");
    free(ch);

    /* Duty 0: P0 dropped too, pairs with 2 before the leaver (with 0's
     * replacement gone, nobody takes the leaver's slot); duty 1 empty. */
    a->holder[0] = 0, a->holder[1] = NR_UNSET;
    b->holder[0] = 2, b->holder[1] = NR_UNSET, b->holder[2] = NR_UNSET;
    cr_assert_eq(nr_plan_diff_ex(r, a, left, 3, b, &ch, &n, &d), 0);
    cr_assert_eq(n, 3);
    cr_expect(ch[0].duty == 0 && ch[0].from == 0 && ch[0].to == 2 && !ch[0].from_left);
    cr_expect(ch[1].duty == 0 && ch[1].from == NR_UNSET && ch[1].to == NR_UNSET);
    cr_expect_str_eq(ch[1].from_left ? ch[1].from_left : "(null)", "L1");
    cr_expect(ch[2].duty == 1 && ch[2].to == NR_UNSET);
    cr_expect_str_eq(ch[2].from_left ? ch[2].from_left : "(null)", "L2");
    free(ch);

    /* Without leavers, the same plans: the empty slots were no change. */
    cr_assert_eq(nr_plan_diff(r, a, b, &ch, &n, &d), 0);
    cr_assert_eq(n, 1);
    cr_expect(ch[0].from == 0 && ch[0].to == 2 && !ch[0].from_left);
    free(ch);
    cr_expect_eq(d.count, 0);
    nr_plan_free(a);
    nr_plan_free(b);
    nr_region_free(r);
}

/* A leaver of a duty the region does not have is refused, not read. */
Test(plandiff, refuses_a_leaver_outside_the_region) {
    nr_region *r = region();
    nr_plan *a = nr_plan_new(r), *b = nr_plan_new(r);
    cr_assert(a && b);
    const nr_plan_leaver left[] = {{0, "L1"}, {2, "L2"}};
    expect_refused(r, a, left, 2, b, "plan diff: leaver 1 names no duty of this region");
}
