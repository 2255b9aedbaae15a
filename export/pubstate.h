/*
 * pubstate.h - what was last published in each iCalendar feed, so that the
 * next publish can keep UIDs, raise SEQUENCE only when an event changed, and
 * publish a cancellation for an event that disappeared.
 *
 * A record is keyed by (feed, uid): feed is the feed's path relative to the
 * output folder ("trusts/STH.ics", "people/P012.ics"), because the same duty
 * can leave one feed (its holder changed) while staying in another. For each
 * key the state keeps the last SEQUENCE, a hash of the event's significant
 * content (times, summary, location, description, status), whether it was
 * last published as STATUS:CANCELLED, and the last published VEVENT text
 * (unfolded, CRLF line ends), from which a cancellation is re-published.
 *
 * The state lives in DIR/.netrota-published.json (nr_pubstate_load/save) for
 * now; a database can fill the same structure with nr_pubstate_put() and read
 * it back with nr_pubstate_foreach().
 *
 * Ownership: nr_pubstate_new() returns a state the caller frees with
 * nr_pubstate_free() (accepts NULL). put() copies every string; records
 * returned by get() and passed to foreach() callbacks are owned by the state
 * and valid until the next put/remove/free.
 */
#ifndef NETROTA_EXPORT_PUBSTATE_H
#define NETROTA_EXPORT_PUBSTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/diag.h"

/* The name of the state file inside the output folder. */
#define NR_PUBSTATE_FILE ".netrota-published.json"

typedef struct nr_pubrecord {
    const char *feed;  /* feed path relative to the output folder */
    const char *uid;
    int sequence;      /* >= 0 */
    const char *hash;  /* content hash (text, compared for equality only) */
    bool cancelled;    /* last published with STATUS:CANCELLED */
    const char *event; /* last published VEVENT text, may be NULL */
} nr_pubrecord;

typedef struct nr_pubstate nr_pubstate;

nr_pubstate *nr_pubstate_new(void);
void nr_pubstate_free(nr_pubstate *s);

/* Insert or replace the record for (rec->feed, rec->uid). Returns 0,
 * NR_EINPUT for a NULL feed/uid/hash or a negative sequence, NR_ENOMEM. */
int nr_pubstate_put(nr_pubstate *s, const nr_pubrecord *rec);
/* The record for (feed, uid), or NULL. */
const nr_pubrecord *nr_pubstate_get(const nr_pubstate *s, const char *feed, const char *uid);
/* Forget (feed, uid); removing an absent key is not an error. */
void nr_pubstate_remove(nr_pubstate *s, const char *feed, const char *uid);
/* Number of records. */
size_t nr_pubstate_count(const nr_pubstate *s);
/* Call fn on every record in insertion order; stops early and returns fn's
 * value when it is non-zero. fn must not put or remove. */
int nr_pubstate_foreach(const nr_pubstate *s, int (*fn)(const nr_pubrecord *rec, void *ctx),
                        void *ctx);

/* Read a state file into s (records are added with put). A missing file is
 * an empty state, not an error. A malformed file is NR_EINPUT with a
 * diagnostic naming the file (and line and column from the JSON parser, or
 * the index of the bad record); an unreadable one NR_EIO. */
int nr_pubstate_load(nr_pubstate *s, const char *path, nr_diags *d);
/* Write s to path atomically (export/atomicfile.h), records sorted by feed
 * then uid so that the file is deterministic. Returns 0, NR_EIO, NR_ENOMEM. */
int nr_pubstate_save(const nr_pubstate *s, const char *path, nr_diags *d);

#endif
