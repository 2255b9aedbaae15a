#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/icsleave.h"

#define ICS(name) NR_TEST_DATA "/ics/" name

static nr_date ymd(int y, int m, int d) {
    nr_date day = 0;
    cr_assert(nr_date_from_ymd(y, m, d, &day));
    return day;
}

/* A UTC instant written out by hand, so that expectations do not depend on
 * the Europe/London code under test. */
static nr_instant utc(int y, int mo, int d, int h, int mi) {
    return (nr_instant)ymd(y, mo, d) * 86400 + h * 3600 + mi * 60;
}

typedef struct loaded {
    nr_region *r;
    nr_diags d;
    int rc;
} loaded;

static loaded load(const char *path, nr_date from, nr_date to) {
    loaded l = {nr_region_new(), NR_DIAGS_INIT, 0};
    cr_assert_not_null(l.r);
    l.rc = nr_ics_read_leave(l.r, path, "P012", nr_loc_at("scenario.yaml", 7), from, to, &l.d);
    return l;
}

static void unload(loaded *l) {
    nr_region_free(l->r);
    nr_diags_clear(&l->d);
}

static size_t count_reason(const nr_region *r, const char *reason) {
    size_t n = 0;
    for (size_t i = 0; i < r->n_leave; i++)
        if (r->leave[i].reason && strcmp(r->leave[i].reason, reason) == 0) n++;
    return n;
}

/* The leave with this reason and start, or NULL. */
static const nr_leave *find_leave(const nr_region *r, const char *reason, nr_instant start) {
    for (size_t i = 0; i < r->n_leave; i++)
        if (r->leave[i].reason && strcmp(r->leave[i].reason, reason) == 0 &&
            r->leave[i].start == start)
            return &r->leave[i];
    return NULL;
}

static void expect_leave(const nr_region *r, const char *reason, nr_instant start, nr_instant end,
                         bool all_day, int line) {
    const nr_leave *l = find_leave(r, reason, start);
    cr_assert_not_null(l, "no leave '%s' starting at %lld", reason, (long long)start);
    cr_assert_eq(l->end, end, "leave '%s': end %lld, want %lld", reason, (long long)l->end,
                 (long long)end);
    cr_assert_eq(l->all_day, all_day, "leave '%s': all_day", reason);
    cr_assert_eq(l->loc.line, line, "leave '%s': line %d, want %d", reason, l->loc.line, line);
}

static const nr_diag *find_diag(const nr_diags *d, const char *text) {
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].message && strstr(d->items[i].message, text)) return &d->items[i];
    return NULL;
}

static void expect_diag(const nr_diags *d, enum nr_severity sev, const char *file, int line,
                        const char *text) {
    const nr_diag *g = find_diag(d, text);
    cr_assert_not_null(g, "no diagnostic containing '%s'", text);
    cr_assert_eq(g->severity, sev, "'%s': severity", text);
    cr_assert_str_eq(g->file, file);
    cr_assert_eq(g->line, line, "'%s': line %d, want %d", text, g->line, line);
}

Test(icsleave, timed_events_in_bst_gmt_and_utc) {
    loaded l = load(ICS("timed.ics"), ymd(2027, 1, 4), ymd(2027, 12, 27));
    cr_assert_eq(l.rc, 0);
    cr_assert_eq(l.d.count, 0);
    cr_assert_eq(l.r->n_leave, 3, "the December 2026 event is outside the period");
    expect_leave(l.r, "Course (BST)", utc(2027, 7, 5, 8, 0), utc(2027, 7, 5, 16, 0), false, 4);
    expect_leave(l.r, "Course (GMT)", utc(2027, 1, 11, 9, 0), utc(2027, 1, 11, 17, 0), false, 11);
    expect_leave(l.r, "Clinic, external", utc(2027, 6, 1, 12, 0), utc(2027, 6, 1, 14, 30), false,
                 18);
    const nr_leave *x = &l.r->leave[0];
    cr_assert_str_eq(x->person.id, "P012");
    cr_assert_eq(x->person.index, NR_UNSET);
    cr_assert_str_eq(x->person.loc.file, "scenario.yaml");
    cr_assert_eq(x->person.loc.line, 7);
    cr_assert_str_eq(x->loc.file, ICS("timed.ics"));
    unload(&l);
}

Test(icsleave, outlook_vtimezone_is_resolved) {
    loaded l = load(ICS("outlook.ics"), ymd(2027, 1, 1), ymd(2028, 1, 1));
    cr_assert_eq(l.rc, 0);
    cr_assert_eq(l.d.count, 0);
    cr_assert_eq(l.r->n_leave, 3);
    expect_leave(l.r, "Study leave", utc(2027, 7, 16, 8, 0), utc(2027, 7, 16, 16, 0), false, 21);
    expect_leave(l.r, "Appraisal", utc(2027, 12, 1, 9, 0), utc(2027, 12, 1, 12, 0), false, 39);
    expect_leave(l.r, "Annual leave", utc(2027, 12, 20, 0, 0), utc(2027, 12, 25, 0, 0), true, 48);
    unload(&l);
}

Test(icsleave, floating_is_london_and_unknown_tzid_warns) {
    FILE *f = fopen(ICS("floating.ics"), "rb");
    cr_assert_not_null(f);
    int ch, crs = 0;
    while ((ch = fgetc(f)) != EOF) crs += ch == '\r';
    fclose(f);
    cr_assert_eq(crs, 0, "floating.ics is the LF-only fixture");

    loaded l = load(ICS("floating.ics"), ymd(2027, 1, 4), ymd(2027, 7, 5));
    cr_assert_eq(l.rc, 0);
    cr_assert_eq(l.d.errors, 0);
    cr_assert_eq(l.d.warnings, 1);
    expect_diag(&l.d, NR_SEV_WARNING, ICS("floating.ics"), 13, "'Mars/Olympus'");
    cr_assert_eq(l.r->n_leave, 2);
    /* 29 March 2027 is BST: 09:00 local is 08:00Z. */
    expect_leave(l.r, "Floating morning", utc(2027, 3, 29, 8, 0), utc(2027, 3, 29, 12, 0), false,
                 4);
    expect_leave(l.r, "Unknown zone", utc(2027, 1, 15, 10, 0), utc(2027, 1, 15, 12, 0), false, 13);
    unload(&l);
}

Test(icsleave, all_day_spans_are_local_midnights) {
    loaded l = load(ICS("allday.ics"), ymd(2027, 1, 4), ymd(2028, 1, 3));
    cr_assert_eq(l.rc, 0);
    cr_assert_eq(l.d.count, 0);
    cr_assert_eq(l.r->n_leave, 5);
    /* No DTEND: one day. */
    expect_leave(l.r, "One day", utc(2027, 8, 1, 23, 0), utc(2027, 8, 2, 23, 0), true, 4);
    /* DTEND is exclusive: 3 to 14 August. */
    expect_leave(l.r, "Summer", utc(2027, 8, 2, 23, 0), utc(2027, 8, 14, 23, 0), true, 10);
    /* 28 March 2027 has 23 hours. */
    expect_leave(l.r, "Clock change day", utc(2027, 3, 28, 0, 0), utc(2027, 3, 28, 23, 0), true,
                 17);
    const nr_leave *c = find_leave(l.r, "Clock change day", utc(2027, 3, 28, 0, 0));
    cr_assert_eq(c->end - c->start, 23 * 3600);
    expect_leave(l.r, "Across spring change", utc(2027, 3, 27, 0, 0), utc(2027, 3, 29, 23, 0),
                 true, 24);
    /* DURATION:P2D over the autumn change: 49 hours. */
    expect_leave(l.r, "Across autumn change", utc(2027, 10, 29, 23, 0), utc(2027, 11, 1, 0, 0),
                 true, 31);
    unload(&l);
}

Test(icsleave, recurrences_exdates_rdates_and_overrides) {
    loaded l = load(ICS("recur.ics"), ymd(2027, 1, 4), ymd(2027, 4, 5));
    cr_assert_eq(l.rc, 0);
    cr_assert_eq(l.d.count, 0);

    cr_assert_eq(count_reason(l.r, "Count"), 4);
    for (int i = 0; i < 4; i++) {
        nr_instant s = utc(2027, 1, 11, 9, 0) + (nr_instant)i * 7 * 86400;
        expect_leave(l.r, "Count", s, s + 3600, false, 4);
    }

    /* Weekly until 22 March, 8 March excluded by a DATE EXDATE. */
    cr_assert_eq(count_reason(l.r, "Until"), 3);
    expect_leave(l.r, "Until", utc(2027, 3, 1, 0, 0), utc(2027, 3, 2, 0, 0), true, 12);
    expect_leave(l.r, "Until", utc(2027, 3, 15, 0, 0), utc(2027, 3, 16, 0, 0), true, 12);
    expect_leave(l.r, "Until", utc(2027, 3, 22, 0, 0), utc(2027, 3, 23, 0, 0), true, 12);

    /* No COUNT or UNTIL: from the first Monday of the period to the last. */
    cr_assert_eq(count_reason(l.r, "Open ended"), 13);
    expect_leave(l.r, "Open ended", utc(2027, 1, 4, 13, 0), utc(2027, 1, 4, 17, 0), false, 20);
    expect_leave(l.r, "Open ended", utc(2027, 3, 22, 13, 0), utc(2027, 3, 22, 17, 0), false, 20);
    expect_leave(l.r, "Open ended", utc(2027, 3, 29, 12, 0), utc(2027, 3, 29, 16, 0), false, 20);

    /* A DATE-TIME EXDATE with TZID removes 12 January. */
    cr_assert_eq(count_reason(l.r, "Exdate"), 2);
    expect_leave(l.r, "Exdate", utc(2027, 1, 5, 8, 0), utc(2027, 1, 5, 12, 0), false, 28);
    expect_leave(l.r, "Exdate", utc(2027, 1, 19, 8, 0), utc(2027, 1, 19, 12, 0), false, 28);

    /* 10 February moved to the 11th; 17 February cancelled by its override. */
    cr_assert_eq(count_reason(l.r, "Moved series"), 3);
    expect_leave(l.r, "Moved series", utc(2027, 2, 3, 14, 0), utc(2027, 2, 3, 16, 0), false, 37);
    expect_leave(l.r, "Moved series", utc(2027, 2, 11, 9, 0), utc(2027, 2, 11, 11, 0), false, 45);
    expect_leave(l.r, "Moved series", utc(2027, 2, 24, 14, 0), utc(2027, 2, 24, 16, 0), false, 37);

    cr_assert_eq(count_reason(l.r, "Cancelled"), 0);

    cr_assert_eq(count_reason(l.r, "Rdate days"), 3);
    expect_leave(l.r, "Rdate days", utc(2027, 2, 15, 0, 0), utc(2027, 2, 16, 0, 0), true, 69);
    expect_leave(l.r, "Rdate days", utc(2027, 2, 22, 0, 0), utc(2027, 2, 23, 0, 0), true, 69);
    expect_leave(l.r, "Rdate days", utc(2027, 3, 1, 0, 0), utc(2027, 3, 2, 0, 0), true, 69);

    cr_assert_eq(count_reason(l.r, "Rdate times"), 3);
    expect_leave(l.r, "Rdate times", utc(2027, 3, 4, 9, 0), utc(2027, 3, 4, 10, 0), false, 76);
    expect_leave(l.r, "Rdate times", utc(2027, 3, 11, 9, 0), utc(2027, 3, 11, 10, 0), false, 76);
    expect_leave(l.r, "Rdate times", utc(2027, 3, 18, 12, 0), utc(2027, 3, 18, 13, 0), false, 76);

    cr_assert_eq(l.r->n_leave, 4 + 3 + 13 + 2 + 3 + 3 + 3);
    unload(&l);
}

Test(icsleave, open_rrule_stops_at_the_end_of_the_period) {
    /* The period ends at 00:00 on 18 January: Mondays 4 and 11 only. */
    loaded l = load(ICS("recur.ics"), ymd(2027, 1, 4), ymd(2027, 1, 18));
    cr_assert_eq(l.rc, 0);
    cr_assert_eq(count_reason(l.r, "Open ended"), 2);
    cr_assert_not_null(find_leave(l.r, "Open ended", utc(2027, 1, 11, 13, 0)));
    cr_assert_eq(count_reason(l.r, "Count"), 1);
    unload(&l);
}

/* Write text to a new temporary file; path must be a mkstemp template. */
static void write_temp(char *path, const char *text) {
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

Test(icsleave, occurrences_are_capped) {
    char path[] = "/tmp/nr-ics-cap-XXXXXX";
    write_temp(path, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\n"
                     "UID:m@t\r\nDTSTART:20270104T090000Z\r\nDURATION:PT1H\r\n"
                     "RRULE:FREQ=DAILY\r\nSUMMARY:Every day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    /* 33 years of days, more than the cap. */
    loaded l = load(path, ymd(2027, 1, 4), ymd(2060, 1, 5));
    unlink(path);
    cr_assert_eq(l.rc, 0);
    cr_assert_eq(l.d.warnings, 1);
    expect_diag(&l.d, NR_SEV_WARNING, path, 4, "10000 occurrences");
    cr_assert_eq(l.r->n_leave, 10000);
    nr_instant last = utc(2027, 1, 4, 9, 0) + (nr_instant)9999 * 86400;
    expect_leave(l.r, "Every day", last, last + 3600, false, 4);
    unload(&l);
}

Test(icsleave, sub_daily_rules_are_refused) {
    char path[] = "/tmp/nr-ics-minutely-XXXXXX";
    write_temp(path, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\n"
                     "UID:m@t\r\nDTSTART:20270104T000000Z\r\nDURATION:PT1M\r\n"
                     "RRULE:FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30\r\nSUMMARY:Never\r\n"
                     "END:VEVENT\r\nEND:VCALENDAR\r\n");
    loaded l = load(path, ymd(2027, 1, 4), ymd(2027, 3, 1));
    unlink(path);
    cr_assert_eq(l.rc, NR_EINPUT);
    expect_diag(&l.d, NR_SEV_ERROR, path, 4, "leave repeats at most daily");
    cr_assert_eq(l.r->n_leave, 0);
    unload(&l);
}

Test(icsleave, vtimezone_with_a_sub_yearly_rule_is_refused, .timeout = 60) {
    /* libical would expand this rule second by second from 1601. */
    char path[] = "/tmp/nr-ics-vtz-XXXXXX";
    write_temp(path, "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\n"
                     "BEGIN:VTIMEZONE\nTZID:Bad Time\nBEGIN:STANDARD\n"
                     "DTSTART:16011028T020000\nRRULE:FREQ=SECONDLY\nTZOFFSETFROM:+0100\n"
                     "TZOFFSETTO:+0000\nEND:STANDARD\nEND:VTIMEZONE\n"
                     "BEGIN:VEVENT\nUID:v@t\nDTSTART;TZID=Bad Time:20270716T090000\n"
                     "DTEND;TZID=Bad Time:20270716T100000\nSUMMARY:Bad zone\n"
                     "END:VEVENT\nEND:VCALENDAR\n");
    loaded l = load(path, ymd(2027, 1, 4), ymd(2027, 12, 27));
    unlink(path);
    cr_assert_eq(l.rc, NR_EINPUT);
    cr_assert_eq(l.d.errors, 1);
    expect_diag(&l.d, NR_SEV_ERROR, path, 4, "VTIMEZONE 'Bad Time': RRULE FREQ=SECONDLY");
    unload(&l);
}

Test(icsleave, truncated_file_is_reported_with_its_name) {
    loaded l = load(ICS("truncated.ics"), ymd(2027, 1, 4), ymd(2027, 7, 5));
    cr_assert_eq(l.rc, NR_EINPUT);
    cr_assert_eq(l.d.errors, 1);
    cr_assert_str_eq(l.d.items[0].file, ICS("truncated.ics"));
    cr_assert_str_eq(l.d.items[0].message,
                     "not an iCalendar file (or truncated: no END:VCALENDAR)");
    cr_assert_eq(l.r->n_leave, 0);
    unload(&l);
}

Test(icsleave, random_bytes_are_not_a_calendar) {
    loaded l = load(ICS("random.ics"), ymd(2027, 1, 4), ymd(2027, 7, 5));
    cr_assert_eq(l.rc, NR_EINPUT);
    cr_assert_eq(l.d.errors, 1);
    expect_diag(&l.d, NR_SEV_ERROR, ICS("random.ics"), 0, "not an iCalendar file");
    unload(&l);
}

Test(icsleave, every_bad_event_is_reported_at_its_line) {
    loaded l = load(ICS("bad.ics"), ymd(2027, 1, 4), ymd(2027, 7, 5));
    cr_assert_eq(l.rc, NR_EINPUT);
    const char *f = ICS("bad.ics");
    expect_diag(&l.d, NR_SEV_ERROR, f, 9, "event ends before it starts");
    expect_diag(&l.d, NR_SEV_ERROR, f, 15, "event has no DTSTART");
    expect_diag(&l.d, NR_SEV_ERROR, f, 21,
                "DTSTART: cannot read '2027notadate' as a DATE-TIME value");
    expect_diag(&l.d, NR_SEV_ERROR, f, 24, "invalid RRULE");
    expect_diag(&l.d, NR_SEV_ERROR, f, 34,
                "not an iCalendar content line: 'this line is garbage'");
    cr_assert_eq(l.d.errors, 5);
    /* The good event is still read. */
    cr_assert_eq(l.r->n_leave, 1);
    expect_leave(l.r, "Fine", utc(2027, 1, 4, 0, 0), utc(2027, 1, 5, 0, 0), true, 4);
    unload(&l);
}

Test(icsleave, concatenated_calendars_are_all_read) {
    loaded l = load(ICS("twocal.ics"), ymd(2027, 1, 4), ymd(2027, 7, 5));
    cr_assert_eq(l.rc, NR_EINPUT);
    cr_assert_eq(l.d.errors, 1);
    expect_diag(&l.d, NR_SEV_ERROR, ICS("twocal.ics"), 13, "event ends before it starts");
    cr_assert_eq(l.r->n_leave, 1);
    expect_leave(l.r, "First calendar", utc(2027, 1, 4, 0, 0), utc(2027, 1, 5, 0, 0), true, 4);
    unload(&l);
}

Test(icsleave, missing_file_is_an_io_error) {
    loaded l = load(ICS("no-such-file.ics"), ymd(2027, 1, 4), ymd(2027, 7, 5));
    cr_assert_eq(l.rc, NR_EIO);
    cr_assert_eq(l.d.errors, 1);
    expect_diag(&l.d, NR_SEV_ERROR, ICS("no-such-file.ics"), 0, "cannot open");
    unload(&l);
}

Test(icsleave, oversized_file_is_refused) {
    char path[] = "/tmp/nr-ics-big-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(ftruncate(fd, 16 * 1024 * 1024 + 1), 0);
    close(fd);
    loaded l = load(path, ymd(2027, 1, 4), ymd(2027, 7, 5));
    unlink(path);
    cr_assert_eq(l.rc, NR_ELIMIT);
    expect_diag(&l.d, NR_SEV_ERROR, path, 0, "larger than 16 MiB");
    unload(&l);
}

Test(icsleave, empty_file_is_not_a_calendar) {
    char path[] = "/tmp/nr-ics-empty-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    loaded l = load(path, ymd(2027, 1, 4), ymd(2027, 7, 5));
    unlink(path);
    cr_assert_eq(l.rc, NR_EINPUT);
    expect_diag(&l.d, NR_SEV_ERROR, path, 0, "not an iCalendar file");
    unload(&l);
}

Test(icsleave, old_open_series_reach_the_period_without_the_cap) {
    /* Daily since 1995 is over 11000 occurrences before 2027. */
    loaded l = load(ICS("longago.ics"), ymd(2027, 1, 4), ymd(2027, 4, 5));
    cr_assert_eq(l.rc, 0);
    cr_assert_eq(l.d.count, 0);
    cr_assert_eq(count_reason(l.r, "Daily since 1995"), 91);
    expect_leave(l.r, "Daily since 1995", utc(2027, 1, 4, 9, 0), utc(2027, 1, 4, 10, 0), false, 4);
    expect_leave(l.r, "Daily since 1995", utc(2027, 4, 4, 8, 0), utc(2027, 4, 4, 9, 0), false, 4);
    /* Mondays 2001-01-01 + 2k weeks: 2027-01-04 is week 1357 (odd), so the
     * period's first one is 11 January, then every second Monday. */
    cr_assert_eq((ymd(2027, 1, 4) - ymd(2001, 1, 1)) / 7, 1357);
    cr_assert_eq(count_reason(l.r, "Fortnightly since 2001"), 6);
    for (int i = 0; i < 6; i++) {
        nr_instant s = utc(2027, 1, 11, 0, 0) + (nr_instant)i * 14 * 86400;
        expect_leave(l.r, "Fortnightly since 2001", s, s + 86400, true, 12);
    }
    unload(&l);
}

Test(icsleave, a_directory_is_an_io_error) {
    loaded l = load(NR_TEST_DATA "/ics", ymd(2027, 1, 4), ymd(2027, 7, 5));
    cr_assert_eq(l.rc, NR_EIO);
    expect_diag(&l.d, NR_SEV_ERROR, NR_TEST_DATA "/ics", 0, "cannot read iCalendar file");
    unload(&l);
}
