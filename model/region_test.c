#include <criterion/criterion.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "model/region.h"

Test(region, ref_lists_keep_every_item_in_order_as_they_grow) {
    nr_region *r = nr_region_new();
    cr_assert_not_null(r);
    nr_refs list = {0};
    char id[16];
    for (int i = 0; i < 1000; i++) {
        snprintf(id, sizeof id, "S%d", i);
        cr_assert_eq(nr_region_refs_push(r, &list, nr_region_ref(r, id, nr_loc_at("f", i + 1))), 0);
    }
    cr_assert_eq(list.count, 1000);
    for (int i = 0; i < 1000; i++) {
        snprintf(id, sizeof id, "S%d", i);
        cr_assert_str_eq(list.items[i].id, id);
        cr_assert_eq(list.items[i].loc.line, i + 1);
        cr_assert_eq(list.items[i].index, NR_UNSET);
    }
    nr_region_free(r);
}

Test(region, a_list_shrunk_in_place_takes_new_items_without_losing_old_ones) {
    nr_region *r = nr_region_new();
    nr_refs list = {0};
    const char *ids[] = {"a", "b", "c", "d", "e", "f"};
    for (int i = 0; i < 6; i++) nr_region_refs_push(r, &list, nr_region_ref(r, ids[i], nr_loc_at(NULL, 0)));
    /* What-ifs drop members by shifting the rest down. */
    list.items[1] = list.items[4];
    list.count = 2;
    for (int i = 0; i < 7; i++) nr_region_refs_push(r, &list, nr_region_ref(r, "z", nr_loc_at(NULL, 0)));
    cr_assert_eq(list.count, 9);
    cr_assert_str_eq(list.items[0].id, "a");
    cr_assert_str_eq(list.items[1].id, "e");
    for (size_t i = 2; i < 9; i++) cr_assert_str_eq(list.items[i].id, "z");
    nr_region_free(r);
}

Test(region, overrides_for_one_rota_beat_those_for_all_rotas) {
    nr_region *r = nr_region_new();
    nr_rota *k = nr_region_add_rota(r);
    k->id = "gi";
    k->rules.max_weekends = 4;
    k->rules.min_days_between = 3;
    nr_region_add_rota(r)->id = "ent";
    nr_person *p = nr_region_add_person(r);
    p->id = "P1";
    nr_override *specific = nr_region_add_override(r);
    specific->person.index = 0;
    specific->rota = nr_region_ref(r, "gi", nr_loc_at(NULL, 0));
    specific->rota.index = 0;
    specific->rules.max_weekends = 1;
    nr_override *all = nr_region_add_override(r);
    all->person.index = 0;
    all->rules.max_weekends = 2;
    all->rules.max_hours = 100;

    nr_rules gi = nr_region_rules_for(r, 0, 0);
    cr_assert_eq(gi.max_weekends, 1, "the override naming the rota wins, even listed first");
    cr_assert_eq(gi.min_days_between, 3, "unstated fields keep the rota's value");
    cr_assert_float_eq(gi.max_hours, 100.0, 1e-9);
    nr_rules ent = nr_region_rules_for(r, 0, 1);
    cr_assert_eq(ent.max_weekends, 2);
    cr_assert_eq(ent.min_days_between, NR_UNSET);
    nr_region_free(r);
}

Test(region, bank_holidays_are_sorted_and_unique) {
    nr_region *r = nr_region_new();
    nr_date a, b, c;
    cr_assert(nr_date_from_ymd(2027, 3, 29, &a));
    cr_assert(nr_date_from_ymd(2026, 12, 25, &b));
    cr_assert(nr_date_from_ymd(2027, 1, 1, &c));
    nr_date in[] = {a, b, c, b};
    cr_assert_eq(nr_region_set_bank_holidays(r, in, 4), 0);
    cr_assert_eq(r->n_bank_holidays, 3);
    cr_assert_eq(r->bank_holidays[0], b);
    cr_assert_eq(r->bank_holidays[1], c);
    cr_assert_eq(r->bank_holidays[2], a);
    cr_assert(nr_region_is_bank_holiday(r, c));
    cr_assert_not(nr_region_is_bank_holiday(r, c + 1));
    cr_assert_not(nr_region_is_bank_holiday(r, b - 1));
    nr_region_free(r);
}

Test(region, leave_overlap_is_half_open) {
    nr_region *r = nr_region_new();
    nr_region_add_person(r)->id = "P1";
    nr_leave *l = nr_region_add_leave(r);
    l->person.index = 0;
    l->start = 1000;
    l->end = 2000;
    cr_assert(nr_region_on_leave(r, 0, 1999, 3000));
    cr_assert(nr_region_on_leave(r, 0, 0, 1001));
    cr_assert_not(nr_region_on_leave(r, 0, 2000, 3000), "leave ends before the duty starts");
    cr_assert_not(nr_region_on_leave(r, 0, 0, 1000), "the duty ends as leave starts");
    nr_region_free(r);
}

Test(region, huge_allocations_fail_cleanly) {
    nr_region *r = nr_region_new();
    cr_assert_null(nr_region_alloc(r, SIZE_MAX - 8));
    cr_assert_not_null(nr_region_alloc(r, 16));
    nr_region_free(r);
}

static nr_ref ref(nr_region *r, const char *id) { return nr_region_ref(r, id, nr_loc_at(NULL, 0)); }

/* Three people in gi and ent (P3 in oral too), each with one leave, one
 * request (P1's for ent, the others' for gi) and one override for ent; a
 * cover entry for gi and one for ent. */
static nr_region *whatif_region(void) {
    nr_region *r = nr_region_new();
    cr_assert_not_null(r);
    nr_region_add_rota(r)->id = "gi";
    nr_region_add_rota(r)->id = "ent";
    nr_region_add_rota(r)->id = "oral";
    const char *ids[] = {"P1", "P2", "P3"};
    for (int i = 0; i < 3; i++) {
        nr_person *p = nr_region_add_person(r);
        p->id = ids[i];
        cr_assert_eq(nr_region_refs_push(r, &p->rotas, ref(r, "gi")), 0);
        cr_assert_eq(nr_region_refs_push(r, &r->people[i].rotas, ref(r, "ent")), 0);
        if (i == 2) cr_assert_eq(nr_region_refs_push(r, &r->people[i].rotas, ref(r, "oral")), 0);
        nr_region_add_leave(r)->person = ref(r, ids[i]);
        nr_request *q = nr_region_add_request(r);
        q->person = ref(r, ids[i]);
        q->rota = ref(r, i == 0 ? "ent" : "gi");
        nr_override *o = nr_region_add_override(r);
        o->person = ref(r, ids[i]);
        o->rota = ref(r, "ent");
    }
    nr_region_add_cover(r)->rota = ref(r, "gi");
    nr_region_add_cover(r)->rota = ref(r, "ent");
    return r;
}

static const char *rotas_of(const nr_region *r, size_t p) {
    static char buf[64];
    size_t n = 0;
    buf[0] = 0;
    for (size_t i = 0; i < r->people[p].rotas.count; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? "," : "", r->people[p].rotas.items[i].id);
    return buf;
}

Test(region, removing_a_person_takes_their_leave_requests_and_overrides) {
    nr_region *r = whatif_region();
    cr_assert_eq(nr_region_remove_person(r, "P2"), 0);
    cr_assert_eq(r->n_people, 2);
    cr_expect_str_eq(r->people[0].id, "P1");
    cr_expect_str_eq(r->people[1].id, "P3");
    cr_expect_str_eq(rotas_of(r, 1), "gi,ent,oral", "the next person's own lists move with them");
    cr_assert_eq(r->n_leave, 2);
    cr_assert_eq(r->n_requests, 2);
    cr_assert_eq(r->n_overrides, 2);
    for (size_t i = 0; i < 2; i++) {
        cr_expect_str_neq(r->leave[i].person.id, "P2");
        cr_expect_str_neq(r->requests[i].person.id, "P2");
        cr_expect_str_neq(r->overrides[i].person.id, "P2");
    }
    cr_expect_eq(nr_region_remove_person(r, "P2"), NR_EINPUT, "gone already");
    cr_expect_eq(r->n_people, 2);
    nr_region_free(r);
}

Test(region, removing_a_rota_takes_what_names_it) {
    nr_region *r = whatif_region();
    cr_assert_eq(nr_region_retire_rota(r, "ent", NULL), 0);
    cr_assert_eq(r->n_rotas, 2);
    cr_expect_str_eq(r->rotas[1].id, "oral");
    cr_expect_str_eq(rotas_of(r, 0), "gi");
    cr_expect_str_eq(rotas_of(r, 2), "gi,oral");
    cr_expect_eq(r->n_requests, 2, "P1's ent request goes");
    cr_expect_eq(r->n_overrides, 0, "every override named ent");
    cr_assert_eq(r->n_covers, 1);
    cr_expect_str_eq(r->covers[0].rota.id, "gi");
    cr_expect_eq(nr_region_retire_rota(r, "ent", NULL), NR_EINPUT);
    nr_region_free(r);
}

Test(region, merging_a_rota_moves_members_requests_and_overrides) {
    nr_region *r = whatif_region();
    const char *into = nr_region_strdup(r, "oral");
    cr_assert_eq(nr_region_retire_rota(r, "ent", into), 0);
    cr_assert_eq(r->n_rotas, 2);
    cr_expect_str_eq(rotas_of(r, 0), "gi,oral", "ent's members join oral");
    cr_expect_str_eq(rotas_of(r, 2), "gi,oral", "a member of both keeps one membership");
    cr_expect_eq(r->n_requests, 3);
    cr_expect_str_eq(r->requests[0].rota.id, "oral");
    cr_expect_eq(r->n_overrides, 3);
    for (size_t i = 0; i < 3; i++) cr_expect_str_eq(r->overrides[i].rota.id, "oral");
    cr_assert_eq(r->n_covers, 1, "the merged rota's cover goes; oral keeps its own (none)");
    cr_expect_str_eq(r->covers[0].rota.id, "gi");
    nr_region_free(r);
}
