/* Plans count cover by held slots: a duty with needed + optional slots is
 * covered when needed of them are held, whichever they are. */
#include <criterion/criterion.h>

#include "model/plan.h"

static nr_date day(int d) {
    nr_date out = 0;
    cr_assert(nr_date_from_ymd(2027, 1, d, &out));
    return out;
}

/* Nights of Mon 4 .. Wed 6 January 2027 on rota "gi" (cover 2, cover_max 3):
 *   duty 0 (4th): needed 2, optional 1
 *   duty 1 (5th): needed 0, optional 2 (a per-date cover entry)
 *   duty 2 (6th): needed 1, optional 0 (another). */
static nr_region *region(void) {
    nr_region *r = nr_region_new();
    cr_assert_not_null(r);
    nr_loc at = nr_loc_at("plan.yaml", 1);
    r->period_start = day(4);
    r->period_days = 3;
    r->period_loc = at;
    nr_trust *t = nr_region_add_trust(r);
    t->id = "T";
    nr_site *s = nr_region_add_site(r);
    s->id = "S";
    s->trust = nr_region_ref(r, "T", at);
    nr_shift *n = nr_region_add_shift(r);
    n->id = "night";
    n->days_mask = 0x7f;
    n->start_minute = 17 * 60;
    n->end_day_offset = 1;
    n->end_minute = 8 * 60;
    nr_rota *k = nr_region_add_rota(r);
    k->id = "gi";
    k->service = "GI bleed";
    k->host = nr_region_ref(r, "T", at);
    k->hub = nr_region_ref(r, "S", at);
    cr_assert_eq(nr_region_refs_push(r, &k->shifts, nr_region_ref(r, "night", at)), 0);
    k->cover = 2;
    k->cover_max = 3;
    nr_cover *c = nr_region_add_cover(r);
    c->rota = nr_region_ref(r, "gi", at);
    c->date = day(5);
    c->needed = 0;
    c->max = 2;
    c = nr_region_add_cover(r);
    c->rota = nr_region_ref(r, "gi", at);
    c->date = day(6);
    c->needed = 1;
    c->max = 1;
    for (int i = 0; i < 4; i++) {
        nr_person *p = nr_region_add_person(r);
        static const char *const ids[4] = {"P1", "P2", "P3", "P4"};
        p->id = ids[i];
        p->trust = nr_region_ref(r, "T", at);
        p->base_site = nr_region_ref(r, "S", at);
        cr_assert_eq(nr_region_refs_push(r, &p->rotas, nr_region_ref(r, "gi", at)), 0);
    }
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_resolve(r, &d), 0);
    cr_assert_eq(nr_region_expand(r, &d), 0);
    nr_diags_clear(&d);
    cr_assert_eq(r->n_duties, 3);
    return r;
}

static nr_region *R;
static nr_plan *P;

static void setup(void) {
    R = region();
    P = nr_plan_new(R);
    cr_assert_not_null(P);
}

static void teardown(void) {
    nr_plan_free(P);
    nr_region_free(R);
    P = NULL;
    R = NULL;
}

TestSuite(plan, .init = setup, .fini = teardown);

/* Holder of slot `slot` of duty `duty`. */
static void put(size_t duty, size_t slot, int person) {
    cr_assert_lt(P->first_slot[duty] + slot, P->first_slot[duty + 1]);
    P->holder[P->first_slot[duty] + slot] = person;
}

static int opt(size_t duty, size_t slot) {
    return nr_plan_slot_optional_empty(P, duty, P->first_slot[duty] + slot);
}

Test(plan, a_new_plan_has_needed_plus_optional_empty_slots) {
    cr_assert_eq(P->n_duties, 3);
    size_t want_first[4] = {0, 3, 5, 6};
    int want_needed[3] = {2, 0, 1};
    for (size_t i = 0; i < 4; i++) cr_assert_eq(P->first_slot[i], want_first[i], "first_slot[%zu]", i);
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(P->needed[i], want_needed[i], "needed[%zu]", i);
        cr_assert_eq(nr_plan_held(P, i), 0);
    }
    cr_assert_eq(P->n_slots, 6);
    for (size_t s = 0; s < P->n_slots; s++) cr_assert_eq(P->holder[s], NR_UNSET);
    cr_assert_eq(nr_plan_uncovered(P), 3);
    cr_assert_eq(nr_plan_surplus(P), 0);
}

Test(plan, cover_counts_held_slots_whatever_their_order) {
    /* Duty 0's needed two in slots 1 and 2 (the "optional" position). */
    put(0, 1, 0);
    put(0, 2, 1);
    cr_assert_eq(nr_plan_held(P, 0), 2);
    cr_assert_eq(nr_plan_uncovered(P), 1); /* only duty 2's one */
    put(2, 0, 2);
    cr_assert_eq(nr_plan_uncovered(P), 0);
    cr_assert_eq(nr_plan_surplus(P), 0);
    /* One held of two needed: one uncovered, whichever slot holds it. */
    put(0, 1, NR_UNSET);
    cr_assert_eq(nr_plan_uncovered(P), 1);
    put(0, 2, NR_UNSET);
    put(0, 0, 1);
    cr_assert_eq(nr_plan_uncovered(P), 1);
}

Test(plan, surplus_counts_people_beyond_needed) {
    put(0, 0, 0);
    put(0, 1, 1);
    put(0, 2, 2); /* one beyond 2 */
    put(1, 0, 3);
    put(1, 1, 0); /* two beyond 0 */
    cr_assert_eq(nr_plan_held(P, 0), 3);
    cr_assert_eq(nr_plan_held(P, 1), 2);
    cr_assert_eq(nr_plan_surplus(P), 3);
    cr_assert_eq(nr_plan_uncovered(P), 1); /* duty 2 */
    cr_assert(nr_plan_holds(P, 1, 3));
    cr_assert(!nr_plan_holds(P, 2, 3));
}

Test(plan, empty_slots_count_as_uncovered_first_in_slot_order) {
    /* Duty 0 needs 2, has 3 slots: with one held, one empty slot is
     * uncovered (the first empty one) and the other optional. */
    put(0, 1, 0);
    cr_assert_eq(opt(0, 0), 0);
    cr_assert_eq(opt(0, 1), 0, "a held slot is not an empty one");
    cr_assert_eq(opt(0, 2), 1);
    /* Nobody: two uncovered, then the optional one. */
    put(0, 1, NR_UNSET);
    cr_assert_eq(opt(0, 0), 0);
    cr_assert_eq(opt(0, 1), 0);
    cr_assert_eq(opt(0, 2), 1);
    /* Two held: every empty slot is optional. */
    put(0, 0, 0);
    put(0, 2, 1);
    cr_assert_eq(opt(0, 1), 1);
    /* A duty needing nobody has only optional slots; one needing one with
     * its single slot empty has none. */
    cr_assert_eq(opt(1, 0), 1);
    cr_assert_eq(opt(1, 1), 1);
    cr_assert_eq(opt(2, 0), 0);
}

Test(plan, a_clone_is_independent_and_keeps_needed) {
    put(0, 0, 0);
    nr_plan *c = nr_plan_clone(P);
    cr_assert_not_null(c);
    cr_assert_eq(c->n_slots, P->n_slots);
    for (size_t i = 0; i < 3; i++) cr_assert_eq(c->needed[i], P->needed[i]);
    cr_assert_eq(nr_plan_uncovered(c), 2);
    put(0, 1, 1);
    cr_assert_eq(nr_plan_uncovered(P), 1);
    cr_assert_eq(nr_plan_uncovered(c), 2, "the clone does not follow the original");
    nr_plan_free(c);
    nr_plan_free(NULL);
}

/* A duty's slots as "A,B,-" (person 0 is A; "-" for empty). */
static const char *slots_of(const nr_plan *p, size_t duty) {
    static char buf[64];
    size_t n = 0;
    buf[0] = 0;
    for (size_t s = p->first_slot[duty]; s < p->first_slot[duty + 1]; s++) {
        int w = p->holder[s];
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%c", n ? "," : "", w == NR_UNSET ? '-' : 'A' + w);
    }
    return buf;
}

Test(plan, align_puts_stayers_back_in_their_slots) {
    nr_plan *before = nr_plan_clone(P);
    cr_assert_not_null(before);
    before->holder[0] = 0; /* A, B, - */
    before->holder[1] = 1;
    /* Swapped: back as they were. */
    put(0, 0, 1);
    put(0, 1, 0);
    cr_assert_eq(nr_plan_align(P, before), 0);
    cr_expect_str_eq(slots_of(P, 0), "A,B,-");
    /* A replaced by C: C takes A's slot, B keeps theirs. */
    put(0, 0, 1);
    put(0, 1, 2);
    cr_assert_eq(nr_plan_align(P, before), 0);
    cr_expect_str_eq(slots_of(P, 0), "C,B,-");
    /* A stays, B leaves, C and D join: A in slot 1, D and C in their order. */
    put(0, 0, 3);
    put(0, 1, 2);
    put(0, 2, 1);
    before->holder[0] = 1;
    before->holder[1] = 0;
    put(0, 2, 0);
    cr_assert_eq(nr_plan_align(P, before), 0);
    cr_expect_str_eq(slots_of(P, 0), "D,A,C");
    /* Holdings never change, and the other duties are untouched. */
    cr_expect_eq(nr_plan_held(P, 0), 3);
    for (int who = 0; who < 4; who++) cr_expect_eq(nr_plan_holds(P, 0, who), who != 1, "person %d", who);
    put(2, 0, 1);
    before->holder[before->first_slot[2]] = 2;
    cr_assert_eq(nr_plan_align(P, before), 0);
    cr_expect_str_eq(slots_of(P, 2), "B");
    cr_expect_str_eq(slots_of(P, 0), "D,A,C");
    nr_plan_free(before);
}

Test(plan, align_survives_a_previous_plan_naming_someone_twice) {
    nr_plan *before = nr_plan_clone(P);
    cr_assert_not_null(before);
    before->holder[0] = 0; /* A, A, A: only from a damaged database */
    before->holder[1] = 0;
    before->holder[2] = 0;
    put(0, 0, 1);
    put(0, 1, 0);
    put(0, 2, 2);
    cr_assert_eq(nr_plan_align(P, before), 0);
    cr_expect_str_eq(slots_of(P, 0), "A,B,C");
    nr_plan_free(before);
}

Test(plan, align_refuses_a_plan_of_another_region) {
    nr_plan *other = nr_plan_clone(P);
    cr_assert_not_null(other);
    other->n_duties = 2;
    put(0, 0, 1);
    cr_expect_eq(nr_plan_align(P, other), NR_EINPUT);
    cr_expect_str_eq(slots_of(P, 0), "B,-,-", "unchanged");
    other->n_duties = 3;
    nr_plan_free(other);
}
