/* netrota verify: check a rota file against every rule and the cover. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "import/curtois.h"
#include "import/plancsv.h"
#include "import/scenario.h"
#include "solver/solver.h"
#include "model/checker.h"
#include "model/diag.h"
#include "model/plan.h"
#include "model/region.h"

const char nr_cmd_verify_usage[] =
    "usage: netrota verify [--format scenario|curtois] SCENARIO ROTA.csv\n"
    "\n"
    "Check a rota (a rota.csv as `netrota solve` writes it, possibly edited by\n"
    "hand) against the scenario: every slot filled, no one on two duties at\n"
    "once or without their rest, no one on leave or off their rotas, and every\n"
    "rule of every rota (max_frequency, min_days_between, max_consecutive,\n"
    "max_weekends, min_duties, max_hours, min_rest_hours), with each person's\n"
    "overrides. The checker is written apart from the solver.\n"
    "\n"
    "SCENARIO is a folder holding scenario.yaml, or a .yaml file. With\n"
    "--format curtois it is a Curtois & Qu benchmark instance (docs/curtois.md):\n"
    "missing and extra cover are then priced, not violations, and the last line\n"
    "gives the benchmark's penalty:\n"
    "  penalty P (requests R, under cover U, over cover O)\n"
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

/* The penalty of the plan in the benchmark's terms (requests and cover). */
static int print_penalty(const nr_region *r, const nr_plan *plan, nr_diags *d) {
    nr_solve_result *res = NULL;
    int rc = nr_solve_evaluate(r, plan, &res, d);
    if (rc) return rc;
    printf("penalty %.0f (requests %.0f, under cover %.0f, over cover %.0f)\n", res->penalty,
           res->terms.requests, res->terms.under_cost, res->terms.over_cost);
    nr_solve_result_free(res);
    return 0;
}

int nr_cmd_verify(int argc, char **argv) {
    const char *paths[2] = {NULL, NULL};
    int n_paths = 0;
    bool curtois = false;
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
        if (strcmp(argv[i], "--format") == 0 || strncmp(argv[i], "--format=", 9) == 0) {
            const char *f = argv[i][8] == '=' ? argv[i] + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!f) return nr_cli_usage_error("verify", "--format needs a value (scenario or curtois)");
            if (strcmp(f, "curtois") == 0) curtois = true;
            else if (strcmp(f, "scenario") == 0) curtois = false;
            else return nr_cli_usage_error("verify", "--format: '%s' is not a format (scenario or curtois)", f);
            continue;
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
    int rc = curtois ? nr_curtois_load(paths[0], &r, &d) : nr_scenario_load(paths[0], &r, &d);
    if (rc == 0) rc = nr_plancsv_read(r, paths[1], &plan, &d);
    nr_diags_sort(&d);
    nr_diags_print(&d, stderr);
    nr_diags_clear(&d);
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
    size_t uncovered = 0, broken = 0;
    for (size_t i = 0; i < n; i++) {
        /* a benchmark's cover is soft: its cost is in the penalty below */
        if (v[i].kind == NR_V_UNCOVERED) {
            uncovered++;
            if (curtois) continue;
        }
        broken++;
        printf("%s\n", v[i].message);
    }
    if (broken == 0) {
        printf("rota accepted: %zu duties, all rules hold\n", r->n_duties);
        status = NR_EXIT_OK;
    } else if (curtois) {
        printf("%zu violations of the benchmark's hard rules\n", broken);
        status = NR_EXIT_INPUT;
    } else {
        printf("%zu violations (%zu uncovered slots)\n", n, uncovered);
        status = NR_EXIT_INPUT;
    }
    if (curtois) {
        rc = print_penalty(r, plan, &d);
        if (rc) {
            nr_cli_flush_diags(&d);
            status = nr_cli_exit_for(rc);
        }
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
