/*
 * cli.h - what the netrota subcommands share: exit codes, the command table
 * entry, and argument helpers. Exit statuses are decided here and only here.
 */
#ifndef NETROTA_CLI_CLI_H
#define NETROTA_CLI_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "model/diag.h"
#include "model/region.h"
#include "solver/solver.h"
#include "store/store.h"

enum nr_exit {
    NR_EXIT_OK = 0,          /* success */
    NR_EXIT_INPUT = 1,       /* the input has errors (printed as FILE:LINE: error: ...) */
    NR_EXIT_USAGE = 2,       /* the command line is wrong */
    NR_EXIT_UNCOVERED = 3,   /* solved, but some duties are uncovered */
    NR_EXIT_INTERRUPTED = 4, /* stopped by SIGINT or time limit before a full answer */
    NR_EXIT_FAILURE = 5      /* I/O, out of memory, solver or internal failure */
};

typedef struct nr_command {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
    const char *summary;
    const char *usage; /* full help text, printed by --help and `netrota help CMD` */
} nr_command;

/* The table of commands (defined in main.c), terminated by a NULL name. */
extern const nr_command nr_commands[];

/* Print a command's help to out. */
void nr_cli_print_help(const nr_command *cmd, FILE *out);
/* Find a command by name, or NULL. */
const nr_command *nr_cli_find(const char *name);
/* Is argument `arg` a request for help (-h, --help)? */
bool nr_cli_is_help(const char *arg);
/* Map a library return code to an exit status. */
int nr_cli_exit_for(int rc);
/* Report a usage error for a command on stderr and return NR_EXIT_USAGE. */
int nr_cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Commands, one file each. */
int nr_cmd_check(int argc, char **argv);
extern const char nr_cmd_check_usage[];
int nr_cmd_verify(int argc, char **argv);
extern const char nr_cmd_verify_usage[];
int nr_cmd_solve(int argc, char **argv);
extern const char nr_cmd_solve_usage[];
int nr_cmd_runs(int argc, char **argv);
extern const char nr_cmd_runs_usage[];
int nr_cmd_show(int argc, char **argv);
extern const char nr_cmd_show_usage[];
int nr_cmd_publish(int argc, char **argv);
extern const char nr_cmd_publish_usage[];
int nr_cmd_compare(int argc, char **argv);
extern const char nr_cmd_compare_usage[];

/* What the commands on the database share (cli/cmd_runs.c). Library codes
 * (NR_E*) and diagnostics as in model/diag.h; strings in the structs below
 * are owned by them and released by their _clear(). */

/* mkdir -p; -1 with errno on failure. */
int nr_cli_make_dir(const char *path);
/* Print diagnostics sorted, then forget them. */
void nr_cli_flush_diags(nr_diags *d);
/* A run id argument: a positive integer. -1 if it is not one. */
int nr_cli_parse_run_id(const char *s, int64_t *out);
/* The database to use: db_opt when given, else netrota.db of the scenario. */
int nr_cli_db_path(const char *db_opt, const char *scenario, char *buf, size_t size, nr_diags *d);
/* Open an existing database (NR_EINPUT "no netrota database" when missing:
 * reading commands never create one). */
int nr_cli_open_existing(const char *path, nr_store **out, nr_diags *d);

/* A scenario's identity in the database: its canonical path and every
 * input file (canonical paths) with its hash, and the inputs hash that
 * store/store.c computes from them, so that a run of unchanged inputs can
 * be found again from any working directory. */
typedef struct nr_cli_inputs {
    char *scenario_path;
    nr_store_file *files;
    char **paths;
    size_t n_files;
    char hash[NR_HASH_HEX];
} nr_cli_inputs;
int nr_cli_inputs_of(const char *scenario, const nr_region *r, nr_cli_inputs *out, nr_diags *d);
void nr_cli_inputs_clear(nr_cli_inputs *in);

/* A stored run, copied out of the listing. */
typedef struct nr_cli_run {
    int64_t id;
    char *created, *scenario_path, *scenario_name, *inputs_hash, *period_start, *params_json,
        *glpk_version, *status;
    int period_days;
    double objective, bound, gap, seconds;
    double penalty, penalty_bound; /* NAN where the run predates them */
    nr_objective_terms terms;
    long uncovered, n_slots;
} nr_cli_run;
void nr_cli_run_clear(nr_cli_run *run);
/* Run `id` (NR_EINPUT naming the database when there is none). */
int nr_cli_get_run(nr_store *s, int64_t id, nr_cli_run *out, nr_diags *d);
/* The newest complete (not interrupted) run of these inputs; *found false if none. */
int nr_cli_find_run(nr_store *s, const nr_cli_inputs *in, nr_cli_run *out, bool *found,
                    nr_diags *d);
/* Record a solved run; prints nothing. */
int nr_cli_record(nr_store *s, const nr_cli_inputs *in, const nr_region *r,
                  const nr_solve_options *opt, const nr_solve_result *res, int64_t *run_id,
                  nr_diags *d);
/* The result of a stored run against region r (the scenario it was solved
 * from, reloaded): its plan, figures and the per person / per trust loads
 * with their targets. The hook for re-solving from a run. */
int nr_cli_stored_result(nr_store *s, const nr_cli_run *run, const nr_region *r,
                         nr_solve_result **out, nr_diags *d);
/* Load the scenario a run was solved from (its recorded path) and tell
 * whether any of its input files changed since (*changed). */
int nr_cli_load_run_scenario(const nr_cli_run *run, nr_region **out, bool *changed, nr_diags *d);
/* rota.csv, summary.json and report.html into out_dir (created). */
int nr_cli_write_outputs(const nr_region *r, const nr_solve_result *res, const char *out_dir,
                         nr_diags *d);
/* The trust and person feeds into out_dir. With a store, SEQUENCE and
 * cancellations come from its publications and the publication of run_id
 * is recorded (with its ledger); without, from out_dir's state file. */
int nr_cli_publish_feeds(const nr_region *r, const nr_plan *p, const char *out_dir, nr_store *s,
                         int64_t run_id, nr_diags *d);

#endif
