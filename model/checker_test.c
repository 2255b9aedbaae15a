/* The rule checker: each kind of violation found exactly, on a small region
 * (tests/data/checker/fixture.h) with a valid baseline rota broken on purpose. */
#include <criterion/criterion.h>
#include <string.h>

#include "model/checker.h"
#include "tests/data/checker/fixture.h"

typedef struct result {
    nr_region *r;
    nr_plan *p;
    nr_violation *v;
    size_t n;
} result;

static result res;

static void teardown(void) {
    nr_violations_free(res.v, res.n);
    nr_plan_free(res.p);
    nr_region_free(res.r);
    memset(&res, 0, sizeof res);
}

TestSuite(checker, .fini = teardown);

static void setup_with(fx_options o) {
    res.r = fx_region(o);
    res.p = fx_baseline(res.r);
}

static void setup_base(void (*hook)(nr_region *)) {
    fx_options o = {.gi_rules = true, .hook = hook};
    setup_with(o);
}

static void check(void) {
    nr_violations_free(res.v, res.n);
    res.v = NULL;
    res.n = 0;
    cr_assert_eq(nr_check_plan(res.r, res.p, &res.v, &res.n), 0);
}

static void dump(void) {
    for (size_t i = 0; i < res.n; i++)
        cr_log_info("%s: %s", nr_violation_kind_name(res.v[i].kind), res.v[i].message);
}

/* Exactly one violation, of this kind, person, duty and message. */
static const nr_violation *expect_one(enum nr_violation_kind kind, const char *person, int duty,
                                      const char *message) {
    check();
    dump();
    cr_assert_eq(res.n, 1, "expected 1 violation, got %zu", res.n);
    const nr_violation *v = &res.v[0];
    cr_assert_str_eq(nr_violation_kind_name(v->kind), nr_violation_kind_name(kind));
    cr_assert_eq(v->person, person ? nr_region_find_person(res.r, person) : NR_UNSET);
    cr_assert_eq(v->duty, duty);
    cr_assert_str_eq(v->message, message);
    return v;
}

static int duty(const char *rota, const char *date) { return fx_duty(res.r, rota, date); }

static void set(const char *rota, const char *date, int slot, const char *person) {
    fx_set(res.r, res.p, rota, date, slot, person);
}

Test(checker, baseline_is_valid) {
    setup_base(NULL);
    check();
    dump();
    cr_assert_eq(res.n, 0);
}

Test(checker, uncovered_slot) {
    setup_base(NULL);
    set("gi", "2026-11-04", 0, NULL);
    const nr_violation *v = expect_one(NR_V_UNCOVERED, NULL, duty("gi", "2026-11-04"),
                                       "gi night 2026-11-04: uncovered, 0 of 1 needed held (missing 1 of 1)");
    cr_assert_eq(v->rota, 0);
    cr_assert_eq(v->date, fx_date("2026-11-04"));
}

Test(checker, uncovered_slots_of_a_cover_two_duty_are_counted_apart) {
    fx_options o = {.gi_cover = 2};
    res.r = fx_region(o);
    res.p = nr_plan_new(res.r);
    for (int i = 0; i < 7; i++) {
        set("ent", fx_week[i], 0, "P005");
        set("gi", fx_week[i], 0, "P001");
        set("gi", fx_week[i], 1, "P002");
    }
    check();
    cr_assert_eq(res.n, 0);
    set("gi", "2026-11-05", 0, NULL);
    set("gi", "2026-11-05", 1, NULL);
    check();
    dump();
    cr_assert_eq(res.n, 2);
    cr_assert_str_eq(res.v[0].message, "gi night 2026-11-05: uncovered, 0 of 2 needed held (missing 1 of 2)");
    cr_assert_str_eq(res.v[1].message, "gi night 2026-11-05: uncovered, 0 of 2 needed held (missing 2 of 2)");
}

Test(checker, person_twice_on_one_duty) {
    fx_options o = {.gi_cover = 2};
    res.r = fx_region(o);
    res.p = nr_plan_new(res.r);
    for (int i = 0; i < 7; i++) {
        set("ent", fx_week[i], 0, "P005");
        set("gi", fx_week[i], 0, "P001");
        set("gi", fx_week[i], 1, "P002");
    }
    set("gi", "2026-11-04", 1, "P001");
    const nr_violation *v = expect_one(NR_V_DUPLICATE, "P001", duty("gi", "2026-11-04"),
                                       "P001 holds gi night 2026-11-04 twice");
    cr_assert_eq(v->other_duty, v->duty);
}

Test(checker, non_member_holds_a_duty) {
    setup_base(NULL);
    /* P005 is on ent only. P006 takes P005's ent days around the night so
     * that nothing else is wrong; P003 keeps Sunday, so min_duties holds. */
    set("ent", "2026-11-04", 0, "P006");
    set("ent", "2026-11-05", 0, "P006");
    set("gi", "2026-11-04", 0, "P005");
    expect_one(NR_V_NOT_MEMBER, "P005", duty("gi", "2026-11-04"),
               "P005 holds gi night 2026-11-04 but is not a member of gi");
}

static void leave_p003_wednesday(nr_region *r) { fx_leave(r, "P003", "2026-11-04", "2026-11-04"); }

Test(checker, duty_during_leave) {
    /* The Wednesday night starts on a day of leave. */
    setup_base(leave_p003_wednesday);
    expect_one(NR_V_ON_LEAVE, "P003", duty("gi", "2026-11-04"),
               "P003 holds gi night 2026-11-04 while on leave 2026-11-04 to 2026-11-04");
}

static void leave_p002_wednesday(nr_region *r) { fx_leave(r, "P002", "2026-11-04", "2026-11-05"); }

Test(checker, night_ending_in_leave_overlaps_it) {
    /* Tuesday's night ends at 08:00 on the first day of P002's leave. */
    setup_base(leave_p002_wednesday);
    expect_one(NR_V_ON_LEAVE, "P002", duty("gi", "2026-11-03"),
               "P002 holds gi night 2026-11-03 while on leave 2026-11-04 to 2026-11-05");
}

Test(checker, overlapping_duties_across_rotas) {
    setup_base(NULL);
    /* ent's day ends 18:00, gi's night starts 17:00: one hour of overlap. */
    set("ent", "2026-11-04", 0, "P006");
    set("gi", "2026-11-04", 0, "P006");
    const nr_violation *v =
        expect_one(NR_V_OVERLAP, "P006", duty("gi", "2026-11-04"),
                   "P006 holds ent day 2026-11-04 and gi night 2026-11-04, which overlap by 1 hours");
    cr_assert_eq(v->other_duty, duty("ent", "2026-11-04"));
    cr_assert_float_eq(v->value, 1.0, 1e-9);
}

Test(checker, rest_after_a_night) {
    setup_base(NULL);
    /* gi's night ends 08:00 Wednesday, ent's day starts at 08:00: no rest. */
    set("gi", "2026-11-03", 0, "P006");
    set("ent", "2026-11-04", 0, "P006");
    const nr_violation *v = expect_one(
        NR_V_REST, "P006", duty("ent", "2026-11-04"),
        "P006 holds gi night 2026-11-03 and ent day 2026-11-04: 0 hours of rest, "
        "rule min_rest_hours 11 on gi");
    cr_assert_eq(v->other_duty, duty("gi", "2026-11-03"));
    cr_assert_eq(v->rota, 0);
    cr_assert_float_eq(v->limit, 11.0, 1e-9);
}

static void p006_rest_none(nr_region *r) { fx_override(r, "P006", "gi")->rules.min_rest_hours = 0; }

Test(checker, rest_follows_the_persons_override) {
    setup_base(p006_rest_none);
    set("gi", "2026-11-03", 0, "P006");
    set("ent", "2026-11-04", 0, "P006");
    check();
    dump();
    cr_assert_eq(res.n, 0);
}

Test(checker, rest_owed_is_the_earlier_duty_rotas) {
    setup_base(NULL);
    /* ent (no rest rule) ends 18:00 Tuesday; gi night starts 17:00 Wednesday:
     * 23 hours, and rest after ent is not asked for anyway. Then gi night
     * Wednesday ends 08:00 Thursday and ent starts 08:00 Thursday. */
    set("ent", "2026-11-03", 0, "P006");
    set("gi", "2026-11-04", 0, "P006");
    set("ent", "2026-11-05", 0, "P006");
    expect_one(NR_V_REST, "P006", duty("ent", "2026-11-05"),
               "P006 holds gi night 2026-11-04 and ent day 2026-11-05: 0 hours of rest, "
               "rule min_rest_hours 11 on gi");
}

static void p001_one_in_seven(nr_region *r) { fx_override(r, "P001", "gi")->rules.max_frequency = 7; }

Test(checker, max_frequency_with_override) {
    /* 1 in 7 over 7 nights: one duty; P001 has two (Mon, Fri). */
    setup_base(p001_one_in_seven);
    const nr_violation *v = expect_one(
        NR_V_MAX_FREQUENCY, "P001", duty("gi", "2026-11-06"),
        "P001 holds 2 gi duties, cap 1 (rule max_frequency 1 in 7, share 1, 7 of 7 duties free "
        "of leave); the 2nd starts 2026-11-06");
    cr_assert_float_eq(v->value, 2.0, 1e-9);
    cr_assert_float_eq(v->limit, 1.0, 1e-9);
}

static void p004_share_04(nr_region *r) { r->people[3].share = 0.4; }
static void p004_share_05(nr_region *r) { r->people[3].share = 0.5; }

/* P004 on Mon and Thu instead of P001 on Mon. */
static void p004_two_duties(void) { set("gi", "2026-11-02", 0, "P004"); }

Test(checker, max_frequency_pro_rata_part_time) {
    /* 1 in 3 x 0.4 x 7 duties = 0.93: cap 1. */
    setup_base(p004_share_04);
    p004_two_duties();
    expect_one(NR_V_MAX_FREQUENCY, "P004", duty("gi", "2026-11-05"),
               "P004 holds 2 gi duties, cap 1 (rule max_frequency 1 in 3, share 0.4, 7 of 7 "
               "duties free of leave); the 2nd starts 2026-11-05");
}

Test(checker, max_frequency_pro_rata_half_time_allows_two) {
    /* 1 in 3 x 0.5 x 7 = 1.17: cap 2. */
    setup_base(p004_share_05);
    p004_two_duties();
    check();
    dump();
    cr_assert_eq(res.n, 0);
}

static void p004_leave_weekend(nr_region *r) {
    fx_override(r, "P004", "gi")->rules.max_frequency = 4;
    fx_leave(r, "P004", "2026-11-07", "2026-11-08");
}

Test(checker, max_frequency_pro_rata_leave) {
    /* 1 in 4: ceil(7/4) = 2 without leave; the Fri, Sat and Sun nights
     * overlap the leave, so 4 of 7 are free and the cap is ceil(4/4) = 1. */
    setup_base(p004_leave_weekend);
    p004_two_duties();
    expect_one(NR_V_MAX_FREQUENCY, "P004", duty("gi", "2026-11-05"),
               "P004 holds 2 gi duties, cap 1 (rule max_frequency 1 in 4, share 1, 4 of 7 "
               "duties free of leave); the 2nd starts 2026-11-05");
}

Test(checker, min_days_between) {
    setup_base(NULL);
    static const char *const order[7] = {"P001", "P002", "P001", "P003", "P004", "P002", "P003"};
    for (int i = 0; i < 7; i++) set("gi", fx_week[i], 0, order[i]);
    const nr_violation *v = expect_one(
        NR_V_MIN_DAYS_BETWEEN, "P001", duty("gi", "2026-11-04"),
        "P001 holds gi 2026-11-02 and 2026-11-04: 2 days apart, rule min_days_between 3");
    cr_assert_eq(v->other_duty, duty("gi", "2026-11-02"));
    cr_assert_float_eq(v->value, 2.0, 1e-9);
    cr_assert_float_eq(v->limit, 3.0, 1e-9);
}

static void p001_loose(nr_region *r) {
    nr_override *o = fx_override(r, "P001", "gi");
    o->rules.min_days_between = 1;
    o->rules.min_rest_hours = 8;
}

Test(checker, max_consecutive) {
    setup_base(p001_loose);
    static const char *const order[7] = {"P001", "P001", "P002", "P003", "P004", "P002", "P003"};
    for (int i = 0; i < 7; i++) set("gi", fx_week[i], 0, order[i]);
    const nr_violation *v = expect_one(
        NR_V_MAX_CONSECUTIVE, "P001", duty("gi", "2026-11-03"),
        "P001 holds gi on 2 consecutive days 2026-11-02 to 2026-11-03, rule max_consecutive 1");
    cr_assert_eq(v->other_duty, duty("gi", "2026-11-03"));
}

Test(checker, consecutive_nights_also_break_default_rest_and_days_between) {
    setup_base(NULL);
    static const char *const order[7] = {"P001", "P001", "P002", "P003", "P004", "P002", "P003"};
    for (int i = 0; i < 7; i++) set("gi", fx_week[i], 0, order[i]);
    check();
    dump();
    cr_assert_eq(res.n, 3);
    /* Sorted by date, then kind: rest (9 h) before min_days_between and max_consecutive. */
    cr_assert_eq(res.v[0].kind, NR_V_REST);
    cr_assert_str_eq(res.v[0].message,
                     "P001 holds gi night 2026-11-02 and gi night 2026-11-03: 9 hours of rest, "
                     "rule min_rest_hours 11 on gi");
    cr_assert_eq(res.v[1].kind, NR_V_MIN_DAYS_BETWEEN);
    cr_assert_eq(res.v[2].kind, NR_V_MAX_CONSECUTIVE);
}

static void p002_no_weekends(nr_region *r) { fx_override(r, "P002", "gi")->rules.max_weekends = 0; }

Test(checker, max_weekends_override) {
    setup_base(p002_no_weekends);
    const nr_violation *v =
        expect_one(NR_V_MAX_WEEKENDS, "P002", duty("gi", "2026-11-07"),
                   "P002 holds gi duties on 1 weekends, rule max_weekends 0; the 1st is the "
                   "weekend of 2026-11-07");
    cr_assert_float_eq(v->value, 1.0, 1e-9);
    cr_assert_float_eq(v->limit, 0.0, 1e-9);
}

static void p002_override_precedence(nr_region *r) {
    /* An all-rota override says 0, the gi one says 1: the specific one wins. */
    fx_override(r, "P002", NULL)->rules.max_weekends = 0;
    fx_override(r, "P002", "gi")->rules.max_weekends = 1;
}

Test(checker, rota_override_beats_all_rota_override) {
    setup_base(p002_override_precedence);
    check();
    dump();
    cr_assert_eq(res.n, 0);
}

Test(checker, saturday_and_sunday_nights_are_one_weekend) {
    setup_base(NULL);
    /* P002 takes Sunday too: still one weekend; but Sat/Sun are 1 day apart. */
    set("gi", "2026-11-08", 0, "P002");
    set("gi", "2026-11-04", 0, "P003");
    check();
    dump();
    for (size_t i = 0; i < res.n; i++) cr_assert_neq(res.v[i].kind, NR_V_MAX_WEEKENDS);
    cr_assert_gt(res.n, 0);
}

Test(checker, min_duties) {
    setup_base(NULL);
    set("gi", "2026-11-05", 0, "P006");
    const nr_violation *v = expect_one(NR_V_MIN_DUTIES, "P004", NR_UNSET,
                                       "P004 holds 0 gi duties from 2026-11-02, rule min_duties 1");
    cr_assert_eq(v->date, fx_date("2026-11-02"));
}

static void p001_twenty_hours(nr_region *r) { fx_override(r, "P001", "gi")->rules.max_hours = 20; }

Test(checker, max_hours) {
    /* Two 15-hour nights = 30 hours. */
    setup_base(p001_twenty_hours);
    const nr_violation *v = expect_one(
        NR_V_MAX_HOURS, "P001", duty("gi", "2026-11-06"),
        "P001 holds 30 hours of gi duties, rule max_hours 20; passed on 2026-11-06");
    cr_assert_float_eq(v->value, 30.0, 1e-9);
}

Test(checker, unset_rules_check_nothing_but_cover) {
    fx_options o = {.gi_rules = false};
    res.r = fx_region(o);
    res.p = nr_plan_new(res.r);
    for (int i = 0; i < 7; i++) {
        set("ent", fx_week[i], 0, "P005");
        set("gi", fx_week[i], 0, "P001");
    }
    check();
    dump();
    cr_assert_eq(res.n, 0);
}

Test(checker, violations_sorted_by_date) {
    setup_base(NULL);
    set("gi", "2026-11-08", 0, NULL);
    set("ent", "2026-11-02", 0, NULL);
    set("gi", "2026-11-05", 0, "P006");
    check();
    dump();
    cr_assert_eq(res.n, 3);
    cr_assert_str_eq(res.v[0].message, "ent day 2026-11-02: uncovered, 0 of 1 needed held (missing 1 of 1)");
    cr_assert_str_eq(res.v[1].message, "P004 holds 0 gi duties from 2026-11-02, rule min_duties 1");
    cr_assert_str_eq(res.v[2].message, "gi night 2026-11-08: uncovered, 0 of 1 needed held (missing 1 of 1)");
}

Test(checker, plan_of_another_region_is_refused) {
    setup_base(NULL);
    res.p->holder[3] = 99;
    cr_assert_eq(nr_check_plan(res.r, res.p, &res.v, &res.n), NR_EINTERNAL);
    cr_assert_null(res.v);
    cr_assert_eq(res.n, 0);
    res.p->holder[3] = 0;
    res.p->n_duties--;
    cr_assert_eq(nr_check_plan(res.r, res.p, &res.v, &res.n), NR_EINTERNAL);
    res.p->n_duties++;
}

Test(checker, kind_names) {
    cr_assert_str_eq(nr_violation_kind_name(NR_V_MIN_DAYS_BETWEEN), "min_days_between");
    cr_assert_str_eq(nr_violation_kind_name(NR_V_MAX_HOURS), "max_hours");
    cr_assert_str_eq(nr_violation_kind_name((enum nr_violation_kind)99), "unknown");
}

static void clock_change_week(nr_region *r) {
    /* Mon 19 October 2026; clocks go back at 02:00 BST on Sunday 25 October. */
    r->period_start = fx_date("2026-10-19");
    fx_override(r, "P001", "gi")->rules.max_hours = 15.5;
}

Test(checker, hours_follow_the_clock_change) {
    fx_options o = {.gi_rules = false, .hook = clock_change_week};
    res.r = fx_region(o);
    res.p = nr_plan_new(res.r);
    /* Saturday's night, 17:00 BST to 08:00 GMT, lasts 16 hours, not 15. */
    set("gi", "2026-10-24", 0, "P001");
    check();
    dump();
    size_t found = 0;
    for (size_t i = 0; i < res.n; i++) {
        if (res.v[i].kind == NR_V_UNCOVERED) continue;
        found++;
        cr_assert_eq(res.v[i].kind, NR_V_MAX_HOURS);
        cr_assert_str_eq(res.v[i].message, "P001 holds 16 hours of gi duties, rule max_hours 15.5; "
                                           "passed on 2026-10-24");
    }
    cr_assert_eq(found, 1);
    cr_assert_eq(res.n, 14);
}

/* --- issue 6 rules ----------------------------------------------------
 * A region with no gi rules (fx gi_rules false) and the rule under test set
 * by a hook; gi's nights go to P002 (whom no rule limits) except the dates
 * given to P001, and P005 holds every ent day. */
static void setup_plain(void (*hook)(nr_region *), const char *const *p001, size_t n) {
    fx_options o = {.gi_rules = false, .hook = hook};
    res.r = fx_region(o);
    res.p = nr_plan_new(res.r);
    cr_assert_not_null(res.p);
    for (int i = 0; i < 7; i++) {
        set("gi", fx_week[i], 0, "P002");
        set("ent", fx_week[i], 0, "P005");
    }
    for (size_t i = 0; i < n; i++) set("gi", p001[i], 0, "P001");
}

/* P001's nights are exactly these dates (NULL-terminated). */
static void p001_nights(const char *const *dates) {
    for (int i = 0; i < 7; i++) set("gi", fx_week[i], 0, "P002");
    for (size_t i = 0; dates[i]; i++) set("gi", dates[i], 0, "P001");
}

static void expect_none(void) {
    check();
    dump();
    cr_assert_eq(res.n, 0, "expected no violation, got %zu", res.n);
}

static void p001_max_duties_1(nr_region *r) { fx_override(r, "P001", "gi")->rules.max_duties = 1; }

Test(checker, max_duties) {
    static const char *const mon_fri[] = {"2026-11-02", "2026-11-06"};
    setup_plain(p001_max_duties_1, mon_fri, 2);
    const nr_violation *v = expect_one(NR_V_MAX_DUTIES, "P001", duty("gi", "2026-11-06"),
                                       "P001 holds 2 gi duties, rule max_duties 1; the 2nd starts 2026-11-06");
    cr_assert_eq(v->rota, 0);
    cr_assert_float_eq(v->value, 2.0, 1e-9);
    cr_assert_float_eq(v->limit, 1.0, 1e-9);
    static const char *const mon[] = {"2026-11-02", NULL};
    p001_nights(mon);
    expect_none();
}

static void p001_max_duties_0_everywhere(nr_region *r) { fx_override(r, "P001", NULL)->rules.max_duties = 0; }

Test(checker, max_duties_zero_from_an_all_rota_override) {
    static const char *const thu[] = {"2026-11-05"};
    setup_plain(p001_max_duties_0_everywhere, thu, 1);
    expect_one(NR_V_MAX_DUTIES, "P001", duty("gi", "2026-11-05"),
               "P001 holds 1 gi duties, rule max_duties 0; the 1st starts 2026-11-05");
}

static void p006_day_cap_1(nr_region *r) {
    nr_override *o = fx_override(r, "P006", NULL);
    o->shift = nr_region_ref(r, "day", fx_at(51));
    o->rules.max_duties = 1;
}

Test(checker, shift_cap_on_each_rota) {
    setup_plain(p006_day_cap_1, NULL, 0);
    set("ent", "2026-11-03", 0, "P006");
    set("ent", "2026-11-05", 0, "P006");
    set("ent", "2026-11-07", 0, "P006");
    const nr_violation *v = expect_one(NR_V_SHIFT_CAP, "P006", duty("ent", "2026-11-05"),
                                       "P006 holds 3 ent day duties, shift cap 1; the 2nd starts 2026-11-05");
    cr_assert_eq(v->rota, 1);
    cr_assert_float_eq(v->value, 3.0, 1e-9);
    cr_assert_float_eq(v->limit, 1.0, 1e-9);
}

Test(checker, shift_cap_leaves_other_shifts_and_max_duties_alone) {
    /* The cap on "day" is no max_duties rule: three gi nights are fine. */
    setup_plain(p006_day_cap_1, NULL, 0);
    set("gi", "2026-11-02", 0, "P006");
    set("gi", "2026-11-04", 0, "P006");
    set("gi", "2026-11-06", 0, "P006");
    set("ent", "2026-11-03", 0, "P006");
    expect_none();
}

static void p006_never_nights_on_gi(nr_region *r) {
    nr_override *o = fx_override(r, "P006", "gi");
    o->shift = nr_region_ref(r, "night", fx_at(52));
    o->rules.max_duties = 0;
    o->rules.max_hours = 1; /* ignored: a shift cap changes no other rule */
}

Test(checker, shift_cap_zero_means_never) {
    setup_plain(p006_never_nights_on_gi, NULL, 0);
    set("gi", "2026-11-08", 0, "P006");
    expect_one(NR_V_SHIFT_CAP, "P006", duty("gi", "2026-11-08"),
               "P006 holds 1 gi night duties, shift cap 0; the 1st starts 2026-11-08");
}

static void p001_min_hours_40(nr_region *r) { fx_override(r, "P001", "gi")->rules.min_hours = 40; }

Test(checker, min_hours_shortfall) {
    static const char *const two[] = {"2026-11-02", "2026-11-05"};
    setup_plain(p001_min_hours_40, two, 2);
    const nr_violation *v = expect_one(NR_V_MIN_HOURS, "P001", NR_UNSET,
                                       "P001 holds 30 hours of gi duties from 2026-11-02, rule min_hours 40");
    cr_assert_eq(v->date, fx_date("2026-11-02"));
    cr_assert_eq(v->rota, 0);
    cr_assert_float_eq(v->value, 30.0, 1e-9);
    cr_assert_float_eq(v->limit, 40.0, 1e-9);
    /* Three nights are 45 hours: enough. */
    static const char *const three[] = {"2026-11-02", "2026-11-05", "2026-11-07", NULL};
    p001_nights(three);
    expect_none();
    /* None at all: the whole 40 is short. */
    static const char *const none[] = {NULL};
    p001_nights(none);
    expect_one(NR_V_MIN_HOURS, "P001", NR_UNSET, "P001 holds 0 hours of gi duties from 2026-11-02, rule min_hours 40");
}

static void p005_min_hours_80(nr_region *r) { fx_override(r, "P005", NULL)->rules.min_hours = 80; }

Test(checker, min_hours_only_on_the_persons_rotas) {
    /* The all-rota override reaches gi too, but P005 is not on gi. */
    setup_plain(p005_min_hours_80, NULL, 0);
    const nr_violation *v = expect_one(NR_V_MIN_HOURS, "P005", NR_UNSET,
                                       "P005 holds 70 hours of ent duties from 2026-11-02, rule min_hours 80");
    cr_assert_eq(v->rota, 1);
}

static void p001_min_consecutive_3(nr_region *r) { fx_override(r, "P001", "gi")->rules.min_consecutive = 3; }

Test(checker, min_consecutive_interior_run_too_short) {
    static const char *const wed_thu[] = {"2026-11-04", "2026-11-05"};
    setup_plain(p001_min_consecutive_3, wed_thu, 2);
    const nr_violation *v = expect_one(
        NR_V_MIN_CONSECUTIVE, "P001", duty("gi", "2026-11-04"),
        "P001 holds gi on 2 consecutive days 2026-11-04 to 2026-11-05, rule min_consecutive 3");
    cr_assert_eq(v->other_duty, duty("gi", "2026-11-05"));
    cr_assert_float_eq(v->value, 2.0, 1e-9);
    cr_assert_float_eq(v->limit, 3.0, 1e-9);
}

Test(checker, min_consecutive_runs_touching_the_period_ends_are_exempt) {
    setup_plain(p001_min_consecutive_3, NULL, 0);
    /* Monday alone (day 0), and Saturday-Sunday (the last day). */
    static const char *const ends[] = {"2026-11-02", "2026-11-07", "2026-11-08", NULL};
    p001_nights(ends);
    expect_none();
    /* Tuesday alone is interior: one violation, Monday-Tuesday is not. */
    static const char *const tue[] = {"2026-11-03", NULL};
    p001_nights(tue);
    expect_one(NR_V_MIN_CONSECUTIVE, "P001", duty("gi", "2026-11-03"),
               "P001 holds gi on 1 consecutive day 2026-11-03 to 2026-11-03, rule min_consecutive 3");
    static const char *const mon_tue[] = {"2026-11-02", "2026-11-03", NULL};
    p001_nights(mon_tue);
    expect_none();
    /* Exactly three inside, and two runs of which one is short. */
    static const char *const three[] = {"2026-11-03", "2026-11-04", "2026-11-05", NULL};
    p001_nights(three);
    expect_none();
    static const char *const two_runs[] = {"2026-11-02", "2026-11-04", "2026-11-05", "2026-11-08", NULL};
    p001_nights(two_runs);
    expect_one(NR_V_MIN_CONSECUTIVE, "P001", duty("gi", "2026-11-04"),
               "P001 holds gi on 2 consecutive days 2026-11-04 to 2026-11-05, rule min_consecutive 3");
}

static void p001_min_days_off_2(nr_region *r) { fx_override(r, "P001", "gi")->rules.min_days_off = 2; }

Test(checker, min_days_off_interior_gap_too_short) {
    static const char *const mon_wed[] = {"2026-11-02", "2026-11-04"};
    setup_plain(p001_min_days_off_2, mon_wed, 2);
    const nr_violation *v =
        expect_one(NR_V_MIN_DAYS_OFF, "P001", duty("gi", "2026-11-04"),
                   "P001 holds gi 2026-11-02 and 2026-11-04 with 1 day off between, rule min_days_off 2");
    cr_assert_eq(v->other_duty, duty("gi", "2026-11-02"));
    cr_assert_eq(v->date, fx_date("2026-11-04"));
    cr_assert_float_eq(v->value, 1.0, 1e-9);
    cr_assert_float_eq(v->limit, 2.0, 1e-9);
}

Test(checker, min_days_off_gaps_touching_the_period_ends_are_exempt) {
    setup_plain(p001_min_days_off_2, NULL, 0);
    /* Monday off (day 0) and Sunday off (the last day): one day each. */
    static const char *const mid[] = {"2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07", NULL};
    p001_nights(mid);
    expect_none();
    /* Two days off inside is enough; consecutive nights have no gap. */
    static const char *const two_off[] = {"2026-11-02", "2026-11-05", "2026-11-06", NULL};
    p001_nights(two_off);
    expect_none();
    /* Saturday alone off between Friday and Sunday is interior. */
    static const char *const sat_off[] = {"2026-11-05", "2026-11-06", "2026-11-08", NULL};
    p001_nights(sat_off);
    expect_one(NR_V_MIN_DAYS_OFF, "P001", duty("gi", "2026-11-08"),
               "P001 holds gi 2026-11-06 and 2026-11-08 with 1 day off between, rule min_days_off 2");
}

static void night_not_followed_by_day(nr_region *r) {
    cr_assert_eq(nr_region_refs_push(r, &r->shifts[0].not_followed_by, nr_region_ref(r, "day", fx_at(7))), 0);
}

Test(checker, succession_across_rotas) {
    setup_plain(night_not_followed_by_day, NULL, 0);
    /* gi night Tuesday, then ent day Wednesday: they touch at 08:00 but do
     * not overlap, and no rest rule is set; only the succession is wrong. */
    set("gi", "2026-11-03", 0, "P006");
    set("ent", "2026-11-04", 0, "P006");
    const nr_violation *v =
        expect_one(NR_V_SUCCESSION, "P006", duty("ent", "2026-11-04"),
                   "P006 holds gi night 2026-11-03 and ent day 2026-11-04: shift day may not start the day after night");
    cr_assert_eq(v->other_duty, duty("gi", "2026-11-03"));
    cr_assert_eq(v->rota, 0);
    cr_assert_eq(v->date, fx_date("2026-11-04"));
}

Test(checker, succession_only_the_next_date_and_the_named_order) {
    setup_plain(night_not_followed_by_day, NULL, 0);
    /* day then night (Mon day, Tue night... and Tue night is not followed by a
     * day on Wed); night Thu then day Sat is two dates later. */
    set("ent", "2026-11-02", 0, "P006");
    set("gi", "2026-11-03", 0, "P006");
    set("gi", "2026-11-05", 0, "P006");
    set("ent", "2026-11-07", 0, "P006");
    /* A night on the last date has no successor inside the period. */
    set("gi", "2026-11-08", 0, "P006");
    expect_none();
}

static void p001_max_consecutive_0(nr_region *r) { fx_override(r, "P001", "gi")->rules.max_consecutive = 0; }

Test(checker, max_consecutive_below_one_is_unset) {
    static const char *const three[] = {"2026-11-02", "2026-11-03", "2026-11-04"};
    setup_plain(p001_max_consecutive_0, three, 3);
    expect_none();
}

static void gi_cover_1_to_3(nr_region *r) { r->rotas[0].cover_max = 3; }

Test(checker, optional_slots_are_neither_uncovered_nor_a_fault_when_held) {
    setup_plain(gi_cover_1_to_3, NULL, 0);
    int mon = duty("gi", "2026-11-02");
    cr_assert_eq(res.p->first_slot[mon + 1] - res.p->first_slot[mon], 3);
    expect_none();
    /* The one needed person in the last slot still covers the duty. */
    set("gi", "2026-11-03", 0, NULL);
    set("gi", "2026-11-03", 2, "P003");
    /* Surplus people are allowed (up to cover_max). */
    set("gi", "2026-11-04", 1, "P001");
    set("gi", "2026-11-04", 2, "P003");
    expect_none();
    /* No one at all: one missing person, not three empty slots. */
    set("gi", "2026-11-05", 0, NULL);
    const nr_violation *v = expect_one(NR_V_UNCOVERED, NULL, duty("gi", "2026-11-05"),
                                       "gi night 2026-11-05: uncovered, 0 of 1 needed held (missing 1 of 1)");
    cr_assert_float_eq(v->value, 0.0, 1e-9);
    cr_assert_float_eq(v->limit, 1.0, 1e-9);
}

static void gi_cover_2_to_3(nr_region *r) {
    r->rotas[0].cover = 2;
    r->rotas[0].cover_max = 3;
}

Test(checker, uncovered_counts_missing_people_whatever_the_slot) {
    setup_plain(gi_cover_2_to_3, NULL, 0);
    for (int i = 0; i < 7; i++) set("gi", fx_week[i], 1, "P003");
    expect_none();
    /* One person, in the optional slot: one of two needed is missing. */
    set("gi", "2026-11-06", 0, NULL);
    set("gi", "2026-11-06", 1, NULL);
    set("gi", "2026-11-06", 2, "P004");
    expect_one(NR_V_UNCOVERED, NULL, duty("gi", "2026-11-06"),
               "gi night 2026-11-06: uncovered, 1 of 2 needed held (missing 1 of 1)");
    cr_assert_eq(nr_plan_uncovered(res.p), 1);
}

Test(checker, plan_whose_slots_are_not_needed_plus_optional_is_refused) {
    setup_plain(gi_cover_1_to_3, NULL, 0);
    int mon = duty("gi", "2026-11-02");
    /* The region now says two optional people, the plan has room for three. */
    res.r->duties[mon].optional = 1;
    cr_assert_eq(nr_check_plan(res.r, res.p, &res.v, &res.n), NR_EINTERNAL);
    cr_assert_null(res.v);
    res.r->duties[mon].optional = 2;
    cr_assert_eq(nr_check_plan(res.r, res.p, &res.v, &res.n), 0);
    nr_violations_free(res.v, res.n);
    res.v = NULL;
    res.n = 0;
    /* Same slots, but the plan needs another count. */
    res.p->needed[mon] = 2;
    cr_assert_eq(nr_check_plan(res.r, res.p, &res.v, &res.n), NR_EINTERNAL);
    cr_assert_eq(res.n, 0);
}

Test(checker, new_kind_names_keep_the_old_values) {
    cr_assert_eq(NR_V_MAX_HOURS, 11);
    cr_assert_eq(NR_VIOLATION_KINDS, 18);
    static const char *const names[] = {"max_duties", "shift_cap", "min_hours",
                                        "min_consecutive", "min_days_off", "succession"};
    for (int k = NR_V_MAX_DUTIES; k < NR_VIOLATION_KINDS; k++)
        cr_assert_str_eq(nr_violation_kind_name((enum nr_violation_kind)k), names[k - NR_V_MAX_DUTIES]);
    cr_assert_str_eq(nr_violation_kind_name(NR_VIOLATION_KINDS), "unknown");
}
