#include "model/calendar.h"

#include <stdio.h>
#include <string.h>

enum { SECONDS_PER_DAY = 86400 };

/* Floor division and modulo: instants before 1970 must still map to the
 * right local day, which C's truncating division would get wrong. */
static int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

static int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Days since 1970-01-01 of a civil date, without validation. Counting in
 * 400-year eras whose years start on 1 March puts the leap day last, so the
 * day of the year is a simple formula of the month. */
static int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t mp = (m + 9) % 12; /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

bool nr_date_from_ymd(int year, int month, int day, nr_date *out) {
    if (year < 1 || year > 9999 || month < 1 || month > 12) return false;
    if (day < 1 || day > days_in_month(year, month)) return false;
    *out = (nr_date)days_from_civil(year, month, day);
    return true;
}

void nr_date_to_ymd(nr_date d, int *year, int *month, int *day) {
    int64_t y;
    civil_from_days(d, &y, month, day);
    *year = (int)y;
}

enum nr_weekday nr_date_weekday(nr_date d) {
    /* Day 0 was a Thursday. */
    return (enum nr_weekday)floor_mod((int64_t)d + NR_THU, 7);
}

/* Read exactly n decimal digits. */
static bool digits(const char *s, int n, int *out) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool nr_date_parse(const char *s, nr_date *out) {
    int y, m, d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d)) return false;
    return nr_date_from_ymd(y, m, d, out);
}

char *nr_date_format(nr_date d, char *buf) {
    int y, m, day;
    nr_date_to_ymd(d, &y, &m, &day);
    /* Dates come from nr_date_from_ymd, years 1-9999, so the reductions
     * change nothing: they show the compiler each field's width. */
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 13u,
             (unsigned)day % 32u);
    return buf;
}

bool nr_time_parse(const char *s, int *minutes) {
    int h, m;
    if (!s || strlen(s) != 5 || s[2] != ':') return false;
    if (!digits(s, 2, &h) || !digits(s + 3, 2, &m)) return false;
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return false;
    *minutes = h * 60 + m;
    return true;
}

static const char *const short_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
static const char *const long_names[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};

static bool same_ignoring_case(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y) return false;
    }
    return *a == *b;
}

bool nr_weekday_parse(const char *s, enum nr_weekday *out) {
    if (!s) return false;
    for (int i = 0; i < 7; i++)
        if (same_ignoring_case(s, short_names[i]) || same_ignoring_case(s, long_names[i])) {
            *out = (enum nr_weekday)i;
            return true;
        }
    return false;
}

const char *nr_weekday_name(enum nr_weekday w) {
    return (int)w >= 0 && (int)w < 7 ? short_names[w] : "?";
}

/* 01:00 UTC on the last Sunday of the given month (March or October). */
static nr_instant last_sunday_0100z(int64_t year, int month) {
    int64_t last = days_from_civil(year, month, 31);
    int64_t back = floor_mod(last + NR_THU - NR_SUN, 7);
    return (last - back) * SECONDS_PER_DAY + 3600;
}

int nr_london_offset(nr_instant t) {
    int64_t y;
    int m, d;
    civil_from_days(floor_div(t, SECONDS_PER_DAY), &y, &m, &d);
    /* Both changes happen on the UTC date of their Sunday, so the UTC year
     * picks the right pair. */
    if (m < 3 || m > 10) return 0;
    return t >= last_sunday_0100z(y, 3) && t < last_sunday_0100z(y, 10) ? 60 : 0;
}

nr_instant nr_london_to_utc(nr_date d, int minute_of_day) {
    nr_instant local = (nr_instant)d * SECONDS_PER_DAY + (nr_instant)minute_of_day * 60;
    /* Reading the time as BST is right whenever BST is in force at the
     * result; in the autumn overlap that is the first occurrence. Otherwise
     * GMT applies, which is also the pre-gap offset in the spring gap. */
    if (nr_london_offset(local - 3600) == 60) return local - 3600;
    return local;
}

void nr_london_from_utc(nr_instant t, nr_date *d, int *minute_of_day, int *offset_min) {
    int off = nr_london_offset(t);
    nr_instant local = t + off * 60;
    if (d) *d = (nr_date)floor_div(local, SECONDS_PER_DAY);
    if (minute_of_day) *minute_of_day = (int)(floor_mod(local, SECONDS_PER_DAY) / 60);
    if (offset_min) *offset_min = off;
}

char *nr_london_format(nr_instant t, char *buf) {
    int off = nr_london_offset(t);
    nr_instant local = t + off * 60;
    int64_t secs = floor_mod(local, SECONDS_PER_DAY);
    int64_t y;
    int m, d;
    civil_from_days(floor_div(local, SECONDS_PER_DAY), &y, &m, &d);
    unsigned s = (unsigned)secs % SECONDS_PER_DAY;
    snprintf(buf, 26, "%04u-%02u-%02uT%02u:%02u:%02u+%02u:00", (unsigned)y % 10000u, (unsigned)m % 13u,
             (unsigned)d % 32u, s / 3600u % 24u, s / 60u % 60u, s % 60u, (unsigned)off / 60u % 2u);
    return buf;
}
