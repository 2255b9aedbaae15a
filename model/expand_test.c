#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "model/region.h"

#define ALL_DAYS 0x7fu
#define DAY(w) (1u << (w))

static const char *F = "scenario.yaml";

static nr_date date(const char *s) {
    nr_date d = 0;
    cr_assert(nr_date_parse(s, &d), "'%s'", s);
    return d;
}

static int hhmm(const char *s) {
    int m = 0;
    cr_assert(nr_time_parse(s, &m), "'%s'", s);
    return m;
}

/* A region with one trust and one site, a period, and the England bank
 * holidays of that period and a week either side (a duty near the end may
 * span a later holiday); rotas and shifts are added by each test. */
static nr_region *region(const char *start, int days) {
    nr_region *r = nr_region_new();
    cr_assert_not_null(r);
    nr_trust *t = nr_region_add_trust(r);
    t->id = "T";
    t->loc = nr_loc_at(F, 2);
    nr_site *s = nr_region_add_site(r);
    s->id = "S";
    s->trust = nr_region_ref(r, "T", nr_loc_at(F, 3));
    s->loc = nr_loc_at(F, 3);
    r->period_start = date(start);
    r->period_days = days;
    r->period_loc = nr_loc_at(F, 1);
    nr_date hol[64];
    int n = nr_bank_holidays_england(r->period_start - 7, r->period_start + days + 7, hol, 64);
    cr_assert_leq(n, 64);
    cr_assert_eq(nr_region_set_bank_holidays(r, hol, (size_t)n), 0);
    return r;
}

static void add_shift(nr_region *r, const char *id, unsigned days, const char *from,
                      int offset, const char *to, enum nr_bank_holiday_mode mode, int line) {
    nr_shift *s = nr_region_add_shift(r);
    cr_assert_not_null(s);
    s->id = nr_region_strdup(r, id);
    s->days_mask = days;
    s->start_minute = hhmm(from);
    s->end_day_offset = offset;
    s->end_minute = hhmm(to);
    s->bank_holidays = mode;
    s->loc = nr_loc_at(F, line);
}

/* shifts: space-separated shift ids. */
static void add_rota(nr_region *r, const char *id, const char *shifts, int cover, int line) {
    nr_rota *k = nr_region_add_rota(r);
    cr_assert_not_null(k);
    k->id = nr_region_strdup(r, id);
    k->service = "GI bleed";
    k->host = nr_region_ref(r, "T", nr_loc_at(F, line));
    k->hub = nr_region_ref(r, "S", nr_loc_at(F, line));
    cr_assert_eq(nr_region_refs_push(r, &k->covers, nr_region_ref(r, "S", nr_loc_at(F, line))), 0);
    char buf[128];
    snprintf(buf, sizeof buf, "%s", shifts);
    char *save = NULL;
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
        cr_assert_eq(nr_region_refs_push(r, &k->shifts, nr_region_ref(r, w, nr_loc_at(F, line))),
                     0);
    k->cover = cover;
    k->loc = nr_loc_at(F, line);
}

static void resolve_and_expand(nr_region *r) {
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_resolve(r, &d), 0);
    int rc = nr_region_expand(r, &d);
    if (d.count) nr_diags_print(&d, stderr);
    cr_assert_eq(rc, 0);
    cr_assert_eq(d.count, 0);
    nr_diags_clear(&d);
}

/* The duty of rota k / shift id starting on day, or NULL. */
static const nr_duty *duty(const nr_region *r, int k, const char *shift, const char *day) {
    int s = nr_region_find_shift(r, shift);
    nr_date dd = date(day);
    for (size_t i = 0; i < r->n_duties; i++)
        if (r->duties[i].rota == k && r->duties[i].shift == s && r->duties[i].date == dd)
            return &r->duties[i];
    return NULL;
}

static nr_instant utc(const char *day, int hour, int minute) {
    return (nr_instant)date(day) * 86400 + hour * 3600 + minute * 60;
}

Test(expand, nights_across_clock_changes) {
    nr_region *r = region("2026-10-19", 385); /* to 2027-11-07 */
    add_shift(r, "night", ALL_DAYS, "17:00", 1, "08:00", NR_BH_NORMAL, 10);
    add_rota(r, "gi", "night", 1, 20);
    resolve_and_expand(r);
    cr_assert_eq(r->n_duties, 385);

    const nr_duty *spring = duty(r, 0, "night", "2027-03-27");
    cr_assert_not_null(spring);
    cr_assert_eq(spring->start, utc("2027-03-27", 17, 0));
    cr_assert_eq(spring->end, utc("2027-03-28", 7, 0));
    cr_assert_float_eq(nr_duty_hours(spring), 14.0, 1e-9);

    const nr_duty *autumn = duty(r, 0, "night", "2026-10-24");
    cr_assert_not_null(autumn);
    cr_assert_eq(autumn->start, utc("2026-10-24", 16, 0));
    cr_assert_eq(autumn->end, utc("2026-10-25", 8, 0));
    cr_assert_float_eq(nr_duty_hours(autumn), 16.0, 1e-9);

    const nr_duty *autumn27 = duty(r, 0, "night", "2027-10-30");
    cr_assert_not_null(autumn27);
    cr_assert_float_eq(nr_duty_hours(autumn27), 16.0, 1e-9);

    /* Every other night is 15 hours, and summer nights are shifted by BST. */
    int n14 = 0, n16 = 0;
    for (size_t i = 0; i < r->n_duties; i++) {
        double h = nr_duty_hours(&r->duties[i]);
        if (h == 14.0) n14++;
        else if (h == 16.0) n16++;
        else cr_assert_float_eq(h, 15.0, 1e-9, "duty %zu", i);
        cr_assert_eq(r->duties[i].date, r->period_start + (nr_date)i, "one per day, in order");
    }
    cr_assert_eq(n14, 1);
    cr_assert_eq(n16, 2);
    const nr_duty *summer = duty(r, 0, "night", "2027-07-14");
    cr_assert_eq(summer->start, utc("2027-07-14", 16, 0));
    nr_region_free(r);
}

Test(expand, weekend_shift_across_october_change_is_64_hours) {
    nr_region *r = region("2026-10-12", 21);
    add_shift(r, "weekend", DAY(NR_FRI), "17:00", 3, "08:00", NR_BH_NORMAL, 10);
    add_rota(r, "gi", "weekend", 2, 20);
    resolve_and_expand(r);
    cr_assert_eq(r->n_duties, 3);
    const nr_duty *u = duty(r, 0, "weekend", "2026-10-23");
    cr_assert_not_null(u);
    cr_assert_float_eq(nr_duty_hours(u), 64.0, 1e-9);
    cr_assert_eq(u->end, utc("2026-10-26", 8, 0));
    cr_assert_eq(u->kind, NR_DUTY_WEEKEND);
    cr_assert_eq(u->weekend, date("2026-10-24"));
    cr_assert_eq(u->needed, 2);
    cr_assert_float_eq(nr_duty_hours(duty(r, 0, "weekend", "2026-10-16")), 63.0, 1e-9);
    cr_assert_float_eq(nr_duty_hours(duty(r, 0, "weekend", "2026-10-30")), 63.0, 1e-9);
    nr_region_free(r);
}

Test(expand, kinds_and_weekends) {
    /* 2027-03-22 (Mon) .. 2027-04-04: Good Friday 26 March, Easter Monday 29. */
    nr_region *r = region("2027-03-22", 14);
    add_shift(r, "night", ALL_DAYS, "17:00", 1, "08:00", NR_BH_NORMAL, 10);
    add_shift(r, "weekend", DAY(NR_FRI), "17:00", 3, "08:00", NR_BH_NORMAL, 11);
    add_shift(r, "long", DAY(NR_THU), "17:00", 2, "13:00", NR_BH_NORMAL, 12);
    add_rota(r, "gi", "night weekend long", 1, 20);
    resolve_and_expand(r);

    struct {
        const char *shift, *day;
        enum nr_duty_kind kind;
        const char *weekend;
    } want[] = {
        {"night", "2027-03-22", NR_DUTY_WEEKDAY, NULL},
        {"night", "2027-03-25", NR_DUTY_WEEKDAY, NULL},
        {"night", "2027-03-26", NR_DUTY_BANK_HOLIDAY, NULL}, /* Good Friday */
        {"night", "2027-03-27", NR_DUTY_WEEKEND, "2027-03-27"},
        {"night", "2027-03-28", NR_DUTY_WEEKEND, "2027-03-27"}, /* ends before BH noon */
        {"night", "2027-03-29", NR_DUTY_BANK_HOLIDAY, NULL}, /* Easter Monday */
        {"night", "2027-04-02", NR_DUTY_WEEKDAY, NULL},      /* Fri night ending Sat */
        {"night", "2027-04-03", NR_DUTY_WEEKEND, "2027-04-03"},
        {"night", "2027-04-04", NR_DUTY_WEEKEND, "2027-04-03"},
        {"weekend", "2027-03-26", NR_DUTY_BANK_HOLIDAY, NULL},
        {"weekend", "2027-04-02", NR_DUTY_WEEKEND, "2027-04-03"},
        {"long", "2027-03-25", NR_DUTY_BANK_HOLIDAY, NULL}, /* covers Good Friday noon */
        {"long", "2027-04-01", NR_DUTY_WEEKEND, "2027-04-03"}, /* covers Saturday noon */
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const nr_duty *u = duty(r, 0, want[i].shift, want[i].day);
        cr_assert_not_null(u, "%s %s", want[i].shift, want[i].day);
        cr_assert_eq(u->kind, want[i].kind, "%s %s kind %s", want[i].shift, want[i].day,
                     nr_duty_kind_name(u->kind));
        nr_date we = want[i].weekend ? date(want[i].weekend) : NR_UNSET;
        cr_assert_eq(u->weekend, we, "%s %s weekend", want[i].shift, want[i].day);
    }
    nr_region_free(r);
}

Test(expand, bank_holiday_covered_at_noon_after_the_start_day) {
    /* Fri 28 May 2027 17:00 to Tue 08:00 spans the Spring bank holiday's noon. */
    nr_region *r = region("2027-05-24", 7);
    add_shift(r, "long-weekend", DAY(NR_FRI), "17:00", 4, "08:00", NR_BH_NORMAL, 10);
    add_shift(r, "short-weekend", DAY(NR_FRI), "17:00", 3, "08:00", NR_BH_NORMAL, 11);
    add_rota(r, "gi", "long-weekend short-weekend", 1, 20);
    resolve_and_expand(r);
    cr_assert_eq(duty(r, 0, "long-weekend", "2027-05-28")->kind, NR_DUTY_BANK_HOLIDAY);
    cr_assert_eq(duty(r, 0, "long-weekend", "2027-05-28")->weekend, NR_UNSET);
    cr_assert_eq(duty(r, 0, "short-weekend", "2027-05-28")->kind, NR_DUTY_WEEKEND);
    nr_region_free(r);
}

Test(expand, skip_and_only_modes) {
    /* Christmas 2026: Fri 25 Dec and the substitute Boxing Day Mon 28 Dec. */
    nr_region *r = region("2026-12-21", 21); /* to 2027-01-10 */
    add_shift(r, "weeknight", DAY(NR_MON) | DAY(NR_TUE) | DAY(NR_WED) | DAY(NR_THU) | DAY(NR_FRI),
              "17:00", 1, "08:00", NR_BH_SKIP, 10);
    add_shift(r, "bh-day", DAY(NR_MON), "08:00", 0, "17:00", NR_BH_ONLY, 11);
    add_shift(r, "plain", DAY(NR_FRI), "08:00", 0, "17:00", NR_BH_NORMAL, 12);
    add_rota(r, "gi", "weeknight bh-day plain", 1, 20);
    resolve_and_expand(r);
    cr_assert_null(duty(r, 0, "weeknight", "2026-12-25"));
    cr_assert_null(duty(r, 0, "weeknight", "2026-12-28"));
    cr_assert_not_null(duty(r, 0, "weeknight", "2026-12-24"));
    cr_assert_not_null(duty(r, 0, "weeknight", "2026-12-29"));
    cr_assert_not_null(duty(r, 0, "weeknight", "2027-01-04"));
    cr_assert_null(duty(r, 0, "weeknight", "2027-01-01"), "New Year's Day skipped");
    /* 15 weekdays minus 3 bank holidays. */
    int weeknights = 0, bh = 0, plain = 0;
    for (size_t i = 0; i < r->n_duties; i++) {
        const char *id = r->shifts[r->duties[i].shift].id;
        weeknights += strcmp(id, "weeknight") == 0;
        bh += strcmp(id, "bh-day") == 0;
        plain += strcmp(id, "plain") == 0;
    }
    cr_assert_eq(weeknights, 12);
    /* ONLY runs on every bank holiday, whatever its weekdays say (Mon only). */
    cr_assert_eq(bh, 3);
    cr_assert_not_null(duty(r, 0, "bh-day", "2026-12-25"));
    cr_assert_not_null(duty(r, 0, "bh-day", "2026-12-28"));
    cr_assert_not_null(duty(r, 0, "bh-day", "2027-01-01"));
    cr_assert_null(duty(r, 0, "bh-day", "2027-01-04"), "an ordinary Monday");
    cr_assert_eq(duty(r, 0, "bh-day", "2027-01-01")->kind, NR_DUTY_BANK_HOLIDAY);
    /* NORMAL runs on bank holidays too. */
    cr_assert_eq(plain, 3);
    cr_assert_not_null(duty(r, 0, "plain", "2026-12-25"));
    nr_region_free(r);
}

Test(expand, sorted_by_start_then_rota_then_shift) {
    nr_region *r = region("2027-01-04", 7);
    add_shift(r, "evening", ALL_DAYS, "17:00", 1, "08:00", NR_BH_NORMAL, 10);
    add_shift(r, "day", ALL_DAYS, "08:00", 0, "17:00", NR_BH_NORMAL, 11);
    add_shift(r, "twilight", ALL_DAYS, "17:00", 0, "22:00", NR_BH_NORMAL, 12);
    /* Rota 0 lists its shifts out of index order on purpose. */
    add_rota(r, "b", "twilight day evening", 1, 20);
    add_rota(r, "a", "evening", 1, 30);
    resolve_and_expand(r);
    cr_assert_eq(r->n_duties, 7 * 4);
    for (size_t i = 1; i < r->n_duties; i++) {
        const nr_duty *p = &r->duties[i - 1], *q = &r->duties[i];
        bool ordered = p->start < q->start ||
                       (p->start == q->start &&
                        (p->rota < q->rota || (p->rota == q->rota && p->shift < q->shift)));
        cr_assert(ordered, "duty %zu out of order", i);
    }
    /* Each day: 08:00 day (rota 0), then at 17:00 rota 0 evening (shift 0),
     * rota 0 twilight (shift 2), rota 1 evening (shift 0). */
    int expect_rota[4] = {0, 0, 0, 1}, expect_shift[4] = {1, 0, 2, 0};
    for (size_t i = 0; i < 4; i++) {
        cr_assert_eq(r->duties[i].rota, expect_rota[i], "item %zu", i);
        cr_assert_eq(r->duties[i].shift, expect_shift[i], "item %zu", i);
    }
    nr_region_free(r);
}

Test(expand, errors_timezone_and_period) {
    nr_region *r = region("2027-01-04", 7);
    add_shift(r, "night", ALL_DAYS, "17:00", 1, "08:00", NR_BH_NORMAL, 10);
    add_rota(r, "gi", "night", 1, 20);
    r->timezone = "Europe/Paris";
    r->period_days = 0;
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_resolve(r, &d), 0);
    cr_assert_eq(nr_region_expand(r, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 2);
    cr_assert_str_eq(d.items[0].message,
                     "timezone: only Europe/London is supported, not 'Europe/Paris'");
    cr_assert_str_eq(d.items[0].file, F);
    cr_assert_eq(d.items[0].line, 1);
    cr_assert_str_eq(d.items[1].message, "period: must last at least one day (got 0 days)");
    cr_assert_eq(d.items[1].line, 1);
    cr_assert_eq(r->n_duties, 0);
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(expand, shift_ending_before_it_starts_reported_once_at_the_shift) {
    nr_region *r = region("2027-01-04", 14);
    add_shift(r, "broken", ALL_DAYS, "08:00", 0, "08:00", NR_BH_NORMAL, 17);
    add_shift(r, "ok", ALL_DAYS, "08:00", 0, "17:00", NR_BH_NORMAL, 18);
    add_rota(r, "gi", "ok broken", 1, 20);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_resolve(r, &d), 0);
    cr_assert_eq(nr_region_expand(r, &d), NR_EINPUT);
    cr_assert_eq(d.count, 1);
    cr_assert_str_eq(d.items[0].message, "shift 'broken' on 2027-01-04 ends before it starts");
    cr_assert_str_eq(d.items[0].file, F);
    cr_assert_eq(d.items[0].line, 17);
    cr_assert_eq(r->n_duties, 0);
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(expand, requires_a_resolved_region) {
    nr_region *r = region("2027-01-04", 7);
    add_shift(r, "night", ALL_DAYS, "17:00", 1, "08:00", NR_BH_NORMAL, 10);
    add_rota(r, "gi", "night", 1, 20);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_expand(r, &d), NR_EINTERNAL);
    cr_assert_eq(d.errors, 1);
    cr_assert_str_eq(d.items[0].message, "shifts: shift 'night' is not resolved");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(expand, expanding_twice_replaces_the_duties) {
    nr_region *r = region("2027-01-04", 7 * 26);
    add_shift(r, "weeknight", DAY(NR_MON) | DAY(NR_TUE) | DAY(NR_WED) | DAY(NR_THU), "17:00", 1,
              "08:00", NR_BH_NORMAL, 10);
    add_rota(r, "gi", "weeknight", 1, 20);
    resolve_and_expand(r);
    cr_assert_eq(r->n_duties, 4 * 26);
    r->period_days = 7;
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_expand(r, &d), 0);
    cr_assert_eq(r->n_duties, 4);
    nr_diags_clear(&d);
    nr_region_free(r);
}

/* A shift listed twice in a rota is a warning at resolve time ("changes
 * nothing"), so expansion must not double its duties: one week of a Mon-Thu
 * night is 4 duties, not 8. */
Test(expand, shift_listed_twice_in_a_rota_runs_once) {
    nr_region *r = region("2027-01-04", 7);
    add_shift(r, "night", DAY(NR_MON) | DAY(NR_TUE) | DAY(NR_WED) | DAY(NR_THU), "17:00", 1,
              "08:00", NR_BH_NORMAL, 10);
    add_rota(r, "gi", "night night", 1, 20);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_resolve(r, &d), 0);
    cr_assert_eq(d.warnings, 1);
    cr_assert_eq(nr_region_expand(r, &d), 0);
    cr_assert_eq(d.errors, 0);
    cr_assert_eq(r->n_duties, 4);
    for (size_t i = 1; i < r->n_duties; i++)
        cr_expect_eq(r->duties[i].date, r->duties[i - 1].date + 1);
    nr_diags_clear(&d);
    nr_region_free(r);
}

/* --- cover: rota values, per-date entries ------------------------------ */

static nr_cover *add_cover(nr_region *r, const char *rota, const char *shift, const char *day,
                           int line) {
    nr_cover *c = nr_region_add_cover(r);
    cr_assert_not_null(c);
    c->rota = nr_region_ref(r, rota, nr_loc_at(F, line));
    c->shift = nr_region_ref(r, shift, nr_loc_at(F, line));
    c->date = date(day);
    c->loc = nr_loc_at(F, line);
    return c;
}

static void expect_cover(const nr_region *r, int k, const char *shift, const char *day, int needed,
                         int optional, double under, double over) {
    const nr_duty *u = duty(r, k, shift, day);
    cr_assert_not_null(u, "%s %s", shift, day);
    cr_expect_eq(u->needed, needed, "%s %s needed %d", shift, day, u->needed);
    cr_expect_eq(u->optional, optional, "%s %s optional %d", shift, day, u->optional);
    cr_expect_float_eq(u->under_weight, under, 1e-9, "%s %s under %g", shift, day, u->under_weight);
    cr_expect_float_eq(u->over_weight, over, 1e-9, "%s %s over %g", shift, day, u->over_weight);
}

/* Mon 2027-01-04 .. Sun 2027-01-10: rota "gi" runs night and day every
 * date, rota "ent" runs night; no bank holidays that week. */
static nr_region *cover_region(void) {
    nr_region *r = region("2027-01-04", 7);
    add_shift(r, "night", ALL_DAYS, "17:00", 1, "08:00", NR_BH_NORMAL, 10);
    add_shift(r, "day", ALL_DAYS, "08:00", 0, "17:00", NR_BH_NORMAL, 11);
    add_rota(r, "gi", "night day", 1, 20);
    add_rota(r, "ent", "night", 1, 30);
    return r;
}

Test(expand, cover_defaults) {
    nr_region *r = cover_region();
    resolve_and_expand(r);
    cr_assert_eq(r->n_duties, 21);
    for (size_t i = 0; i < r->n_duties; i++) {
        cr_assert_eq(r->duties[i].needed, 1);
        cr_assert_eq(r->duties[i].optional, 0);
        cr_assert_float_eq(r->duties[i].under_weight, NR_DEFAULT_UNDER_WEIGHT, 1e-9);
        cr_assert_float_eq(r->duties[i].over_weight, NR_DEFAULT_OVER_WEIGHT, 1e-9);
    }
    nr_region_free(r);
}

Test(expand, cover_from_the_rota) {
    nr_region *r = cover_region();
    r->rotas[0].cover = 2;
    r->rotas[0].cover_max = 4;
    r->rotas[0].under_weight = 50;
    r->rotas[0].over_weight = 0; /* stated: free extra people */
    resolve_and_expand(r);
    expect_cover(r, 0, "night", "2027-01-04", 2, 2, 50, 0);
    expect_cover(r, 0, "day", "2027-01-10", 2, 2, 50, 0);
    expect_cover(r, 1, "night", "2027-01-04", 1, 0, NR_DEFAULT_UNDER_WEIGHT, NR_DEFAULT_OVER_WEIGHT);
    nr_region_free(r);
}

Test(expand, a_dates_entry_covers_every_shift_of_its_rota_that_date) {
    nr_region *r = cover_region();
    nr_cover *c = add_cover(r, "gi", NULL, "2027-01-06", 40);
    c->needed = 3;
    c->under_weight = 7;
    c = add_cover(r, "gi", NULL, "2027-01-07", 41);
    c->max = 3; /* needed stays the rota's 1 */
    c->over_weight = 2.5;
    c = add_cover(r, "gi", NULL, "2027-01-08", 42);
    c->needed = 0;
    c->max = 2;
    resolve_and_expand(r);
    expect_cover(r, 0, "night", "2027-01-06", 3, 0, 7, NR_DEFAULT_OVER_WEIGHT);
    expect_cover(r, 0, "day", "2027-01-06", 3, 0, 7, NR_DEFAULT_OVER_WEIGHT);
    expect_cover(r, 0, "night", "2027-01-07", 1, 2, NR_DEFAULT_UNDER_WEIGHT, 2.5);
    expect_cover(r, 0, "day", "2027-01-07", 1, 2, NR_DEFAULT_UNDER_WEIGHT, 2.5);
    expect_cover(r, 0, "night", "2027-01-08", 0, 2, NR_DEFAULT_UNDER_WEIGHT, NR_DEFAULT_OVER_WEIGHT);
    /* The dates either side, and the other rota that date, keep the rota's. */
    expect_cover(r, 0, "night", "2027-01-05", 1, 0, NR_DEFAULT_UNDER_WEIGHT, NR_DEFAULT_OVER_WEIGHT);
    expect_cover(r, 0, "day", "2027-01-09", 1, 0, NR_DEFAULT_UNDER_WEIGHT, NR_DEFAULT_OVER_WEIGHT);
    expect_cover(r, 1, "night", "2027-01-06", 1, 0, NR_DEFAULT_UNDER_WEIGHT, NR_DEFAULT_OVER_WEIGHT);
    nr_region_free(r);
}

Test(expand, a_dates_needed_keeps_the_rotas_cover_max) {
    nr_region *r = cover_region();
    r->rotas[0].cover_max = 4;
    add_cover(r, "gi", NULL, "2027-01-06", 40)->needed = 3;
    add_cover(r, "gi", NULL, "2027-01-07", 41)->needed = 6; /* above the rota's max: max follows */
    resolve_and_expand(r);
    expect_cover(r, 0, "night", "2027-01-06", 3, 1, NR_DEFAULT_UNDER_WEIGHT, NR_DEFAULT_OVER_WEIGHT);
    expect_cover(r, 0, "night", "2027-01-07", 6, 0, NR_DEFAULT_UNDER_WEIGHT, NR_DEFAULT_OVER_WEIGHT);
    expect_cover(r, 0, "night", "2027-01-08", 1, 3, NR_DEFAULT_UNDER_WEIGHT, NR_DEFAULT_OVER_WEIGHT);
    nr_region_free(r);
}

Test(expand, an_entry_naming_the_shift_wins_over_the_dates) {
    nr_region *r = cover_region();
    /* The shift's entry is written first: being more specific, not later,
     * is what makes it win. */
    nr_cover *c = add_cover(r, "gi", "night", "2027-01-06", 40);
    c->needed = 1;
    c->max = 2;
    c = add_cover(r, "gi", NULL, "2027-01-06", 41);
    c->needed = 3;
    c->max = 5;
    c->under_weight = 9;
    resolve_and_expand(r);
    /* The night takes its own needed and max, and the date's weight, which
     * the shift's entry does not state. */
    expect_cover(r, 0, "night", "2027-01-06", 1, 1, 9, NR_DEFAULT_OVER_WEIGHT);
    expect_cover(r, 0, "day", "2027-01-06", 3, 2, 9, NR_DEFAULT_OVER_WEIGHT);
    nr_region_free(r);
}

Test(expand, a_later_entry_for_the_same_duty_wins) {
    nr_region *r = cover_region();
    nr_cover *c = add_cover(r, "gi", NULL, "2027-01-09", 40);
    c->needed = 2;
    c->under_weight = 7;
    add_cover(r, "gi", NULL, "2027-01-09", 41)->needed = 5;
    c = add_cover(r, "gi", "day", "2027-01-09", 42);
    c->needed = 4;
    c->over_weight = 3;
    c = add_cover(r, "gi", "day", "2027-01-09", 43);
    c->needed = 2;
    c->max = 3;
    resolve_and_expand(r);
    expect_cover(r, 0, "night", "2027-01-09", 5, 0, 7, NR_DEFAULT_OVER_WEIGHT);
    expect_cover(r, 0, "day", "2027-01-09", 2, 1, 7, 3);
    nr_region_free(r);
}

Test(expand, max_below_needed_and_entries_outside_the_period_change_nothing_else) {
    nr_region *r = cover_region();
    nr_cover *c = add_cover(r, "gi", "night", "2027-01-05", 40);
    c->needed = 3;
    c->max = 1; /* validate reports it; expansion lifts max to needed */
    add_cover(r, "gi", NULL, "2027-01-11", 41)->needed = 9; /* the day after the period */
    add_cover(r, "ent", NULL, "2027-01-03", 42)->needed = 9;
    resolve_and_expand(r);
    expect_cover(r, 0, "night", "2027-01-05", 3, 0, NR_DEFAULT_UNDER_WEIGHT, NR_DEFAULT_OVER_WEIGHT);
    for (size_t i = 0; i < r->n_duties; i++)
        if (!(r->duties[i].rota == 0 && r->duties[i].date == date("2027-01-05") &&
              r->duties[i].shift == nr_region_find_shift(r, "night")))
            cr_assert_eq(r->duties[i].needed, 1, "duty %zu", i);
    nr_region_free(r);
}
