/* Tests for nr_curtois_load(): the published Instance1 and Instance2 read
 * into the model, the reading conventions (CR, comments anywhere, EOF), and
 * every error path with its exact FILE:LINE:COL message. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import/curtois.h"

#define BENCH "/work/shared/benchmarks/curtois/"
#define INSTANCE1 NR_SOURCE_DIR "/tests/data/curtois/Instance1.txt"
#define INSTANCE2 NR_SOURCE_DIR "/tests/data/curtois/Instance2.txt"

static char tmpdir[64];
static char tmpfile_path[128];

static void make_tmp(void) {
    snprintf(tmpdir, sizeof tmpdir, "/tmp/nr-curtois-test.XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
    snprintf(tmpfile_path, sizeof tmpfile_path, "%s/bad.txt", tmpdir);
}

static void remove_tmp(void) {
    unlink(tmpfile_path);
    rmdir(tmpdir);
}

TestSuite(curtois, .init = make_tmp, .fini = remove_tmp);

static char *render(const nr_diags *d) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    nr_diags_print(d, f);
    fclose(f);
    return buf;
}

static void write_text(const char *text) {
    FILE *f = fopen(tmpfile_path, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* `want` with every '@' replaced by the temporary file's path. */
static char *expand_at(const char *want) {
    size_t n = 1;
    for (const char *p = want; *p; p++) n += *p == '@' ? strlen(tmpfile_path) : 1;
    char *out = malloc(n);
    cr_assert_not_null(out);
    char *w = out;
    for (const char *p = want; *p; p++) {
        if (*p == '@') {
            memcpy(w, tmpfile_path, strlen(tmpfile_path));
            w += strlen(tmpfile_path);
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
    return out;
}

/* Load `text`; it must fail with code `rc` and exactly the diagnostics `want`. */
static void expect_text(const char *text, int rc_want, const char *want) {
    write_text(text);
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = (nr_region *)&d; /* must be reset to NULL */
    int rc = nr_curtois_load(tmpfile_path, &r, &d);
    char *got = render(&d);
    char *exp = expand_at(want);
    cr_expect_eq(rc, rc_want, "rc %d, expected %d; diagnostics:\n%s", rc, rc_want, got);
    cr_expect_null(r);
    cr_expect_str_eq(got, exp);
    free(got);
    free(exp);
    nr_diags_clear(&d);
}

static nr_region *load_ok(const char *path, nr_diags *d) {
    nr_region *r = NULL;
    int rc = nr_curtois_load(path, &r, d);
    char *got = render(d);
    cr_assert_eq(rc, 0, "loading %s failed (%d):\n%s", path, rc, got);
    free(got);
    cr_assert_not_null(r);
    return r;
}

static nr_region *load_text_ok(const char *text, nr_diags *d) {
    write_text(text);
    return load_ok(tmpfile_path, d);
}

/* A small valid instance; the error tests change one thing in it. Lines:
 * 3 horizon, 6-7 shifts, 10-11 staff, 14 days off, 17 on, 20 off, 23-36 cover. */
static const char *const base_lines[] = {
    "# a comment",                     /* 1 */
    "SECTION_HORIZON",                 /* 2 */
    "7",                               /* 3 */
    "",                                /* 4 */
    "SECTION_SHIFTS",                  /* 5 */
    "D,480,",                          /* 6 */
    "N,720,D",                         /* 7 */
    "",                                /* 8 */
    "SECTION_STAFF",                   /* 9 */
    "A,D=7|N=2,2400,960,5,2,2,1",      /* 10 */
    "B,D=7|N=0,2400,0,5,1,1,1",        /* 11 */
    "",                                /* 12 */
    "SECTION_DAYS_OFF",                /* 13 */
    "A,0,6",                           /* 14 */
    "",                                /* 15 */
    "SECTION_SHIFT_ON_REQUESTS",       /* 16 */
    "B,2,D,2",                         /* 17 */
    "",                                /* 18 */
    "SECTION_SHIFT_OFF_REQUESTS",      /* 19 */
    "A,3,N,3",                         /* 20 */
    "",                                /* 21 */
    "SECTION_COVER",                   /* 22 */
    "0,D,1,100,1", "0,N,1,100,1",      /* 23, 24 */
    "1,D,1,100,1", "1,N,1,100,1",      /* 25, 26 */
    "2,D,1,100,1", "2,N,1,100,1",      /* 27, 28 */
    "3,D,1,100,1", "3,N,1,100,1",      /* 29, 30 */
    "4,D,1,100,1", "4,N,1,100,1",      /* 31, 32 */
    "5,D,1,100,1", "5,N,1,100,1",      /* 33, 34 */
    "6,D,1,100,1", "6,N,0,100,1",      /* 35, 36 */
    NULL};

enum { N_BASE = 36 };

/* The base text with line `line` (1-based) replaced by `with`: NULL drops
 * the line, and a text holding '\n' inserts lines. Caller frees. */
static char *base_with(int line, const char *with) {
    size_t n = 1;
    for (int i = 0; base_lines[i]; i++) n += strlen(base_lines[i]) + 1;
    n += with ? strlen(with) + 1 : 0;
    char *out = malloc(n);
    cr_assert_not_null(out);
    out[0] = '\0';
    for (int i = 0; base_lines[i]; i++) {
        const char *l = i + 1 == line ? with : base_lines[i];
        if (!l) continue;
        strcat(out, l);
        strcat(out, "\n");
    }
    return out;
}

static void expect_base(int line, const char *with, const char *want) {
    char *text = base_with(line, with);
    expect_text(text, NR_EINPUT, want);
    free(text);
}

static int person_of(const nr_region *r, const char *id) {
    int p = nr_region_find_person(r, id);
    cr_assert_neq(p, NR_UNSET, "no person %s", id);
    return p;
}

static const nr_duty *duty_on(const nr_region *r, int day, const char *shift) {
    int s = nr_region_find_shift(r, shift);
    cr_assert_neq(s, NR_UNSET, "no shift %s", shift);
    for (size_t i = 0; i < r->n_duties; i++)
        if (r->duties[i].date == r->period_start + day && r->duties[i].shift == s)
            return &r->duties[i];
    cr_assert_fail("no duty on day %d shift %s", day, shift);
    return NULL;
}

/* ---- the published instances ---- */

Test(curtois, instance1_model) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok(INSTANCE1, &d);
    cr_expect_eq(d.errors, 0);
    cr_expect_str_eq(r->name, "Curtois & Qu Instance1");
    nr_date monday;
    cr_assert(nr_date_from_ymd(2024, 1, 1, &monday));
    cr_expect_eq(r->period_start, monday);
    cr_expect_eq(nr_date_weekday(r->period_start), NR_MON);
    cr_expect_eq(r->period_days, 14);
    cr_expect_eq(r->period_loc.line, 5);
    cr_expect_eq(r->n_bank_holidays, 0);
    cr_expect(r->fairness_off);
    cr_expect_eq(r->n_trusts, 1);
    cr_expect_eq(r->n_sites, 1);
    cr_expect_eq(r->n_rotas, 1);
    cr_expect_str_eq(r->rotas[0].id, "curtois");
    cr_expect_eq(r->n_people, 8);
    cr_expect_eq(r->n_shifts, 1);
    cr_expect_eq(r->rotas[0].shifts.count, 1);
    /* 8 lines of days off with one day each; 21 on and 5 off requests */
    cr_expect_eq(r->n_leave, 8);
    cr_expect_eq(r->n_requests, 26);
    size_t wants = 0;
    for (size_t i = 0; i < r->n_requests; i++) wants += r->requests[i].want;
    cr_expect_eq(wants, 21);
    cr_expect_eq(r->n_covers, 14);
    cr_expect_eq(r->n_duties, 14);
    /* an override of rules per person, a cap per person and shift */
    cr_expect_eq(r->n_overrides, 16);

    const nr_shift *s = &r->shifts[0];
    cr_expect_str_eq(s->id, "D");
    cr_expect_eq(s->start_minute, 720);
    cr_expect_eq(s->end_day_offset, 0);
    cr_expect_eq(s->end_minute, 1200);
    cr_expect_eq(s->days_mask, 0x7fu);
    cr_expect_eq(s->not_followed_by.count, 0);

    int a = person_of(r, "A");
    nr_rules k = nr_region_rules_for(r, a, 0);
    cr_expect_float_eq(k.max_hours, 72.0, 1e-9);
    cr_expect_float_eq(k.min_hours, 56.0, 1e-9);
    cr_expect_eq(k.max_consecutive, 5);
    cr_expect_eq(k.min_consecutive, 2);
    cr_expect_eq(k.min_days_off, 2);
    cr_expect_eq(k.max_weekends, 1);
    cr_expect_eq(k.max_duties, NR_UNSET);
    cr_expect_eq(nr_region_shift_cap(r, a, 0, 0), 14);
    cr_expect(nr_region_is_member(r, a, 0));

    /* A's day off (day 0) is leave over the whole date */
    const nr_duty *d0 = duty_on(r, 0, "D");
    cr_expect(nr_region_on_leave(r, a, d0->start, d0->end));
    cr_expect_not(nr_region_on_leave(r, a, duty_on(r, 1, "D")->start, duty_on(r, 1, "D")->end));
    cr_expect_eq(d0->start, nr_london_to_utc(monday, 720));
    cr_expect_float_eq(nr_duty_hours(d0), 8.0, 1e-9);
    /* cover rows: day 1 needs 7 of the 8; 1 more may work at 1 each */
    const nr_duty *d1 = duty_on(r, 1, "D");
    cr_expect_eq(d1->needed, 7);
    cr_expect_eq(d1->optional, 1);
    cr_expect_float_eq(d1->under_weight, 100.0, 1e-9);
    cr_expect_float_eq(d1->over_weight, 1.0, 1e-9);
    cr_expect_eq(duty_on(r, 10, "D")->needed, 2);
    cr_expect_eq(duty_on(r, 10, "D")->optional, 6);
    /* days 5 and 6 (Sat, Sun) are one weekend, that of day 5 */
    cr_expect_eq(duty_on(r, 5, "D")->kind, NR_DUTY_WEEKEND);
    cr_expect_eq(duty_on(r, 6, "D")->weekend, monday + 5);
    cr_expect_eq(duty_on(r, 4, "D")->kind, NR_DUTY_WEEKDAY);

    /* B's on request of weight 3 for day 0 */
    bool found = false;
    int b = person_of(r, "B");
    for (size_t i = 0; i < r->n_requests; i++) {
        const nr_request *q = &r->requests[i];
        if (q->person.index == b && q->date == monday && q->want) {
            found = true;
            cr_expect_float_eq(q->weight, 3.0, 1e-9);
            cr_expect_eq(q->shift.index, 0);
            cr_expect_eq(q->rota.index, 0);
            cr_expect_eq(q->loc.line, 37);
        }
    }
    cr_expect(found);
    nr_region_free(r);
    nr_diags_clear(&d);
}

Test(curtois, instance2_successions_and_caps) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok(INSTANCE2, &d);
    cr_expect_eq(d.errors, 0);
    cr_expect_eq(r->n_people, 14);
    cr_expect_eq(r->n_shifts, 2);
    cr_expect_eq(r->n_duties, 28);
    int e = nr_region_find_shift(r, "E"), l = nr_region_find_shift(r, "L");
    /* "L,480,E": no early the day after a late */
    cr_expect(nr_region_forbids_succession(r, l, e));
    cr_expect_not(nr_region_forbids_succession(r, e, l));
    cr_expect_not(nr_region_forbids_succession(r, l, l));
    /* "D,E=14|L=0,...": D never works a late */
    int p = person_of(r, "D");
    cr_expect_eq(nr_region_shift_cap(r, p, 0, l), 0);
    cr_expect_eq(nr_region_shift_cap(r, p, 0, e), 14);
    /* "K,E=0|L=14,2160,1200,5,1,1,1" */
    int k = person_of(r, "K");
    cr_expect_eq(nr_region_shift_cap(r, k, 0, e), 0);
    nr_rules rk = nr_region_rules_for(r, k, 0);
    cr_expect_float_eq(rk.max_hours, 36.0, 1e-9);
    cr_expect_float_eq(rk.min_hours, 20.0, 1e-9);
    cr_expect_eq(rk.min_consecutive, NR_UNSET);
    cr_expect_eq(rk.min_days_off, NR_UNSET);
    /* both shifts of a date overlap: one shift a day */
    const nr_duty *x = duty_on(r, 3, "E"), *y = duty_on(r, 3, "L");
    cr_expect(x->start < y->end && y->start < x->end);
    nr_region_free(r);
    nr_diags_clear(&d);
}

/* The copies under tests/data are the benchmark's files, unchanged. */
Test(curtois, fixtures_match_the_benchmark) {
    const char *names[] = {"Instance1.txt", "Instance2.txt"};
    for (size_t i = 0; i < 2; i++) {
        char a[512], b[512];
        snprintf(a, sizeof a, "%s%s", BENCH, names[i]);
        snprintf(b, sizeof b, "%s/tests/data/curtois/%s", NR_SOURCE_DIR, names[i]);
        FILE *fa = fopen(a, "rb");
        if (!fa) continue; /* the shared folder is not everywhere */
        FILE *fb = fopen(b, "rb");
        cr_assert_not_null(fb);
        int ca, cb;
        do {
            ca = fgetc(fa);
            cb = fgetc(fb);
        } while (ca == cb && ca != EOF);
        cr_expect_eq(ca, cb, "%s differs from the benchmark's", b);
        fclose(fa);
        fclose(fb);
    }
}

/* ---- reading conventions ---- */

Test(curtois, base_instance_loads) {
    nr_diags d = NR_DIAGS_INIT;
    char *text = base_with(0, NULL);
    nr_region *r = load_text_ok(text, &d);
    free(text);
    cr_expect_eq(d.errors, 0);
    cr_expect_eq(r->n_people, 2);
    cr_expect_eq(r->n_duties, 14);
    /* N is 12:00 to midnight */
    const nr_shift *n = &r->shifts[1];
    cr_expect_eq(n->end_day_offset, 1);
    cr_expect_eq(n->end_minute, 0);
    cr_expect_float_eq(nr_duty_hours(duty_on(r, 2, "N")), 12.0, 1e-9);
    int a = person_of(r, "A"), b = person_of(r, "B");
    nr_rules ka = nr_region_rules_for(r, a, 0), kb = nr_region_rules_for(r, b, 0);
    cr_expect_float_eq(ka.max_hours, 40.0, 1e-9);
    cr_expect_float_eq(ka.min_hours, 16.0, 1e-9);
    /* a minimum of 0 minutes, 1 shift or 1 day off is no rule at all */
    cr_expect(kb.min_hours < 0);
    cr_expect_eq(kb.min_consecutive, NR_UNSET);
    cr_expect_eq(kb.min_days_off, NR_UNSET);
    cr_expect_eq(nr_region_shift_cap(r, b, 0, 1), 0);
    cr_expect_eq(duty_on(r, 6, "N")->needed, 0);
    cr_expect_eq(duty_on(r, 6, "N")->optional, 2);
    cr_expect_eq(r->n_leave, 2);
    cr_expect_eq(r->leave[1].loc.line, 14);
    cr_expect_eq(r->leave[1].loc.col, 5);
    nr_region_free(r);
    nr_diags_clear(&d);
}

Test(curtois, crlf_comments_anywhere_and_eof) {
    /* CRLF endings, comments inside sections, blank lines doubled, sections
     * in another order, the last line without a newline */
    const char *text =
        "SECTION_SHIFTS\r\n# id,len,cannot follow\r\nD,480\r\n\r\n\r\n"
        "SECTION_HORIZON\r\n7\r\n\r\n"
        "SECTION_STAFF\r\nA,D=7,2400,0,5,1,1,1\r\n# between rows\r\nB,D=7,2400,0,5,1,1,1\r\n\r\n"
        "SECTION_COVER\r\n0,D,1,100,1\r\n1,D,1,100,1\r\n# in the middle\r\n2,D,1,100,1\r\n"
        "3,D,1,100,1\r\n4,D,1,100,1\r\n5,D,1,100,1\r\n6,D,2,100,1";
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_text_ok(text, &d);
    cr_expect_eq(d.errors, 0);
    cr_expect_eq(r->n_people, 2);
    cr_expect_str_eq(r->people[1].id, "B");
    cr_expect_eq(r->people[1].loc.line, 12);
    cr_expect_eq(r->n_requests, 0);
    cr_expect_eq(r->n_leave, 0);
    cr_expect_eq(duty_on(r, 6, "D")->needed, 2);
    cr_expect_eq(r->covers[6].loc.line, 22);
    nr_region_free(r);
    nr_diags_clear(&d);
}

/* ---- errors, one per path ---- */

Test(curtois, horizon_errors) {
    expect_base(3, "10",
                "@:3:1: error: SECTION_HORIZON: H: 10 days is not a whole number of weeks (the "
                "weekend rule needs weeks)\n");
    expect_base(3, "0", "@:3:1: error: SECTION_HORIZON: H: expected a whole number from 1 to 3650, got '0'\n");
    expect_base(3, "-7", "@:3:1: error: SECTION_HORIZON: H: expected a whole number from 1 to 3650, got '-7'\n");
    expect_base(3, "3654",
                "@:3:1: error: SECTION_HORIZON: H: expected a whole number from 1 to 3650, got '3654'\n");
    expect_base(3, "99999999999999999999999",
                "@:3:1: error: SECTION_HORIZON: H: expected a whole number from 1 to 3650, got "
                "'99999999999999999999999'\n");
    expect_base(3, "7x", "@:3:1: error: SECTION_HORIZON: H: expected a whole number from 1 to 3650, got '7x'\n");
    expect_base(3, "7,14", "@:3:1: error: SECTION_HORIZON: expected 1 fields (H), got 2\n");
    expect_base(3, "7\n14", "@:4:1: error: SECTION_HORIZON: more than one line (the horizon is one number)\n");
    expect_base(3, NULL, "@:2:1: error: SECTION_HORIZON: expected a line with the number of days\n");
}

Test(curtois, shift_errors) {
    expect_base(6, "D,721,",
                "@:6:3: error: SECTION_SHIFTS: LengthMins: expected a whole number from 1 to 720, got '721'\n");
    expect_base(6, "D,,", "@:6:3: error: SECTION_SHIFTS: LengthMins: expected a whole number from 1 to 720, got ''\n");
    expect_base(7, "D,480,",
                "@:7:1: error: SECTION_SHIFTS: ShiftID: duplicate shift 'D' (first at line 6)\n");
    expect_base(7, "N,720,X", "@:7:7: error: SECTION_SHIFTS: CannotFollow: unknown shift 'X'\n");
    expect_base(7, "N,720,D||N", "@:7:9: error: SECTION_SHIFTS: CannotFollow: empty shift id between '|'\n");
    expect_base(7, "N,720,D,1",
                "@:7:1: error: SECTION_SHIFTS: expected 3 fields (ShiftID,LengthMins,CannotFollow), got 4\n");
    expect_base(7, "N|M,720,",
                "@:7:1: error: SECTION_SHIFTS: ShiftID: 'N|M' is not a valid id (empty, or holds a "
                "space, '|', '=', ';' or '\"')\n");
}

Test(curtois, shift_listed_twice_in_cannot_follow_is_a_warning) {
    nr_diags d = NR_DIAGS_INIT;
    char *text = base_with(7, "N,720,D|D");
    nr_region *r = load_text_ok(text, &d);
    free(text);
    char *got = render(&d);
    /* the second warning is the validator's capacity check: A and B may
     * work 40 hours (5 shifts of 8) each, the cover asks for 13 */
    char *exp = expand_at("@:7:9: warning: SECTION_SHIFTS: CannotFollow: shift 'D' listed twice\n"
                          "@:5:1: warning: rota 'curtois' needs 13 duty slots but its 2 members can "
                          "take at most 10 under its rules (members' overrides) and their leave\n");
    cr_expect_str_eq(got, exp);
    free(got);
    free(exp);
    cr_expect_eq(r->shifts[1].not_followed_by.count, 1);
    nr_region_free(r);
    nr_diags_clear(&d);
}

Test(curtois, staff_errors) {
    expect_base(10, "A,D=7|N=2,2400",
                "@:10:1: error: SECTION_STAFF: expected 8 fields (ID,MaxShifts,MaxTotalMinutes,"
                "MinTotalMinutes,MaxConsecutiveShifts,MinConsecutiveShifts,MinConsecutiveDaysOff,"
                "MaxWeekends), got 3\n");
    expect_base(10, "A,D=7|X=2,2400,960,5,2,2,1",
                "@:10:7: error: SECTION_STAFF: MaxShifts: unknown shift 'X'\n");
    expect_base(10, "A,D=7,2400,960,5,2,2,1",
                "@:10:3: error: SECTION_STAFF: MaxShifts: no maximum for shift 'N' (every shift type needs one)\n");
    expect_base(10, "A,D7|N=2,2400,960,5,2,2,1",
                "@:10:3: error: SECTION_STAFF: MaxShifts: expected ShiftID=max, got 'D7'\n");
    expect_base(10, "A,D=7|D=2|N=1,2400,960,5,2,2,1",
                "@:10:7: error: SECTION_STAFF: MaxShifts: shift 'D' given twice\n");
    expect_base(10, "A,D=-1|N=2,2400,960,5,2,2,1",
                "@:10:5: error: SECTION_STAFF: MaxShifts: expected a whole number from 0 to 3650, got '-1'\n");
    expect_base(10, "A,D=7|N=2,-1,960,5,2,2,1",
                "@:10:11: error: SECTION_STAFF: MaxTotalMinutes: expected a whole number from 0 to "
                "5256000, got '-1'\n");
    expect_base(10, "A,D=7|N=2,900,960,5,2,2,1",
                "@:10:15: error: SECTION_STAFF: MinTotalMinutes: 960 is more than MaxTotalMinutes 900\n");
    expect_base(10, "A,D=7|N=2,2400,960,x,2,2,1",
                "@:10:20: error: SECTION_STAFF: MaxConsecutiveShifts: expected a whole number from 0 "
                "to 3650, got 'x'\n");
    expect_base(10, "A,D=7|N=2,2400,960,5,2.5,2,1",
                "@:10:22: error: SECTION_STAFF: MinConsecutiveShifts: expected a whole number from 0 "
                "to 3650, got '2.5'\n");
    expect_base(10, "A,D=7|N=2,2400,960,5,2,+2,1",
                "@:10:24: error: SECTION_STAFF: MinConsecutiveDaysOff: expected a whole number from "
                "0 to 3650, got '+2'\n");
    expect_base(10, "A,D=7|N=2,2400,960,5,2,2,",
                "@:10:26: error: SECTION_STAFF: MaxWeekends: expected a whole number from 0 to 3650, got ''\n");
    expect_base(11, "A,D=7|N=0,2400,0,5,1,1,1\nB,D=7|N=0,2400,0,5,1,1,1",
                "@:11:1: error: SECTION_STAFF: ID: duplicate employee 'A' (first at line 10)\n");
}

Test(curtois, days_off_errors) {
    expect_base(14, "Z,0", "@:14:1: error: SECTION_DAYS_OFF: EmployeeID: unknown employee 'Z'\n");
    expect_base(14, "A,0,7",
                "@:14:5: error: SECTION_DAYS_OFF: DayIndex: expected a whole number from 0 to 6, got '7'\n");
    expect_base(14, "A,0,-1",
                "@:14:5: error: SECTION_DAYS_OFF: DayIndex: expected a whole number from 0 to 6, got '-1'\n");
    expect_base(14, "A,0\nA,6",
                "@:15:1: error: SECTION_DAYS_OFF: EmployeeID: a second line for 'A' (first at line 14)\n");
}

Test(curtois, request_errors) {
    expect_base(17, "B,2,X,2", "@:17:5: error: SECTION_SHIFT_ON_REQUESTS: ShiftID: unknown shift 'X'\n");
    expect_base(17, "Q,2,D,2", "@:17:1: error: SECTION_SHIFT_ON_REQUESTS: EmployeeID: unknown employee 'Q'\n");
    expect_base(17, "B,7,D,2",
                "@:17:3: error: SECTION_SHIFT_ON_REQUESTS: Day: expected a whole number from 0 to 6, got '7'\n");
    expect_base(17, "B,2,D,0",
                "@:17:7: error: SECTION_SHIFT_ON_REQUESTS: Weight: expected a whole number from 1 to "
                "1000000, got '0'\n");
    expect_base(17, "B,2,D",
                "@:17:1: error: SECTION_SHIFT_ON_REQUESTS: expected 4 fields (EmployeeID,Day,ShiftID,Weight), got 3\n");
    expect_base(17, "B,2,D,2\nB,2,D,1",
                "@:18:1: error: SECTION_SHIFT_ON_REQUESTS: a second request by 'B' for day 2, shift "
                "'D' (first at line 17)\n");
    expect_base(20, "A,3,N,3\nA,3,N,3",
                "@:21:1: error: SECTION_SHIFT_OFF_REQUESTS: a second request by 'A' for day 3, shift "
                "'N' (first at line 20)\n");
}

Test(curtois, on_and_off_request_for_one_cell_is_fine) {
    nr_diags d = NR_DIAGS_INIT;
    char *text = base_with(20, "A,3,N,3\nB,2,D,1");
    nr_region *r = load_text_ok(text, &d);
    free(text);
    cr_expect_eq(d.errors, 0);
    cr_expect_eq(r->n_requests, 3);
    nr_region_free(r);
    nr_diags_clear(&d);
}

Test(curtois, cover_errors) {
    expect_base(24, "0,D,2,100,1",
                "@:24:1: error: SECTION_COVER: a second row for day 0, shift 'D' (first at line 23)\n");
    expect_base(24, NULL,
                "@:22:1: error: SECTION_COVER: no row for day 0, shift 'N' (every day and shift needs one)\n");
    expect_base(24, "0,N,1,100",
                "@:24:1: error: SECTION_COVER: expected 5 fields (Day,ShiftID,Requirement,WeightUnder,"
                "WeightOver), got 4\n");
    expect_base(24, "7,N,1,100,1",
                "@:24:1: error: SECTION_COVER: Day: expected a whole number from 0 to 6, got '7'\n");
    expect_base(24, "0,X,1,100,1", "@:24:3: error: SECTION_COVER: ShiftID: unknown shift 'X'\n");
    expect_base(24, "0,N,-1,100,1",
                "@:24:5: error: SECTION_COVER: Requirement: expected a whole number from 0 to 10000, got '-1'\n");
    expect_base(24, "0,N,1,1e2,1",
                "@:24:7: error: SECTION_COVER: WeightUnder: expected a whole number from 0 to 1000000, got '1e2'\n");
    expect_base(24, "0,N,1,100,1.5",
                "@:24:11: error: SECTION_COVER: WeightOver: expected a whole number from 0 to 1000000, got '1.5'\n");
}

Test(curtois, missing_cover_rows_are_counted_past_ten) {
    /* only day 0 has rows: 12 pairs missing, 10 listed */
    char *text = base_with(0, NULL);
    char *cut = strstr(text, "1,D,1,100,1\n");
    cr_assert_not_null(cut);
    *cut = '\0';
    expect_text(text, NR_EINPUT,
                "@:22:1: error: SECTION_COVER: no row for day 1, shift 'D' (every day and shift needs one)\n"
                "@:22:1: error: SECTION_COVER: no row for day 1, shift 'N' (every day and shift needs one)\n"
                "@:22:1: error: SECTION_COVER: no row for day 2, shift 'D' (every day and shift needs one)\n"
                "@:22:1: error: SECTION_COVER: no row for day 2, shift 'N' (every day and shift needs one)\n"
                "@:22:1: error: SECTION_COVER: no row for day 3, shift 'D' (every day and shift needs one)\n"
                "@:22:1: error: SECTION_COVER: no row for day 3, shift 'N' (every day and shift needs one)\n"
                "@:22:1: error: SECTION_COVER: no row for day 4, shift 'D' (every day and shift needs one)\n"
                "@:22:1: error: SECTION_COVER: no row for day 4, shift 'N' (every day and shift needs one)\n"
                "@:22:1: error: SECTION_COVER: no row for day 5, shift 'D' (every day and shift needs one)\n"
                "@:22:1: error: SECTION_COVER: no row for day 5, shift 'N' (every day and shift needs one)\n"
                "@:22:1: error: SECTION_COVER: 2 more (day, shift) pairs have no row\n");
    free(text);
}

Test(curtois, structure_errors) {
    expect_base(19, "SECTION_SHIFT_OF_REQUESTS",
                "@:19:1: error: unknown section 'SECTION_SHIFT_OF_REQUESTS'\n"
                "@:20:1: error: text outside a section (a blank line ends a section; a SECTION_ line starts one)\n");
    expect_base(19, "SECTION_SHIFT_ON_REQUESTS",
                "@:19:1: error: SECTION_SHIFT_ON_REQUESTS appears twice (first at line 16)\n"
                "@:20:1: error: text outside a section (a blank line ends a section; a SECTION_ line starts one)\n");
    expect_base(15, "A,1", "@:15:1: error: SECTION_DAYS_OFF: EmployeeID: a second line for 'A' (first at line 14)\n");
    expect_base(12, "\nA,1,1", "@:13:1: error: text outside a section (a blank line ends a section; a SECTION_ line starts one)\n");
    expect_base(5, "SECTION_SHIFTZ",
                "@:5:1: error: unknown section 'SECTION_SHIFTZ'\n"
                "@:6:1: error: text outside a section (a blank line ends a section; a SECTION_ line starts one)\n"
                "@:7:1: error: text outside a section (a blank line ends a section; a SECTION_ line starts one)\n"
                "@: error: missing section SECTION_SHIFTS\n");
    expect_base(10, "A,D=7|N=2,2400,960,5,2,2,1\xc3\xa9",
                "@:10:27: error: unexpected byte 0xC3 (the file must be plain ASCII text)\n");
    expect_text("", NR_EINPUT,
                "@: error: missing section SECTION_HORIZON\n@: error: missing section SECTION_SHIFTS\n"
                "@: error: missing section SECTION_STAFF\n@: error: missing section SECTION_COVER\n");
}

Test(curtois, nul_byte_is_refused) {
    FILE *f = fopen(tmpfile_path, "wb");
    cr_assert_not_null(f);
    char *text = base_with(0, NULL);
    fwrite(text, 1, 3, f); /* "# a" */
    fputs("\nSECTION_HORIZON\n7", f);
    fputc('\0', f);
    fputs("\n", f);
    fputs(strstr(text, "\nSECTION_SHIFTS"), f);
    fclose(f);
    free(text);
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = NULL;
    cr_expect_eq(nr_curtois_load(tmpfile_path, &r, &d), NR_EINPUT);
    cr_expect_null(r);
    char *got = render(&d);
    /* the line is dropped, and nothing is read in terms of a broken file */
    char *exp = expand_at("@:3:2: error: unexpected byte 0x00 (the file must be plain ASCII text)\n");
    cr_expect_str_eq(got, exp);
    free(got);
    free(exp);
    nr_diags_clear(&d);
}

Test(curtois, unreadable_files) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = NULL;
    cr_expect_eq(nr_curtois_load("/nonexistent/Instance.txt", &r, &d), NR_EIO);
    cr_expect_null(r);
    char *got = render(&d);
    cr_expect_str_eq(got, "/nonexistent/Instance.txt: error: cannot read: No such file or directory\n");
    free(got);
    nr_diags_clear(&d);
    cr_expect_eq(nr_curtois_load(tmpdir, &r, &d), NR_EIO);
    got = render(&d);
    char want[256];
    snprintf(want, sizeof want, "%s: error: cannot read: it is a folder, not a benchmark file\n", tmpdir);
    cr_expect_str_eq(got, want);
    free(got);
    nr_diags_clear(&d);
}

/* ---- limits ---- */

Test(curtois, long_line_is_a_limit) {
    size_t n = NR_CURTOIS_MAX_LINE + 10;
    char *line = malloc(n + 1);
    cr_assert_not_null(line);
    memset(line, '#', n);
    line[n] = '\0';
    line[0] = 'A';
    char *text = base_with(14, line);
    free(line);
    expect_text(text, NR_ELIMIT, "@:14: error: line is longer than 65536 bytes\n");
    free(text);
}

Test(curtois, too_many_cells_is_a_limit) {
    /* 3647 days x 400 shifts x 2 staff = 2,917,600 cells */
    size_t cap = 400 * 16 + 4096;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    size_t w = (size_t)snprintf(text, cap, "SECTION_HORIZON\n3647\n\nSECTION_SHIFTS\n");
    for (int i = 0; i < 400; i++) w += (size_t)snprintf(text + w, cap - w, "s%d,480,\n", i);
    snprintf(text + w, cap - w, "\nSECTION_STAFF\nA,x,0,0,0,0,0,0\nB,x,0,0,0,0,0,0\n\nSECTION_COVER\n0,s0,1,1,1\n");
    expect_text(text, NR_ELIMIT,
                "@:406: error: 3647 days x 400 shift types x 2 staff is more than 2500000 (day, "
                "shift, employee) cells\n");
    free(text);
}

Test(curtois, errors_stop_at_one_hundred) {
    char *text = base_with(11, NULL);
    size_t cap = strlen(text) + 200 * 16;
    char *more = malloc(cap);
    cr_assert_not_null(more);
    /* 150 bad staff rows where B was */
    char *at = strstr(text, "\n\nSECTION_DAYS_OFF");
    cr_assert_not_null(at);
    size_t w = (size_t)(at - text) + 1;
    memcpy(more, text, w);
    for (int i = 0; i < 150; i++) w += (size_t)snprintf(more + w, cap - w, "X%d,bad\n", i);
    snprintf(more + w, cap - w, "%s", at + 1);
    write_text(more);
    free(text);
    free(more);
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = NULL;
    cr_expect_eq(nr_curtois_load(tmpfile_path, &r, &d), NR_EINPUT);
    cr_expect_null(r);
    cr_expect_eq(d.errors, 101);
    cr_expect_str_eq(d.items[100].message, "too many errors (100); stopped reading here");
    cr_expect_eq(d.items[100].line, 110);
    nr_diags_clear(&d);
}
