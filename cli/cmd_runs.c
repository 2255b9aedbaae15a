/* netrota runs: list the runs in a database; and what the commands on the
 * database share (declared in cli.h). */
/* realpath() is an XSI function in glibc */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "export/ical.h"
#include "export/pubstate.h"
#include "export/report.h"
#include "export/rotacsv.h"
#include "export/summary.h"
#include "import/scenario.h"

const char nr_cmd_runs_usage[] =
    "usage: netrota runs [--db FILE | SCENARIO]\n"
    "\n"
    "List the runs recorded in a database, oldest first: id, when it was made\n"
    "(UTC), scenario, status, objective, gap, uncovered slots and seconds.\n"
    "\n"
    "The database is FILE, or netrota.db of SCENARIO (a folder holding\n"
    "scenario.yaml, or a .yaml file), or ./netrota.db. It is only read.\n"
    "\n"
    "Exit codes: 0 listed, 1 no such database or not a netrota one,\n"
    "2 usage errors, 5 failure.\n";

int nr_cli_make_dir(const char *path) {
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        char saved = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
        buf[i] = saved;
    }
    struct stat sb;
    if (stat(path, &sb) != 0) return -1;
    if (!S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

void nr_cli_flush_diags(nr_diags *d) {
    nr_diags_sort(d);
    nr_diags_print(d, stderr);
    nr_diags_clear(d);
}

int nr_cli_parse_run_id(const char *s, int64_t *out) {
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v <= 0 || s[0] == '+') return -1;
    *out = (int64_t)v;
    return 0;
}

int nr_cli_db_path(const char *db_opt, const char *scenario, char *buf, size_t size, nr_diags *d) {
    if (db_opt) {
        if (strlen(db_opt) >= size)
            return nr_diag_error(d, nr_loc_at(db_opt, 0), "path too long"), NR_ELIMIT;
        memcpy(buf, db_opt, strlen(db_opt) + 1);
        return 0;
    }
    return nr_store_default_path(scenario, buf, size, d);
}

int nr_cli_open_existing(const char *path, nr_store **out, nr_diags *d) {
    struct stat sb;
    *out = NULL;
    if (stat(path, &sb) != 0) {
        nr_diag_error(d, nr_loc_at(path, 0),
                      "no netrota database here (`netrota solve` records runs in it)");
        return NR_EINPUT;
    }
    return nr_store_open(path, out, d);
}

/* ---- scenario inputs ---- */

void nr_cli_inputs_clear(nr_cli_inputs *in) {
    if (!in) return;
    for (size_t i = 0; i < in->n_files; i++) free(in->paths[i]);
    free(in->paths);
    free(in->files);
    free(in->scenario_path);
    memset(in, 0, sizeof *in);
}

int nr_cli_inputs_of(const char *scenario, const nr_region *r, nr_cli_inputs *out, nr_diags *d) {
    nr_store_file *files = NULL;
    size_t n = 0;
    memset(out, 0, sizeof *out);
    int rc = nr_store_region_files(r, &files, &n, d);
    if (rc) return rc;
    rc = NR_ENOMEM;
    /* Canonical paths, so that the same scenario is recognised whichever
     * folder netrota runs from. */
    out->scenario_path = realpath(scenario, NULL);
    if (!out->scenario_path) {
        nr_diag_error(d, nr_loc_at(scenario, 0), "cannot resolve path: %s", strerror(errno));
        rc = NR_EIO;
        goto cleanup;
    }
    out->files = calloc(n ? n : 1, sizeof *out->files);
    out->paths = calloc(n ? n : 1, sizeof *out->paths);
    if (!out->files || !out->paths) goto cleanup;
    for (size_t i = 0; i < n; i++) {
        char *canon = realpath(files[i].path, NULL);
        out->paths[i] = canon ? canon : strdup(files[i].path);
        if (!out->paths[i]) goto cleanup;
        out->n_files = i + 1;
        out->files[i].path = out->paths[i];
        memcpy(out->files[i].hash, files[i].hash, NR_HASH_HEX);
    }
    rc = nr_store_inputs_hash(out->files, out->n_files, out->hash);
cleanup:
    free(files);
    if (rc) nr_cli_inputs_clear(out);
    return rc;
}

/* ---- runs ---- */

void nr_cli_run_clear(nr_cli_run *run) {
    if (!run) return;
    free(run->created);
    free(run->scenario_path);
    free(run->scenario_name);
    free(run->inputs_hash);
    free(run->period_start);
    free(run->params_json);
    free(run->glpk_version);
    free(run->status);
    memset(run, 0, sizeof *run);
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static int copy_run(const nr_store_run *in, nr_cli_run *out) {
    nr_cli_run_clear(out);
    out->id = in->id;
    out->period_days = in->period_days;
    out->objective = in->objective;
    out->bound = in->bound;
    out->gap = in->gap;
    out->seconds = in->seconds;
    out->penalty = in->penalty;
    out->penalty_bound = in->penalty_bound;
    out->terms = in->terms;
    out->uncovered = in->uncovered;
    out->n_slots = in->n_slots;
    out->created = dup_or_null(in->created);
    out->scenario_path = dup_or_null(in->scenario_path);
    out->scenario_name = dup_or_null(in->scenario_name);
    out->inputs_hash = dup_or_null(in->inputs_hash);
    out->period_start = dup_or_null(in->period_start);
    out->params_json = dup_or_null(in->params_json);
    out->glpk_version = dup_or_null(in->glpk_version);
    out->status = dup_or_null(in->status);
    if ((in->created && !out->created) || (in->scenario_path && !out->scenario_path) ||
        (in->scenario_name && !out->scenario_name) || (in->inputs_hash && !out->inputs_hash) ||
        (in->period_start && !out->period_start) || (in->params_json && !out->params_json) ||
        (in->glpk_version && !out->glpk_version) || (in->status && !out->status))
        return NR_ENOMEM;
    return 0;
}

typedef struct find_ctx {
    int64_t id;                 /* > 0: this run */
    const nr_cli_inputs *in;    /* else: newest complete run of these inputs */
    nr_cli_run *out;
    bool found;
    int rc;
} find_ctx;

static int find_cb(const nr_store_run *run, void *ctx) {
    find_ctx *f = ctx;
    bool match;
    if (f->id > 0) match = run->id == f->id;
    else
        match = run->scenario_path && run->inputs_hash &&
                strcmp(run->scenario_path, f->in->scenario_path) == 0 &&
                strcmp(run->inputs_hash, f->in->hash) == 0 &&
                strcmp(run->status, "interrupted") != 0;
    if (!match) return 0;
    f->found = true;
    f->rc = copy_run(run, f->out);
    return f->id > 0 || f->rc ? 1 : 0; /* runs come oldest first: keep the newest */
}

int nr_cli_get_run(nr_store *s, int64_t id, nr_cli_run *out, nr_diags *d) {
    find_ctx f = {id, NULL, out, false, 0};
    memset(out, 0, sizeof *out);
    int rc = nr_store_list_runs(s, find_cb, &f, d);
    if (f.rc) return f.rc;
    if (rc < 0) return rc;
    if (!f.found) {
        nr_diag_error(d, nr_loc_at(nr_store_path(s), 0), "no run %lld in this database",
                      (long long)id);
        return NR_EINPUT;
    }
    return 0;
}

int nr_cli_find_run(nr_store *s, const nr_cli_inputs *in, nr_cli_run *out, bool *found,
                    nr_diags *d) {
    find_ctx f = {0, in, out, false, 0};
    memset(out, 0, sizeof *out);
    int rc = nr_store_list_runs(s, find_cb, &f, d);
    *found = f.found && !f.rc && rc >= 0;
    if (f.rc) return f.rc;
    return rc < 0 ? rc : 0;
}

int nr_cli_record(nr_store *s, const nr_cli_inputs *in, const nr_region *r,
                  const nr_solve_options *opt, const nr_solve_result *res, int64_t *run_id,
                  nr_diags *d) {
    nr_store_run_info info = {
        .scenario_path = in->scenario_path,
        .files = in->files,
        .n_files = in->n_files,
        .options = opt,
        .glpk_version = nr_solver_glpk_version(),
    };
    return nr_store_record_run(s, r, &info, res, run_id, d);
}

static enum nr_solve_status status_of(const char *name) {
    static const enum nr_solve_status all[] = {NR_SOLVE_OPTIMAL, NR_SOLVE_FEASIBLE,
                                               NR_SOLVE_GAPS, NR_SOLVE_INTERRUPTED};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (name && strcmp(nr_solve_status_name(all[i]), name) == 0) return all[i];
    return NR_SOLVE_INTERRUPTED;
}

int nr_cli_stored_result(nr_store *s, const nr_cli_run *run, const nr_region *r,
                         nr_solve_result **out, nr_diags *d) {
    nr_plan *plan = NULL;
    nr_solve_result *res = NULL;
    *out = NULL;
    int rc = nr_store_load_plan(s, run->id, r, &plan, d);
    if (rc) goto cleanup;
    /* Targets, loads and fair shares are the solver's, computed for the
     * stored plan; the figures proven at solve time are the run's. */
    rc = nr_solve_evaluate(r, plan, &res, d);
    if (rc) goto cleanup;
    res->status = status_of(run->status);
    res->objective = run->objective;
    res->bound = run->bound;
    res->gap = run->gap;
    /* Runs recorded before a term existed read it as NAN: keep the
     * evaluated value (0 for changes and Christmas repeats) there. */
    nr_objective_terms t = run->terms;
    double *const keep[] = {&t.changes, &t.christmas_repeats, &t.under_cost,
                            &t.surplus, &t.over_cost, &t.min_hours_short};
    const double from[] = {res->terms.changes, res->terms.christmas_repeats,
                           res->terms.under_cost, res->terms.surplus,
                           res->terms.over_cost, res->terms.min_hours_short};
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
        if (isnan(*keep[i])) *keep[i] = from[i];
    res->terms = t;
    res->seconds = run->seconds;
    /* The penalty is the plan's (evaluated above); its bound was proven at
     * solve time and recorded with the run. */
    if (isfinite(run->penalty)) res->penalty = run->penalty;
    res->penalty_bound = run->penalty_bound;
    *out = res;
    res = NULL;
cleanup:
    nr_plan_free(plan);
    nr_solve_result_free(res);
    return rc;
}

int nr_cli_load_run_scenario(const nr_cli_run *run, nr_region **out, bool *changed, nr_diags *d) {
    nr_cli_inputs in = {0};
    nr_region *r = NULL;
    *out = NULL;
    *changed = false;
    if (!run->scenario_path)
        return nr_diag_error(d, nr_loc_at(NULL, 0), "run %lld has no scenario path", (long long)run->id),
               NR_EINPUT;
    int rc = nr_scenario_load(run->scenario_path, &r, d);
    if (rc == 0) rc = nr_cli_inputs_of(run->scenario_path, r, &in, d);
    if (rc == 0) {
        *changed = !run->inputs_hash || strcmp(run->inputs_hash, in.hash) != 0;
        *out = r;
        r = NULL;
    }
    nr_cli_inputs_clear(&in);
    nr_region_free(r);
    return rc;
}

int nr_cli_write_outputs(const nr_region *r, const nr_solve_result *res, const char *out_dir,
                         nr_diags *d) {
    if (nr_cli_make_dir(out_dir) != 0)
        return nr_diag_error(d, nr_loc_at(out_dir, 0), "cannot create output folder: %s",
                             strerror(errno)),
               NR_EIO;
    size_t n = strlen(out_dir) + 32;
    char *path = malloc(n);
    if (!path) return NR_ENOMEM;
    snprintf(path, n, "%s/rota.csv", out_dir);
    int rc = nr_rotacsv_write(r, res->plan, path, d);
    if (rc == 0) {
        snprintf(path, n, "%s/summary.json", out_dir);
        rc = nr_summary_write_json(r, res, path, d);
    }
    if (rc == 0) {
        snprintf(path, n, "%s/report.html", out_dir);
        rc = nr_report_write_html(r, res, path, d);
    }
    free(path);
    return rc;
}

static int put_publication(const nr_publication *p, void *ctx) {
    nr_pubrecord rec = {p->feed, p->uid, p->sequence, p->content_hash, p->cancelled, p->text};
    return nr_pubstate_put(ctx, &rec);
}

typedef struct pub_list {
    nr_publication *items;
    size_t n;
} pub_list;

static int take_record(const nr_pubrecord *rec, void *ctx) {
    pub_list *l = ctx;
    l->items[l->n++] = (nr_publication){.feed = rec->feed, .uid = rec->uid,
                                        .sequence = rec->sequence, .content_hash = rec->hash,
                                        .text = rec->event, .cancelled = rec->cancelled};
    return 0;
}

int nr_cli_publish_feeds(const nr_region *r, const nr_plan *p, const char *out_dir, nr_store *s,
                         int64_t run_id, nr_diags *d) {
    if (nr_cli_make_dir(out_dir) != 0)
        return nr_diag_error(d, nr_loc_at(out_dir, 0), "cannot create output folder: %s",
                             strerror(errno)),
               NR_EIO;
    if (!s) return nr_publish_ical_dir(r, p, out_dir, (nr_instant)time(NULL), d);
    pub_list list = {0};
    nr_pubstate *state = nr_pubstate_new();
    if (!state) return NR_ENOMEM;
    int rc = nr_store_list_publications(s, put_publication, state, d);
    if (rc) goto cleanup;
    /* Feeds that failed to write keep their old state in memory, so the
     * record below still matches what is on disk. */
    int prc = nr_publish_ical(r, p, out_dir, state, (nr_instant)time(NULL), d);
    if (prc && prc != NR_EIO) {
        rc = prc;
        goto cleanup;
    }
    size_t n = nr_pubstate_count(state);
    list.items = calloc(n ? n : 1, sizeof *list.items);
    if (!list.items) {
        rc = NR_ENOMEM;
        goto cleanup;
    }
    nr_pubstate_foreach(state, take_record, &list);
    rc = nr_store_publish(s, run_id, list.items, list.n, d);
    if (rc == 0) rc = prc;
cleanup:
    free(list.items);
    nr_pubstate_free(state);
    return rc;
}

/* ---- the command ---- */

/* A path as the user would like to read it: relative to the working
 * folder when it lies beneath it. */
static const char *shown_path(const char *path, const char *cwd) {
    size_t n = cwd ? strlen(cwd) : 0;
    if (n && strncmp(path, cwd, n) == 0 && path[n] == '/') return path + n + 1;
    return path;
}

typedef struct list_ctx {
    const char *cwd;
    size_t count;
} list_ctx;

static int print_run(const nr_store_run *run, void *ctx) {
    list_ctx *l = ctx;
    if (l->count++ == 0)
        printf("%5s  %-20s  %-11s  %12s  %7s  %9s  %8s  %s\n", "ID", "CREATED", "STATUS",
               "OBJECTIVE", "GAP", "UNCOVERED", "SECONDS", "SCENARIO");
    char gap[32] = "-";
    if (isfinite(run->gap)) snprintf(gap, sizeof gap, "%.2f%%", 100.0 * run->gap);
    printf("%5lld  %-20s  %-11s  %12.2f  %7s  %9ld  %8.1f  %s\n", (long long)run->id,
           run->created, run->status, run->objective, gap, run->uncovered, run->seconds,
           shown_path(run->scenario_path ? run->scenario_path : "?", l->cwd));
    return 0;
}

int nr_cmd_runs(int argc, char **argv) {
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *db_opt = NULL;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(nr_cmd_runs_usage, stdout); return NR_EXIT_OK;
        case 'd': db_opt = optarg; break;
        default:
            return nr_cli_usage_error("runs", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind > 1) return nr_cli_usage_error("runs", "too many arguments");
    if (db_opt && optind < argc)
        return nr_cli_usage_error("runs", "give --db FILE or SCENARIO, not both");
    const char *scenario = optind < argc ? argv[optind] : ".";

    nr_diags d = NR_DIAGS_INIT;
    nr_store *s = NULL;
    char db[4096], cwd[4096];
    list_ctx l = {getcwd(cwd, sizeof cwd), 0};
    int rc = nr_cli_db_path(db_opt, scenario, db, sizeof db, &d);
    if (rc == 0) rc = nr_cli_open_existing(db, &s, &d);
    if (rc == 0) rc = nr_store_list_runs(s, print_run, &l, &d);
    if (rc == 0 && l.count == 0) printf("no runs in %s\n", db);
    nr_cli_flush_diags(&d);
    nr_store_close(s);
    return nr_cli_exit_for(rc);
}
