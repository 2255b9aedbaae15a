/* netrota solve: solve a scenario, write the rota and its feeds, and
 * record the run in the scenario's database. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "export/summary.h"
#include "import/scenario.h"
#include "solver/solver.h"
#include "store/store.h"

const char nr_cmd_solve_usage[] =
    "usage: netrota solve SCENARIO [--out DIR] [--time-limit S] [--gap G] [--seed N]\n"
    "                     [--db FILE | --no-db] [--write-mps FILE] [--quiet]\n"
    "\n"
    "Solve a scenario (a folder holding scenario.yaml, or a .yaml file, which may\n"
    "be a what-if that extends another) and write the rota.\n"
    "\n"
    "Options:\n"
    "  --out DIR          where to write the outputs (default: out): rota.csv,\n"
    "                     summary.json, report.html, trusts/<TRUST>.ics and\n"
    "                     people/<PERSON>.ics (re-publishing raises SEQUENCE only\n"
    "                     on changed events and cancels duties that disappeared)\n"
    "  --db FILE          record the run and the publication in FILE (default:\n"
    "                     netrota.db beside scenario.yaml); the feeds take their\n"
    "                     SEQUENCE from the publications recorded there\n"
    "  --no-db            record nothing; the publication state is kept in\n"
    "                     DIR/.netrota-published.json instead\n"
    "  --time-limit S     stop after S seconds with the best rota found (default: 60)\n"
    "  --gap G            stop when the proven gap is at most G (default: 0.005)\n"
    "  --seed N           tie-breaking seed; the same input and seed give the same rota\n"
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

int nr_cmd_solve(int argc, char **argv) {
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},   {"time-limit", required_argument, NULL, 't'},
        {"gap", required_argument, NULL, 'g'},   {"seed", required_argument, NULL, 's'},
        {"write-mps", required_argument, NULL, 'm'}, {"quiet", no_argument, NULL, 'q'},
        {"db", required_argument, NULL, 'd'},    {"no-db", no_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
    const char *out_dir = "out";
    const char *db_opt = NULL;
    int quiet = 0, no_db = 0;
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
        case 'd': db_opt = optarg; break;
        case 'n': no_db = 1; break;
        case 'm': opt.write_mps = optarg; break;
        case 't':
            if (parse_double(optarg, &opt.time_limit) || opt.time_limit <= 0)
                return nr_cli_usage_error("solve", "--time-limit: '%s' is not a positive number of seconds", optarg);
            break;
        case 'g':
            if (parse_double(optarg, &opt.mip_gap) || opt.mip_gap >= 1)
                return nr_cli_usage_error("solve", "--gap: '%s' is not a fraction between 0 and 1", optarg);
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

    int status = NR_EXIT_FAILURE;
    nr_diags d = NR_DIAGS_INIT;
    nr_region *region = NULL;
    nr_solve_result *res = NULL;
    nr_store *store = NULL;
    nr_cli_inputs inputs = {0};
    int64_t run_id = 0;

    int rc = nr_scenario_load(scenario, &region, &d);
    nr_diags_sort(&d);
    nr_diags_print(&d, stderr);
    nr_diags_clear(&d);
    if (rc) {
        status = nr_cli_exit_for(rc);
        goto cleanup;
    }

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
    if (rc) {
        nr_cli_flush_diags(&d);
        status = nr_cli_exit_for(rc);
        goto cleanup;
    }
    if (!no_db) {
        char db[4096];
        rc = nr_cli_db_path(db_opt, scenario, db, sizeof db, &d);
        if (rc == 0) rc = nr_cli_inputs_of(scenario, region, &inputs, &d);
        if (rc == 0) rc = nr_store_open(db, &store, &d);
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
    bool publish = res->status != NR_SOLVE_INTERRUPTED;
    if (publish) {
        rc = nr_cli_publish_feeds(region, res->plan, out_dir, store, run_id, &d);
        if (rc) {
            nr_cli_flush_diags(&d);
            status = nr_cli_exit_for(rc);
            goto cleanup;
        }
    }
    if (!quiet) {
        nr_summary_print(region, res, stdout);
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
    nr_solve_result_free(res);
    nr_region_free(region);
    nr_diags_clear(&d);
    return status;
}
