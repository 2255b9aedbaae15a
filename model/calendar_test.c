#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model/calendar.h"

static nr_date ymd(int y, int m, int d) {
    nr_date out = 0;
    cr_assert(nr_date_from_ymd(y, m, d, &out), "%04d-%02d-%02d should be valid", y, m, d);
    return out;
}

static nr_date parse_date(const char *s) {
    nr_date out = 0;
    cr_assert(nr_date_parse(s, &out), "'%s' should parse", s);
    return out;
}

/* 2027-03-28T01:00:00Z style instants, computed without the code under test. */
static nr_instant utc(const char *date, int hour, int minute) {
    return (nr_instant)parse_date(date) * 86400 + hour * 3600 + minute * 60;
}

Test(calendar, known_day_numbers) {
    cr_assert_eq(ymd(1970, 1, 1), 0);
    cr_assert_eq(ymd(1969, 12, 31), -1);
    cr_assert_eq(ymd(2000, 1, 1), 10957);
    cr_assert_eq(ymd(2000, 3, 1), 11017);
    cr_assert_eq(ymd(1900, 3, 1), -25508);
    cr_assert_eq(ymd(2024, 2, 29), 19782);
    cr_assert_eq(ymd(1, 1, 1), -719162);
    cr_assert_eq(ymd(9999, 12, 31), 2932896);
}

/* Walk every civil date from 0001-01-01 to 9999-12-31 with a plain
 * calendar counter: each valid date must be the previous day number plus one
 * and must convert back to itself. */
Test(calendar, round_trip_every_day_of_years_1_to_9999) {
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    nr_date expect = ymd(1, 1, 1);
    long checked = 0;
    for (int y = 1; y <= 9999; y++) {
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        for (int m = 1; m <= 12; m++) {
            int n = len[m - 1] + (m == 2 && leap);
            for (int d = 1; d <= n; d++) {
                nr_date got;
                if (!nr_date_from_ymd(y, m, d, &got) || got != expect)
                    cr_assert_fail("%04d-%02d-%02d: got %d, expected %d", y, m, d, got, expect);
                int yy, mm, dd;
                nr_date_to_ymd(got, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d)
                    cr_assert_fail("day %d back to %04d-%02d-%02d", got, yy, mm, dd);
                expect++;
                checked++;
            }
            nr_date ignored = 12345;
            cr_assert_not(nr_date_from_ymd(y, m, n + 1, &ignored));
            cr_assert_eq(ignored, 12345, "out is untouched on failure");
        }
    }
    cr_assert_eq(checked, 3652059); /* 9999 years of 365.2425 days */
}

Test(calendar, invalid_dates_rejected) {
    nr_date d = 77;
    cr_assert_not(nr_date_from_ymd(2027, 2, 29, &d));
    cr_assert_not(nr_date_from_ymd(1900, 2, 29, &d));
    cr_assert(nr_date_from_ymd(2000, 2, 29, &d));
    d = 77;
    cr_assert_not(nr_date_from_ymd(2027, 4, 31, &d));
    cr_assert_not(nr_date_from_ymd(2027, 13, 1, &d));
    cr_assert_not(nr_date_from_ymd(2027, 0, 1, &d));
    cr_assert_not(nr_date_from_ymd(2027, 1, 0, &d));
    cr_assert_not(nr_date_from_ymd(0, 1, 1, &d));
    cr_assert_not(nr_date_from_ymd(10000, 1, 1, &d));
    cr_assert_not(nr_date_from_ymd(2027, -1, 1, &d));
    cr_assert_eq(d, 77);
}

Test(calendar, weekdays_of_known_dates) {
    cr_assert_eq(nr_date_weekday(0), NR_THU);
    cr_assert_eq(nr_date_weekday(-1), NR_WED);
    cr_assert_eq(nr_date_weekday(ymd(2000, 1, 1)), NR_SAT);
    cr_assert_eq(nr_date_weekday(ymd(1, 1, 1)), NR_MON);
    cr_assert_eq(nr_date_weekday(ymd(9999, 12, 31)), NR_FRI);
    cr_assert_eq(nr_date_weekday(ymd(2027, 1, 4)), NR_MON);
    cr_assert_eq(nr_date_weekday(ymd(2027, 3, 28)), NR_SUN);
    cr_assert_eq(nr_date_weekday(ymd(2026, 10, 25)), NR_SUN);
    cr_assert_eq(nr_date_weekday(ymd(1900, 3, 1)), NR_THU);
    /* Seven consecutive days cycle through every weekday in order. */
    for (nr_date d = -20000; d < -20000 + 14; d++)
        cr_assert_eq(nr_date_weekday(d + 1), (nr_date_weekday(d) + 1) % 7);
}

Test(calendar, date_parse_is_strict) {
    nr_date d = 5;
    cr_assert_eq(parse_date("2027-03-28"), ymd(2027, 3, 28));
    cr_assert_eq(parse_date("0001-01-01"), ymd(1, 1, 1));
    const char *bad[] = {"2027-3-28",   "2027-03-28 ", " 2027-03-28", "2027/03/28", "27-03-28",
                         "2027-02-30",  "2027-13-01",  "0000-01-01",  "2027-03-2x", "",
                         "2027-03-28T", "+027-03-28",  "2027-003-01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_not(nr_date_parse(bad[i], &d), "'%s' must not parse", bad[i]);
    cr_assert_not(nr_date_parse(NULL, &d));
    cr_assert_eq(d, 5);
}

Test(calendar, date_format) {
    char buf[11];
    cr_assert_str_eq(nr_date_format(ymd(2027, 3, 8), buf), "2027-03-08");
    cr_assert_str_eq(nr_date_format(ymd(1, 1, 1), buf), "0001-01-01");
    cr_assert_str_eq(nr_date_format(ymd(9999, 12, 31), buf), "9999-12-31");
    cr_assert_str_eq(nr_date_format(-1, buf), "1969-12-31");
}

Test(calendar, time_parse) {
    int m = -7;
    cr_assert(nr_time_parse("00:00", &m));
    cr_assert_eq(m, 0);
    cr_assert(nr_time_parse("17:00", &m));
    cr_assert_eq(m, 1020);
    cr_assert(nr_time_parse("23:59", &m));
    cr_assert_eq(m, 1439);
    cr_assert(nr_time_parse("24:00", &m));
    cr_assert_eq(m, 1440);
    m = -7;
    const char *bad[] = {"24:01", "25:00", "12:60", "8:00", "08:0", "08-00", "08:00:00",
                         "0800",  "",      "ab:cd", "-1:00", "08:00 "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_not(nr_time_parse(bad[i], &m), "'%s' must not parse", bad[i]);
    cr_assert_eq(m, -7);
}

Test(calendar, weekday_names) {
    enum nr_weekday w = NR_MON;
    cr_assert(nr_weekday_parse("Fri", &w));
    cr_assert_eq(w, NR_FRI);
    cr_assert(nr_weekday_parse("sunday", &w));
    cr_assert_eq(w, NR_SUN);
    cr_assert(nr_weekday_parse("WED", &w));
    cr_assert_eq(w, NR_WED);
    cr_assert(nr_weekday_parse("Thursday", &w));
    cr_assert_eq(w, NR_THU);
    w = NR_MON;
    cr_assert_not(nr_weekday_parse("Fr", &w));
    cr_assert_not(nr_weekday_parse("Fridays", &w));
    cr_assert_not(nr_weekday_parse("", &w));
    cr_assert_not(nr_weekday_parse(NULL, &w));
    cr_assert_eq(w, NR_MON);
    const char *names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    for (int i = 0; i < 7; i++) {
        cr_assert_str_eq(nr_weekday_name((enum nr_weekday)i), names[i]);
        cr_assert(nr_weekday_parse(names[i], &w));
        cr_assert_eq((int)w, i);
    }
}

Test(calendar, london_offsets_around_2026_and_2027_changes) {
    /* 2026: 29 March and 25 October; 2027: 28 March and 31 October, 01:00Z. */
    cr_assert_eq(nr_london_offset(utc("2026-03-29", 0, 59)), 0);
    cr_assert_eq(nr_london_offset(utc("2026-03-29", 1, 0)), 60);
    cr_assert_eq(nr_london_offset(utc("2026-10-25", 0, 59)), 60);
    cr_assert_eq(nr_london_offset(utc("2026-10-25", 1, 0)), 0);
    cr_assert_eq(nr_london_offset(utc("2027-03-28", 0, 59)), 0);
    cr_assert_eq(nr_london_offset(utc("2027-03-28", 1, 0)), 60);
    cr_assert_eq(nr_london_offset(utc("2027-10-31", 0, 59)), 60);
    cr_assert_eq(nr_london_offset(utc("2027-10-31", 1, 0)), 0);
    cr_assert_eq(nr_london_offset(utc("2027-01-15", 12, 0)), 0);
    cr_assert_eq(nr_london_offset(utc("2027-07-15", 12, 0)), 60);
    cr_assert_eq(nr_london_offset(utc("2027-12-31", 23, 59)), 0);
    /* A week before each change nothing has happened yet. */
    cr_assert_eq(nr_london_offset(utc("2027-03-21", 12, 0)), 0);
    cr_assert_eq(nr_london_offset(utc("2027-10-24", 12, 0)), 60);
}

/* The system's tz database, through localtime_r, as an independent oracle:
 * every hour from 1996 (when the current rule began) to 2037. */
Test(calendar, london_offset_matches_tz_database) {
    if (access("/usr/share/zoneinfo/Europe/London", R_OK) != 0)
        cr_skip_test("no tz database");
    setenv("TZ", "Europe/London", 1);
    tzset();
    nr_instant from = utc("1996-01-01", 0, 0), to = utc("2037-12-31", 0, 0);
    long hours = 0;
    for (nr_instant t = from; t < to; t += 1800) {
        time_t tt = (time_t)t;
        struct tm tm;
        cr_assert_not_null(localtime_r(&tt, &tm));
        int expect = tm.tm_isdst ? 60 : 0;
        if (nr_london_offset(t) != expect) cr_assert_fail("offset at %lld", (long long)t);
        nr_date d;
        int minute, off;
        nr_london_from_utc(t, &d, &minute, &off);
        int y, m, dd;
        nr_date_to_ymd(d, &y, &m, &dd);
        if (off != expect || y != tm.tm_year + 1900 || m != tm.tm_mon + 1 || dd != tm.tm_mday ||
            minute != tm.tm_hour * 60 + tm.tm_min)
            cr_assert_fail("local time of %lld", (long long)t);
        hours++;
    }
    cr_assert_gt(hours, 700000);
}

Test(calendar, london_to_utc_ordinary_times) {
    cr_assert_eq(nr_london_to_utc(parse_date("2027-01-15"), 17 * 60), utc("2027-01-15", 17, 0));
    cr_assert_eq(nr_london_to_utc(parse_date("2027-07-15"), 17 * 60), utc("2027-07-15", 16, 0));
    cr_assert_eq(nr_london_to_utc(parse_date("2027-07-15"), 1440), utc("2027-07-15", 23, 0));
    cr_assert_eq(nr_london_to_utc(parse_date("2027-03-28"), 0), utc("2027-03-28", 0, 0));
    cr_assert_eq(nr_london_to_utc(parse_date("2027-03-28"), 2 * 60), utc("2027-03-28", 1, 0));
    cr_assert_eq(nr_london_to_utc(parse_date("2027-03-28"), 8 * 60), utc("2027-03-28", 7, 0));
    cr_assert_eq(nr_london_to_utc(parse_date("2026-10-25"), 0), utc("2026-10-24", 23, 0));
    cr_assert_eq(nr_london_to_utc(parse_date("2026-10-25"), 2 * 60), utc("2026-10-25", 2, 0));
    cr_assert_eq(nr_london_to_utc(parse_date("2026-10-25"), 8 * 60), utc("2026-10-25", 8, 0));
}

Test(calendar, spring_gap_uses_pre_gap_offset) {
    nr_date day = parse_date("2027-03-28");
    cr_assert_eq(nr_london_to_utc(day, 60), utc("2027-03-28", 1, 0));
    cr_assert_eq(nr_london_to_utc(day, 90), utc("2027-03-28", 1, 30));
    cr_assert_eq(nr_london_to_utc(day, 119), utc("2027-03-28", 1, 59));
    /* So 01:30 reads as 02:30 BST when turned back into local time. */
    char buf[26];
    cr_assert_str_eq(nr_london_format(nr_london_to_utc(day, 90), buf),
                     "2027-03-28T02:30:00+01:00");
}

Test(calendar, autumn_overlap_means_first_occurrence) {
    nr_date day = parse_date("2026-10-25");
    cr_assert_eq(nr_london_to_utc(day, 60), utc("2026-10-25", 0, 0));
    cr_assert_eq(nr_london_to_utc(day, 90), utc("2026-10-25", 0, 30));
    cr_assert_eq(nr_london_to_utc(day, 119), utc("2026-10-25", 0, 59));
    day = parse_date("2027-10-31");
    cr_assert_eq(nr_london_to_utc(day, 90), utc("2027-10-31", 0, 30));
    char buf[26];
    cr_assert_str_eq(nr_london_format(utc("2027-10-31", 0, 30), buf),
                     "2027-10-31T01:30:00+01:00");
    cr_assert_str_eq(nr_london_format(utc("2027-10-31", 1, 30), buf),
                     "2027-10-31T01:30:00+00:00");
}

/* Every local minute that exists exactly once survives local -> UTC -> local. */
Test(calendar, london_round_trip_outside_gap_and_overlap) {
    nr_date from = parse_date("2026-01-01"), to = parse_date("2028-01-01");
    for (nr_date d = from; d < to; d++)
        for (int m = 0; m < 1440; m += 15) {
            nr_instant t = nr_london_to_utc(d, m);
            nr_date back;
            int minute, off;
            nr_london_from_utc(t, &back, &minute, &off);
            int y, mon, day;
            nr_date_to_ymd(d, &y, &mon, &day);
            bool gap = nr_date_weekday(d) == NR_SUN && mon == 3 && day >= 25 && m >= 60 && m < 120;
            if (gap) continue; /* those minutes do not exist: checked above */
            if (back != d || minute != m) cr_assert_fail("day %d minute %d", d, m);
        }
}

Test(calendar, london_format) {
    char buf[26];
    cr_assert_str_eq(nr_london_format(utc("2027-03-27", 17, 0), buf),
                     "2027-03-27T17:00:00+00:00");
    cr_assert_str_eq(nr_london_format(utc("2027-03-28", 7, 0), buf),
                     "2027-03-28T08:00:00+01:00");
    cr_assert_str_eq(nr_london_format(utc("2026-12-31", 23, 59) + 59, buf),
                     "2026-12-31T23:59:59+00:00");
    cr_assert_str_eq(nr_london_format(utc("2027-06-30", 23, 30), buf),
                     "2027-07-01T00:30:00+01:00");
    cr_assert_str_eq(nr_london_format(-1, buf), "1969-12-31T23:59:59+00:00");
}

Test(bank_holidays, eight_a_year_2024_to_2030) {
    for (int y = NR_BANK_HOLIDAY_FIRST_YEAR; y <= NR_BANK_HOLIDAY_LAST_YEAR; y++) {
        nr_date out[16];
        int n = nr_bank_holidays_england(ymd(y, 1, 1), ymd(y + 1, 1, 1), out, 16);
        cr_assert_eq(n, 8, "year %d has %d", y, n);
        for (int i = 0; i < n; i++) {
            int yy, m, d;
            nr_date_to_ymd(out[i], &yy, &m, &d);
            cr_assert_eq(yy, y);
            /* Bank holidays are taken on weekdays (substitute days). */
            cr_assert_lt(nr_date_weekday(out[i]), NR_SAT, "year %d item %d", y, i);
            if (i) cr_assert_gt(out[i], out[i - 1], "sorted and unique");
        }
    }
    nr_date none[1];
    cr_assert_eq(nr_bank_holidays_england(ymd(2023, 1, 1), ymd(2024, 1, 1), none, 1), 0);
    cr_assert_eq(nr_bank_holidays_england(ymd(2031, 1, 1), ymd(2040, 1, 1), none, 1), 0);
    cr_assert_eq(nr_bank_holidays_england(ymd(2000, 1, 1), ymd(2100, 1, 1), NULL, 0), 56);
}

static bool england_has(const char *s) {
    nr_date d = parse_date(s), out[2];
    int n = nr_bank_holidays_england(d, d + 1, out, 2);
    return n == 1 && out[0] == d;
}

Test(bank_holidays, spot_checks) {
    /* Easter 2027: Good Friday 26 March, Easter Monday 29 March. */
    cr_assert(england_has("2027-03-26"));
    cr_assert(england_has("2027-03-29"));
    cr_assert_not(england_has("2027-03-28"));
    /* Substitute days: Boxing Day 2026 is a Saturday, New Year 2028 a Saturday. */
    cr_assert(england_has("2026-12-28"));
    cr_assert_not(england_has("2026-12-26"));
    cr_assert(england_has("2028-01-03"));
    cr_assert_not(england_has("2028-01-01"));
    cr_assert(england_has("2027-12-27"));
    cr_assert(england_has("2027-12-28"));
    cr_assert_not(england_has("2027-12-25"));
    cr_assert(england_has("2024-03-29"));
    cr_assert(england_has("2030-08-26"));
    cr_assert(england_has("2026-08-31"));
}

Test(bank_holidays, range_is_half_open_and_max_limits_output) {
    nr_date out[3] = {-1, -1, -1};
    /* [2027-03-26, 2027-05-31) holds three holidays. */
    int n = nr_bank_holidays_england(ymd(2027, 3, 26), ymd(2027, 5, 31), out, 2);
    cr_assert_eq(n, 3); /* 26 Mar, 29 Mar, 3 May; 31 May is excluded */
    cr_assert_eq(out[0], ymd(2027, 3, 26));
    cr_assert_eq(out[1], ymd(2027, 3, 29));
    cr_assert_eq(out[2], -1, "nothing written past max");
}
