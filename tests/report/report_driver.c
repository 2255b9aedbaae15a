/* report_driver SCENARIO OUT.html [SECONDS]: load, solve, write report.html.
 * The render test's own way to a real report, so that it does not depend on
 * how `netrota solve` is wired. Exit 0, or 1 with diagnostics on stderr. */
#include <stdio.h>
#include <stdlib.h>

#include "export/report.h"
#include "import/scenario.h"
#include "solver/solver.h"

int main(int argc, char **argv) {
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s SCENARIO OUT.html [SECONDS]\n", argv[0]);
        return 2;
    }
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = NULL;
    nr_solve_result *res = NULL;
    int rc = nr_scenario_load(argv[1], &r, &d);
    if (rc == 0) {
        nr_solve_options opt = nr_solve_options_default();
        opt.time_limit = argc == 4 ? atof(argv[3]) : 20;
        rc = nr_solve(r, &opt, &res, &d);
    }
    if (rc == 0) rc = nr_report_write_html(r, res, argv[2], &d);
    nr_diags_print(&d, stderr);
    if (rc == 0)
        fprintf(stderr, "report: %s: status %s, %zu duties, %zu uncovered slots\n", argv[2],
                nr_solve_status_name(res->status), r->n_duties, res->uncovered);
    nr_solve_result_free(res);
    nr_region_free(r);
    nr_diags_clear(&d);
    return rc == 0 ? 0 : 1;
}
