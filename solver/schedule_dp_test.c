/* The schedule programme against the person's MILP it stands in for: on
 * every person of the hand-made Curtois instances (one per rule, both
 * border conventions) and of Instances 1 and 2, with random pair costs of
 * both signs (as a pricing round's duals make them), the programme's value
 * is the MILP's optimum, and its schedule, fixed in the MILP, keeps every
 * rule and costs that value. Also: the cheap mode, pruning, the label
 * limit, and a person it must refuse. */
#include <criterion/criterion.h>
#include <glpk.h>
#include <math.h>
#include <stdlib.h>

#include "solver/internal.h"
#include "solver/model.h"
#include "solver/schedule_dp.h"
#include "solver/test_curtois.h"

static const char *const FILES[] = {"Instance1",   "Instance2",       "mincons-border", "mindaysoff-border",
                                    "mindaysoff",  "maxcons",         "maxweekends",    "caps-minutes",
                                    "minminutes",  "requests",        "succession"};

TestSuite(schedule_dp, .init = glpk_quiet, .fini = glpk_done);

/* The MILP's optimum with x costs cost[var] (the model's own costs on its
 * other columns); with fix != NULL the schedule fix[var] is imposed. */
static double milp(const sv_model *M, const double *cost, const unsigned char *fix, bool *feasible) {
    for (int j = 1; j <= M->n_x; j++) {
        int v = M->var_of_col[j];
        glp_set_obj_coef(M->P, j, cost[v]);
        if (fix) glp_set_col_bnds(M->P, j, GLP_FX, fix[v], fix[v]);
        else glp_set_col_bnds(M->P, j, GLP_DB, 0, 1);
    }
    glp_iocp io;
    glp_init_iocp(&io);
    io.presolve = GLP_ON;
    io.msg_lev = GLP_MSG_OFF;
    int ret = glp_intopt(M->P, &io);
    *feasible = ret == 0 && glp_mip_status(M->P) == GLP_OPT;
    return glp_mip_obj_val(M->P);
}

typedef struct person_case {
    nr_region *r;
    sv_data D;
    sv_model M;
    sv_dp *dp;
    double *cost;
    unsigned char *held;
    int *vars;
    int *cols;
} person_case;

static void open_case(person_case *c, const char *file, int person) {
    memset(c, 0, sizeof *c);
    c->r = load_curtois(file);
    cr_assert_eq(sv_data_build(c->r, NULL, NULL, &c->D), 0);
    c->cols = calloc(c->D.n_vars + 1, sizeof *c->cols);
    c->cost = calloc(c->D.n_vars + 1, sizeof *c->cost);
    c->held = calloc(c->D.n_vars + 1, 1);
    c->vars = calloc(c->D.n_vars + 1, sizeof *c->vars);
    cr_assert(c->cols && c->cost && c->held && c->vars);
    cr_assert_eq(sv_model_build_person(&c->D, person, c->cols, &c->M), 0);
    cr_assert_eq(sv_dp_new(&c->D, person, &c->dp), 0);
}

static void close_case(person_case *c) {
    sv_dp_free(c->dp);
    sv_model_release(&c->M, true);
    sv_data_free(&c->D);
    nr_region_free(c->r);
    free(c->cols);
    free(c->cost);
    free(c->held);
    free(c->vars);
}

/* Random costs of both signs on the person's pairs: the model's own cost
 * minus a "dual" of up to 2000 (a cover weight of 100 x 10 and more). */
static void random_costs(person_case *c, unsigned *seed) {
    for (int j = 1; j <= c->M.n_x; j++) {
        int v = c->M.var_of_col[j];
        c->cost[v] = glp_get_obj_coef(c->M.P, j) - (double)(rand_r(seed) % 2001) + 500.0;
        if (rand_r(seed) % 4 == 0) c->cost[v] = floor(c->cost[v] / 10) * 10; /* ties */
    }
}

/* Check the programme's answer (vars[0..n), value) against the MILP. */
static void agree(person_case *c, double value, size_t n, const char *what) {
    bool feasible;
    double best = milp(&c->M, c->cost, NULL, &feasible);
    cr_assert(feasible);
    double c0 = glp_get_obj_coef(c->M.P, 0);
    cr_assert(fabs(value + c0 - best) < 1e-6 * (1 + fabs(best)), "%s: programme %.6f, MILP %.6f", what, value + c0,
              best);
    for (size_t i = 0; i < n; i++) c->held[c->vars[i]] = 1;
    double fixed = milp(&c->M, c->cost, c->held, &feasible);
    for (size_t i = 0; i < n; i++) c->held[c->vars[i]] = 0;
    cr_assert(feasible, "%s: the programme's schedule breaks a rule of the MILP", what);
    cr_assert(fabs(fixed - best) < 1e-6 * (1 + fabs(best)), "%s: its schedule costs %.6f in the MILP, not %.6f", what,
              fixed, best);
}

Test(schedule_dp, equals_the_person_milp_on_random_costs) {
    unsigned seed = 12345;
    int checked = 0;
    for (size_t f = 0; f < sizeof FILES / sizeof *FILES; f++) {
        nr_region *r = load_curtois(FILES[f]);
        size_t people = r->n_people;
        nr_region_free(r);
        for (size_t p = 0; p < people; p++) {
            person_case c;
            open_case(&c, FILES[f], (int)p);
            if (c.M.n_x == 0) {
                cr_assert_null(c.dp);
                close_case(&c);
                continue;
            }
            cr_assert_not_null(c.dp, "%s person %zu does not fit the programme", FILES[f], p);
            for (int round = 0; round < 6; round++) {
                random_costs(&c, &seed);
                double value;
                size_t n;
                cr_assert_eq(sv_dp_solve(c.dp, c.cost, HUGE_VAL, true, 10000000, &value, c.vars, &n), 0);
                char what[96];
                snprintf(what, sizeof what, "%s person %zu round %d", FILES[f], p, round);
                agree(&c, value, n, what);
                checked++;
            }
            close_case(&c);
        }
    }
    cr_assert_geq(checked, 6 * 30, "only %d cases", checked);
}

Test(schedule_dp, cheap_mode_keeps_the_rules_and_is_never_better) {
    unsigned seed = 99;
    for (int p = 0; p < 8; p++) {
        person_case c;
        open_case(&c, "Instance2", p);
        random_costs(&c, &seed);
        double exact, cheap;
        size_t n;
        cr_assert_eq(sv_dp_solve(c.dp, c.cost, HUGE_VAL, true, 10000000, &exact, c.vars, &n), 0);
        cr_assert_eq(sv_dp_solve(c.dp, c.cost, HUGE_VAL, false, 10000000, &cheap, c.vars, &n), 0);
        cr_assert_geq(cheap, exact - 1e-9);
        bool feasible;
        for (size_t i = 0; i < n; i++) c.held[c.vars[i]] = 1;
        double fixed = milp(&c.M, c.cost, c.held, &feasible);
        cr_assert(feasible, "person %d: the cheap schedule breaks a rule", p);
        cr_assert(fabs(fixed - (cheap + glp_get_obj_coef(c.M.P, 0))) < 1e-6 * (1 + fabs(fixed)));
        close_case(&c);
    }
}

Test(schedule_dp, pruning_reports_only_what_is_below_the_threshold) {
    unsigned seed = 7;
    person_case c;
    open_case(&c, "Instance2", 3);
    random_costs(&c, &seed);
    double exact, v;
    size_t n, m;
    cr_assert_eq(sv_dp_solve(c.dp, c.cost, HUGE_VAL, true, 10000000, &exact, c.vars, &n), 0);
    cr_assert_eq(sv_dp_solve(c.dp, c.cost, exact, true, 10000000, &v, c.vars, &m), 0);
    cr_assert(isinf(v) && m == 0, "nothing costs less than the optimum, got %.6f", v);
    cr_assert_eq(sv_dp_solve(c.dp, c.cost, exact + 1, true, 10000000, &v, c.vars, &m), 0);
    cr_assert(fabs(v - exact) < 1e-9 && m == n);
    close_case(&c);
}

Test(schedule_dp, too_many_labels_is_reported_not_guessed) {
    person_case c;
    open_case(&c, "Instance2", 0);
    double v;
    size_t n;
    cr_assert_eq(sv_dp_solve(c.dp, c.cost, HUGE_VAL, true, 5, &v, c.vars, &n), NR_ELIMIT);
    close_case(&c);
}

Test(schedule_dp, refuses_a_person_with_days_between_duties) {
    nr_region *r = load_curtois("Instance1");
    r->rotas[0].rules.min_days_between = 2;
    sv_data D;
    cr_assert_eq(sv_data_build(r, NULL, NULL, &D), 0);
    sv_dp *dp = (sv_dp *)1;
    cr_assert_eq(sv_dp_new(&D, 0, &dp), 0);
    cr_assert_null(dp);
    sv_data_free(&D);
    nr_region_free(r);
}
