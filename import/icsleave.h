/*
 * icsleave.h - leave from an iCalendar file (an Outlook or Google export).
 *
 * Every VEVENT that is not STATUS:CANCELLED is leave for one person. Timed
 * events with TZID, UTC or floating times (floating and unknown TZIDs are
 * read as Europe/London, the latter with a warning), all-day events (DTEND
 * exclusive; no DTEND means one day), and recurring events (RRULE, EXDATE,
 * RDATE, RECURRENCE-ID overrides) expanded over [from, to) with a hard cap on
 * occurrences. libical's traps listed in shared/ICAL.md section 2.6 are
 * handled here.
 *
 * Refused with an error at their line: NUL bytes, text that is not UTF-8,
 * a byte order mark in the middle, recurrence faster than daily; more than
 * 20,000 events or 16 MiB in one file is NR_ELIMIT (docs/reliability.md).
 *
 * Appends nr_leave entries for `person_id` to r, each with the location of
 * its VEVENT's BEGIN line. Returns 0, NR_EINPUT (the file is not a calendar,
 * or an event is unusable: each problem is reported), NR_EIO or NR_ENOMEM.
 */
#ifndef NETROTA_IMPORT_ICSLEAVE_H
#define NETROTA_IMPORT_ICSLEAVE_H

#include "model/diag.h"
#include "model/region.h"

int nr_ics_read_leave(nr_region *r, const char *path, const char *person_id,
                      nr_loc person_loc, nr_date from, nr_date to, nr_diags *d);

#endif
