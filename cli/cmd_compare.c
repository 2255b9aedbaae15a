/* netrota compare: solve (or reuse) several scenarios and show their
 * figures side by side. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "export/compare.h"
#include "import/scenario.h"

const char nr_cmd_compare_usage[] =
    "usage: netrota compare BASE WHATIF [MORE...] [--format text|csv|json]\n"
    "                       [--time-limit S] [--db FILE | --no-db]\n"
    "\n"
    "Compare scenarios side by side, typically a base and what-ifs that extend\n"
    "it. Each is solved, unless its database holds a complete run of the same\n"
    "inputs (same scenario, every input file unchanged), which is used instead;\n"
    "a new solve is recorded there.\n"
    "\n"
    "For all rotas, each service (rotas sharing `service`, e.g. every GI bleed\n"
    "rota) and each rota: rotas, duties, uncovered slots, people, on-call\n"
    "frequency \"1 in N\" (a person holding k duties in a period of D days is on\n"
    "call 1 in D/k; min/median/max over the people holding any), weekends\n"
    "\"1 in N\" (W weekends in the period, on duty on w of them: 1 in W/w),\n"
    "travel minutes (base site to hub, per duty) and each trust's load against\n"
    "its fair share; per scenario the run, status, gap and objective.\n"
    "\n"
    "Options:\n"
    "  --format F       text (default, a table), csv (scenario,section,group,\n"
    "                   metric,value) or json\n"
    "  --time-limit S   seconds for each solve (default: 60)\n"
    "  --db FILE        one database for every scenario (default: each\n"
    "                   scenario's netrota.db)\n"
    "  --no-db          solve every scenario and record nothing\n"
    "\n"
    "Exit codes: 0 compared, 1 input errors, 2 usage errors, 4 interrupted,\n"
    "5 failure. Uncovered duties are figures here, not an error.\n";

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig) {
    (void)sig;
    interrupted = 1;
}

/* The column heading: the what-if file's or the folder's name. */
static char *label_of(const char *path) {
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    size_t b = n;
    while (b > 0 && path[b - 1] != '/') b--;
    size_t len = n - b;
    if (len > 5 && (strncmp(path + n - 5, ".yaml", 5) == 0)) len -= 5;
    else if (len > 4 && strncmp(path + n - 4, ".yml", 4) == 0) len -= 4;
    if (len == 8 && strncmp(path + b, "scenario", 8) == 0 && b > 1) {
        /* .../base/scenario.yaml reads better as "base". */
        size_t e = b - 1, s = e;
        while (s > 0 && path[s - 1] != '/') s--;
        b = s;
        len = e - s;
    }
    char *out = malloc(len + 1);
    if (!out) return NULL;
    memcpy(out, path + b, len);
    out[len] = '\0';
    return out;
}

typedef struct one {
    const char *path;
    nr_region *region;
    nr_solve_result *res;
    int64_t run;
    bool reused;
} one;

/* Solve or reuse scenario o; messages on stderr. */
static int solve_one(one *o, const char *db_opt, bool no_db, const nr_solve_options *opt,
                     nr_diags *d) {
    nr_store *s = NULL;
    nr_cli_inputs in = {0};
    nr_cli_run run = {0};
    bool found = false;
    char db[4096];
    int rc = 0;
    if (!no_db) {
        rc = nr_cli_db_path(db_opt, o->path, db, sizeof db, d);
        if (rc == 0) rc = nr_cli_inputs_of(o->path, o->region, &in, d);
        if (rc == 0) rc = nr_store_open(db, &s, d);
        if (rc == 0) rc = nr_cli_find_run(s, &in, &run, &found, d);
        if (rc) goto cleanup;
    }
    if (found) {
        nr_diags ld = NR_DIAGS_INIT;
        if (nr_cli_stored_result(s, &run, o->region, &o->res, &ld) == 0) {
            o->run = run.id;
            o->reused = true;
            fprintf(stderr, "%s: run %lld of %s (inputs unchanged)\n", o->path,
                    (long long)run.id, db);
            nr_diags_clear(&ld);
            goto cleanup;
        }
        /* A stored run that no longer reads back is solved afresh. */
        nr_cli_flush_diags(&ld);
    }
    fprintf(stderr, "%s: solving (time limit %.0f s)\n", o->path, opt->time_limit);
    rc = nr_solve(o->region, opt, &o->res, d);
    if (rc) goto cleanup;
    if (s) {
        rc = nr_cli_record(s, &in, o->region, opt, o->res, &o->run, d);
        if (rc) goto cleanup;
        fprintf(stderr, "%s: %s in %.1f s, recorded run %lld in %s\n", o->path,
                nr_solve_status_name(o->res->status), o->res->seconds, (long long)o->run, db);
    }
cleanup:
    nr_cli_run_clear(&run);
    nr_cli_inputs_clear(&in);
    nr_store_close(s);
    return rc;
}

int nr_cmd_compare(int argc, char **argv) {
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"time-limit", required_argument, NULL, 't'},
        {"db", required_argument, NULL, 'd'},     {"no-db", no_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *format = "text", *db_opt = NULL;
    bool no_db = false;
    nr_solve_options opt = nr_solve_options_default();
    opt.time_limit = 60;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(nr_cmd_compare_usage, stdout); return NR_EXIT_OK;
        case 'f':
            if (strcmp(optarg, "text") && strcmp(optarg, "csv") && strcmp(optarg, "json"))
                return nr_cli_usage_error("compare", "--format: '%s' is not text, csv or json", optarg);
            format = optarg;
            break;
        case 't': {
            char *end;
            errno = 0;
            opt.time_limit = strtod(optarg, &end);
            if (errno || end == optarg || *end || !isfinite(opt.time_limit) || opt.time_limit <= 0)
                return nr_cli_usage_error("compare", "--time-limit: '%s' is not a positive number of seconds", optarg);
            break;
        }
        case 'd': db_opt = optarg; break;
        case 'n': no_db = true; break;
        default:
            return nr_cli_usage_error("compare", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (db_opt && no_db) return nr_cli_usage_error("compare", "--db and --no-db exclude each other");
    if (argc - optind < 2)
        return nr_cli_usage_error("compare", "give at least two scenarios (BASE and a WHATIF)");

    size_t n = (size_t)(argc - optind);
    int status = NR_EXIT_FAILURE, rc = 0;
    nr_diags d = NR_DIAGS_INIT;
    one *all = calloc(n, sizeof *all);
    nr_compare_scenario *m = calloc(n, sizeof *m);
    if (!all || !m) goto cleanup;

    /* Every scenario is loaded before anything is solved: a typo in the
     * last one should not cost the solves of the first. */
    int worst = 0;
    for (size_t i = 0; i < n; i++) {
        all[i].path = argv[optind + (int)i];
        rc = nr_scenario_load(all[i].path, &all[i].region, &d);
        if (rc && (worst == 0 || rc == NR_EINPUT)) worst = rc;
    }
    nr_cli_flush_diags(&d);
    if (worst) {
        status = nr_cli_exit_for(worst);
        goto cleanup;
    }

    struct sigaction sa, old_sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_sa);
    opt.cancel = &interrupted;
    rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) rc = solve_one(&all[i], db_opt, no_db, &opt, &d);
    sigaction(SIGINT, &old_sa, NULL);
    nr_cli_flush_diags(&d);
    if (rc) {
        status = nr_cli_exit_for(rc);
        goto cleanup;
    }

    bool stopped = false;
    for (size_t i = 0; i < n; i++) {
        char *label = label_of(all[i].path);
        rc = label ? nr_compare_measure(all[i].region, all[i].res, label, &m[i]) : NR_ENOMEM;
        free(label);
        if (rc) {
            fprintf(stderr, "netrota compare: %s: %s\n", all[i].path, nr_error_name(rc));
            status = nr_cli_exit_for(rc);
            goto cleanup;
        }
        m[i].path = strdup(all[i].path);
        m[i].run = all[i].run;
        m[i].reused = all[i].reused;
        stopped |= all[i].res->status == NR_SOLVE_INTERRUPTED;
    }
    if (strcmp(format, "json") == 0) rc = nr_compare_write_json(stdout, m, n);
    else if (strcmp(format, "csv") == 0) rc = nr_compare_write_csv(stdout, m, n);
    else rc = nr_compare_write_text(stdout, m, n);
    if (rc) {
        fprintf(stderr, "netrota compare: cannot write the comparison: %s\n", nr_error_name(rc));
        status = NR_EXIT_FAILURE;
        goto cleanup;
    }
    status = stopped ? NR_EXIT_INTERRUPTED : NR_EXIT_OK;

cleanup:
    for (size_t i = 0; all && i < n; i++) {
        nr_solve_result_free(all[i].res);
        nr_region_free(all[i].region);
    }
    for (size_t i = 0; m && i < n; i++) nr_compare_scenario_clear(&m[i]);
    free(all);
    free(m);
    nr_diags_clear(&d);
    return status;
}
