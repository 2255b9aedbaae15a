/*
 * ical.h - publish a plan as iCalendar subscription feeds (RFC 5545/5546/7986).
 *
 * nr_publish_ical() writes, inside dir:
 *   trusts/<TRUST>.ics  every held slot of every duty whose rota covers one of
 *                       the trust's sites, whoever holds it (the switchboard's
 *                       view; people beyond those needed included), and
 *                       "UNCOVERED: <rota> <shift>" for each uncovered slot
 *                       (a duty's needed less its holders); an optional slot
 *                       left empty (nr_plan_slot_optional_empty) is no event;
 *   people/<PERSON>.ics the consultant's own duties (nothing for empty slots).
 * A feed is written for every trust and every person, even when empty, so that
 * subscriptions keep working. docs/formats.md describes the content.
 *
 * Every feed: VERSION, PRODID, CALSCALE, METHOD:PUBLISH, NAME, X-WR-CALNAME,
 * X-WR-TIMEZONE, REFRESH-INTERVAL and X-PUBLISHED-TTL (4 hours), one
 * two-rule Europe/London VTIMEZONE, DTSTART/DTEND with TZID=Europe/London
 * (UTC for a local time that the clock change makes ambiguous), DTSTAMP =
 * `now` in UTC. One event per duty slot; its UID names the rota, shift, date
 * and slot (plus the trust in trust feeds, a different namespace in people
 * feeds) and never a person. SEQUENCE comes from `state` (pubstate.h): kept
 * when the event's content is unchanged, raised when its holder, times or
 * text changed. An event that was in a feed last time and is gone now is
 * published once more with STATUS:CANCELLED and a raised SEQUENCE, then
 * dropped from the state on the following publish. A feed that is no longer
 * in the region (a person removed) is written once more holding only its
 * cancellations. Lines end in CRLF and are folded at 75 octets without
 * splitting a UTF-8 sequence or a TEXT escape.
 *
 * Output is deterministic apart from DTSTAMP (`now`).
 *
 * Files are written atomically (export/atomicfile.h): a failed write (a full
 * disk, an unwritable folder) leaves that feed's previous file as it was,
 * leaves the state of that feed unchanged, is reported with the file name,
 * and the other feeds are still written. Trust and person IDs must be safe
 * file names (nr_safe_file_name); any unsafe ID is reported by name at its
 * location and nothing is written.
 *
 * Returns 0; NR_EINPUT (unsafe IDs), NR_EINTERNAL (plan not made for r),
 * NR_EIO (some feed could not be written; the others were), NR_ENOMEM.
 * `state` is updated in memory for every feed that was written; saving it is
 * the caller's (or use nr_publish_ical_dir()).
 */
#ifndef NETROTA_EXPORT_ICAL_H
#define NETROTA_EXPORT_ICAL_H

#include <stddef.h>

#include "export/pubstate.h"
#include "model/calendar.h"
#include "model/diag.h"
#include "model/plan.h"
#include "model/region.h"

#define NR_ICAL_PRODID "-//netrota//netrota rota feeds 1.0//EN"

int nr_publish_ical(const nr_region *r, const nr_plan *p, const char *dir, nr_pubstate *state,
                    nr_instant now, nr_diags *d);

/* Load dir/.netrota-published.json (missing = first publish), publish, and
 * save the state back (atomically), even when some feed failed, so that the
 * state always matches the feeds on disk. Returns the first error. */
int nr_publish_ical_dir(const nr_region *r, const nr_plan *p, const char *dir, nr_instant now,
                        nr_diags *d);

/* Re-fold iCalendar text: unfold every CRLF + SP/HTAB (which also repairs
 * libical 3.0.16's CR CR LF fold bug), then fold each line at 75 octets
 * (continuation lines: one space + up to 74 octets) without splitting a
 * UTF-8 sequence or a backslash escape, CRLF after every line. Returns a
 * malloc'd NUL-terminated string (length in *len if len is not NULL), or
 * NULL when out of memory. */
char *nr_ical_refold(const char *text, size_t *len);

#endif
