/* nr_solve_evaluate gives a plan's figures as nr_solve reports them, and
 * refuses a plan of another region; nr_solver_glpk_version names GLPK. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "import/scenario.h"
#include "solver/solver.h"

static nr_region *load(void) {
    nr_region *r = NULL;
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_scenario_load(NR_TEST_DATA "/check/ok", &r, &d), 0);
    nr_diags_clear(&d);
    return r;
}

Test(evaluate, same_figures_as_the_solve) {
    nr_region *r = load();
    nr_diags d = NR_DIAGS_INIT;
    nr_solve_result *res = NULL, *ev = NULL;
    nr_solve_options opt = nr_solve_options_default();
    opt.time_limit = 20;
    cr_assert_eq(nr_solve(r, &opt, &res, &d), 0);
    cr_assert_eq(nr_solve_evaluate(r, res->plan, &ev, &d), 0);
    cr_assert_float_eq(ev->objective, res->objective, 1e-6);
    cr_assert_float_eq(ev->terms.person_deviation, res->terms.person_deviation, 1e-9);
    cr_assert_float_eq(ev->terms.travel, res->terms.travel, 1e-9);
    cr_assert_eq(ev->uncovered, res->uncovered);
    cr_assert(isnan(ev->bound) && isnan(ev->gap));
    cr_assert_eq(ev->n_person_loads, res->n_person_loads);
    for (size_t i = 0; i < ev->n_person_loads; i++) {
        cr_assert_eq(ev->person_loads[i].person, res->person_loads[i].person);
        for (int c = 0; c < NR_DUTY_KINDS; c++) {
            cr_assert_eq(ev->person_loads[i].duties[c], res->person_loads[i].duties[c]);
            cr_assert_float_eq(ev->person_loads[i].target[c], res->person_loads[i].target[c], 1e-9);
        }
    }
    cr_assert_eq(ev->n_trust_loads, res->n_trust_loads);
    for (size_t i = 0; i < ev->n_trust_loads; i++)
        cr_assert_eq(ev->trust_loads[i].duties, res->trust_loads[i].duties);

    /* An emptied slot is uncovered in the figures and in the status. */
    ev->plan->holder[0] = NR_UNSET;
    nr_solve_result *gap = NULL;
    cr_assert_eq(nr_solve_evaluate(r, ev->plan, &gap, &d), 0);
    cr_assert_eq(gap->status, NR_SOLVE_GAPS);
    cr_assert_eq(gap->uncovered, res->uncovered + 1);
    cr_assert_float_eq(gap->terms.uncovered, res->terms.uncovered + 1, 1e-9);
    nr_solve_result_free(gap);
    nr_solve_result_free(ev);
    nr_solve_result_free(res);
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(evaluate, refuses_a_plan_of_another_region) {
    nr_region *r = load();
    nr_diags d = NR_DIAGS_INIT;
    nr_plan *p = nr_plan_new(r);
    cr_assert_not_null(p);
    p->n_duties--; /* a plan one duty short */
    nr_solve_result *ev = NULL;
    cr_assert_eq(nr_solve_evaluate(r, p, &ev, &d), NR_EINPUT);
    cr_assert_null(ev);
    cr_assert_eq(d.count, 1);
    cr_assert(strstr(d.items[0].message, "was not made for this region"), "%s", d.items[0].message);
    p->n_duties++;
    p->holder[0] = (int)r->n_people; /* nobody */
    cr_assert_eq(nr_solve_evaluate(r, p, &ev, &d), NR_EINPUT);
    cr_assert_null(ev);
    nr_plan_free(p);
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(evaluate, glpk_version) {
    const char *v = nr_solver_glpk_version();
    cr_assert(v && strchr(v, '.'), "version '%s'", v ? v : "(null)");
}
