/* netrota verify: check a rota file against every rule and the cover. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "import/plancsv.h"
#include "import/scenario.h"
#include "model/checker.h"
#include "model/diag.h"
#include "model/plan.h"
#include "model/region.h"

const char nr_cmd_verify_usage[] =
    "usage: netrota verify SCENARIO ROTA.csv\n"
    "\n"
    "Check a rota (a rota.csv as `netrota solve` writes it, possibly edited by\n"
    "hand) against the scenario: every slot filled, no one on two duties at\n"
    "once or without their rest, no one on leave or off their rotas, and every\n"
    "rule of every rota (max_frequency, min_days_between, max_consecutive,\n"
    "max_weekends, min_duties, max_hours, min_rest_hours), with each person's\n"
    "overrides. The checker is written apart from the solver.\n"
    "\n"
    "SCENARIO is a folder holding scenario.yaml, or a .yaml file.\n"
    "\n"
    "Prints one line per violation, sorted by date, then a summary:\n"
    "  N violations (U uncovered slots)\n"
    "or\n"
    "  rota accepted: N duties, all rules hold\n"
    "\n"
    "Exit status: 0 the rota is accepted; 1 there are violations (uncovered\n"
    "slots included), or the scenario or the rota file has errors (printed as\n"
    "FILE:LINE: error: ...); 2 usage error; 5 a file could not be read, or\n"
    "another failure.\n";

int nr_cmd_verify(int argc, char **argv) {
    const char *paths[2] = {NULL, NULL};
    int n_paths = 0;
    for (int i = 1; i < argc; i++) {
        if (nr_cli_is_help(argv[i])) {
            fputs(nr_cmd_verify_usage, stdout);
            return NR_EXIT_OK;
        }
        if (strcmp(argv[i], "--") == 0) {
            for (i++; i < argc; i++) {
                if (n_paths == 2) return nr_cli_usage_error("verify", "too many arguments");
                paths[n_paths++] = argv[i];
            }
            break;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return nr_cli_usage_error("verify", "unknown option '%s'", argv[i]);
        if (n_paths == 2) return nr_cli_usage_error("verify", "too many arguments");
        paths[n_paths++] = argv[i];
    }
    if (n_paths < 2)
        return nr_cli_usage_error("verify", "expected SCENARIO and ROTA.csv");

    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = NULL;
    nr_plan *plan = NULL;
    nr_violation *v = NULL;
    size_t n = 0;
    int status;
    int rc = nr_scenario_load(paths[0], &r, &d);
    if (rc == 0) rc = nr_plancsv_read(r, paths[1], &plan, &d);
    nr_diags_sort(&d);
    nr_diags_print(&d, stderr);
    if (rc < 0) {
        status = nr_cli_exit_for(rc);
        goto cleanup;
    }
    rc = nr_check_plan(r, plan, &v, &n);
    if (rc < 0) {
        fprintf(stderr, "netrota verify: %s\n", nr_error_name(rc));
        status = nr_cli_exit_for(rc);
        goto cleanup;
    }
    size_t uncovered = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].kind == NR_V_UNCOVERED) uncovered++;
        printf("%s\n", v[i].message);
    }
    if (n == 0) {
        printf("rota accepted: %zu duties, all rules hold\n", r->n_duties);
        status = NR_EXIT_OK;
    } else {
        printf("%zu violations (%zu uncovered slots)\n", n, uncovered);
        status = NR_EXIT_INPUT;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("netrota verify: stdout");
        status = NR_EXIT_FAILURE;
    }
cleanup:
    nr_violations_free(v, n);
    nr_plan_free(plan);
    nr_region_free(r);
    nr_diags_clear(&d);
    return status;
}
