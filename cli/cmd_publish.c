/* netrota publish: write the feeds, CSV and report of a recorded run and
 * record the publication. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

const char nr_cmd_publish_usage[] =
    "usage: netrota publish RUN --out DIR [--db FILE | SCENARIO]\n"
    "\n"
    "Publish run RUN of a database: write into DIR (created) rota.csv,\n"
    "summary.json, report.html, trusts/<TRUST>.ics and people/<PERSON>.ics, and\n"
    "record the publication (and the run's duties in the fairness ledger).\n"
    "\n"
    "Each event keeps its UID; its SEQUENCE comes from the publications the\n"
    "database holds: unchanged events keep theirs, changed ones are raised, and\n"
    "duties published before that are no longer in this run are sent once more\n"
    "as STATUS:CANCELLED.\n"
    "\n"
    "The run's scenario is reloaded from the path recorded with it, to rebuild\n"
    "the region; if any of its input files changed since the run, nothing is\n"
    "written (solve again instead).\n"
    "\n"
    "The database is FILE, or netrota.db of SCENARIO, or ./netrota.db.\n"
    "\n"
    "Exit codes: 0 published, 1 no such run, changed inputs or input errors,\n"
    "2 usage errors, 5 failure (a feed could not be written, database locked).\n";

int nr_cmd_publish(int argc, char **argv) {
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"out", required_argument, NULL, 'o'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *db_opt = NULL, *out_dir = NULL;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(nr_cmd_publish_usage, stdout); return NR_EXIT_OK;
        case 'd': db_opt = optarg; break;
        case 'o': out_dir = optarg; break;
        default:
            return nr_cli_usage_error("publish", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    int64_t id;
    if (optind >= argc) return nr_cli_usage_error("publish", "missing RUN");
    if (nr_cli_parse_run_id(argv[optind], &id))
        return nr_cli_usage_error("publish", "RUN: '%s' is not a run id (a positive integer)",
                                  argv[optind]);
    if (!out_dir) return nr_cli_usage_error("publish", "missing --out DIR");
    if (argc - optind > 2) return nr_cli_usage_error("publish", "too many arguments");
    if (db_opt && argc - optind == 2)
        return nr_cli_usage_error("publish", "give --db FILE or SCENARIO, not both");
    const char *scenario = argc - optind == 2 ? argv[optind + 1] : ".";

    nr_diags d = NR_DIAGS_INIT;
    nr_store *s = NULL;
    nr_cli_run run = {0};
    nr_region *r = NULL;
    nr_solve_result *res = NULL;
    bool changed = false;
    char db[4096];
    int rc = nr_cli_db_path(db_opt, scenario, db, sizeof db, &d);
    if (rc == 0) rc = nr_cli_open_existing(db, &s, &d);
    if (rc == 0) rc = nr_cli_get_run(s, id, &run, &d);
    if (rc == 0) rc = nr_cli_load_run_scenario(&run, &r, &changed, &d);
    if (rc == 0 && changed)
        rc = nr_diag_error(&d, nr_loc_at(run.scenario_path, 0),
                           "input files changed since run %lld was solved; nothing published "
                           "(solve the scenario again and publish the new run)",
                           (long long)run.id);
    if (rc == 0) rc = nr_cli_stored_result(s, &run, r, &res, &d);
    if (rc == 0) rc = nr_cli_write_outputs(r, res, out_dir, &d);
    if (rc == 0) rc = nr_cli_publish_feeds(r, res->plan, out_dir, s, run.id, &d);
    nr_cli_flush_diags(&d);
    if (rc == 0)
        printf("Published run %lld (%s, %zu uncovered slots) to %s/: rota.csv, summary.json, "
               "report.html, trusts/*.ics, people/*.ics\n",
               (long long)run.id, run.status, res->uncovered, out_dir);
    nr_solve_result_free(res);
    nr_region_free(r);
    nr_cli_run_clear(&run);
    nr_store_close(s);
    return nr_cli_exit_for(rc);
}
