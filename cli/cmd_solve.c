/* netrota solve: solve a scenario, write the rota and its feeds, and
 * record the run in the scenario's database. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "export/summary.h"
#include "import/curtois.h"
#include "import/scenario.h"
#include "model/plandiff.h"
#include "solver/solver.h"
#include "store/store.h"

const char nr_cmd_solve_usage[] =
    "usage: netrota solve SCENARIO [--out DIR] [--time-limit S] [--gap G] [--seed N]\n"
    "                     [--db FILE | --no-db] [--from RUN] [--history-weeks N]\n"
    "                     [--write-mps FILE] [--quiet]\n"
    "       netrota solve FILE --format curtois [--out DIR] [--time-limit S] [--gap G]\n"
    "                     [--target P] [--seed N] [--db FILE] [--write-mps FILE] [--quiet]\n"
    "\n"
    "Solve a scenario (a folder holding scenario.yaml, or a .yaml file, which may\n"
    "be a what-if that extends another) and write the rota.\n"
    "\n"
    "Options:\n"
    "  --format F         scenario (default), or curtois: FILE is a Curtois & Qu\n"
    "                     benchmark instance (Instance1.txt ...; docs/curtois.md).\n"
    "                     The objective is then the benchmark's penalty, --gap\n"
    "                     defaults to 0, no calendar feeds are written, the\n"
    "                     database is used only with --db, and uncovered cover is\n"
    "                     part of the penalty, not exit status 3\n"
    "  --out DIR          where to write the outputs (default: out): rota.csv,\n"
    "                     summary.json, report.html, trusts/<TRUST>.ics and\n"
    "                     people/<PERSON>.ics (re-publishing raises SEQUENCE only\n"
    "                     on changed events and cancels duties that disappeared)\n"
    "  --db FILE          record the run and the publication in FILE (default:\n"
    "                     netrota.db beside scenario.yaml); the feeds take their\n"
    "                     SEQUENCE from the publications recorded there\n"
    "  --no-db            record nothing; the publication state is kept in\n"
    "                     DIR/.netrota-published.json instead\n"
    "  --from RUN         re-solve after a change (leave, a request): start from\n"
    "                     stored run RUN of the database, keep every duty that can\n"
    "                     stay and print each duty that moved (date, rota, shift,\n"
    "                     from whom, to whom; a holder who has left the scenario\n"
    "                     by their stored id); summary.json gets a \"changes\" entry\n"
    "  --history-weeks N  fairness across periods: count the duties of the periods\n"
    "                     published in the database that started in the N weeks\n"
    "                     before this period (default: 52; 0: none)\n"
    "  --time-limit S     stop after S seconds with the best rota found (default: 60)\n"
    "  --gap G            stop when the proven gap is at most G (default: 0.005)\n"
    "  --target P         stop as soon as a rota's penalty is at most P, proven or\n"
    "                     not (a benchmark's best known value; only where the\n"
    "                     objective is the penalty: --format curtois or\n"
    "                     `objective: penalties`)\n"
    "  --seed N           tie-breaking seed; the same input and seed give the same rota\n"
    "                     when the search ends by its gap (one that the time limit\n"
    "                     stops depends on the machine's speed)\n"
    "  --write-mps FILE   also write the whole model as free MPS for other solvers\n"
    "  --quiet            print nothing but errors\n"
    "\n"
    "Progress goes to stderr: one updating line on a terminal, a line every 5 s\n"
    "otherwise. Ctrl-C stops the search and writes the best rota found so far\n"
    "(not published to the calendar feeds: see `netrota publish`).\n"
    "The run is recorded only when the scenario loaded and the solve finished:\n"
    "a failed one leaves the database as it was.\n"
    "\n"
    "Exit codes: 0 every duty covered, 1 input errors, 2 usage errors,\n"
    "3 solved but some duties uncovered (listed with reasons), 4 interrupted\n"
    "(best rota so far written), 5 failure.\n";

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig) {
    (void)sig;
    interrupted = 1;
}

typedef struct progress_state {
    int tty;
    double last_print;
} progress_state;

static void print_progress(const nr_solve_progress *p, void *ctx) {
    progress_state *st = ctx;
    /* Non-terminals (logs, CI) get a plain line every 5 s, not a flood. */
    if (!st->tty && p->elapsed - st->last_print < 5.0) return;
    st->last_print = p->elapsed;
    char inc[32] = "none", bnd[32] = "-", gap[32] = "-";
    if (isfinite(p->incumbent)) snprintf(inc, sizeof inc, "%.2f", p->incumbent);
    if (isfinite(p->bound)) snprintf(bnd, sizeof bnd, "%.2f", p->bound);
    if (isfinite(p->gap)) snprintf(gap, sizeof gap, "%.2f%%", 100.0 * p->gap);
    fprintf(stderr, "%s%6.1fs  %-16s best %-12s bound %-12s gap %-8s%s", st->tty ? "\r" : "",
            p->elapsed, p->phase ? p->phase : "", inc, bnd, gap, st->tty ? "\033[K" : "\n");
    fflush(stderr);
}

static int parse_double(const char *s, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v < 0) return -1;
    *out = v;
    return 0;
}

/* ---- fairness across periods ---- */

typedef struct hist_ctx {
    const nr_region *r;
    nr_history_entry *e;
    size_t n, cap;
    int rc;
} hist_ctx;

static int take_ledger(const nr_ledger_entry *le, void *ctx) {
    hist_ctx *h = ctx;
    int p = nr_region_find_person(h->r, le->person);
    if (p == NR_UNSET) return 0; /* left the region: nothing to be fair to */
    /* A rota gone from the region still says who did Christmas. */
    int k = nr_region_find_rota(h->r, le->rota);
    size_t i = 0;
    while (i < h->n && !(h->e[i].person == p && h->e[i].rota == k)) i++;
    if (i == h->n) {
        if (h->n == h->cap) {
            size_t cap = h->cap ? 2 * h->cap : 64;
            nr_history_entry *e = realloc(h->e, cap * sizeof *e);
            if (!e) return h->rc = NR_ENOMEM;
            h->e = e;
            h->cap = cap;
        }
        memset(&h->e[h->n], 0, sizeof h->e[h->n]);
        h->e[h->n].person = p;
        h->e[h->n].rota = k;
        h->n++;
    }
    nr_history_entry *e = &h->e[i];
    e->duties[NR_DUTY_WEEKDAY] += le->duties[NR_LEDGER_WEEKDAY];
    e->duties[NR_DUTY_WEEKEND] += le->duties[NR_LEDGER_WEEKEND];
    e->duties[NR_DUTY_BANK_HOLIDAY] += le->duties[NR_LEDGER_BANK_HOLIDAY];
    e->christmas += le->duties[NR_LEDGER_CHRISTMAS];
    e->periods += le->periods;
    return 0;
}

/* What people did in the periods published in the store, on dates in
 * [since, this period's start): an earlier publication of this very
 * period, or of one overlapping it, counts only before it starts.
 * *people and *periods describe what was found. */
static int build_history(nr_store *s, const nr_region *r, nr_date since, nr_history_entry **out,
                         size_t *n_out, size_t *people, int *periods, nr_diags *d) {
    hist_ctx h = {r, NULL, 0, 0, 0};
    *out = NULL;
    *n_out = 0;
    *people = 0;
    *periods = 0;
    int rc = nr_store_ledger(s, since, r->period_start, take_ledger, &h, d);
    if (h.rc) rc = h.rc;
    if (rc) {
        free(h.e);
        return rc;
    }
    size_t kept = 0;
    for (size_t i = 0; i < h.n; i++) {
        nr_history_entry *e = &h.e[i];
        bool any = e->periods > 0 || e->christmas > 0;
        for (int c = 0; c < NR_DUTY_KINDS; c++) any |= e->duties[c] > 0;
        if (!any) continue;
        if (e->periods > *periods) *periods = e->periods;
        bool seen = false;
        for (size_t j = 0; j < kept && !seen; j++) seen = h.e[j].person == e->person;
        if (!seen) (*people)++;
        h.e[kept++] = *e;
    }
    if (kept == 0) {
        free(h.e);
        h.e = NULL;
    }
    *out = h.e;
    *n_out = kept;
    return 0;
}

/* ---- minimal change ---- */

/* A person of the region, or (p NR_UNSET) the one no longer in it who held
 * the duty in the earlier run, or nobody. */
static void print_person(const nr_region *r, int p, const char *left, FILE *out) {
    if (p == NR_UNSET && left) fprintf(out, "%s (left the scenario)", left);
    else if (p == NR_UNSET) fputs("uncovered", out);
    else if (r->people[p].name) fprintf(out, "%s (%s)", r->people[p].id, r->people[p].name);
    else fputs(r->people[p].id, out);
}

static void print_changes(const nr_region *r, int64_t from, const nr_plan_change *ch, size_t n,
                          FILE *out) {
    fprintf(out, "\nChanges against run %lld: %zu dut%s moved\n", (long long)from, n,
            n == 1 ? "y" : "ies");
    for (size_t i = 0; i < n; i++) {
        const nr_duty *du = &r->duties[ch[i].duty];
        char date[16];
        nr_date_format(du->date, date);
        fprintf(out, "  %s  %s  %s  ", date, r->rotas[du->rota].id, r->shifts[du->shift].id);
        print_person(r, ch[i].from, ch[i].from_left, out);
        fputs(" -> ", out);
        print_person(r, ch[i].to, NULL, out);
        fputc('\n', out);
    }
}

/* ---- benchmark instances ---- */

/* The status in the benchmark's terms. Its data are whole numbers, so a
 * bound within 1e-6 of the penalty's whole number below proves optimality;
 * a rota short of a minimum (MinTotalMinutes) breaks one of its hard rules. */
static const char *benchmark_status(const nr_solve_result *res, const nr_summary_figures *f,
                                    double gap_wanted) {
    if (res->status == NR_SOLVE_INTERRUPTED) return "interrupted";
    if (res->terms.min_hours_short > 1e-9 || res->terms.min_duties_short > 1e-9) return "infeasible";
    if (isfinite(f->bound) && isfinite(f->objective) &&
        (ceil(f->bound - 1e-6) >= f->objective - 1e-6 || f->gap <= gap_wanted))
        return "optimal";
    return "feasible";
}

static void print_benchmark(const nr_region *r, const nr_solve_result *res, double gap_wanted,
                            FILE *out) {
    nr_summary_figures f = nr_summary_headline(r, res);
    fprintf(out, "Status: %s in %.1f s; penalty %.0f, bound ", benchmark_status(res, &f, gap_wanted),
            res->seconds, f.objective);
    if (isfinite(f.bound)) fprintf(out, "%.2f, gap %.2f%%\n", f.bound, 100.0 * f.gap);
    else fputs("unknown, gap unknown\n", out);
    size_t surplus = nr_plan_surplus(res->plan);
    fprintf(out, "Penalty: requests %.0f + under cover %.0f (%zu missing) + over cover %.0f (%zu extra)\n",
            res->terms.requests, res->terms.under_cost, res->uncovered, res->terms.over_cost, surplus);
    if (res->terms.min_hours_short > 1e-9)
        fprintf(out, "Broken: the rota is %.2f hours short of the staff's MinTotalMinutes "
                     "(a hard rule of the benchmark)\n", res->terms.min_hours_short);
    size_t held = 0;
    for (size_t i = 0; i < res->plan->n_duties; i++) held += nr_plan_held(res->plan, i);
    fprintf(out, "Shifts: %zu assigned to %zu staff over %d days (%zu shift %s)\n", held,
            r->n_people, r->period_days, r->n_shifts, r->n_shifts == 1 ? "type" : "types");
}

int nr_cmd_solve(int argc, char **argv) {
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},   {"time-limit", required_argument, NULL, 't'},
        {"gap", required_argument, NULL, 'g'},   {"seed", required_argument, NULL, 's'},
        {"write-mps", required_argument, NULL, 'm'}, {"quiet", no_argument, NULL, 'q'},
        {"db", required_argument, NULL, 'd'},    {"no-db", no_argument, NULL, 'n'},
        {"from", required_argument, NULL, 'f'},  {"history-weeks", required_argument, NULL, 'w'},
        {"format", required_argument, NULL, 'F'}, {"help", no_argument, NULL, 'h'},
        {"target", required_argument, NULL, 'T'},
        {NULL, 0, NULL, 0}};
    const char *out_dir = "out";
    const char *db_opt = NULL;
    int quiet = 0, no_db = 0;
    int64_t from_run = 0;
    long history_weeks = 52;
    bool curtois = false, gap_given = false, history_given = false;
    nr_solve_options opt = nr_solve_options_default();
    opt.time_limit = 60;

    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "ho:q", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(nr_cmd_solve_usage, stdout); return NR_EXIT_OK;
        case 'o': out_dir = optarg; break;
        case 'q': quiet = 1; break;
        case 'F':
            if (strcmp(optarg, "curtois") == 0) curtois = true;
            else if (strcmp(optarg, "scenario") == 0) curtois = false;
            else return nr_cli_usage_error("solve", "--format: '%s' is not a format (scenario or curtois)", optarg);
            break;
        case 'd': db_opt = optarg; break;
        case 'n': no_db = 1; break;
        case 'm': opt.write_mps = optarg; break;
        case 'f':
            if (nr_cli_parse_run_id(optarg, &from_run))
                return nr_cli_usage_error("solve", "--from: '%s' is not a run id", optarg);
            break;
        case 'w': {
            char *end;
            errno = 0;
            long v = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || v < 0 || v > 520)
                return nr_cli_usage_error("solve", "--history-weeks: '%s' is not a number of weeks from 0 to 520", optarg);
            history_weeks = v;
            history_given = true;
            break;
        }
        case 't':
            if (parse_double(optarg, &opt.time_limit) || opt.time_limit <= 0)
                return nr_cli_usage_error("solve", "--time-limit: '%s' is not a positive number of seconds", optarg);
            break;
        case 'g':
            if (parse_double(optarg, &opt.mip_gap) || opt.mip_gap >= 1)
                return nr_cli_usage_error("solve", "--gap: '%s' is not a fraction between 0 and 1", optarg);
            gap_given = true;
            break;
        case 'T':
            if (parse_double(optarg, &opt.target_penalty) || !(opt.target_penalty >= 0))
                return nr_cli_usage_error("solve", "--target: '%s' is not a penalty (a number >= 0)", optarg);
            break;
        case 's': {
            char *end;
            errno = 0;
            unsigned long v = strtoul(optarg, &end, 10);
            if (errno || end == optarg || *end || v > 0xffffffffUL || optarg[0] == '-')
                return nr_cli_usage_error("solve", "--seed: '%s' is not a non-negative integer", optarg);
            opt.seed = (unsigned)v;
            break;
        }
        default:
            return nr_cli_usage_error("solve", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1)
        return nr_cli_usage_error("solve", optind >= argc ? "missing SCENARIO" : "too many arguments");
    const char *scenario = argv[optind];
    if (db_opt && no_db) return nr_cli_usage_error("solve", "--db and --no-db exclude each other");
    if (from_run && no_db)
        return nr_cli_usage_error("solve", "--from needs the database that holds the run (not --no-db)");
    if (curtois) {
        /* A benchmark has no dates to be fair across and no scenario folder
         * for a later command to reload a run from. */
        if (from_run) return nr_cli_usage_error("solve", "--from does not apply to --format curtois");
        if (history_given)
            return nr_cli_usage_error("solve", "--history-weeks does not apply to --format curtois");
        /* the benchmark's published values are optima */
        if (!gap_given) opt.mip_gap = 0.0;
        history_weeks = 0;
        if (!db_opt) no_db = 1;
    }

    int status = NR_EXIT_FAILURE;
    nr_diags d = NR_DIAGS_INIT;
    nr_region *region = NULL;
    nr_solve_result *res = NULL;
    nr_store *store = NULL;
    nr_cli_inputs inputs = {0};
    int64_t run_id = 0;
    nr_plan *previous = NULL;
    nr_store_carry carry = {0};
    nr_plan_change *changes = NULL;
    size_t n_changes = 0;
    nr_history_entry *hist = NULL;
    size_t n_hist = 0;
    nr_history history = {0};
    char db[4096];

    int rc = curtois ? nr_curtois_load(scenario, &region, &d) : nr_scenario_load(scenario, &region, &d);
    nr_diags_sort(&d);
    nr_diags_print(&d, stderr);
    nr_diags_clear(&d);
    if (rc) {
        status = nr_cli_exit_for(rc);
        goto cleanup;
    }
    if (isfinite(opt.target_penalty) && !region->fairness_off) {
        status = nr_cli_usage_error("solve", "--target needs an objective that is the penalty "
                                             "(--format curtois, or `objective: penalties`)");
        goto cleanup;
    }

    if (!no_db) {
        rc = nr_cli_db_path(db_opt, scenario, db, sizeof db, &d);
        if (rc) {
            nr_cli_flush_diags(&d);
            status = nr_cli_exit_for(rc);
            goto cleanup;
        }
    }
    /* The database is read before the solve only when it exists: a solve
     * that fails must not leave a new one behind. When it cannot be opened
     * (too new, locked) and no run is asked for, the solve goes on without
     * history and the record below reports the problem. */
    struct stat sb;
    if (!no_db && (from_run || history_weeks > 0)) {
        if (from_run) rc = nr_cli_open_existing(db, &store, &d);
        else if (stat(db, &sb) == 0) rc = nr_store_open(db, &store, &d);
        if (rc && !from_run) {
            nr_diags_clear(&d);
            rc = 0;
        }
    }
    if (rc == 0 && from_run) {
        nr_cli_run from = {0};
        rc = nr_cli_get_run(store, from_run, &from, &d);
        nr_cli_run_clear(&from);
        /* The scenario may have changed since the run (that is why one
         * re-solves): what still fits is carried over, the rest is said. */
        if (rc == 0) rc = nr_store_carry_plan(store, from_run, region, &previous, &carry, &d);
        if (rc == 0 && d.count) nr_cli_flush_diags(&d);
        opt.previous = previous;
    }
    if (rc == 0 && store && history_weeks > 0) {
        nr_date since = region->period_start - (nr_date)(7 * history_weeks);
        size_t people = 0;
        int periods = 0;
        rc = build_history(store, region, since, &hist, &n_hist, &people, &periods, &d);
        if (rc == 0 && n_hist > 0) {
            history.entries = hist;
            history.n = n_hist;
            opt.history = &history;
            char day[16];
            if (!quiet)
                printf("Fairness history: %zu people, %d period%s from the database (since %s)\n",
                       people, periods, periods == 1 ? "" : "s", nr_date_format(since, day));
        }
    }
    if (rc) {
        nr_cli_flush_diags(&d);
        status = nr_cli_exit_for(rc);
        goto cleanup;
    }
    fflush(stdout);

    struct sigaction sa, old_sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_sa);
    progress_state ps = {isatty(STDERR_FILENO), -1e9};
    opt.cancel = &interrupted;
    if (!quiet) {
        opt.progress = print_progress;
        opt.progress_ctx = &ps;
        opt.progress_interval = ps.tty ? 0.5 : 1.0;
    }
    rc = nr_solve(region, &opt, &res, &d);
    sigaction(SIGINT, &old_sa, NULL);
    if (!quiet && ps.tty) fputc('\n', stderr);
    if (rc) {
        nr_diags_print(&d, stderr);
        status = NR_EXIT_FAILURE;
        goto cleanup;
    }

    /* The files that need no database first, so that a database that
     * cannot be used (locked, too new) does not lose the solve. */
    rc = nr_cli_write_outputs(region, res, out_dir, &d);
    /* People who left since the run held duties there: the list names them. */
    if (rc == 0 && previous)
        rc = nr_plan_diff_ex(region, previous, carry.left, carry.n_left, res->plan, &changes,
                             &n_changes, &d);
    if (rc == 0 && previous) {
        /* nr_cli_write_outputs wrote it without the changes; this adds them. */
        char sj[4096];
        nr_summary_changes sc = {from_run, changes, n_changes};
        snprintf(sj, sizeof sj, "%s/summary.json", out_dir);
        rc = nr_summary_write_json_ex(region, res, &sc, sj, &d);
    }
    if (rc) {
        nr_cli_flush_diags(&d);
        status = nr_cli_exit_for(rc);
        goto cleanup;
    }
    if (!no_db) {
        rc = nr_cli_inputs_of(scenario, region, &inputs, &d);
        if (rc == 0 && !store) rc = nr_store_open(db, &store, &d);
        if (rc == 0) rc = nr_cli_record(store, &inputs, region, &opt, res, &run_id, &d);
        if (rc) {
            nr_cli_flush_diags(&d);
            fprintf(stderr, "netrota solve: the run was not recorded and the feeds were not "
                            "published; rota.csv, summary.json and report.html are in %s/\n",
                    out_dir);
            status = nr_cli_exit_for(rc);
            goto cleanup;
        }
    }
    /* An interrupted search is a draft: it is not pushed to calendars (and
     * ~160 feeds would keep Ctrl-C waiting); `netrota publish RUN` can. */
    bool publish = res->status != NR_SOLVE_INTERRUPTED && !curtois;
    if (publish) {
        rc = nr_cli_publish_feeds(region, res->plan, out_dir, store, run_id, &d);
        if (rc) {
            nr_cli_flush_diags(&d);
            status = nr_cli_exit_for(rc);
            goto cleanup;
        }
    }
    if (!quiet && curtois) {
        print_benchmark(region, res, opt.mip_gap, stdout);
        printf("\nWrote to %s/: rota.csv, summary.json, report.html\n", out_dir);
        if (store) printf("Recorded run %lld in %s\n", (long long)run_id, nr_store_path(store));
    } else if (!quiet) {
        nr_summary_print(region, res, stdout);
        if (previous) print_changes(region, from_run, changes, n_changes, stdout);
        if (publish)
            printf("\nWrote to %s/: rota.csv, summary.json, report.html, trusts/*.ics, "
                   "people/*.ics\n", out_dir);
        else
            printf("\nInterrupted: wrote the best rota so far to %s/ (rota.csv, summary.json, "
                   "report.html); calendar feeds were not published\n", out_dir);
        if (store) printf("Recorded run %lld in %s\n", (long long)run_id, nr_store_path(store));
    }
    switch (res->status) {
    case NR_SOLVE_GAPS: status = NR_EXIT_UNCOVERED; break;
    case NR_SOLVE_INTERRUPTED: status = NR_EXIT_INTERRUPTED; break;
    default: status = NR_EXIT_OK; break;
    }

cleanup:
    nr_store_close(store);
    nr_cli_inputs_clear(&inputs);
    nr_plan_free(previous);
    nr_store_carry_clear(&carry);
    free(changes);
    free(hist);
    nr_solve_result_free(res);
    nr_region_free(region);
    nr_diags_clear(&d);
    return status;
}
