/*
 * calendar.h - civil dates, weekdays, Europe/London time and bank holidays.
 *
 * Pure functions, no files, no global state. Dates are days since
 * 1970-01-01 (proleptic Gregorian); instants are seconds since the Unix epoch
 * in UTC. Europe/London is computed from its rule (in force since 1996):
 * BST (UTC+1) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
 * last Sunday of October, GMT otherwise. Local times that do not exist (the
 * spring gap) are read with the offset in force before the change and local
 * times that occur twice (the autumn overlap) mean the first occurrence, as
 * RFC 5545 section 3.3.5 specifies.
 */
#ifndef NETROTA_MODEL_CALENDAR_H
#define NETROTA_MODEL_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t nr_date;    /* days since 1970-01-01 */
typedef int64_t nr_instant; /* seconds since 1970-01-01T00:00:00Z */

enum nr_weekday { NR_MON, NR_TUE, NR_WED, NR_THU, NR_FRI, NR_SAT, NR_SUN };

/* Civil date <-> day number. nr_date_from_ymd returns false for an invalid
 * date (month 13, 30 February, ...) and leaves *out untouched. */
bool nr_date_from_ymd(int year, int month, int day, nr_date *out);
void nr_date_to_ymd(nr_date d, int *year, int *month, int *day);
enum nr_weekday nr_date_weekday(nr_date d);

/* Parse "YYYY-MM-DD" exactly (no trailing text). */
bool nr_date_parse(const char *s, nr_date *out);
/* Write "YYYY-MM-DD" into buf (at least 11 bytes). Returns buf. */
char *nr_date_format(nr_date d, char *buf);

/* Minutes since local midnight, from "HH:MM" (00:00..23:59, or 24:00). */
bool nr_time_parse(const char *s, int *minutes);
/* "Mon".."Sun" (case-insensitive; full names accepted too). */
bool nr_weekday_parse(const char *s, enum nr_weekday *out);
const char *nr_weekday_name(enum nr_weekday w); /* "Mon".."Sun" */

/* Europe/London. */
nr_instant nr_london_to_utc(nr_date d, int minute_of_day);
/* Local date, minute of day and UTC offset in minutes (0 or 60). */
void nr_london_from_utc(nr_instant t, nr_date *d, int *minute_of_day, int *offset_min);
int nr_london_offset(nr_instant t); /* minutes: 0 (GMT) or 60 (BST) */
/* ISO 8601 local time with offset, e.g. "2027-03-27T17:00:00+00:00" (buf >= 26). */
char *nr_london_format(nr_instant t, char *buf);

/* Bank holidays in England and Wales, as published, for 2024-2030 inclusive.
 * Fills out[] with up to max dates in [from, to) and returns how many there
 * are in that range (which may exceed max). */
int nr_bank_holidays_england(nr_date from, nr_date to, nr_date *out, int max);
/* First and last year the built-in table covers. */
#define NR_BANK_HOLIDAY_FIRST_YEAR 2024
#define NR_BANK_HOLIDAY_LAST_YEAR 2030

#endif
