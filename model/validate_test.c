#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/validate.h"

/*
 * Regions built in code: one trust, one site, a nightly shift 17:00-08:00,
 * rota r1 (s.yaml line 20) running it, people P1..Pn (people.csv lines
 * 2..n+1) on r1, period 2027-01-04 for four weeks (28 nights, no bank
 * holidays) declared at s.yaml line 3.
 */

static nr_date ymd(int y, int m, int d) {
    nr_date out = 0;
    cr_assert(nr_date_from_ymd(y, m, d, &out));
    return out;
}

static nr_region *base_region(int people) {
    nr_region *r = nr_region_new();
    cr_assert_not_null(r);
    const char *yaml = nr_region_file(r, "s.yaml");
    const char *csv = nr_region_file(r, "people.csv");
    r->name = "Test";
    r->period_start = ymd(2027, 1, 4);
    r->period_days = 28;
    r->period_loc = nr_loc_at(yaml, 3);

    nr_trust *t = nr_region_add_trust(r);
    t->id = "T1";
    t->name = "Trust one";
    t->loc = nr_loc_at(yaml, 6);
    nr_site *s = nr_region_add_site(r);
    s->id = "S1";
    s->name = "Site one";
    s->trust = nr_region_ref(r, "T1", nr_loc_at(yaml, 8));
    s->loc = nr_loc_at(yaml, 8);

    nr_shift *sh = nr_region_add_shift(r);
    sh->id = "night";
    sh->days_mask = 0x7f;
    sh->start_minute = 17 * 60;
    sh->end_day_offset = 1;
    sh->end_minute = 8 * 60;
    sh->loc = nr_loc_at(yaml, 12);

    nr_rota *k = nr_region_add_rota(r);
    k->id = "r1";
    k->service = "GI bleed";
    k->host = nr_region_ref(r, "T1", nr_loc_at(yaml, 21));
    k->hub = nr_region_ref(r, "S1", nr_loc_at(yaml, 22));
    cr_assert_eq(nr_region_refs_push(r, &k->covers, nr_region_ref(r, "S1", nr_loc_at(yaml, 23))), 0);
    cr_assert_eq(nr_region_refs_push(r, &k->shifts, nr_region_ref(r, "night", nr_loc_at(yaml, 24))), 0);
    k->loc = nr_loc_at(yaml, 20);

    for (int i = 0; i < people; i++) {
        char id[16];
        snprintf(id, sizeof id, "P%d", i + 1);
        nr_person *p = nr_region_add_person(r);
        p->id = nr_region_strdup(r, id);
        p->name = p->id;
        p->trust = nr_region_ref(r, "T1", nr_loc_at(csv, i + 2));
        p->base_site = nr_region_ref(r, "S1", nr_loc_at(csv, i + 2));
        cr_assert_eq(nr_region_refs_push(r, &p->rotas, nr_region_ref(r, "r1", nr_loc_at(csv, i + 2))), 0);
        p->loc = nr_loc_at(csv, i + 2);
    }
    return r;
}

/* All-day leave from first to last (inclusive), as the CSV reader stores it. */
static void add_leave(nr_region *r, const char *who, nr_date first, nr_date last, int line) {
    nr_leave *l = nr_region_add_leave(r);
    l->person = nr_region_ref(r, who, nr_loc_at(nr_region_file(r, "leave.csv"), line));
    l->start = nr_london_to_utc(first, 0);
    l->end = nr_london_to_utc(last + 1, 0);
    l->all_day = true;
    l->loc = nr_loc_at(nr_region_file(r, "leave.csv"), line);
}

static nr_request *add_request(nr_region *r, const char *who, nr_date date, int line) {
    nr_loc loc = nr_loc_at(nr_region_file(r, "requests.csv"), line);
    nr_request *q = nr_region_add_request(r);
    q->person = nr_region_ref(r, who, loc);
    q->date = date;
    q->want = true;
    q->loc = loc;
    return q;
}

/* Resolve and expand (which must succeed), then validate. */
static int validate(nr_region *r, nr_diags *d) {
    cr_assert_eq(nr_region_resolve(r, d), 0, "resolve failed: %s", d->count ? d->items[0].message : "");
    cr_assert_eq(nr_region_expand(r, d), 0, "expand failed: %s", d->count ? d->items[0].message : "");
    cr_assert_eq(d->count, 0);
    return nr_region_validate(r, d);
}

/* The one diagnostic whose message is exactly msg, checked for place and
 * severity. */
static void expect(const nr_diags *d, enum nr_severity sev, const char *file, int line, const char *msg) {
    for (size_t i = 0; i < d->count; i++) {
        const nr_diag *g = &d->items[i];
        if (strcmp(g->message, msg) != 0) continue;
        cr_expect_eq(g->severity, sev, "severity of '%s'", msg);
        cr_expect_str_eq(g->file, file, "file of '%s'", msg);
        cr_expect_eq(g->line, line, "line of '%s'", msg);
        return;
    }
    for (size_t i = 0; i < d->count; i++) fprintf(stderr, "  got: %s\n", d->items[i].message);
    cr_assert_fail("no diagnostic '%s'", msg);
}

Test(validate, clean_region_has_nothing_to_say) {
    nr_region *r = base_region(4);
    nr_diags d = NR_DIAGS_INIT;
    add_leave(r, "P1", ymd(2027, 1, 11), ymd(2027, 1, 12), 2);
    add_request(r, "P2", ymd(2027, 1, 20), 2);
    cr_assert_eq(validate(r, &d), 0);
    cr_assert_eq(d.count, 0, "first: %s", d.count ? d.items[0].message : "");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, leave_ending_before_it_starts_is_an_error) {
    nr_region *r = base_region(4);
    nr_diags d = NR_DIAGS_INIT;
    add_leave(r, "P1", ymd(2027, 1, 10), ymd(2027, 1, 5), 3);
    /* timed leave ending when it starts */
    nr_leave *l = nr_region_add_leave(r);
    l->person = nr_region_ref(r, "P2", nr_loc_at("leave.csv", 4));
    l->start = l->end = nr_london_to_utc(ymd(2027, 1, 12), 8 * 60 + 30);
    l->loc = nr_loc_at(nr_region_file(r, "leave.csv"), 4);
    cr_assert_eq(validate(r, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 2);
    expect(&d, NR_SEV_ERROR, "leave.csv", 3, "leave for 'P1' ends before it starts (2027-01-10 to 2027-01-05)");
    expect(&d, NR_SEV_ERROR, "leave.csv", 4,
           "leave for 'P2' ends before it starts (2027-01-12T08:30 to 2027-01-12T08:30)");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, leave_and_requests_outside_the_period_are_warnings) {
    nr_region *r = base_region(4);
    nr_diags d = NR_DIAGS_INIT;
    add_leave(r, "P2", ymd(2026, 6, 1), ymd(2026, 6, 14), 5);
    add_leave(r, "P3", ymd(2027, 2, 1), ymd(2027, 2, 3), 6);   /* the day after the period */
    add_leave(r, "P4", ymd(2027, 1, 30), ymd(2027, 2, 3), 7);  /* overlaps: fine */
    add_request(r, "P1", ymd(2027, 1, 3), 9);                 /* the day before */
    add_request(r, "P1", ymd(2027, 1, 31), 10);               /* last day: fine */
    cr_assert_eq(validate(r, &d), 0);
    cr_assert_eq(d.warnings, 3);
    cr_assert_eq(d.errors, 0);
    expect(&d, NR_SEV_WARNING, "leave.csv", 5,
           "leave for 'P2' (2026-06-01 to 2026-06-14) is outside the period (2027-01-04 to 2027-01-31)");
    expect(&d, NR_SEV_WARNING, "leave.csv", 6,
           "leave for 'P3' (2027-02-01 to 2027-02-03) is outside the period (2027-01-04 to 2027-01-31)");
    expect(&d, NR_SEV_WARNING, "requests.csv", 9,
           "request by 'P1' for 2027-01-03 is outside the period (2027-01-04 to 2027-01-31)");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, request_for_a_rota_or_shift_that_does_not_fit) {
    nr_region *r = base_region(2);
    nr_diags d = NR_DIAGS_INIT;
    nr_shift *day = nr_region_add_shift(r);
    day->id = "day";
    day->days_mask = 0x1f;
    day->start_minute = 8 * 60;
    day->end_minute = 17 * 60;
    nr_rota *k = nr_region_add_rota(r);
    k->id = "r2";
    k->service = "ENT";
    k->host = nr_region_ref(r, "T1", nr_loc_at("s.yaml", 31));
    k->hub = nr_region_ref(r, "S1", nr_loc_at("s.yaml", 32));
    nr_region_refs_push(r, &k->shifts, nr_region_ref(r, "day", nr_loc_at("s.yaml", 33)));
    k->loc = nr_loc_at(nr_region_file(r, "s.yaml"), 30);
    nr_region_refs_push(r, &r->people[1].rotas, nr_region_ref(r, "r2", nr_loc_at("people.csv", 3)));

    nr_request *q = add_request(r, "P1", ymd(2027, 1, 6), 4);
    q->rota = nr_region_ref(r, "r2", q->loc);
    q = add_request(r, "P1", ymd(2027, 1, 7), 5);
    q->rota = nr_region_ref(r, "r1", q->loc);
    q->shift = nr_region_ref(r, "day", q->loc);
    q = add_request(r, "P2", ymd(2027, 1, 8), 6); /* fits */
    q->rota = nr_region_ref(r, "r2", q->loc);
    q->shift = nr_region_ref(r, "day", q->loc);
    cr_assert_eq(validate(r, &d), 0);
    cr_assert_eq(d.count, 2);
    expect(&d, NR_SEV_WARNING, "requests.csv", 4,
           "request by 'P1' names rota 'r2', of which they are not a member");
    expect(&d, NR_SEV_WARNING, "requests.csv", 5,
           "request by 'P1' names shift 'day', which rota 'r1' does not run");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, member_on_leave_for_the_whole_period) {
    nr_region *r = base_region(3);
    nr_diags d = NR_DIAGS_INIT;
    /* leave must also take the night starting on the period's last day */
    add_leave(r, "P3", ymd(2027, 1, 1), ymd(2027, 2, 1), 2);
    cr_assert_eq(validate(r, &d), 0);
    cr_assert_eq(d.count, 1);
    expect(&d, NR_SEV_WARNING, "people.csv", 4, "'P3' is on rota 'r1' but on leave for all of its 28 duties");
    nr_diags_clear(&d);

    /* one night fewer of leave: no warning */
    r->leave[0].end = nr_london_to_utc(ymd(2027, 1, 31), 17 * 60);
    cr_assert_eq(nr_region_validate(r, &d), 0);
    cr_assert_eq(d.count, 0);
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, rota_without_members_or_shifts_or_duties) {
    nr_region *r = base_region(2);
    nr_diags d = NR_DIAGS_INIT;
    const char *yaml = nr_region_file(r, "s.yaml");
    nr_rota *k = nr_region_add_rota(r);
    k->id = "empty";
    k->service = "ENT";
    k->host = nr_region_ref(r, "T1", nr_loc_at(yaml, 41));
    k->hub = nr_region_ref(r, "S1", nr_loc_at(yaml, 42));
    k->loc = nr_loc_at(yaml, 40);

    nr_shift *bh = nr_region_add_shift(r);
    bh->id = "bh-day";
    bh->days_mask = 0x7f;
    bh->start_minute = 8 * 60;
    bh->end_minute = 17 * 60;
    bh->bank_holidays = NR_BH_ONLY;
    k = nr_region_add_rota(r);
    k->id = "holidays";
    k->service = "ENT";
    k->host = nr_region_ref(r, "T1", nr_loc_at(yaml, 51));
    k->hub = nr_region_ref(r, "S1", nr_loc_at(yaml, 52));
    nr_region_refs_push(r, &k->shifts, nr_region_ref(r, "bh-day", nr_loc_at(yaml, 53)));
    k->loc = nr_loc_at(yaml, 50);
    nr_region_refs_push(r, &r->people[0].rotas, nr_region_ref(r, "holidays", nr_loc_at("people.csv", 2)));

    cr_assert_eq(validate(r, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 1);
    cr_assert_eq(d.warnings, 2);
    expect(&d, NR_SEV_ERROR, "s.yaml", 40, "rota 'empty' has no members");
    expect(&d, NR_SEV_WARNING, "s.yaml", 40, "rota 'empty' has no shifts");
    expect(&d, NR_SEV_WARNING, "s.yaml", 50, "rota 'holidays' has no duties in the period");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, cover_below_one_is_an_error_and_above_members_a_warning) {
    nr_region *r = base_region(2);
    nr_diags d = NR_DIAGS_INIT;
    r->rotas[0].cover = 0;
    cr_assert_eq(validate(r, &d), NR_EINPUT);
    expect(&d, NR_SEV_ERROR, "s.yaml", 20, "rota 'r1': cover must be at least 1 (is 0)");
    nr_diags_clear(&d);
    nr_region_free(r);

    r = base_region(2);
    r->rotas[0].cover = 3;
    cr_assert_eq(validate(r, &d), 0);
    expect(&d, NR_SEV_WARNING, "s.yaml", 20, "rota 'r1' needs 3 people per duty but has only 2 members");
    expect(&d, NR_SEV_WARNING, "s.yaml", 20,
           "rota 'r1' has 28 duties with too few members free of leave to cover them (first: 2027-01-04 night)");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, min_duties_contradicting_max_frequency) {
    nr_region *r = base_region(8);
    nr_diags d = NR_DIAGS_INIT;
    r->rotas[0].rules.max_frequency = 4; /* ceil(28 / 4) = 7 */
    r->rotas[0].rules.min_duties = 8;
    nr_override *o = nr_region_add_override(r);
    o->person = nr_region_ref(r, "P2", nr_loc_at("s.yaml", 61));
    o->rota = nr_region_ref(r, "r1", nr_loc_at("s.yaml", 61));
    o->rules.min_duties = 3;
    o->rules.max_frequency = 14; /* allows 2 */
    o->loc = nr_loc_at(nr_region_file(r, "s.yaml"), 61);
    cr_assert_eq(validate(r, &d), 0);
    expect(&d, NR_SEV_WARNING, "s.yaml", 20,
           "rota 'r1': min_duties 8 is more than max_frequency 1 in 4 allows (7 of its 28 duties)");
    expect(&d, NR_SEV_WARNING, "s.yaml", 61,
           "override for 'P2' on rota 'r1': min_duties 3 is more than max_frequency 1 in 14 allows (2 of its 28 duties)");
    nr_diags_clear(&d);

    r->rotas[0].rules.min_duties = 7; /* exactly what 1 in 4 allows: fine */
    r->overrides[0].rules.min_duties = 2;
    cr_assert_eq(nr_region_validate(r, &d), 0);
    cr_assert_eq(d.count, 0, "first: %s", d.count ? d.items[0].message : "");
    nr_diags_clear(&d);

    r->rotas[0].rules.max_frequency = NR_UNSET;
    r->rotas[0].rules.min_duties = 29;
    r->overrides[0].rules.max_frequency = NR_UNSET;
    r->overrides[0].rules.min_duties = NR_UNSET;
    nr_region_validate(r, &d);
    expect(&d, NR_SEV_WARNING, "s.yaml", 20, "rota 'r1': min_duties 29 is more than the rota's 28 duties in the period");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, capacity_under_max_frequency) {
    nr_region *r = base_region(4);
    nr_diags d = NR_DIAGS_INIT;
    r->rotas[0].rules.max_frequency = 8; /* each: ceil(28 / 8) = 4, so 16 of 28 */
    cr_assert_eq(validate(r, &d), 0);
    cr_assert_eq(d.count, 1);
    expect(&d, NR_SEV_WARNING, "s.yaml", 20,
           "rota 'r1' needs 28 duty slots but its 4 members can take at most 16 under its rules "
           "(max_frequency 1 in 8)");
    nr_rota_capacity c = nr_rota_capacity_of(r, 0);
    cr_assert_eq(c.duties, 28);
    cr_assert_eq(c.slots, 28);
    cr_assert_eq(c.members, 4);
    cr_assert_float_eq(c.member_fte, 4.0, 1e-9);
    cr_assert_float_eq(c.frequency, 4.0, 1e-9); /* 28 days * 4 members / 28 slots */
    cr_assert_float_eq(c.max_possible, 16.0, 1e-9);
    nr_diags_clear(&d);

    /* Leave and a half share cut it further: P1 away 2027-01-11..17 loses the
     * nights of the 10th to the 17th (8), so ceil(20 / 8) = 3; P2 at share
     * 0.5 gets ceil(28 * 0.5 / 8) = 2. */
    add_leave(r, "P1", ymd(2027, 1, 11), ymd(2027, 1, 17), 2);
    r->people[1].share = 0.5;
    r->leave[0].person.index = 0; /* resolved by hand: the region is already resolved */
    cr_assert_eq(nr_region_validate(r, &d), 0);
    expect(&d, NR_SEV_WARNING, "s.yaml", 20,
           "rota 'r1' needs 28 duty slots but its 4 members can take at most 13 under its rules "
           "(max_frequency 1 in 8) and their leave");
    c = nr_rota_capacity_of(r, 0);
    cr_assert_float_eq(c.max_possible, 13.0, 1e-9);
    cr_assert_float_eq(c.member_fte, 3.5, 1e-9);
    nr_diags_clear(&d);

    /* 1 in 4 lets four people do exactly 28: no warning */
    r->rotas[0].rules.max_frequency = 4;
    r->people[1].share = 1.0;
    r->n_leave = 0;
    cr_assert_eq(nr_region_validate(r, &d), 0);
    cr_assert_eq(d.count, 0, "first: %s", d.count ? d.items[0].message : "");
    cr_assert_float_eq(nr_rota_capacity_of(r, 0).max_possible, 28.0, 1e-9);
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, capacity_unbounded_without_rules) {
    nr_region *r = base_region(1);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(validate(r, &d), 0);
    cr_assert_eq(d.count, 0);
    nr_rota_capacity c = nr_rota_capacity_of(r, 0);
    cr_assert(isinf(c.max_possible));
    cr_assert_float_eq(c.frequency, 1.0, 1e-9);
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, capacity_under_max_weekends_min_days_and_hours) {
    nr_region *r = base_region(2);
    nr_diags d = NR_DIAGS_INIT;
    /* Swap the nightly shift for a Friday-to-Monday weekend: 4 duties. */
    nr_shift *s = &r->shifts[0];
    s->days_mask = 1u << NR_FRI;
    s->end_day_offset = 3;
    r->rotas[0].rules.max_weekends = 1;
    cr_assert_eq(validate(r, &d), 0);
    expect(&d, NR_SEV_WARNING, "s.yaml", 20,
           "rota 'r1' needs 4 duty slots but its 2 members can take at most 2 under its rules "
           "(max_weekends 1)");
    nr_diags_clear(&d);

    /* Nightly again: min_days_between 7 allows (28 - 1) / 7 + 1 = 4 each. */
    s->days_mask = 0x7f;
    s->end_day_offset = 1;
    r->rotas[0].rules.max_weekends = NR_UNSET;
    r->rotas[0].rules.min_days_between = 7;
    cr_assert_eq(nr_region_expand(r, &d), 0);
    cr_assert_eq(nr_region_validate(r, &d), 0);
    expect(&d, NR_SEV_WARNING, "s.yaml", 20,
           "rota 'r1' needs 28 duty slots but its 2 members can take at most 8 under its rules "
           "(min_days_between 7)");
    cr_assert_float_eq(nr_rota_capacity_of(r, 0).max_possible, 8.0, 1e-9);
    nr_diags_clear(&d);

    /* max_hours 150 over 15-hour nights: 10 each. */
    r->rotas[0].rules.min_days_between = NR_UNSET;
    r->rotas[0].rules.max_hours = 150;
    cr_assert_eq(nr_region_validate(r, &d), 0);
    expect(&d, NR_SEV_WARNING, "s.yaml", 20,
           "rota 'r1' needs 28 duty slots but its 2 members can take at most 20 under its rules "
           "(max_hours 150)");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, member_whose_rules_allow_no_duty) {
    nr_region *r = base_region(3);
    nr_diags d = NR_DIAGS_INIT;
    nr_override *o = nr_region_add_override(r);
    o->person = nr_region_ref(r, "P3", nr_loc_at("s.yaml", 70));
    o->rules.max_hours = 10; /* less than one 15-hour night */
    o->loc = nr_loc_at(nr_region_file(r, "s.yaml"), 70);
    cr_assert_eq(validate(r, &d), 0);
    expect(&d, NR_SEV_WARNING, "people.csv", 4, "'P3' is on rota 'r1' but its rules allow them none of its 28 duties");
    /* the override alone limits anyone, and the other two can still cover */
    cr_assert_eq(d.count, 1);
    cr_assert_float_eq(nr_rota_capacity_of(r, 0).max_possible, 56.0, 1e-9);
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, duties_nobody_is_free_for) {
    nr_region *r = base_region(2);
    nr_diags d = NR_DIAGS_INIT;
    add_leave(r, "P1", ymd(2027, 1, 20), ymd(2027, 1, 20), 2);
    add_leave(r, "P2", ymd(2027, 1, 20), ymd(2027, 1, 22), 3);
    cr_assert_eq(validate(r, &d), 0);
    cr_assert_eq(d.count, 1);
    /* nights of the 19th and 20th overlap both people's leave */
    expect(&d, NR_SEV_WARNING, "s.yaml", 20,
           "rota 'r1' has 2 duties with too few members free of leave to cover them (first: 2027-01-19 night)");
    nr_diags_clear(&d);
    nr_region_free(r);
}

/* --- issue 6: cover entries, new rules, shift caps, shares -------------- */

static nr_cover *add_cover(nr_region *r, const char *shift, nr_date date, int line) {
    nr_loc loc = nr_loc_at(nr_region_file(r, "s.yaml"), line);
    nr_cover *c = nr_region_add_cover(r);
    cr_assert_not_null(c);
    c->rota = nr_region_ref(r, "r1", loc);
    c->shift = nr_region_ref(r, shift, loc);
    c->date = date;
    c->loc = loc;
    return c;
}

static nr_override *add_override(nr_region *r, const char *who, const char *rota, const char *shift,
                                 int line) {
    nr_loc loc = nr_loc_at(nr_region_file(r, "s.yaml"), line);
    nr_override *o = nr_region_add_override(r);
    cr_assert_not_null(o);
    o->person = nr_region_ref(r, who, loc);
    o->rota = nr_region_ref(r, rota, loc);
    o->shift = nr_region_ref(r, shift, loc);
    o->loc = loc;
    return o;
}

static void add_day_shift(nr_region *r) {
    nr_shift *day = nr_region_add_shift(r);
    day->id = "day";
    day->days_mask = 0x1f;
    day->start_minute = 8 * 60;
    day->end_minute = 17 * 60;
    day->loc = nr_loc_at(nr_region_file(r, "s.yaml"), 14);
}

Test(validate, cover_entries_that_meet_no_duty_are_warnings) {
    nr_region *r = base_region(4);
    nr_diags d = NR_DIAGS_INIT;
    add_day_shift(r);                              /* r1 does not run it */
    r->shifts[0].days_mask = 0x1f;                 /* r1's nights: Mon-Fri only */
    add_cover(r, NULL, ymd(2027, 1, 4), 80)->needed = 2;        /* a Monday: fine */
    add_cover(r, "night", ymd(2027, 1, 8), 81)->needed = 2;     /* a Friday night: fine */
    add_cover(r, NULL, ymd(2027, 1, 9), 82)->needed = 2;        /* Saturday: no duty */
    add_cover(r, "night", ymd(2027, 1, 10), 83)->needed = 2;    /* Sunday: no night */
    add_cover(r, "day", ymd(2027, 1, 11), 84)->needed = 2;      /* r1 runs no day shift */
    add_cover(r, NULL, ymd(2027, 2, 1), 85)->needed = 2;        /* day after the period */
    add_cover(r, "night", ymd(2027, 1, 3), 86)->max = 2;        /* day before */
    cr_assert_eq(validate(r, &d), 0);
    cr_assert_eq(d.errors, 0);
    cr_assert_eq(d.warnings, 5, "first: %s", d.count ? d.items[0].message : "");
    expect(&d, NR_SEV_WARNING, "s.yaml", 82,
           "cover for rota 'r1' on 2027-01-09: the rota runs no duty that date; it changes nothing");
    expect(&d, NR_SEV_WARNING, "s.yaml", 83,
           "cover for rota 'r1' shift 'night' on 2027-01-10: the rota runs no duty of that shift "
           "that date; it changes nothing");
    expect(&d, NR_SEV_WARNING, "s.yaml", 84,
           "cover for rota 'r1' shift 'day' on 2027-01-11: the rota runs no duty of that shift "
           "that date; it changes nothing");
    expect(&d, NR_SEV_WARNING, "s.yaml", 85,
           "cover for rota 'r1' on 2027-02-01 is outside the period (2027-01-04 to 2027-01-31); "
           "it changes nothing");
    expect(&d, NR_SEV_WARNING, "s.yaml", 86,
           "cover for rota 'r1' shift 'night' on 2027-01-03 is outside the period (2027-01-04 to "
           "2027-01-31); it changes nothing");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, cover_numbers_that_make_no_sense_are_errors) {
    nr_region *r = base_region(4);
    nr_diags d = NR_DIAGS_INIT;
    add_cover(r, NULL, ymd(2027, 1, 5), 90)->needed = -2;
    add_cover(r, "night", ymd(2027, 1, 6), 91)->max = -3;
    nr_cover *c = add_cover(r, NULL, ymd(2027, 1, 7), 92);
    c->needed = 3;
    c->max = 2;
    add_cover(r, "night", ymd(2027, 1, 8), 93)->max = 0; /* below the rota's cover 1 */
    add_cover(r, NULL, ymd(2027, 1, 9), 94)->under_weight = NAN;
    c = add_cover(r, NULL, ymd(2027, 1, 10), 95); /* all fine: needed 0, max 2, weights stated */
    c->needed = 0;
    c->max = 2;
    c->under_weight = 0;
    c->over_weight = 5;
    cr_assert_eq(validate(r, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 5);
    cr_assert_eq(d.warnings, 0, "first: %s", d.count ? d.items[0].message : "");
    expect(&d, NR_SEV_ERROR, "s.yaml", 90, "cover for rota 'r1' on 2027-01-05: needed must not be negative (is -2)");
    expect(&d, NR_SEV_ERROR, "s.yaml", 91,
           "cover for rota 'r1' shift 'night' on 2027-01-06: max must not be negative (is -3)");
    expect(&d, NR_SEV_ERROR, "s.yaml", 92, "cover for rota 'r1' on 2027-01-07: max 2 is less than needed 3");
    expect(&d, NR_SEV_ERROR, "s.yaml", 93,
           "cover for rota 'r1' shift 'night' on 2027-01-08: max 0 is less than the rota's cover 1");
    expect(&d, NR_SEV_ERROR, "s.yaml", 94, "cover for rota 'r1' on 2027-01-09: under_weight must be a number");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, cover_max_below_cover_is_an_error) {
    nr_region *r = base_region(4);
    nr_diags d = NR_DIAGS_INIT;
    r->rotas[0].cover = 2;
    r->rotas[0].cover_max = 1;
    r->rotas[0].over_weight = INFINITY;
    cr_assert_eq(validate(r, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 2);
    expect(&d, NR_SEV_ERROR, "s.yaml", 20, "rota 'r1': cover_max 1 is less than cover 2");
    expect(&d, NR_SEV_ERROR, "s.yaml", 20, "rota 'r1': over_weight must be a number");
    nr_diags_clear(&d);
    /* Equal is fine, and so is a negative (unset) weight. */
    r->rotas[0].cover_max = 2;
    r->rotas[0].over_weight = -1;
    r->rotas[0].under_weight = -5;
    cr_assert_eq(nr_region_validate(r, &d), 0);
    cr_assert_eq(d.count, 0, "first: %s", d.count ? d.items[0].message : "");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, minimum_runs_below_one_are_errors) {
    nr_region *r = base_region(4);
    nr_diags d = NR_DIAGS_INIT;
    r->rotas[0].rules.min_consecutive = 0;
    r->rotas[0].rules.min_days_off = -3;
    add_override(r, "P2", "r1", NULL, 61)->rules.min_days_off = 0;
    add_override(r, "P3", NULL, NULL, 62)->rules.min_consecutive = 0;
    nr_override *ok = add_override(r, "P4", NULL, NULL, 63);
    ok->rules.min_consecutive = 1;
    ok->rules.min_days_off = 1;
    add_override(r, "P1", NULL, NULL, 64)->rules.max_duties = -4;
    cr_assert_eq(validate(r, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 5);
    expect(&d, NR_SEV_ERROR, "s.yaml", 20, "rota 'r1': min_consecutive must be at least 1 (is 0)");
    expect(&d, NR_SEV_ERROR, "s.yaml", 20, "rota 'r1': min_days_off must be at least 1 (is -3)");
    expect(&d, NR_SEV_ERROR, "s.yaml", 61, "override for 'P2' on rota 'r1': min_days_off must be at least 1 (is 0)");
    expect(&d, NR_SEV_ERROR, "s.yaml", 62, "override for 'P3': min_consecutive must be at least 1 (is 0)");
    expect(&d, NR_SEV_ERROR, "s.yaml", 64, "override for 'P1': max_duties must not be negative (is -4)");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, min_consecutive_above_max_consecutive_is_an_error) {
    nr_region *r = base_region(4);
    nr_diags d = NR_DIAGS_INIT;
    r->rotas[0].rules.min_consecutive = 3;
    r->rotas[0].rules.max_consecutive = 2;
    cr_assert_eq(validate(r, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 1);
    expect(&d, NR_SEV_ERROR, "s.yaml", 20,
           "rota 'r1': min_consecutive 3 is more than max_consecutive 2: no run of duties inside "
           "the period could keep both");
    nr_diags_clear(&d);

    /* Equal is fine; an override raising the minimum for one person is not,
     * and is reported at the override, once for the rota it touches. */
    r->rotas[0].rules.min_consecutive = 2;
    nr_override *o = add_override(r, "P2", NULL, NULL, 66);
    o->rules.min_consecutive = 4;
    o->person.index = 1;
    cr_assert_eq(nr_region_validate(r, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 1);
    expect(&d, NR_SEV_ERROR, "s.yaml", 66,
           "override for 'P2' on rota 'r1': min_consecutive 4 is more than max_consecutive 2: no "
           "run of duties inside the period could keep both");
    nr_diags_clear(&d);

    /* max_consecutive 0 is unset (as the solver and checker read it). */
    r->rotas[0].rules.max_consecutive = 0;
    cr_assert_eq(nr_region_validate(r, &d), 0);
    cr_assert_eq(d.count, 0, "first: %s", d.count ? d.items[0].message : "");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, min_hours_above_max_hours_is_an_error) {
    nr_region *r = base_region(4);
    nr_diags d = NR_DIAGS_INIT;
    r->rotas[0].rules.min_hours = 100;
    r->rotas[0].rules.max_hours = 90;
    nr_override *o = add_override(r, "P3", "r1", NULL, 67);
    o->rules.max_hours = 200; /* P3's own limits are fine */
    o = add_override(r, "P4", "r1", NULL, 68);
    o->rules.min_hours = 150;
    o->rules.max_hours = 120.5;
    cr_assert_eq(validate(r, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 2, "first: %s", d.count ? d.items[0].message : "");
    expect(&d, NR_SEV_ERROR, "s.yaml", 20, "rota 'r1': min_hours 100 is more than max_hours 90");
    expect(&d, NR_SEV_ERROR, "s.yaml", 68, "override for 'P4' on rota 'r1': min_hours 150 is more than max_hours 120.5");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, shift_overrides_cap_only_max_duties) {
    nr_region *r = base_region(4);
    nr_diags d = NR_DIAGS_INIT;
    nr_override *o = add_override(r, "P1", "r1", "night", 70);
    o->rules.max_duties = 5;
    o->rules.min_hours = 10;
    o->rules.max_weekends = 1;
    add_override(r, "P2", NULL, "night", 71)->rules.max_duties = -2;
    add_override(r, "P3", NULL, "night", 72)->rules.max_hours = 40;
    add_override(r, "P4", NULL, "night", 73)->rules.max_duties = 0; /* fine: never nights */
    cr_assert_eq(validate(r, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 1);
    cr_assert_eq(d.warnings, 3, "first: %s", d.count ? d.items[0].message : "");
    expect(&d, NR_SEV_WARNING, "s.yaml", 70,
           "override for 'P1' on rota 'r1' shift 'night': only max_duties applies to one shift; "
           "max_weekends, min_hours ignored");
    expect(&d, NR_SEV_ERROR, "s.yaml", 71,
           "override for 'P2' shift 'night': shift cap max_duties must not be negative (is -2)");
    expect(&d, NR_SEV_WARNING, "s.yaml", 72,
           "override for 'P3' shift 'night': only max_duties applies to one shift; max_hours ignored");
    expect(&d, NR_SEV_WARNING, "s.yaml", 72, "override for 'P3' shift 'night': states no max_duties, so it caps nothing");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, min_duties_against_max_frequency_at_the_persons_share) {
    nr_region *r = base_region(4);
    nr_diags d = NR_DIAGS_INIT;
    /* 1 in 8 over 28 nights: 4 at a full share, 2 at half, 6 at 1.5. */
    r->rotas[0].rules.max_frequency = 8;
    r->rotas[0].rules.min_duties = 3;
    r->people[1].share = 0.5; /* P2, own override */
    r->people[2].share = 0.5; /* P3, the rota's rules */
    r->people[3].share = 1.5; /* P4, an override that a full share could not keep */
    nr_override *o = add_override(r, "P2", "r1", NULL, 74);
    o->rules.min_duties = 3;
    o = add_override(r, "P4", NULL, NULL, 75);
    o->rules.min_duties = 5;
    cr_assert_eq(validate(r, &d), 0);
    expect(&d, NR_SEV_WARNING, "s.yaml", 74,
           "override for 'P2' on rota 'r1': min_duties 3 is more than max_frequency 1 in 8 allows "
           "at share 0.5 (2 of its 28 duties)");
    expect(&d, NR_SEV_WARNING, "people.csv", 4,
           "'P3' on rota 'r1': min_duties 3 is more than max_frequency 1 in 8 allows at share 0.5 "
           "(2 of its 28 duties)");
    /* P1 (full share) and P4 (1.5 allows 6) are fine: the capacity warning
     * (4 + 2 + 2 + 6 = 14 of 28) is the only other one. */
    cr_assert_eq(d.warnings, 3, "first: %s", d.count ? d.items[0].message : "");
    expect(&d, NR_SEV_WARNING, "s.yaml", 20,
           "rota 'r1' needs 28 duty slots but its 4 members can take at most 14 under its rules "
           "(max_frequency 1 in 8)");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(validate, capacity_under_max_duties) {
    nr_region *r = base_region(3);
    nr_diags d = NR_DIAGS_INIT;
    r->rotas[0].rules.max_duties = 9;
    cr_assert_eq(validate(r, &d), 0);
    expect(&d, NR_SEV_WARNING, "s.yaml", 20,
           "rota 'r1' needs 28 duty slots but its 3 members can take at most 27 under its rules "
           "(max_duties 9)");
    cr_assert_float_eq(nr_rota_capacity_of(r, 0).max_possible, 27.0, 1e-9);
    nr_diags_clear(&d);
    nr_region_free(r);
}
