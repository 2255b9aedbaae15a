/*
 * store.h - netrota's SQLite database: scenarios, runs, assignments,
 * publications (iCalendar UIDs and SEQUENCE) and the fairness ledger.
 *
 * One database file per scenario folder (netrota.db by default, see
 * nr_store_default_path). Only store/ includes <sqlite3.h>. The schema is
 * versioned with PRAGMA user_version and migrated forward on open; a
 * database written by a newer netrota is refused without being touched.
 * Schema, migrations and guarantees: docs/store.md.
 *
 * Guarantees: every write function runs in one transaction (BEGIN
 * IMMEDIATE ... COMMIT) and either stores everything or nothing; SQL text
 * is never built from input (bound parameters only); WAL journal with
 * synchronous=FULL, so a process killed mid-write leaves a database that
 * passes PRAGMA integrity_check and holds every run committed before it.
 * Another process holding the write lock is waited for (busy timeout,
 * 5 s by default); past that the call fails with "PATH: database is locked
 * by another netrota process ...".
 *
 * Errors follow model/diag.h: 0 or a negative NR_E* code, diagnostics
 * under the database path (NR_EIO for database and locking failures,
 * NR_EINPUT for a database that is not netrota's or is too new, NR_ENOMEM,
 * NR_EINTERNAL for a violated constraint, which is a bug).
 *
 * Ownership: nr_store_open gives a handle the caller closes with
 * nr_store_close (accepts NULL). Strings passed to callbacks are valid only
 * during the call. *out plans and arrays are the caller's to free.
 */
#ifndef NETROTA_STORE_STORE_H
#define NETROTA_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/diag.h"
#include "model/plan.h"
#include "model/plandiff.h"
#include "model/region.h"
#include "solver/solver.h"

/* The schema version this netrota writes (PRAGMA user_version). */
#define NR_STORE_SCHEMA_VERSION 2
/* Default wait for another process's write lock, in milliseconds. */
#define NR_STORE_BUSY_TIMEOUT_MS 5000

typedef struct nr_store nr_store;

/* Open (creating if needed) and migrate the database at path. */
int nr_store_open(const char *path, nr_store **out, nr_diags *d);
/* Same, waiting at most busy_timeout_ms for another process's lock. */
int nr_store_open_ex(const char *path, int busy_timeout_ms, nr_store **out, nr_diags *d);
void nr_store_close(nr_store *s);
const char *nr_store_path(const nr_store *s);

/* "DIR/netrota.db" for a scenario folder DIR, or for a YAML file in DIR.
 * Returns 0, NR_ELIMIT if it does not fit in size. */
int nr_store_default_path(const char *scenario, char *buf, size_t size, nr_diags *d);

/* Content hashes: 64-bit FNV-1a as 16 lower-case hex digits. They detect
 * changed inputs and events; they are not a defence against tampering. */
#define NR_HASH_HEX 17
void nr_hash_bytes(const void *data, size_t n, char out[NR_HASH_HEX]);
/* Hash of a file's bytes; NR_EIO with a diagnostic if it cannot be read. */
int nr_file_hash(const char *path, char out[NR_HASH_HEX], nr_diags *d);
/* An input file of a scenario and the hash of its content. */
typedef struct nr_store_file {
    const char *path;
    char hash[NR_HASH_HEX];
} nr_store_file;

/* The hash of a scenario's inputs: of the (path, hash) pairs in path order,
 * so that the order in which files were read does not matter. A run's
 * scenario row is matched on it. 0 or NR_ENOMEM. */
int nr_store_inputs_hash(const nr_store_file *files, size_t n_files, char out[NR_HASH_HEX]);

/* Every file a loaded region came from (the distinct nr_loc.file of its
 * period and entities, sorted), each hashed. *out is freed with free();
 * paths are borrowed from the region. A file that contributed nothing (an
 * empty CSV) is not seen: the region does not know it. */
int nr_store_region_files(const nr_region *r, nr_store_file **out, size_t *n_out, nr_diags *d);

/* What a run was made from, besides the region and the result. */
typedef struct nr_store_run_info {
    const char *scenario_path;   /* as given by the user */
    const nr_store_file *files;  /* may be NULL with n_files 0 */
    size_t n_files;
    const nr_solve_options *options; /* time_limit, mip_gap, seed are kept; may be NULL */
    const char *glpk_version;    /* may be NULL */
} nr_store_run_info;

/* Record a solved run: the scenario (reused when path and input hashes are
 * the same), its files, the run, its objective terms, penalty and penalty
 * bound, and one assignment per slot of every duty, needed and optional
 * (empty slots too, with no person). One transaction. res->plan must
 * belong to r: needed + optional slots per duty, else NR_EINTERNAL. */
int nr_store_record_run(nr_store *s, const nr_region *r, const nr_store_run_info *info,
                        const nr_solve_result *res, int64_t *run_id, nr_diags *d);

/* A run as listed. Strings are valid during the callback only; a value
 * that was not finite when recorded (bound, gap) reads as NAN. */
typedef struct nr_store_run {
    int64_t id;
    const char *created;       /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
    const char *scenario_path;
    const char *scenario_name;
    const char *inputs_hash;
    const char *period_start;  /* "YYYY-MM-DD" */
    int period_days;
    const char *params_json;
    const char *glpk_version;  /* may be NULL */
    const char *status;        /* nr_solve_status_name() */
    double objective, bound, gap, seconds;
    nr_objective_terms terms;  /* a term the run predates reads as NAN */
    double penalty;            /* nr_solve_result.penalty; NAN if not recorded */
    double penalty_bound;      /* nr_solve_result.penalty_bound; NAN if none */
    long uncovered;            /* uncovered slots (people missing below needed) */
    long n_slots;              /* assignment rows the run holds (every slot) */
} nr_store_run;

/* Call fn for every run, oldest first; a non-zero return from fn stops
 * the listing and is returned. */
int nr_store_list_runs(nr_store *s, int (*fn)(const nr_store_run *run, void *ctx), void *ctx,
                       nr_diags *d);

/* Rebuild the plan of run run_id against region r, matching each stored
 * assignment by rota id, shift id and date, and people by id. Every duty of
 * r that has slots must be in the run and every stored duty in r (else
 * NR_EINPUT: the run was made for another scenario). Each holder goes back
 * to the slot it was stored in, or, when r's duty has fewer slots now (its
 * optional people changed), to the first free one; a duty whose stored
 * holders outnumber its slots in r is NR_EINPUT too. */
int nr_store_load_plan(nr_store *s, int64_t run_id, const nr_region *r, nr_plan **out,
                       nr_diags *d);

/* What nr_store_carry_plan could not carry from a run into the scenario as
 * it is now. */
typedef struct nr_store_carry {
    size_t duties_gone;     /* the run's duties that are not duties of r */
    size_t duties_new;      /* duties of r with slots that the run does not hold */
    size_t holders_dropped; /* holders past the slots a duty of r has now */
    /* The slots held by people no longer in the scenario (they open), for
     * nr_plan_diff_ex: duty of r and the stored person id, in the run's
     * order. A duty that is not in r has none: its holders are in
     * duties_gone whoever they were. */
    nr_plan_leaver *left;
    size_t n_left;
} nr_store_carry;

/* nr_store_load_plan for a re-solve after the scenario changed (a person or
 * rota removed, a rota or dates added): every holding that still fits goes
 * back to its slot; the rest is counted in *carry and said in warnings:
 * one per person no longer in r and per holder past a duty's slots (at
 * most 10 of each, then a count), one for the run's duties r lacks and one
 * for r's duties the run lacks. NR_EINPUT only when the run shares no duty
 * with r or does not exist. *carry is overwritten (clear it before it is
 * used again) and holds no list after an error; carry may be NULL. */
int nr_store_carry_plan(nr_store *s, int64_t run_id, const nr_region *r, nr_plan **out,
                        nr_store_carry *carry, nr_diags *d);
/* Free carry's list of leavers and zero it; accepts NULL. */
void nr_store_carry_clear(nr_store_carry *carry);

/* Publications: what was last sent for each iCalendar event, keyed by
 * (feed, uid) as export/pubstate.h keys it (one duty's UID is in several
 * feeds, each with its own SEQUENCE). Fields map one to one onto
 * nr_pubrecord (content_hash = hash, text = event). */
typedef struct nr_publication {
    const char *feed;            /* feed path relative to the output folder */
    const char *uid;
    int sequence;                /* RFC 5545 SEQUENCE as published, >= 0 */
    const char *content_hash;    /* compared for equality only */
    const char *text;            /* the VEVENT as published; may be NULL */
    bool cancelled;              /* last published as STATUS:CANCELLED */
    int64_t run_id;              /* run it came from (listings only) */
} nr_publication;

/* The SEQUENCE an event must carry now: 0 if (feed, uid) was never
 * published, the stored one if content_hash is unchanged (and it was not
 * cancelled), stored + 1 otherwise. *changed says whether it needs sending. */
int nr_store_publication_sequence(nr_store *s, const char *feed, const char *uid,
                                  const char *content_hash, int *sequence, bool *changed,
                                  nr_diags *d);

/* Record a publication of run run_id, in one transaction: the stored
 * publication state becomes exactly `items` (keys not among them are
 * forgotten; a SEQUENCE lower than the stored one for its key is refused,
 * every such item reported and nothing written), and the run's duties
 * replace the ledger entries of its period. */
int nr_store_publish(nr_store *s, int64_t run_id, const nr_publication *items, size_t n,
                     nr_diags *d);

/* Call fn for every stored publication, by feed then UID. */
int nr_store_list_publications(nr_store *s, int (*fn)(const nr_publication *p, void *ctx),
                               void *ctx, nr_diags *d);

/* Fairness ledger kinds. A duty starting between 24 December and 1 January
 * inclusive counts as CHRISTMAS only; otherwise it counts as its nr_duty_kind. */
enum nr_ledger_kind {
    NR_LEDGER_WEEKDAY,
    NR_LEDGER_WEEKEND,
    NR_LEDGER_BANK_HOLIDAY,
    NR_LEDGER_CHRISTMAS
};
#define NR_LEDGER_KINDS 4
const char *nr_ledger_kind_name(enum nr_ledger_kind k); /* "weekday", ..., "christmas" */

typedef struct nr_ledger_entry {
    const char *person;
    const char *rota;
    int duties[NR_LEDGER_KINDS];
    int periods; /* published periods this person held duties of this rota in */
} nr_ledger_entry;

/* Duties per person per rota per kind held in the published periods on
 * dates in [since, until), by person, then rota. Where published periods
 * overlap, a date counts once, in the one published last (a re-planned
 * stretch replaces the first plan's dates it covers, and only those).
 * periods counts the published periods the person held duties of this
 * rota in, a period cut by since, until or a later publication as a whole
 * one; a published period without a single holder counts nowhere. */
int nr_store_ledger(nr_store *s, nr_date since, nr_date until,
                    int (*fn)(const nr_ledger_entry *e, void *ctx), void *ctx, nr_diags *d);

#endif
