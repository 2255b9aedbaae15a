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
    nr_diags d = NR_DIAGS_INIT;
    nr_plan_change *ch = NULL;
    size_t n = 9;
    cr_assert_eq(nr_plan_diff(r, a, b, &ch, &n, &d), NR_EINPUT);
    cr_expect_null(ch);
    cr_expect_eq(n, 0);
    cr_assert_eq(d.errors, 1);
    cr_expect_str_eq(d.items[0].message, "plan diff: the new plan was not made for this region");
    nr_diags_clear(&d);
    nr_plan_free(a);
    nr_plan_free(b);
    nr_region_free(r);
}
