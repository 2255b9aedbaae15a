/* The SQLite store: opening and migrating, runs and their plans,
 * publications and the fairness ledger. Every statement is a constant
 * string; input only ever reaches SQLite through bound parameters. */
#include <math.h>
#include <stddef.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store.h"

struct nr_store {
    sqlite3 *db;
    char *path;
    int timeout_ms;
};

/* 'NRTO': tells a netrota database from any other SQLite file. */
#define NR_APPLICATION_ID 0x4E52544F

/* MIGRATIONS[v] takes a database from schema version v to v + 1. Never
 * edit a step once released: add a new one (docs/store.md). */
static const char *const MIGRATIONS[NR_STORE_SCHEMA_VERSION] = {
    /* v0 -> v1: the first schema. */
    "PRAGMA application_id = 1314018383;\n"
    "CREATE TABLE scenarios(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  path TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  inputs_hash TEXT NOT NULL,\n"
    "  created TEXT NOT NULL,\n"
    "  UNIQUE(path, inputs_hash));\n"
    "CREATE TABLE scenario_files(\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,\n"
    "  path TEXT NOT NULL,\n"
    "  hash TEXT NOT NULL,\n"
    "  PRIMARY KEY(scenario_id, path));\n"
    "CREATE TABLE runs(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  scenario_id INTEGER NOT NULL REFERENCES scenarios(id),\n"
    "  created TEXT NOT NULL,\n"
    "  period_start TEXT NOT NULL,\n"
    "  period_days INTEGER NOT NULL,\n"
    "  params_json TEXT NOT NULL,\n"
    "  glpk_version TEXT,\n"
    "  status TEXT NOT NULL\n"
    "    CHECK(status IN ('optimal','feasible','gaps','interrupted')),\n"
    "  objective REAL, bound REAL, gap REAL, seconds REAL,\n"
    "  uncovered INTEGER NOT NULL,\n"
    "  n_slots INTEGER NOT NULL);\n"
    "CREATE INDEX runs_scenario ON runs(scenario_id);\n"
    "CREATE TABLE run_terms(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  term TEXT NOT NULL,\n"
    "  value REAL,\n"
    "  PRIMARY KEY(run_id, term)) WITHOUT ROWID;\n"
    "CREATE TABLE assignments(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  rota TEXT NOT NULL,\n"
    "  shift TEXT NOT NULL,\n"
    "  date TEXT NOT NULL,\n"
    "  slot INTEGER NOT NULL CHECK(slot >= 0),\n"
    "  person TEXT,\n"
    "  start INTEGER NOT NULL,\n"
    "  \"end\" INTEGER NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('weekday','weekend','bank_holiday')),\n"
    "  PRIMARY KEY(run_id, rota, shift, date, slot)) WITHOUT ROWID;\n"
    "CREATE TABLE ledger(\n"
    "  person TEXT NOT NULL,\n"
    "  rota TEXT NOT NULL,\n"
    "  period_start TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('weekday','weekend','bank_holiday')),\n"
    "  duties INTEGER NOT NULL CHECK(duties >= 0),\n"
    "  run_id INTEGER REFERENCES runs(id),\n"
    "  PRIMARY KEY(person, rota, period_start, kind));\n",

    /* v1 -> v2: publications for exact .ics updates; the ledger gains the
     * Christmas/New Year kind (a CHECK cannot be altered: rebuild). */
    "CREATE TABLE publications(\n"
    "  feed TEXT NOT NULL,\n"
    "  uid TEXT NOT NULL,\n"
    "  sequence INTEGER NOT NULL CHECK(sequence >= 0),\n"
    "  content_hash TEXT NOT NULL,\n"
    "  text TEXT,\n"
    "  run_id INTEGER REFERENCES runs(id),\n"
    "  published_at TEXT NOT NULL,\n"
    "  cancelled INTEGER NOT NULL DEFAULT 0 CHECK(cancelled IN (0, 1)),\n"
    "  PRIMARY KEY(feed, uid)) WITHOUT ROWID;\n"
    "CREATE TABLE ledger_v2(\n"
    "  person TEXT NOT NULL,\n"
    "  rota TEXT NOT NULL,\n"
    "  period_start TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL\n"
    "    CHECK(kind IN ('weekday','weekend','bank_holiday','christmas')),\n"
    "  duties INTEGER NOT NULL CHECK(duties >= 0),\n"
    "  run_id INTEGER REFERENCES runs(id),\n"
    "  PRIMARY KEY(person, rota, period_start, kind));\n"
    "INSERT INTO ledger_v2(person, rota, period_start, kind, duties, run_id)\n"
    "  SELECT person, rota, period_start, kind, duties, run_id FROM ledger;\n"
    "DROP TABLE ledger;\n"
    "ALTER TABLE ledger_v2 RENAME TO ledger;\n",
};

const char *nr_store_path(const nr_store *s) { return s ? s->path : NULL; }

static int st_error(nr_store *s, int sqlrc, nr_diags *d, const char *what) {
    int primary = sqlrc & 0xff;
    nr_loc loc = nr_loc_at(s->path, 0);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        nr_diag_error(d, loc,
                      "database is locked by another netrota process (waited %.1f s); "
                      "try again when it has finished",
                      s->timeout_ms / 1000.0);
        return NR_EIO;
    }
    if (primary == SQLITE_NOTADB) {
        nr_diag_error(d, loc, "not a netrota database (not an SQLite file)");
        return NR_EINPUT;
    }
    nr_diag_error(d, loc, "%s: %s", what, s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(sqlrc));
    if (primary == SQLITE_NOMEM) return NR_ENOMEM;
    if (primary == SQLITE_CONSTRAINT) return NR_EINTERNAL;
    return NR_EIO;
}

static int st_exec(nr_store *s, const char *sql, nr_diags *d, const char *what) {
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : st_error(s, rc, d, what);
}

static int st_prepare(nr_store *s, const char *sql, sqlite3_stmt **st, nr_diags *d) {
    int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
    return rc == SQLITE_OK ? 0 : st_error(s, rc, d, "preparing a statement");
}

static int st_step_done(nr_store *s, sqlite3_stmt *st, nr_diags *d, const char *what) {
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return st_error(s, rc, d, what);
    sqlite3_reset(st);
    return 0;
}

static int st_begin(nr_store *s, nr_diags *d) {
    /* IMMEDIATE takes the write lock now, so a second writer waits in the
     * busy handler instead of failing later on a lock upgrade. */
    return st_exec(s, "BEGIN IMMEDIATE", d, "starting a transaction");
}

static int st_commit(nr_store *s, nr_diags *d) { return st_exec(s, "COMMIT", d, "committing"); }

static void st_rollback(nr_store *s) {
    if (s->db && !sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int int_pragma(nr_store *s, const char *sql, int *out, nr_diags *d) {
    sqlite3_stmt *st = NULL;
    int rc = st_prepare(s, sql, &st, d);
    if (rc) return rc;
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
    } else {
        rc = st_error(s, src, d, "reading the database");
    }
    sqlite3_finalize(st);
    return rc;
}

static int refuse_newer(nr_store *s, int version, nr_diags *d) {
    return nr_diag_error(d, nr_loc_at(s->path, 0),
                         "database schema version %d is newer than this netrota understands "
                         "(%d); upgrade netrota",
                         version, NR_STORE_SCHEMA_VERSION);
}

/* The three reads share one read transaction (a plain BEGIN: no write
 * lock): another process may be creating the schema meanwhile, and reading
 * "no application id" before its commit and "tables" after it would call
 * our own database foreign. */
static int read_identity(nr_store *s, int *version, int *app, int *tables, nr_diags *d) {
    int rc = st_exec(s, "BEGIN", d, "reading the schema version");
    if (rc) return rc;
    rc = int_pragma(s, "PRAGMA user_version", version, d);
    if (!rc) rc = int_pragma(s, "PRAGMA application_id", app, d);
    if (!rc) rc = int_pragma(s, "SELECT count(*) FROM sqlite_master", tables, d);
    if (rc) {
        st_rollback(s);
        return rc;
    }
    return st_commit(s, d);
}

/* Is this file ours (or empty)? Reads only: a refused file is not touched. */
static int check_identity(nr_store *s, int *version, nr_diags *d) {
    int app = 0, tables = 0;
    int rc = read_identity(s, version, &app, &tables, d);
    if (rc) return rc;
    if (app != 0 && app != NR_APPLICATION_ID)
        return nr_diag_error(d, nr_loc_at(s->path, 0),
                             "not a netrota database (application_id %d)", app);
    if (*version > NR_STORE_SCHEMA_VERSION) return refuse_newer(s, *version, d);
    if (app == 0 && tables > 0)
        return nr_diag_error(d, nr_loc_at(s->path, 0),
                             "not a netrota database (it holds other tables)");
    return 0;
}

static int migrate(nr_store *s, nr_diags *d) {
    int rc = st_begin(s, d);
    if (rc) return rc;
    /* Another process may have migrated between our check and our lock. */
    int version = 0;
    rc = int_pragma(s, "PRAGMA user_version", &version, d);
    if (rc) goto cleanup;
    if (version > NR_STORE_SCHEMA_VERSION) {
        rc = refuse_newer(s, version, d);
        goto cleanup;
    }
    for (int v = version; v < NR_STORE_SCHEMA_VERSION; v++) {
        char what[64];
        snprintf(what, sizeof what, "migrating the schema to version %d", v + 1);
        rc = st_exec(s, MIGRATIONS[v], d, what);
        if (rc) goto cleanup;
        /* PRAGMA takes no parameters; v + 1 is our own constant. */
        char sql[48];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        rc = st_exec(s, sql, d, what);
        if (rc) goto cleanup;
    }
    int broken = 0;
    rc = int_pragma(s, "SELECT count(*) FROM pragma_foreign_key_check", &broken, d);
    if (rc) goto cleanup;
    if (broken) {
        rc = nr_diag_error(d, nr_loc_at(s->path, 0),
                           "migration left %d rows with broken references", broken);
        goto cleanup;
    }
    rc = st_commit(s, d);
cleanup:
    if (rc) st_rollback(s);
    return rc;
}

/* Switching a new database to WAL needs its exclusive lock, and SQLite
 * returns SQLITE_BUSY at once, without the busy handler, when another
 * process opening the same new file holds a lock at that moment (seen
 * with two processes creating one database). So retry here, in short
 * sleeps, for as long as the busy timeout would have waited. */
static int switch_to_wal(nr_store *s, nr_diags *d) {
    enum { PAUSE_MS = 10 };
    for (int waited = 0;; waited += PAUSE_MS) {
        sqlite3_stmt *st = NULL;
        int rc = st_prepare(s, "PRAGMA journal_mode = WAL", &st, d);
        if (rc) return rc;
        int src = sqlite3_step(st);
        if (src == SQLITE_ROW) {
            const char *mode = (const char *)sqlite3_column_text(st, 0);
            if (!mode || strcmp(mode, "wal") != 0) {
                nr_diag_error(d, nr_loc_at(s->path, 0),
                              "cannot use a write-ahead log here (journal mode stays %s)",
                              mode ? mode : "unknown");
                rc = NR_EIO;
            }
            sqlite3_finalize(st);
            return rc;
        }
        sqlite3_finalize(st);
        if ((src & 0xff) != SQLITE_BUSY || waited >= s->timeout_ms)
            return st_error(s, src, d, "switching to WAL");
        sqlite3_sleep(PAUSE_MS);
    }
}

int nr_store_open_ex(const char *path, int busy_timeout_ms, nr_store **out, nr_diags *d) {
    int rc = 0;
    *out = NULL;
    nr_store *s = calloc(1, sizeof *s);
    if (!s) return NR_ENOMEM;
    s->path = strdup(path);
    s->timeout_ms = busy_timeout_ms;
    if (!s->path) {
        rc = NR_ENOMEM;
        goto cleanup;
    }
    int src = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (src != SQLITE_OK) {
        rc = st_error(s, src, d, "cannot open database");
        goto cleanup;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, busy_timeout_ms);
    rc = st_exec(s, "PRAGMA foreign_keys = ON", d, "enabling foreign keys");
    if (rc) goto cleanup;
    int version = 0;
    rc = check_identity(s, &version, d);
    if (rc) goto cleanup;
    rc = switch_to_wal(s, d);
    if (rc) goto cleanup;
    /* FULL: a commit is on disk before COMMIT returns, so "last complete
     * run" survives power loss too, not just a killed process. */
    rc = st_exec(s, "PRAGMA synchronous = FULL", d, "setting synchronous");
    if (rc) goto cleanup;
    if (version < NR_STORE_SCHEMA_VERSION) {
        rc = migrate(s, d);
        if (rc) goto cleanup;
    }
    *out = s;
    s = NULL;
cleanup:
    nr_store_close(s);
    return rc;
}

int nr_store_open(const char *path, nr_store **out, nr_diags *d) {
    return nr_store_open_ex(path, NR_STORE_BUSY_TIMEOUT_MS, out, d);
}

void nr_store_close(nr_store *s) {
    if (!s) return;
    sqlite3_close_v2(s->db);
    free(s->path);
    free(s);
}

int nr_store_default_path(const char *scenario, char *buf, size_t size, nr_diags *d) {
    struct stat sb;
    int n;
    if (stat(scenario, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        size_t len = strlen(scenario);
        const char *sep = len > 0 && scenario[len - 1] == '/' ? "" : "/";
        n = snprintf(buf, size, "%s%snetrota.db", scenario, sep);
    } else {
        const char *slash = strrchr(scenario, '/');
        if (!slash) {
            n = snprintf(buf, size, "netrota.db");
        } else {
            int dir = (int)(slash - scenario) + 1;
            n = snprintf(buf, size, "%.*snetrota.db", dir, scenario);
        }
    }
    if (n < 0 || (size_t)n >= size)
        return nr_diag_error(d, nr_loc_at(scenario, 0), "database path too long"), NR_ELIMIT;
    return 0;
}

/* ---- runs ---------------------------------------------------------------- */

/* Objective terms are rows, not columns, so that a new term in the solver
 * is one line here and no migration. Names are the field names. */
static const struct {
    const char *name;
    size_t offset;
} TERMS[] = {
#define TERM(f) {#f, offsetof(nr_objective_terms, f)}
    TERM(uncovered), TERM(trust_deviation), TERM(person_deviation),
    TERM(requests),  TERM(travel),          TERM(min_duties_short),
    TERM(total_deviation), TERM(band_excess), TERM(changes), TERM(christmas_repeats),
    TERM(under_cost), TERM(surplus), TERM(over_cost), TERM(min_hours_short),
#undef TERM
};

/* The run's penalty and its bound live beside the terms, as rows of
 * run_terms under these names: no migration. */
#define PENALTY_TERM "penalty"
#define PENALTY_BOUND_TERM "penalty_bound"

/* Slots of duty i: needed plus optional (model/plan.h). */
static size_t duty_slots(const nr_duty *du) {
    return (size_t)(du->needed > 0 ? du->needed : 0) + (size_t)(du->optional > 0 ? du->optional : 0);
}

static int bind_text(sqlite3_stmt *st, int i, const char *v) {
    return v ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

/* A value that is not finite (an unknown bound or gap) is stored as NULL. */
static int bind_real(sqlite3_stmt *st, int i, double v) {
    return isfinite(v) ? sqlite3_bind_double(st, i, v) : sqlite3_bind_null(st, i);
}

static double column_real(sqlite3_stmt *st, int i) {
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static const char *column_text(sqlite3_stmt *st, int i) {
    return (const char *)sqlite3_column_text(st, i);
}

static int check_plan(nr_store *s, const nr_region *r, const nr_solve_result *res, nr_diags *d) {
    const nr_plan *p = res ? res->plan : NULL;
    nr_loc loc = nr_loc_at(s->path, 0);
    if (!p || p->n_duties != r->n_duties)
        return nr_diag_error(d, loc, "the plan does not belong to this scenario (%zu duties, "
                                     "scenario has %zu)",
                             p ? p->n_duties : 0, r->n_duties),
               NR_EINTERNAL;
    for (size_t i = 0; i < r->n_duties; i++)
        if (p->first_slot[i + 1] < p->first_slot[i] ||
            p->first_slot[i + 1] - p->first_slot[i] != duty_slots(&r->duties[i]))
            return nr_diag_error(d, loc, "the plan does not belong to this scenario (duty %zu "
                                         "has %zu slots, takes %d needed + %d optional)",
                                 i, p->first_slot[i + 1] - p->first_slot[i],
                                 r->duties[i].needed, r->duties[i].optional),
                   NR_EINTERNAL;
    if (p->first_slot[0] != 0 || p->first_slot[r->n_duties] != p->n_slots)
        return nr_diag_error(d, loc, "the plan does not belong to this scenario (slot offsets)"),
               NR_EINTERNAL;
    for (size_t k = 0; k < p->n_slots; k++)
        if (p->holder[k] != NR_UNSET && (p->holder[k] < 0 || (size_t)p->holder[k] >= r->n_people))
            return nr_diag_error(d, loc, "the plan names person %d of %zu", p->holder[k],
                                 r->n_people),
                   NR_EINTERNAL;
    return 0;
}

static int cmp_file(const void *a, const void *b) {
    const nr_store_file *x = *(const nr_store_file *const *)a, *y = *(const nr_store_file *const *)b;
    return strcmp(x->path, y->path);
}

int nr_store_inputs_hash(const nr_store_file *files, size_t n_files, char out[NR_HASH_HEX]) {
    const nr_store_file **sorted = NULL;
    char *buf = NULL;
    size_t len = 0;
    int rc = 0;
    if (n_files) {
        sorted = malloc(n_files * sizeof *sorted);
        if (!sorted) return NR_ENOMEM;
    }
    for (size_t i = 0; i < n_files; i++) {
        sorted[i] = &files[i];
        len += strlen(files[i].path) + NR_HASH_HEX + 1;
    }
    if (n_files) qsort(sorted, n_files, sizeof *sorted, cmp_file);
    buf = malloc(len + 1);
    if (!buf) {
        rc = NR_ENOMEM;
        goto cleanup;
    }
    size_t at = 0;
    for (size_t i = 0; i < n_files; i++) {
        size_t n = strlen(sorted[i]->path) + 1; /* the NULs separate the fields */
        memcpy(buf + at, sorted[i]->path, n);
        at += n;
        memcpy(buf + at, sorted[i]->hash, NR_HASH_HEX);
        at += NR_HASH_HEX;
    }
    nr_hash_bytes(buf, at, out);
cleanup:
    free(buf);
    free(sorted);
    return rc;
}

static int find_or_add_scenario(nr_store *s, const nr_region *r, const nr_store_run_info *info,
                                const char *hash, int64_t *id, nr_diags *d) {
    sqlite3_stmt *st = NULL;
    int rc = st_prepare(s, "SELECT id FROM scenarios WHERE path = ?1 AND inputs_hash = ?2", &st, d);
    if (rc) return rc;
    const char *path = info->scenario_path ? info->scenario_path : "";
    bind_text(st, 1, path);
    bind_text(st, 2, hash);
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        goto cleanup;
    }
    if (src != SQLITE_DONE) {
        rc = st_error(s, src, d, "looking up the scenario");
        goto cleanup;
    }
    sqlite3_finalize(st);
    st = NULL;
    rc = st_prepare(s,
                    "INSERT INTO scenarios(path, name, inputs_hash, created) VALUES "
                    "(?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                    &st, d);
    if (rc) goto cleanup;
    bind_text(st, 1, path);
    bind_text(st, 2, r->name ? r->name : "");
    bind_text(st, 3, hash);
    rc = st_step_done(s, st, d, "recording the scenario");
    if (rc) goto cleanup;
    *id = sqlite3_last_insert_rowid(s->db);
    sqlite3_finalize(st);
    st = NULL;
    rc = st_prepare(s, "INSERT INTO scenario_files(scenario_id, path, hash) VALUES (?1, ?2, ?3)",
                    &st, d);
    if (rc) goto cleanup;
    for (size_t i = 0; i < info->n_files && rc == 0; i++) {
        sqlite3_bind_int64(st, 1, *id);
        bind_text(st, 2, info->files[i].path);
        bind_text(st, 3, info->files[i].hash);
        rc = st_step_done(s, st, d, "recording the scenario's files");
    }
cleanup:
    sqlite3_finalize(st);
    return rc;
}

static int insert_run(nr_store *s, const nr_region *r, const nr_store_run_info *info,
                      const nr_solve_result *res, int64_t scenario, int64_t *run_id,
                      nr_diags *d) {
    sqlite3_stmt *st = NULL;
    int rc = st_prepare(
        s,
        "INSERT INTO runs(scenario_id, created, period_start, period_days, params_json, "
        "glpk_version, status, objective, bound, gap, seconds, uncovered, n_slots) VALUES "
        "(?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
        "?11, ?12)",
        &st, d);
    if (rc) return rc;
    char start[16], params[160] = "{}";
    nr_date_format(r->period_start, start);
    const nr_solve_options *o = info->options;
    if (o)
        snprintf(params, sizeof params, "{\"time_limit\":%.17g,\"mip_gap\":%.17g,\"seed\":%u}",
                 isfinite(o->time_limit) ? o->time_limit : 0.0,
                 isfinite(o->mip_gap) ? o->mip_gap : 0.0, o->seed);
    sqlite3_bind_int64(st, 1, scenario);
    bind_text(st, 2, start);
    sqlite3_bind_int(st, 3, r->period_days);
    bind_text(st, 4, params);
    bind_text(st, 5, info->glpk_version);
    bind_text(st, 6, nr_solve_status_name(res->status));
    bind_real(st, 7, res->objective);
    bind_real(st, 8, res->bound);
    bind_real(st, 9, res->gap);
    bind_real(st, 10, res->seconds);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)nr_plan_uncovered(res->plan));
    sqlite3_bind_int64(st, 12, (sqlite3_int64)res->plan->n_slots);
    rc = st_step_done(s, st, d, "recording the run");
    if (rc) goto cleanup;
    *run_id = sqlite3_last_insert_rowid(s->db);
    sqlite3_finalize(st);
    st = NULL;
    rc = st_prepare(s, "INSERT INTO run_terms(run_id, term, value) VALUES (?1, ?2, ?3)", &st, d);
    if (rc) goto cleanup;
    for (size_t i = 0; i < sizeof TERMS / sizeof TERMS[0] && rc == 0; i++) {
        sqlite3_bind_int64(st, 1, *run_id);
        bind_text(st, 2, TERMS[i].name);
        bind_real(st, 3, *(const double *)((const char *)&res->terms + TERMS[i].offset));
        rc = st_step_done(s, st, d, "recording the objective's terms");
    }
    const struct {
        const char *name;
        double value;
    } extra[] = {{PENALTY_TERM, res->penalty}, {PENALTY_BOUND_TERM, res->penalty_bound}};
    for (size_t i = 0; i < sizeof extra / sizeof *extra && rc == 0; i++) {
        sqlite3_bind_int64(st, 1, *run_id);
        bind_text(st, 2, extra[i].name);
        bind_real(st, 3, extra[i].value);
        rc = st_step_done(s, st, d, "recording the penalty");
    }
cleanup:
    sqlite3_finalize(st);
    return rc;
}

static int insert_assignments(nr_store *s, const nr_region *r, const nr_plan *p, int64_t run_id,
                              nr_diags *d) {
    sqlite3_stmt *st = NULL;
    int rc = st_prepare(s,
                        "INSERT INTO assignments(run_id, rota, shift, date, slot, person, "
                        "start, \"end\", kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        &st, d);
    if (rc) return rc;
    for (size_t i = 0; i < r->n_duties && rc == 0; i++) {
        const nr_duty *du = &r->duties[i];
        char date[16];
        nr_date_format(du->date, date);
        for (size_t k = p->first_slot[i]; k < p->first_slot[i + 1] && rc == 0; k++) {
            sqlite3_bind_int64(st, 1, run_id);
            bind_text(st, 2, r->rotas[du->rota].id);
            bind_text(st, 3, r->shifts[du->shift].id);
            bind_text(st, 4, date);
            sqlite3_bind_int64(st, 5, (sqlite3_int64)(k - p->first_slot[i]));
            bind_text(st, 6, p->holder[k] == NR_UNSET ? NULL : r->people[p->holder[k]].id);
            sqlite3_bind_int64(st, 7, du->start);
            sqlite3_bind_int64(st, 8, du->end);
            bind_text(st, 9, nr_duty_kind_name(du->kind));
            rc = st_step_done(s, st, d, "recording an assignment");
        }
    }
    sqlite3_finalize(st);
    return rc;
}

int nr_store_record_run(nr_store *s, const nr_region *r, const nr_store_run_info *info,
                        const nr_solve_result *res, int64_t *run_id, nr_diags *d) {
    char hash[NR_HASH_HEX];
    int64_t scenario = 0, id = 0;
    int rc = check_plan(s, r, res, d);
    if (rc) return rc;
    rc = nr_store_inputs_hash(info->files, info->n_files, hash);
    if (rc) return rc;
    rc = st_begin(s, d);
    if (rc) return rc;
    rc = find_or_add_scenario(s, r, info, hash, &scenario, d);
    if (rc) goto cleanup;
    rc = insert_run(s, r, info, res, scenario, &id, d);
    if (rc) goto cleanup;
    rc = insert_assignments(s, r, res->plan, id, d);
    if (rc) goto cleanup;
    rc = st_commit(s, d);
    if (rc == 0 && run_id) *run_id = id;
cleanup:
    if (rc) st_rollback(s);
    return rc;
}

/* Terms this netrota does not know (written by a later one) are skipped;
 * terms the run lacks read as NAN. */
static int read_terms(nr_store *s, sqlite3_stmt *st, int64_t run_id, nr_store_run *run,
                      nr_diags *d) {
    nr_objective_terms *out = &run->terms;
    for (size_t i = 0; i < sizeof TERMS / sizeof TERMS[0]; i++)
        *(double *)((char *)out + TERMS[i].offset) = NAN;
    run->penalty = run->penalty_bound = NAN;
    sqlite3_bind_int64(st, 1, run_id);
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = column_text(st, 0);
        for (size_t i = 0; i < sizeof TERMS / sizeof TERMS[0]; i++)
            if (strcmp(name, TERMS[i].name) == 0)
                *(double *)((char *)out + TERMS[i].offset) = column_real(st, 1);
        if (strcmp(name, PENALTY_TERM) == 0) run->penalty = column_real(st, 1);
        if (strcmp(name, PENALTY_BOUND_TERM) == 0) run->penalty_bound = column_real(st, 1);
    }
    sqlite3_reset(st);
    return src == SQLITE_DONE ? 0 : st_error(s, src, d, "reading the objective's terms");
}

int nr_store_list_runs(nr_store *s, int (*fn)(const nr_store_run *run, void *ctx), void *ctx,
                       nr_diags *d) {
    sqlite3_stmt *st = NULL, *terms = NULL;
    int rc = st_prepare(
        s,
        "SELECT r.id, r.created, c.path, c.name, c.inputs_hash, r.period_start, r.period_days, "
        "r.params_json, r.glpk_version, r.status, r.objective, r.bound, r.gap, r.seconds, "
        "r.uncovered, r.n_slots FROM runs r JOIN scenarios c ON c.id = r.scenario_id "
        "ORDER BY r.id",
        &st, d);
    if (rc) return rc;
    rc = st_prepare(s, "SELECT term, value FROM run_terms WHERE run_id = ?1", &terms, d);
    if (rc) goto cleanup;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        nr_store_run run = {
            .id = sqlite3_column_int64(st, 0),
            .created = column_text(st, 1),
            .scenario_path = column_text(st, 2),
            .scenario_name = column_text(st, 3),
            .inputs_hash = column_text(st, 4),
            .period_start = column_text(st, 5),
            .period_days = sqlite3_column_int(st, 6),
            .params_json = column_text(st, 7),
            .glpk_version = column_text(st, 8),
            .status = column_text(st, 9),
            .objective = column_real(st, 10),
            .bound = column_real(st, 11),
            .gap = column_real(st, 12),
            .seconds = column_real(st, 13),
            .uncovered = (long)sqlite3_column_int64(st, 14),
            .n_slots = (long)sqlite3_column_int64(st, 15),
        };
        rc = read_terms(s, terms, run.id, &run, d);
        if (rc) goto cleanup;
        rc = fn(&run, ctx);
        if (rc) goto cleanup;
    }
    if (src != SQLITE_DONE) rc = st_error(s, src, d, "listing runs");
cleanup:
    sqlite3_finalize(st);
    sqlite3_finalize(terms);
    return rc;
}

/* ---- loading a plan -------------------------------------------------------- */

typedef struct duty_key {
    const char *rota, *shift;
    nr_date date;
    size_t duty;
} duty_key;

static int cmp_key(const void *a, const void *b) {
    const duty_key *x = a, *y = b;
    int c = strcmp(x->rota, y->rota);
    if (c) return c;
    c = strcmp(x->shift, y->shift);
    if (c) return c;
    return (x->date > y->date) - (x->date < y->date);
}

/* Enough to show what is wrong without printing a whole rota. */
#define LOAD_MAX_REPORTS 10

/* A person of the run who is not in the scenario any more, with how many
 * of the run's slots they held. */
typedef struct gone_person {
    char *id;
    size_t slots;
} gone_person;

static int note_gone(gone_person **list, size_t *n, const char *id) {
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i].id, id) == 0) {
            (*list)[i].slots++;
            return 0;
        }
    gone_person *grown = realloc(*list, (*n + 1) * sizeof **list);
    if (!grown) return NR_ENOMEM;
    *list = grown;
    if (!(grown[*n].id = strdup(id))) return NR_ENOMEM;
    grown[(*n)++].slots = 1;
    return 0;
}

/* One more holding of duty by a person not in the scenario. */
static int note_leaver(nr_store_carry *carry, size_t *cap, size_t duty, const char *person) {
    if (carry->n_left == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        nr_plan_leaver *grown = realloc(carry->left, ncap * sizeof *grown);
        if (!grown) return NR_ENOMEM;
        carry->left = grown;
        *cap = ncap;
    }
    char *id = strdup(person);
    if (!id) return NR_ENOMEM;
    carry->left[carry->n_left++] = (nr_plan_leaver){duty, id};
    return 0;
}

void nr_store_carry_clear(nr_store_carry *carry) {
    if (!carry) return;
    for (size_t i = 0; i < carry->n_left; i++) free((char *)carry->left[i].person);
    free(carry->left);
    carry->left = NULL;
    carry->n_left = 0;
}

/* Both loaders: strict refuses a run that does not fit r; carry keeps what
 * fits, counts the rest in *carry (the holdings of people no longer in r
 * listed) and says it in warnings. */
static int load_plan(nr_store *s, int64_t run_id, const nr_region *r, nr_store_carry *carry,
                     nr_plan **out, nr_diags *d) {
    sqlite3_stmt *st = NULL;
    duty_key *keys = NULL;
    size_t *seen = NULL;
    nr_plan *p = NULL;
    gone_person *gone = NULL;
    size_t n_gone = 0, problems = 0, matched = 0, cap_left = 0;
    /* The last stored duty that is not in r, so each counts once. */
    char *last_gone = NULL;
    nr_loc loc = nr_loc_at(s->path, 0);
    *out = NULL;
    if (carry) *carry = (nr_store_carry){0};
    int rc = st_prepare(s, "SELECT n_slots FROM runs WHERE id = ?1", &st, d);
    if (rc) goto cleanup;
    sqlite3_bind_int64(st, 1, run_id);
    int src = sqlite3_step(st);
    if (src == SQLITE_DONE) {
        rc = nr_diag_error(d, loc, "no run %lld in this database", (long long)run_id);
        goto cleanup;
    }
    if (src != SQLITE_ROW) {
        rc = st_error(s, src, d, "reading the run");
        goto cleanup;
    }
    sqlite3_finalize(st);
    st = NULL;

    p = nr_plan_new(r);
    keys = malloc((r->n_duties ? r->n_duties : 1) * sizeof *keys);
    seen = calloc(r->n_duties ? r->n_duties : 1, sizeof *seen);
    if (!p || !keys || !seen) {
        rc = NR_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < r->n_duties; i++)
        keys[i] = (duty_key){r->rotas[r->duties[i].rota].id, r->shifts[r->duties[i].shift].id,
                             r->duties[i].date, i};
    qsort(keys, r->n_duties, sizeof *keys, cmp_key);

    rc = st_prepare(s,
                    "SELECT rota, shift, date, slot, person FROM assignments WHERE run_id = ?1 "
                    "ORDER BY date, rota, shift, slot",
                    &st, d);
    if (rc) goto cleanup;
    sqlite3_bind_int64(st, 1, run_id);
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        duty_key k = {column_text(st, 0), column_text(st, 1), 0, 0};
        const char *date = column_text(st, 2), *person = column_text(st, 4);
        long long slot = sqlite3_column_int64(st, 3);
        duty_key *hit = NULL;
        if (nr_date_parse(date, &k.date))
            hit = r->n_duties ? bsearch(&k, keys, r->n_duties, sizeof *keys, cmp_key) : NULL;
        if (!hit || slot < 0) {
            if (carry) {
                /* Rows come by date, rota, shift: one duty's rows in a row. */
                size_t need = strlen(k.rota) + strlen(k.shift) + strlen(date) + 3;
                char *key = malloc(need);
                if (!key) {
                    rc = NR_ENOMEM;
                    goto cleanup;
                }
                snprintf(key, need, "%s\n%s\n%s", k.rota, k.shift, date);
                if (!last_gone || strcmp(key, last_gone) != 0) carry->duties_gone++;
                free(last_gone);
                last_gone = key;
            } else if (problems++ < LOAD_MAX_REPORTS) {
                nr_diag_error(d, loc, "run %lld: %s %s on %s (slot %lld) is not a duty of this "
                                      "scenario",
                              (long long)run_id, k.rota, k.shift, date, slot);
            }
            continue;
        }
        if (seen[hit->duty]++ == 0) matched++;
        if (!person) continue; /* an empty slot: nothing to place */
        int who = nr_region_find_person(r, person);
        if (who == NR_UNSET) {
            if (carry) {
                if ((rc = note_gone(&gone, &n_gone, person)) ||
                    (rc = note_leaver(carry, &cap_left, hit->duty, person)))
                    goto cleanup;
            } else if (problems++ < LOAD_MAX_REPORTS) {
                nr_diag_error(d, loc, "run %lld: %s on %s %s %s is not in this scenario",
                              (long long)run_id, person, k.rota, k.shift, date);
            }
            continue;
        }
        /* Rows come in slot order, so a holder stored past the slots the
         * duty has now only meets slots that are already settled. */
        size_t first = p->first_slot[hit->duty], end = p->first_slot[hit->duty + 1];
        size_t at = first + (size_t)slot;
        if ((unsigned long long)slot >= end - first || p->holder[at] != NR_UNSET)
            for (at = first; at < end && p->holder[at] != NR_UNSET; at++) continue;
        if (at == end) {
            if (carry) {
                if (carry->holders_dropped++ < LOAD_MAX_REPORTS)
                    nr_diag_warning(d, loc, "run %lld: %s %s on %s takes %zu %s now; %s is not "
                                            "carried over",
                                    (long long)run_id, k.rota, k.shift, date, end - first,
                                    end - first == 1 ? "person" : "people", person);
            } else if (problems++ < LOAD_MAX_REPORTS) {
                nr_diag_error(d, loc, "run %lld: %s %s on %s has more holders than the %zu %s it "
                                      "takes in this scenario",
                              (long long)run_id, k.rota, k.shift, date, end - first,
                              end - first == 1 ? "person" : "people");
            }
            continue;
        }
        p->holder[at] = who;
    }
    if (src != SQLITE_DONE) {
        rc = st_error(s, src, d, "reading assignments");
        goto cleanup;
    }
    for (size_t i = 0; i < r->n_duties; i++) {
        if (seen[i] > 0 || p->first_slot[i + 1] == p->first_slot[i]) continue;
        if (carry) {
            carry->duties_new++;
        } else if (problems++ < LOAD_MAX_REPORTS) {
            char date[16];
            nr_date_format(r->duties[i].date, date);
            nr_diag_error(d, loc, "run %lld holds no assignment for %s %s on %s",
                          (long long)run_id, r->rotas[r->duties[i].rota].id,
                          r->shifts[r->duties[i].shift].id, date);
        }
    }
    if (problems) {
        if (problems > LOAD_MAX_REPORTS)
            nr_diag_error(d, loc, "run %lld: %zu more problems; it was made for another scenario",
                          (long long)run_id, problems - LOAD_MAX_REPORTS);
        rc = NR_EINPUT;
        goto cleanup;
    }
    if (carry) {
        /* Nothing in common is no re-solve but a mistake: another period or
         * another scenario's database. */
        if (matched == 0 && r->n_duties > 0) {
            rc = nr_diag_error(d, loc, "run %lld shares no duty with this scenario (another period "
                                       "or another scenario?); nothing to carry over",
                               (long long)run_id);
            goto cleanup;
        }
        for (size_t i = 0; i < n_gone && i < LOAD_MAX_REPORTS; i++)
            nr_diag_warning(d, loc, "run %lld: %s is not in this scenario; the %zu %s they held %s "
                                    "open again",
                            (long long)run_id, gone[i].id, gone[i].slots,
                            gone[i].slots == 1 ? "duty" : "duties",
                            gone[i].slots == 1 ? "is" : "are");
        if (n_gone > LOAD_MAX_REPORTS)
            nr_diag_warning(d, loc, "run %lld: %zu more people are not in this scenario; their "
                                    "duties are open again too",
                            (long long)run_id, n_gone - LOAD_MAX_REPORTS);
        if (carry->holders_dropped > LOAD_MAX_REPORTS)
            nr_diag_warning(d, loc, "run %lld: %zu more holders past the people a duty takes now",
                            (long long)run_id, carry->holders_dropped - LOAD_MAX_REPORTS);
        if (carry->duties_gone)
            nr_diag_warning(d, loc, "run %lld: %zu of its duties are not duties of this scenario "
                                    "(a rota, shift or date no longer in it); they are not "
                                    "carried over",
                            (long long)run_id, carry->duties_gone);
        if (carry->duties_new)
            nr_diag_warning(d, loc, "run %lld: %zu duties of this scenario are not in the run; "
                                    "they start open",
                            (long long)run_id, carry->duties_new);
    }
    *out = p;
    p = NULL;
cleanup:
    if (rc) nr_store_carry_clear(carry);
    sqlite3_finalize(st);
    nr_plan_free(p);
    free(keys);
    free(seen);
    for (size_t i = 0; i < n_gone; i++) free(gone[i].id);
    free(gone);
    free(last_gone);
    return rc;
}

int nr_store_load_plan(nr_store *s, int64_t run_id, const nr_region *r, nr_plan **out,
                       nr_diags *d) {
    return load_plan(s, run_id, r, NULL, out, d);
}

int nr_store_carry_plan(nr_store *s, int64_t run_id, const nr_region *r, nr_plan **out,
                        nr_store_carry *carry, nr_diags *d) {
    nr_store_carry ignored;
    int rc = load_plan(s, run_id, r, carry ? carry : &ignored, out, d);
    if (!carry) nr_store_carry_clear(&ignored);
    return rc;
}

/* ---- publications and the ledger ------------------------------------------- */

int nr_store_publication_sequence(nr_store *s, const char *feed, const char *uid,
                                  const char *content_hash, int *sequence, bool *changed,
                                  nr_diags *d) {
    sqlite3_stmt *st = NULL;
    int rc = st_prepare(s, "SELECT sequence, content_hash, cancelled FROM publications "
                           "WHERE feed = ?1 AND uid = ?2",
                        &st, d);
    if (rc) return rc;
    bind_text(st, 1, feed);
    bind_text(st, 2, uid);
    int src = sqlite3_step(st);
    if (src == SQLITE_DONE) {
        *sequence = 0;
        *changed = true;
    } else if (src == SQLITE_ROW) {
        int seq = sqlite3_column_int(st, 0);
        bool same = strcmp(column_text(st, 1), content_hash) == 0 && !sqlite3_column_int(st, 2);
        *sequence = same ? seq : seq + 1;
        *changed = !same;
    } else {
        rc = st_error(s, src, d, "reading a publication");
    }
    sqlite3_finalize(st);
    return rc;
}

/* The stored state becomes exactly `items`: a key not among them is
 * forgotten, as the exporter's state forgets it. */
static int put_publications(nr_store *s, int64_t run_id, const nr_publication *items, size_t n,
                            nr_diags *d) {
    sqlite3_stmt *get = NULL, *put = NULL;
    int rc = st_prepare(s, "SELECT sequence FROM publications WHERE feed = ?1 AND uid = ?2",
                        &get, d);
    if (rc) goto cleanup;
    for (size_t i = 0; i < n; i++) {
        const nr_publication *p = &items[i];
        if (!p->feed || !p->uid || !p->content_hash || p->sequence < 0) {
            nr_diag_error(d, nr_loc_at(s->path, 0), "publication %zu has no feed, UID or hash, "
                                                    "or a negative SEQUENCE", i);
            if (!rc) rc = NR_EINPUT;
            continue;
        }
        bind_text(get, 1, p->feed);
        bind_text(get, 2, p->uid);
        int src = sqlite3_step(get);
        if (src == SQLITE_ROW && sqlite3_column_int(get, 0) > p->sequence) {
            /* RFC 5545: SEQUENCE never goes down, or calendars ignore the update. */
            nr_diag_error(d, nr_loc_at(s->path, 0),
                          "%s %s: SEQUENCE %d is lower than the %d already published", p->feed,
                          p->uid, p->sequence, sqlite3_column_int(get, 0));
            if (!rc) rc = NR_EINPUT;
        } else if (src != SQLITE_ROW && src != SQLITE_DONE) {
            rc = st_error(s, src, d, "reading a publication");
            goto cleanup;
        }
        sqlite3_reset(get);
    }
    if (rc) goto cleanup; /* every bad item reported; nothing written */
    rc = st_exec(s, "DELETE FROM publications", d, "replacing the publications");
    if (rc) goto cleanup;
    rc = st_prepare(s,
                    "INSERT INTO publications(feed, uid, sequence, content_hash, text, run_id, "
                    "published_at, cancelled) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?7)",
                    &put, d);
    if (rc) goto cleanup;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const nr_publication *p = &items[i];
        bind_text(put, 1, p->feed);
        bind_text(put, 2, p->uid);
        sqlite3_bind_int(put, 3, p->sequence);
        bind_text(put, 4, p->content_hash);
        bind_text(put, 5, p->text);
        sqlite3_bind_int64(put, 6, run_id);
        sqlite3_bind_int(put, 7, p->cancelled ? 1 : 0);
        rc = st_step_done(s, put, d, "recording a publication");
    }
cleanup:
    sqlite3_finalize(get);
    sqlite3_finalize(put);
    return rc;
}

/* The run's duties replace whatever the ledger held for its period, so
 * publishing a revised rota for the same period does not count twice. */
static int ledger_from_run(nr_store *s, int64_t run_id, nr_diags *d) {
    sqlite3_stmt *st = NULL;
    int rc = st_prepare(s,
                        "DELETE FROM ledger WHERE period_start = "
                        "(SELECT period_start FROM runs WHERE id = ?1)",
                        &st, d);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    rc = st_step_done(s, st, d, "clearing the ledger for the period");
    sqlite3_finalize(st);
    st = NULL;
    if (rc) return rc;
    /* date is "YYYY-MM-DD": substr(date, 6) is "MM-DD". */
    rc = st_prepare(s,
                    "INSERT INTO ledger(person, rota, period_start, kind, duties, run_id) "
                    "SELECT a.person, a.rota, r.period_start, "
                    "CASE WHEN substr(a.date, 6) >= '12-24' OR substr(a.date, 6) <= '01-01' "
                    "THEN 'christmas' ELSE a.kind END AS k, count(*), r.id "
                    "FROM assignments a JOIN runs r ON r.id = a.run_id "
                    "WHERE a.run_id = ?1 AND a.person IS NOT NULL "
                    "GROUP BY a.person, a.rota, k",
                    &st, d);
    if (rc) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    rc = st_step_done(s, st, d, "adding the run to the ledger");
    sqlite3_finalize(st);
    return rc;
}

int nr_store_publish(nr_store *s, int64_t run_id, const nr_publication *items, size_t n,
                     nr_diags *d) {
    sqlite3_stmt *st = NULL;
    int rc = st_begin(s, d);
    if (rc) return rc;
    rc = st_prepare(s, "SELECT 1 FROM runs WHERE id = ?1", &st, d);
    if (rc) goto cleanup;
    sqlite3_bind_int64(st, 1, run_id);
    int src = sqlite3_step(st);
    if (src == SQLITE_DONE) {
        rc = nr_diag_error(d, nr_loc_at(s->path, 0), "no run %lld in this database",
                           (long long)run_id);
        goto cleanup;
    }
    if (src != SQLITE_ROW) {
        rc = st_error(s, src, d, "reading the run");
        goto cleanup;
    }
    rc = put_publications(s, run_id, items, n, d);
    if (rc) goto cleanup;
    rc = ledger_from_run(s, run_id, d);
    if (rc) goto cleanup;
    rc = st_commit(s, d);
cleanup:
    sqlite3_finalize(st);
    if (rc) st_rollback(s);
    return rc;
}

int nr_store_list_publications(nr_store *s, int (*fn)(const nr_publication *p, void *ctx),
                               void *ctx, nr_diags *d) {
    sqlite3_stmt *st = NULL;
    int rc = st_prepare(s,
                        "SELECT feed, uid, sequence, content_hash, text, cancelled, run_id "
                        "FROM publications ORDER BY feed, uid",
                        &st, d);
    if (rc) return rc;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        nr_publication p = {
            .feed = column_text(st, 0),
            .uid = column_text(st, 1),
            .sequence = sqlite3_column_int(st, 2),
            .content_hash = column_text(st, 3),
            .text = column_text(st, 4),
            .cancelled = sqlite3_column_int(st, 5) != 0,
            .run_id = sqlite3_column_int64(st, 6),
        };
        rc = fn(&p, ctx);
        if (rc) goto cleanup;
    }
    if (src != SQLITE_DONE) rc = st_error(s, src, d, "listing publications");
cleanup:
    sqlite3_finalize(st);
    return rc;
}

const char *nr_ledger_kind_name(enum nr_ledger_kind k) {
    switch (k) {
    case NR_LEDGER_WEEKDAY: return "weekday";
    case NR_LEDGER_WEEKEND: return "weekend";
    case NR_LEDGER_BANK_HOLIDAY: return "bank_holiday";
    case NR_LEDGER_CHRISTMAS: return "christmas";
    }
    return "unknown";
}

int nr_store_ledger(nr_store *s, nr_date since, nr_date until,
                    int (*fn)(const nr_ledger_entry *e, void *ctx), void *ctx, nr_diags *d) {
    sqlite3_stmt *st = NULL;
    /* The ledger says which run is published for each period, and its
     * rowids the order of publication (a publication replaces its period's
     * rows, so they take the largest rowids). The duties come from those
     * runs' assignments: a date counts in the period published last among
     * those covering it. */
    int rc = st_prepare(s,
                        "WITH periods AS (SELECT l.period_start, l.run_id, max(l.rowid) AS pub, "
                        "  r.period_days AS days FROM ledger l JOIN runs r ON r.id = l.run_id "
                        "  GROUP BY l.period_start, l.run_id), "
                        "held AS (SELECT a.person, a.rota, p.period_start, "
                        "  CASE WHEN substr(a.date, 6) >= '12-24' OR substr(a.date, 6) <= '01-01' "
                        "  THEN 'christmas' ELSE a.kind END AS k "
                        "  FROM assignments a JOIN periods p ON p.run_id = a.run_id "
                        "  WHERE a.person IS NOT NULL AND a.date >= ?1 AND a.date < ?2 "
                        "  AND NOT EXISTS (SELECT 1 FROM periods q WHERE q.pub > p.pub "
                        "    AND a.date >= q.period_start "
                        "    AND a.date < date(q.period_start, '+' || q.days || ' days'))) "
                        "SELECT person, rota, "
                        "sum(k = 'weekday'), sum(k = 'weekend'), sum(k = 'bank_holiday'), "
                        "sum(k = 'christmas'), count(DISTINCT period_start) "
                        "FROM held GROUP BY person, rota ORDER BY person, rota",
                        &st, d);
    if (rc) return rc;
    char from[16], to[16];
    nr_date_format(since, from);
    nr_date_format(until, to);
    bind_text(st, 1, from);
    bind_text(st, 2, to);
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        nr_ledger_entry e = {.person = column_text(st, 0), .rota = column_text(st, 1)};
        for (int k = 0; k < NR_LEDGER_KINDS; k++) e.duties[k] = sqlite3_column_int(st, 2 + k);
        e.periods = sqlite3_column_int(st, 6);
        rc = fn(&e, ctx);
        if (rc) goto cleanup;
    }
    if (src != SQLITE_DONE) rc = st_error(s, src, d, "reading the ledger");
cleanup:
    sqlite3_finalize(st);
    return rc;
}
