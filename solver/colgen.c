/* Column generation over per-person schedules (colgen.h says what and
 * why). The master's columns are u and o of each duty first (as in the
 * compact model), then the schedules in the order they were found. */
#include "solver/colgen.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver/model.h"
#include "solver/schedule_dp.h"

#define PRICE_MAX_SECONDS 60.0 /* one pricing problem at most; beyond it the round proves no bound */
#define DP_MAX_LABELS 4000000 /* beyond this a person's pricing goes to the MILP */
#define DIVE_ROUNDS 20          /* at most, cheap pricing rounds after each fixing */
#define DIVE_WHOLE (1 - 1e-6)   /* a column the LP takes this much of is taken whole */
#define DIVE_TAKE_BACK_ABOVE 1.0 /* penalty units a fixing may raise the dive's LP by */
#define DIVE_TAKE_BACKS 3       /* fixings a dive may take back, at least (a fifth of the people) */
#define DIVE_KEEP_PER_PERSON 40 /* schedule columns a person keeps, at least, when a dive drops some */
#define DIVE_CHOICES 3          /* a seeded dive fixes one of this many largest fractional columns */
#define RC_EPS 1e-6            /* a reduced cost below -RC_EPS x (1 + |cost|) prices out */
#define PAIR_BIG 1e7            /* taken off a forced pair's cost, added to a forbidden one's */
#define PAIR_LP_SECONDS 5.0     /* one master LP at most in a dive's tail by pairs */

struct sv_colgen {
    const sv_data *D;
    int comp;
    int n_people;
    int *people;          /* [k] -> person */
    sv_model *pm;         /* [k] pricing problem */
    sv_dp **dp;           /* [k] its dynamic programme, NULL when the person does not fit one */
    double *var_cost;     /* [n_vars] pair costs handed to the dynamic programme */
    unsigned char *held;  /* [n_vars] zero between uses */
    double **base;        /* [k][1..n_x] the pricing problem's own costs */
    glp_prob *master;
    int *duty_row;        /* [duty] -> master row, 0 when none */
    int *duty_under, *duty_over; /* [duty] -> master column, 0 when none */
    int *person_row;      /* [k] -> master row */
    int n_fixed;          /* master columns before the schedules */
    /* Schedules: column c belongs to person col_k[c], costs col_cost[c],
     * holds vars pool[col_first[c] .. col_first[c + 1]). */
    int n_sched, sched_cap;
    int *col_k;
    double *col_cost;
    size_t *col_first;
    int *pool;
    size_t pool_cap;
    int *start;           /* [k] the schedule of the plan last added */
    int *fixed;           /* [k] column a dive has fixed, -1 when none */
    int *ban;             /* columns a dive has ruled out; pricing does not add them again */
    int n_ban, ban_cap;
    int take_backs;       /* a dive's, before it goes on by pairs; -1: a fifth of the people, at least 3 */
    int pair_steps;       /* the last dive's steps by pairs */
    /* In a dive's tail by pairs: [var] 0 free, 1 forced, 2 forbidden, and
     * [k] how many of person k's are forced; NULL otherwise. */
    unsigned char *pair_state;
    int *n_forced;
    int *scratch;         /* n_vars */
    int *ind;             /* row indices of one column */
    double *val;
    bool injected;
    bool has_basis;
    bool loosened;        /* bounds loosened since the last LP: its basis may not be dual feasible */
    bool second_opinion;  /* see sv_colgen_set_second_opinion */
    int primal_restarts;  /* the last dive's LPs solved by the primal simplex after a loosening */
};

static bool stop(const sv_colgen_clock *clock) {
    return (clock->cancel && *clock->cancel) || sv_now() >= clock->end;
}

bool sv_colgen_applies(const sv_data *D) {
    if (!D->fairness_off) return false;
    for (size_t w = 0; w < D->n_wants; w++)
        for (size_t j = D->want_first[w] + 1; j < D->want_first[w + 1]; j++)
            if (D->vars[D->want_var[j]].person != D->vars[D->want_var[D->want_first[w]]].person) return false;
    return true;
}


int sv_colgen_fixed_columns(const sv_colgen *cg) {
    int n = 0;
    for (int c = 0; c < cg->n_sched; c++) n += glp_get_col_type(cg->master, cg->n_fixed + 1 + c) != GLP_LO;
    return n;
}

int sv_colgen_columns(const sv_colgen *cg) { return cg->n_sched; }

void sv_colgen_set_take_backs(sv_colgen *cg, int n) { cg->take_backs = n; }

void sv_colgen_set_second_opinion(sv_colgen *cg, bool on) { cg->second_opinion = on; }

int sv_colgen_primal_restarts(const sv_colgen *cg) { return cg->primal_restarts; }

int sv_colgen_pair_steps(const sv_colgen *cg) { return cg->pair_steps; }

void sv_colgen_free(sv_colgen *cg, bool glpk_alive) {
    if (!cg) return;
    for (int k = 0; k < cg->n_people; k++) {
        if (cg->pm) sv_model_release(&cg->pm[k], glpk_alive);
        if (cg->base) free(cg->base[k]);
        if (cg->dp) sv_dp_free(cg->dp[k]);
    }
    if (cg->master && glpk_alive) glp_delete_prob(cg->master);
    free(cg->people);
    free(cg->pm);
    free(cg->base);
    free(cg->dp);
    free(cg->var_cost);
    free(cg->held);
    free(cg->duty_row);
    free(cg->duty_under);
    free(cg->duty_over);
    free(cg->person_row);
    free(cg->col_k);
    free(cg->col_cost);
    free(cg->col_first);
    free(cg->pool);
    free(cg->start);
    free(cg->fixed);
    free(cg->ban);
    free(cg->scratch);
    free(cg->ind);
    free(cg->val);
    free(cg);
}

static int build_master(sv_colgen *cg) {
    const sv_data *D = cg->D;
    const nr_region *r = D->r;
    glp_prob *P = cg->master = glp_create_prob();
    glp_set_prob_name(P, "netrota-master");
    glp_set_obj_dir(P, GLP_MIN);
    glp_set_obj_coef(P, 0, SV_W_CHANGE * (double)D->prev_lost[cg->comp]);
    for (size_t i = 0; i < r->n_duties; i++) {
        const nr_duty *du = &r->duties[i];
        if (D->comp_of_rota[du->rota] != cg->comp) continue;
        bool has_vars = D->duty_first[i + 1] > D->duty_first[i];
        if (du->needed <= 0 && !has_vars) continue;
        int row = cg->duty_row[i] = glp_add_rows(P, 1);
        glp_set_row_bnds(P, row, GLP_FX, du->needed, du->needed);
        int ind[2] = {0, row};
        if (du->needed > 0) {
            int u = cg->duty_under[i] = glp_add_cols(P, 1);
            glp_set_col_bnds(P, u, GLP_DB, 0, du->needed);
            glp_set_obj_coef(P, u, SV_W_REQUEST * du->under_weight);
            double one[2] = {0, 1.0};
            glp_set_mat_col(P, u, 1, ind, one);
        }
        if (du->optional > 0 && has_vars) {
            int o = cg->duty_over[i] = glp_add_cols(P, 1);
            glp_set_col_bnds(P, o, GLP_DB, 0, du->optional);
            glp_set_obj_coef(P, o, SV_W_REQUEST * du->over_weight);
            double minus[2] = {0, -1.0};
            glp_set_mat_col(P, o, 1, ind, minus);
        }
    }
    for (int k = 0; k < cg->n_people; k++) {
        int row = cg->person_row[k] = glp_add_rows(P, 1);
        glp_set_row_bnds(P, row, GLP_FX, 1, 1);
    }
    cg->n_fixed = glp_get_num_cols(P);
    return 0;
}

int sv_colgen_new(const sv_data *D, int comp, sv_colgen **out) {
    *out = NULL;
    const nr_region *r = D->r;
    sv_colgen *cg = calloc(1, sizeof *cg);
    if (!cg) return NR_ENOMEM;
    cg->D = D;
    cg->comp = comp;
    cg->take_backs = -1;
    cg->people = malloc((r->n_people + 1) * sizeof *cg->people);
    cg->duty_row = calloc(r->n_duties + 1, sizeof *cg->duty_row);
    cg->duty_under = calloc(r->n_duties + 1, sizeof *cg->duty_under);
    cg->duty_over = calloc(r->n_duties + 1, sizeof *cg->duty_over);
    cg->scratch = malloc((D->n_vars + 1) * sizeof *cg->scratch);
    if (!cg->people || !cg->duty_row || !cg->duty_under || !cg->duty_over || !cg->scratch) goto oom;
    for (size_t p = 0; p < r->n_people; p++)
        if (D->person_first[p] < D->person_first[p + 1] && sv_comp_of_var(D, D->person_var[D->person_first[p]]) == comp)
            cg->people[cg->n_people++] = (int)p;
    int n = cg->n_people;
    cg->pm = calloc((size_t)n + 1, sizeof *cg->pm);
    cg->base = calloc((size_t)n + 1, sizeof *cg->base);
    cg->person_row = calloc((size_t)n + 1, sizeof *cg->person_row);
    cg->start = malloc(((size_t)n + 1) * sizeof *cg->start);
    cg->fixed = malloc(((size_t)n + 1) * sizeof *cg->fixed);
    cg->dp = calloc((size_t)n + 1, sizeof *cg->dp);
    cg->var_cost = calloc(D->n_vars + 1, sizeof *cg->var_cost);
    cg->held = calloc(D->n_vars + 1, 1);
    if (!cg->fixed || !cg->held || !cg->pm || !cg->base || !cg->person_row || !cg->start || !cg->dp || !cg->var_cost) goto oom;
    for (int k = 0; k < n; k++) {
        cg->start[k] = cg->fixed[k] = -1;
        if (sv_model_build_person(D, cg->people[k], cg->scratch, &cg->pm[k])) goto oom;
        int nx = cg->pm[k].n_x;
        cg->base[k] = malloc(((size_t)nx + 1) * sizeof **cg->base);
        if (!cg->base[k]) goto oom;
        for (int j = 1; j <= nx; j++) cg->base[k][j] = glp_get_obj_coef(cg->pm[k].P, j);
        if (sv_dp_new(D, cg->people[k], &cg->dp[k])) goto oom;
    }
    int rows_per_col = 1;
    for (int k = 0; k < n; k++)
        if (cg->pm[k].n_x + 1 > rows_per_col) rows_per_col = cg->pm[k].n_x + 1;
    cg->ind = malloc(((size_t)rows_per_col + 1) * sizeof *cg->ind);
    cg->val = malloc(((size_t)rows_per_col + 1) * sizeof *cg->val);
    if (!cg->ind || !cg->val) goto oom;
    build_master(cg);
    *out = cg;
    return 0;
oom:
    sv_colgen_free(cg, true);
    return NR_ENOMEM;
}

/* Append a schedule of person k (vars[0..n)) with its cost to the master. */
static int add_column(sv_colgen *cg, int k, const int *vars, size_t n, double cost) {
    if (cg->n_sched == cg->sched_cap) {
        int cap = cg->sched_cap ? 2 * cg->sched_cap : 256;
        int *ck = realloc(cg->col_k, (size_t)cap * sizeof *ck);
        if (ck) cg->col_k = ck;
        double *cc = realloc(cg->col_cost, (size_t)cap * sizeof *cc);
        if (cc) cg->col_cost = cc;
        size_t *cf = realloc(cg->col_first, ((size_t)cap + 1) * sizeof *cf);
        if (cf) cg->col_first = cf;
        if (!ck || !cc || !cf) return NR_ENOMEM;
        if (cg->sched_cap == 0) cg->col_first[0] = 0;
        cg->sched_cap = cap;
    }
    size_t at = cg->col_first[cg->n_sched];
    if (at + n > cg->pool_cap) {
        size_t cap = cg->pool_cap ? 2 * cg->pool_cap : 4096;
        while (cap < at + n) cap *= 2;
        int *pool = realloc(cg->pool, cap * sizeof *pool);
        if (!pool) return NR_ENOMEM;
        cg->pool = pool;
        cg->pool_cap = cap;
    }
    if (n) memcpy(cg->pool + at, vars, n * sizeof *vars);
    int c = cg->n_sched++;
    cg->col_k[c] = k;
    cg->col_cost[c] = cost;
    cg->col_first[c + 1] = at + n;

    int nz = 0;
    cg->ind[++nz] = cg->person_row[k];
    cg->val[nz] = 1.0;
    for (size_t i = 0; i < n; i++) {
        int row = cg->duty_row[cg->D->vars[vars[i]].duty];
        if (row) {
            cg->ind[++nz] = row;
            cg->val[nz] = 1.0;
        }
    }
    int j = glp_add_cols(cg->master, 1);
    glp_set_col_bnds(cg->master, j, GLP_LO, 0, 0);
    glp_set_obj_coef(cg->master, j, cost);
    glp_set_mat_col(cg->master, j, nz, cg->ind, cg->val);
    return 0;
}

/* Person k holds exactly the pairs of column c in x; it becomes their start. */
static void take_column(sv_colgen *cg, int k, int c, unsigned char *x) {
    const sv_model *M = &cg->pm[k];
    for (int q = 1; q <= M->n_x; q++) x[M->var_of_col[q]] = 0;
    for (size_t i = cg->col_first[c]; i < cg->col_first[c + 1]; i++) x[cg->pool[i]] = 1;
    cg->start[k] = c;
}

/* Solve person k's pricing problem as it stands. Returns the GLPK status
 * (GLP_OPT when solved to optimality). */
static int solve_pricing(sv_colgen *cg, int k, const sv_colgen_clock *clock) {
    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_ON;
    double rem = clock->end - sv_now();
    io.tm_lim = sv_ms_of(fmin(rem, PRICE_MAX_SECONDS));
    int ret = glp_intopt(cg->pm[k].P, &io);
    int st = glp_mip_status(cg->pm[k].P);
    if (ret != 0 && st == GLP_OPT) st = GLP_FEAS; /* stopped early: not proven */
    if (ret != 0 && st != GLP_FEAS) st = GLP_UNDEF;
    return st;
}

/* The pairs person k holds in the pricing problem's solution, in column
 * order, into cg->scratch; returns how many. */
static size_t read_schedule(sv_colgen *cg, int k) {
    const sv_model *M = &cg->pm[k];
    size_t n = 0;
    for (int j = 1; j <= M->n_x; j++)
        if (glp_mip_col_val(M->P, j) > 0.5) cg->scratch[n++] = M->var_of_col[j];
    return n;
}

static bool same_schedule(const sv_colgen *cg, int c, const int *vars, size_t n) {
    size_t len = cg->col_first[c + 1] - cg->col_first[c];
    return len == n && (n == 0 || memcmp(cg->pool + cg->col_first[c], vars, n * sizeof *vars) == 0);
}

/* The cost of person k's schedule given as held[var]: the pricing problem
 * with the schedule fixed and the person's own costs (the slacks of their
 * soft rules follow). Returns 0, or NR_EINTERNAL when it breaks a rule. */
static int schedule_cost(sv_colgen *cg, int k, const unsigned char *held, double *cost) {
    sv_colgen_clock clock = {HUGE_VAL, NULL, NULL, NULL};
    sv_model *M = &cg->pm[k];
    for (int j = 1; j <= M->n_x; j++) {
        double v = held[M->var_of_col[j]] ? 1.0 : 0.0;
        glp_set_col_bnds(M->P, j, GLP_FX, v, v);
        glp_set_obj_coef(M->P, j, cg->base[k][j]);
    }
    int st = solve_pricing(cg, k, &clock);
    *cost = glp_mip_obj_val(M->P);
    for (int j = 1; j <= M->n_x; j++) glp_set_col_bnds(M->P, j, GLP_DB, 0.0, 1.0);
    return st == GLP_OPT ? 0 : NR_EINTERNAL;
}

int sv_colgen_add_plan(sv_colgen *cg, const unsigned char *x) {
    for (int k = 0; k < cg->n_people; k++) {
        sv_model *M = &cg->pm[k];
        size_t n = 0;
        for (int j = 1; j <= M->n_x; j++) {
            int v = M->var_of_col[j];
            if (x[v]) cg->scratch[n++] = v;
        }
        int found = -1;
        for (int c = 0; c < cg->n_sched && found < 0; c++)
            if (cg->col_k[c] == k && same_schedule(cg, c, cg->scratch, n)) found = c;
        if (found >= 0) {
            cg->start[k] = found;
            continue;
        }
        double cost;
        int rc = schedule_cost(cg, k, x, &cost);
        if (rc) return rc;
        rc = add_column(cg, k, cg->scratch, n, cost);
        if (rc) return rc;
        cg->start[k] = cg->n_sched - 1;
    }
    return 0;
}

/* Primal simplex after columns were added (the basis stays primal
 * feasible), dual after bounds changed (it stays dual feasible). */
static int master_lp(sv_colgen *cg, const sv_colgen_clock *clock, bool dual) {
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    double limit = clock->end - sv_now();
    /* GLPK's simplex can stall on this degenerate LP once pairs are fixed
     * (Instance12, before the primal simplex below: one solve ran about
     * 100 s, until the dive's clock ended); a solve cut short counts as a
     * fixing that failed. */
    if (cg->pair_state && limit > PAIR_LP_SECONDS) limit = PAIR_LP_SECONDS;
    sm.tm_lim = sv_ms_of(limit);
    /* After bounds were loosened the old basis need not be dual feasible,
     * and the dual simplex's first phase then stalled for 69 s on Instance12
     * (after a dive's tail by pairs); the primal simplex took 2.2 s. */
    if (dual && cg->has_basis) {
        if (!cg->loosened) sm.meth = GLP_DUALP;
        else cg->primal_restarts++;
    }
    cg->loosened = false;
    /* Columns added since keep the basis valid (they enter nonbasic). */
    if (!cg->has_basis) glp_adv_basis(cg->master, 0);
    cg->has_basis = true;
    int ret = glp_simplex(cg->master, &sm);
    if (ret == 0 && glp_get_status(cg->master) == GLP_OPT) return 0;
    return -1;
}

bool sv_colgen_lp_values(sv_colgen *cg, double end, double *xlp) {
    const sv_data *D = cg->D;
    sv_colgen_clock clock = {end, NULL, NULL, NULL};
    if (master_lp(cg, &clock, false) != 0) return false;
    for (int k = 0; k < cg->n_people; k++)
        for (size_t q = D->person_first[cg->people[k]]; q < D->person_first[cg->people[k] + 1]; q++)
            xlp[D->person_var[q]] = 0;
    for (int c = 0; c < cg->n_sched; c++) {
        double share = glp_get_col_prim(cg->master, cg->n_fixed + 1 + c);
        if (share <= 0) continue;
        for (size_t i = cg->col_first[c]; i < cg->col_first[c + 1]; i++) xlp[cg->pool[i]] += share;
    }
    return true;
}

/* Person k's cheapest schedule at duals pi: by the dynamic programme when
 * the person has one, else by the MILP. Leaves the schedule's vars in
 * cg->scratch (*n of them) and its value (constant included) in *val.
 * Returns a GLPK MIP status (GLP_OPT: proven) or NR_ENOMEM. */
static int price(sv_colgen *cg, int k, const double *pi, const sv_colgen_clock *clock, bool exact, double *val,
                 size_t *n, bool *by_dp) {
    sv_model *M = &cg->pm[k];
    *by_dp = false;
    if (cg->dp[k]) {
        const unsigned char *ps = cg->pair_state;
        /* A forced pair is PAIR_BIG cheaper and a forbidden one PAIR_BIG
         * dearer, so that the cheapest schedule holds every forced pair
         * and no forbidden one whenever one does. */
        for (int j = 1; j <= M->n_x; j++) {
            int v = M->var_of_col[j], row = cg->duty_row[cg->D->vars[v].duty];
            cg->var_cost[v] = cg->base[k][j] - (row ? pi[row] : 0.0);
            if (ps && ps[v] == 1) cg->var_cost[v] -= PAIR_BIG;
            if (ps && ps[v] == 2) cg->var_cost[v] += PAIR_BIG;
        }
        /* Only a schedule of negative reduced cost matters: the others
         * add nothing to the bound either. */
        double c0 = glp_get_obj_coef(M->P, 0);
        double prune_at = pi[cg->person_row[k]] - c0 - (ps ? cg->n_forced[k] * PAIR_BIG : 0);
        int rc = sv_dp_solve(cg->dp[k], cg->var_cost, prune_at, exact, DP_MAX_LABELS, val, cg->scratch, n);
        if (rc == NR_ENOMEM) return rc;
        if (rc == 0 && ps) {
            int forced = 0;
            bool forbidden = false;
            for (size_t i = 0; i < *n; i++) {
                if (ps[cg->scratch[i]] == 1) forced++, *val += PAIR_BIG;
                if (ps[cg->scratch[i]] == 2) forbidden = true;
            }
            /* None below prune_at, or none that keeps the pairs. */
            if (forbidden || forced != cg->n_forced[k]) {
                *n = 0;
                return GLP_UNDEF;
            }
        }
        if (rc == 0) {
            *val += c0;
            *by_dp = true;
            return exact ? GLP_OPT : GLP_FEAS;
        }
        /* Too many states for this person: the MILP from now on. */
        sv_dp_free(cg->dp[k]);
        cg->dp[k] = NULL;
    }
    for (int j = 1; j <= M->n_x; j++) {
        int v = M->var_of_col[j], row = cg->duty_row[cg->D->vars[v].duty];
        glp_set_obj_coef(M->P, j, cg->base[k][j] - (row ? pi[row] : 0.0));
        if (cg->pair_state && cg->pair_state[v]) {
            double b = cg->pair_state[v] == 1 ? 1.0 : 0.0;
            glp_set_col_bnds(M->P, j, GLP_FX, b, b);
        }
    }
    int st = solve_pricing(cg, k, clock);
    if (st == GLP_OPT || st == GLP_FEAS) {
        *val = glp_mip_obj_val(M->P);
        *n = read_schedule(cg, k);
    }
    if (cg->pair_state)
        for (int j = 1; j <= M->n_x; j++) glp_set_col_bnds(M->P, j, GLP_DB, 0.0, 1.0);
    return st;
}

/* Is person k's schedule in cg->scratch (n vars) one a dive has ruled out? */
static bool banned_again(const sv_colgen *cg, int k, size_t n) {
    for (int i = 0; i < cg->n_ban; i++)
        if (cg->col_k[cg->ban[i]] == k && same_schedule(cg, cg->ban[i], cg->scratch, n)) return true;
    return false;
}

/* One round of pricing at the master LP's current duals: every person not
 * fixed by a dive. Adds the columns of negative reduced cost; *exact says
 * whether everyone was priced to optimality (then *lagrange is the
 * Lagrangian bound). Returns 0 or NR_ENOMEM. */
static int price_round(sv_colgen *cg, const sv_colgen_clock *clock, double *pi, bool greedy, int *added,
                       bool *exact, double *lagrange) {
    glp_prob *P = cg->master;
    int nrows = glp_get_num_rows(P);
    for (int i = 1; i <= nrows; i++) pi[i] = glp_get_row_dual(P, i);
    *lagrange = glp_get_obj_val(P);
    *exact = !greedy;
    *added = 0;
    int priced = 0;
    for (int k = 0; k < cg->n_people && !stop(clock); k++, priced++) {
        if (cg->fixed[k] >= 0) {
            *exact = false;
            continue;
        }
        double val = 0;
        size_t n = 0;
        bool by_dp = false;
        int st = price(cg, k, pi, clock, !greedy, &val, &n, &by_dp);
        if (st < 0) return st;
        if (st != GLP_OPT) *exact = false;
        if (st != GLP_OPT && st != GLP_FEAS) continue;
        double reduced = val - pi[cg->person_row[k]];
        if (st == GLP_OPT && reduced < 0) *lagrange += reduced;
        if (reduced >= -RC_EPS * (1 + fabs(val))) continue;
        double cost = val;
        for (size_t i = 0; i < n; i++) {
            int row = cg->duty_row[cg->D->vars[cg->scratch[i]].duty];
            if (row) cost += pi[row];
        }
        if (by_dp) {
            /* The programme's value checked against the model's: a
             * difference is a bug in one of them, and the bound would
             * rest on it. The person is priced by the model from now on. */
            double truth;
            for (size_t i = 0; i < n; i++) cg->held[cg->scratch[i]] = 1;
            int rc = schedule_cost(cg, k, cg->held, &truth);
            for (size_t i = 0; i < n; i++) cg->held[cg->scratch[i]] = 0;
            if (rc || fabs(truth - cost) > 1e-6 * (1 + fabs(truth))) {
                sv_dp_free(cg->dp[k]);
                cg->dp[k] = NULL;
                *exact = false;
                if (rc) continue; /* the schedule breaks a rule: no column */
                cost = truth;
            }
        }
        if (banned_again(cg, k, n)) continue;
        int rc = add_column(cg, k, cg->scratch, n, cost);
        if (rc) return rc;
        (*added)++;
    }
    if (priced < cg->n_people) *exact = false;
    return 0;
}

int sv_colgen_bound(sv_colgen *cg, const sv_colgen_clock *clock, double stop_at, double *bound, bool *converged) {
    *bound = -HUGE_VAL;
    *converged = false;
    double *pi = malloc(((size_t)glp_get_num_rows(cg->master) + 1) * sizeof *pi);
    if (!pi) return NR_ENOMEM;
    int rc = 0;
    /* Cheap rounds (the programme keeps one partial schedule per state)
     * while they find columns, exact rounds when they stop finding any:
     * only an exact round proves a bound. */
    bool greedy = true;
    while (!stop(clock)) {
        if (master_lp(cg, clock, false) != 0) break;
        int added;
        bool exact;
        double lagrange;
        rc = price_round(cg, clock, pi, greedy, &added, &exact, &lagrange);
        if (rc) break;
        if (stop(clock) && added == 0) break;
        if (exact && lagrange > *bound) *bound = lagrange;
        if (clock->tick) clock->tick(clock->ctx, *bound);
        if (exact && added == 0) {
            *converged = true;
            break;
        }
        greedy = added > 0;
        if (*bound >= stop_at) break;
    }
    free(pi);
    return rc;
}

static int descent_plan(sv_colgen *cg, unsigned char *x, bool *found, double *value);

static bool is_banned(const sv_colgen *cg, int c);

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* In a dive, drop the schedule columns it is least likely to want: each
 * person keeps their DIVE_KEEP_PER_PERSON columns of least reduced cost,
 * the basic ones, the plan's, the one fixed and those ruled out (a person
 * fixed keeps the others too: the next dive starts from them; a dive that
 * left the fixed only one each started 8 units above the bound on
 * Instance7, its pricing rounds spent before the LP was back). Every later
 * master LP then prices fewer columns (Instance12: 12,700 after the bound,
 * 60 people; the first dive took 125 s with them all, 71 s purged once,
 * 33 s purged as below); pricing finds a dropped schedule again when the
 * duals ask for it. Needs the master LP solved. Returns 0, NR_ENOMEM, or
 * NR_EINTERNAL when a fixing or a plan's column was lost (a bug). */
static int purge_columns(sv_colgen *cg) {
    glp_prob *P = cg->master;
    int n = cg->n_sched, np = cg->n_people;
    double *reduced = malloc(((size_t)n + 1) * sizeof *reduced), *buf = malloc(((size_t)n + 1) * sizeof *buf);
    int *first = calloc((size_t)np + 2, sizeof *first), *by_k = malloc(((size_t)n + 1) * sizeof *by_k);
    int *gone = malloc(((size_t)n + 1) * sizeof *gone), *map = malloc(((size_t)n + 1) * sizeof *map);
    int rc = 0;
    if (!reduced || !buf || !first || !by_k || !gone || !map) {
        rc = NR_ENOMEM;
        goto done;
    }
    /* Columns grouped by person, then each person's threshold. */
    for (int c = 0; c < n; c++) {
        reduced[c] = glp_get_col_dual(P, cg->n_fixed + 1 + c);
        first[cg->col_k[c] + 2]++;
    }
    for (int k = 0; k < np; k++) first[k + 2] += first[k + 1];
    for (int c = 0; c < n; c++) by_k[first[cg->col_k[c] + 1]++] = c;
    int n_gone = 0;
    for (int c = 0; c < n; c++) map[c] = 0;
    for (int k = 0; k < np; k++) {
        int lo = first[k], hi = first[k + 1];
        if (hi - lo <= DIVE_KEEP_PER_PERSON) continue;
        for (int i = lo; i < hi; i++) buf[i - lo] = reduced[by_k[i]];
        qsort(buf, (size_t)(hi - lo), sizeof *buf, cmp_double);
        double limit = buf[DIVE_KEEP_PER_PERSON - 1];
        for (int i = lo; i < hi; i++) {
            int c = by_k[i];
            if (reduced[c] <= limit || c == cg->start[k] || c == cg->fixed[k] || is_banned(cg, c) ||
                glp_get_col_stat(P, cg->n_fixed + 1 + c) == GLP_BS)
                continue;
            map[c] = -1;
            gone[++n_gone] = cg->n_fixed + 1 + c;
        }
    }
    if (n_gone == 0) goto done;
    glp_del_cols(P, n_gone, gone);
    /* Compact the schedules in place: a column only moves down. */
    int m = 0;
    size_t at = 0;
    for (int c = 0; c < n; c++) {
        if (map[c] < 0) continue;
        size_t from = cg->col_first[c], len = cg->col_first[c + 1] - from;
        memmove(cg->pool + at, cg->pool + from, len * sizeof *cg->pool);
        cg->col_k[m] = cg->col_k[c];
        cg->col_cost[m] = cg->col_cost[c];
        cg->col_first[m] = at;
        at += len;
        map[c] = m++;
    }
    cg->col_first[m] = at;
    cg->n_sched = m;
    for (int k = 0; k < np; k++) {
        if (cg->start[k] >= 0) cg->start[k] = map[cg->start[k]];
        if (cg->fixed[k] >= 0) cg->fixed[k] = map[cg->fixed[k]];
    }
    for (int i = 0; i < cg->n_ban; i++) cg->ban[i] = map[cg->ban[i]];
    /* A fixing that lost its column would hand its person someone
     * else's schedule at the end of the dive. */
    for (int k = 0; k < np; k++)
        if ((cg->fixed[k] >= 0 && cg->col_k[cg->fixed[k]] != k) || (cg->start[k] >= 0 && cg->col_k[cg->start[k]] != k))
            rc = NR_EINTERNAL;
done:
    free(reduced);
    free(buf);
    free(first);
    free(by_k);
    free(gone);
    free(map);
    return rc;
}

/* Fix or free schedule column c (0-based) in the master. */
static void set_column(sv_colgen *cg, int c, int type, double v) {
    glp_set_col_bnds(cg->master, cg->n_fixed + 1 + c, type, v, v);
}

static bool is_banned(const sv_colgen *cg, int c) {
    for (int i = 0; i < cg->n_ban; i++)
        if (cg->ban[i] == c) return true;
    return false;
}

/* Does column c keep its person's forced and forbidden pairs? */
static bool keeps_pairs(const sv_colgen *cg, int c) {
    if (!cg->pair_state) return true;
    int forced = 0;
    for (size_t i = cg->col_first[c]; i < cg->col_first[c + 1]; i++) {
        unsigned char st = cg->pair_state[cg->pool[i]];
        if (st == 2) return false;
        forced += st == 1;
    }
    return forced == cg->n_forced[cg->col_k[c]];
}

/* Person k takes column c (c < 0: is free again, within their pairs).
 * Their other columns are fixed at 0 meanwhile, so that the simplex no
 * longer prices them (Instance12: 17,000 columns, most of them of people
 * already fixed). */
static void fix_person(sv_colgen *cg, int k, int c) {
    cg->fixed[k] = c;
    if (c < 0 && (cg->pair_state || !cg->second_opinion)) cg->loosened = true;
    for (int j = 0; j < cg->n_sched; j++) {
        if (cg->col_k[j] != k) continue;
        if (j == c) set_column(cg, j, GLP_FX, 1);
        else if (c >= 0 || is_banned(cg, j) || !keeps_pairs(cg, j)) set_column(cg, j, GLP_FX, 0);
        else glp_set_col_bnds(cg->master, cg->n_fixed + 1 + j, GLP_LO, 0, 0);
    }
}

/* Rule column c out for the rest of the dive. */
static int ban_column(sv_colgen *cg, int c) {
    if (cg->n_ban == cg->ban_cap) {
        int cap = cg->ban_cap ? 2 * cg->ban_cap : 64;
        int *b = realloc(cg->ban, (size_t)cap * sizeof *b);
        if (!b) return NR_ENOMEM;
        cg->ban = b;
        cg->ban_cap = cap;
    }
    cg->ban[cg->n_ban++] = c;
    set_column(cg, c, GLP_FX, 0);
    return 0;
}

/* Re-optimise the master around what is fixed: cheap pricing rounds while
 * they find columns, then an exact one. Cheap rounds alone miss the
 * schedules that keep the LP where it was (Instance10: the dive ended at
 * 4,943 with them alone, 4,632 with the exact round). *lp_ok says whether
 * the master LP has an optimum. Returns 0 or NR_ENOMEM. */
static int reoptimise(sv_colgen *cg, const sv_colgen_clock *clock, double *pi, bool *lp_ok) {
    *lp_ok = master_lp(cg, clock, true) == 0;
    bool cheap = true;
    for (int round = 0; round < DIVE_ROUNDS && *lp_ok && !stop(clock); round++) {
        int added;
        bool exact;
        double lagrange;
        int rc = price_round(cg, clock, pi, cheap, &added, &exact, &lagrange);
        if (rc) return rc;
        *lp_ok = master_lp(cg, clock, false) == 0;
        if (added == 0 && !cheap) break;
        cheap = added > 0;
    }
    return 0;
}

/* Pair v of person k becomes free (0), forced (1) or forbidden (2); their
 * columns that break their pairs are fixed at 0, the others freed. */
static void set_pair(sv_colgen *cg, int k, int v, unsigned char state) {
    if (cg->pair_state[v] == 1) cg->n_forced[k]--;
    cg->pair_state[v] = state;
    if (state == 1) cg->n_forced[k]++;
    fix_person(cg, k, -1);
}

/* The largest column of person k in the last LP. */
static int largest_column(const sv_colgen *cg, int k) {
    int best = -1;
    double best_v = -1;
    for (int c = 0; c < cg->n_sched; c++) {
        double v = glp_get_col_prim(cg->master, cg->n_fixed + 1 + c);
        if (cg->col_k[c] == k && v > best_v) best = c, best_v = v;
    }
    return best;
}

/* A dive's tail by pairs, for the people it has not fixed: instead of a
 * whole schedule, each step forces one pair (person, duty) and pricing
 * keeps to the forced and forbidden pairs, so that the LP can still mix
 * schedules around it. A step forces every pair the LP takes whole and
 * the fractional pair it takes most; when that pair raises the LP by more
 * than a penalty unit (or leaves no LP) it is forbidden instead (in a
 * second opinion, forced after all when forbidding it raises the LP more
 * still). A person
 * is fixed when the LP takes one of their columns whole. On Instance12
 * (seed 3) the first dive's last 20 people took its plan to 4,680 by whole
 * schedules and to 4,040, the optimum, by pairs (156 steps, 35 s, in a
 * trace of the first version).
 * Returns 0 or NR_ENOMEM; *left counts down. */
static int pair_tail(sv_colgen *cg, const sv_colgen_clock *clock, double *pi, double lp_before, int *left) {
    const sv_data *D = cg->D;
    glp_prob *P = cg->master;
    int n = cg->n_people, rc = 0;
    cg->pair_state = calloc(D->n_vars + 1, 1);
    cg->n_forced = calloc((size_t)n + 1, sizeof *cg->n_forced);
    double *share = calloc(D->n_vars + 1, sizeof *share);
    int *k_of = malloc((D->n_vars + 1) * sizeof *k_of);
    if (!cg->pair_state || !cg->n_forced || !share || !k_of) {
        rc = NR_ENOMEM;
        goto out;
    }
    for (int k = 0; k < n; k++)
        for (size_t q = D->person_first[cg->people[k]]; q < D->person_first[cg->people[k] + 1]; q++)
            k_of[D->person_var[q]] = k;
    int trial = -1;
    double forced_lp = HUGE_VAL; /* the LP with the trial forced, while it is tried forbidden */
    while (*left > 0 && !stop(clock)) {
        bool lp_ok;
        if ((rc = reoptimise(cg, clock, pi, &lp_ok)) != 0) goto out;
        if (stop(clock)) break;
        double lp = lp_ok ? glp_get_obj_val(P) : HUGE_VAL;
        if (trial >= 0 && lp > lp_before + DIVE_TAKE_BACK_ABOVE * SV_W_REQUEST) {
            if (cg->pair_state[trial] == 1) {
                forced_lp = lp;
                set_pair(cg, k_of[trial], trial, 2);
                continue;
            }
            /* Both ways raise the LP: in a second opinion the lesser rise
             * stays, otherwise the forbidden pair. */
            if (forced_lp < lp && cg->second_opinion) {
                set_pair(cg, k_of[trial], trial, 1);
                trial = -1;
                continue;
            }
        }
        /* No LP either way: the descent finishes. */
        if (!lp_ok) break;
        lp_before = glp_get_obj_val(P);
        trial = -1;
        cg->pair_steps++;
        /* Each pair's share: the sum of its person's columns holding it. */
        for (int c = 0; c < cg->n_sched; c++)
            for (size_t i = cg->col_first[c]; i < cg->col_first[c + 1]; i++) share[cg->pool[i]] = 0;
        for (int c = 0; c < cg->n_sched; c++) {
            int k = cg->col_k[c];
            if (cg->fixed[k] >= 0) continue;
            double v = glp_get_col_prim(P, cg->n_fixed + 1 + c);
            if (v > DIVE_WHOLE) {
                fix_person(cg, k, c);
                (*left)--;
            } else if (v > 1e-9) {
                for (size_t i = cg->col_first[c]; i < cg->col_first[c + 1]; i++) share[cg->pool[i]] += v;
            }
        }
        double most = 0;
        for (int c = 0; c < cg->n_sched; c++) {
            int k = cg->col_k[c];
            if (cg->fixed[k] >= 0 || glp_get_col_prim(P, cg->n_fixed + 1 + c) <= 1e-9) continue;
            for (size_t i = cg->col_first[c]; i < cg->col_first[c + 1]; i++) {
                int v = cg->pool[i];
                if (cg->pair_state[v] != 0) continue;
                if (share[v] > DIVE_WHOLE) set_pair(cg, k, v, 1);
                else if (share[v] > most) most = share[v], trial = v;
            }
        }
        if (trial >= 0) {
            set_pair(cg, k_of[trial], trial, 1);
            continue;
        }
        /* No fractional pair: each person's columns in the LP hold the
         * same pairs, so any of them will do. */
        for (int k = 0; k < n; k++)
            if (cg->fixed[k] < 0) {
                fix_person(cg, k, largest_column(cg, k));
                (*left)--;
            }
    }
out:
    free(cg->pair_state);
    free(cg->n_forced);
    cg->pair_state = NULL;
    cg->n_forced = NULL;
    free(share);
    free(k_of);
    return rc;
}

int sv_colgen_dive(sv_colgen *cg, const sv_colgen_clock *clock, unsigned seed, bool by_pairs, unsigned char *x,
                   bool *found) {
    *found = false;
    glp_prob *P = cg->master;
    int n = cg->n_people, rc = 0;
    double *pi = malloc(((size_t)glp_get_num_rows(P) + 1) * sizeof *pi);
    int *batch = malloc(((size_t)n + 1) * sizeof *batch);
    if (!pi || !batch) {
        rc = NR_ENOMEM;
        goto done;
    }
    int left = n, n_batch = 0;
    int purged_at = 0; /* columns after the last purge */
    /* The fractional column fixed last, judged by the LP that follows; a
     * dive may take back a fifth of its people's fixings (at least
     * DIVE_TAKE_BACKS), and then goes on without. */
    int step = 0, trial = -1, take_backs = n / 5 > DIVE_TAKE_BACKS ? n / 5 : DIVE_TAKE_BACKS;
    if (cg->take_backs >= 0) take_backs = cg->take_backs;
    double lp_before = HUGE_VAL;
    cg->pair_steps = 0;
    cg->primal_restarts = 0;
    while (left > 0 && !stop(clock)) {
        bool lp_ok;
        if ((rc = reoptimise(cg, clock, pi, &lp_ok)) != 0) goto done;
        if (stop(clock)) break;
        /* A fixing that left no feasible LP (it asked too much of some
         * duty's maximum), or that raised the LP by more than a penalty
         * unit, is taken back and its column ruled out: without this the
         * last people of Instance7's dive took 1,356 for a bound of 1,055. */
        bool rose = lp_ok && trial >= 0 && glp_get_obj_val(P) > lp_before + DIVE_TAKE_BACK_ABOVE * SV_W_REQUEST;
        if (rose && take_backs == 0 && by_pairs) {
            /* Out of take-backs: the trial goes back and the people left
             * go on by pairs. Fixing their schedules whole from here took
             * Instance12's LP from 4,041 to 4,680 over its last 20 people.
             * Without by_pairs the trial stays and whole schedules go on. */
            fix_person(cg, cg->col_k[trial], -1);
            left++;
            rc = pair_tail(cg, clock, pi, lp_before, &left);
            break;
        }
        bool worse = rose && take_backs > 0;
        if (!lp_ok || worse) {
            if (n_batch == 0) break;
            for (int i = 0; i < n_batch; i++) {
                int c = batch[i];
                /* Whole columns of a feasible fixing stay: only the trial
                 * moved the LP. Without a trial, the whole batch goes. */
                if (lp_ok && c != trial) continue;
                if ((c == trial || trial < 0) && (rc = ban_column(cg, c)) != 0) goto done;
                fix_person(cg, cg->col_k[c], -1);
                left++;
            }
            if (worse) take_backs--;
            n_batch = 0;
            trial = -1;
            continue;
        }
        lp_before = glp_get_obj_val(P);
        /* Drop columns before the first fixing and whenever pricing has
         * doubled them since. Here the last batch has been judged: only
         * the fixings, the bans and the plan's columns still refer to
         * columns by number, and purge_columns renumbers them. */
        if (cg->n_sched > 2 * purged_at) {
            if ((rc = purge_columns(cg)) != 0) goto done;
            purged_at = cg->n_sched;
        }
        if (clock->tick) clock->tick(clock->ctx, -HUGE_VAL);
        /* Fix every column the LP already takes whole, and the largest
         * fractional one: fixing several fractional columns at once
         * lets their people's cover clash (Instance10: the LP rose 8 %). */
        n_batch = 0;
        int top[DIVE_CHOICES];
        double top_v[DIVE_CHOICES];
        int n_top = 0;
        for (int c = 0; c < cg->n_sched; c++) {
            int k = cg->col_k[c];
            if (cg->fixed[k] >= 0 || glp_get_col_type(P, cg->n_fixed + 1 + c) == GLP_FX) continue;
            double v = glp_get_col_prim(P, cg->n_fixed + 1 + c);
            if (v > DIVE_WHOLE) {
                cg->fixed[k] = c; /* fix_person below */
                batch[n_batch++] = c;
                continue;
            }
            if (v < 1e-9 || (n_top == DIVE_CHOICES && v <= top_v[n_top - 1] + 1e-9)) continue;
            int at = n_top < DIVE_CHOICES ? n_top++ : n_top - 1;
            for (; at > 0 && top_v[at - 1] < v - 1e-9; at--) {
                top[at] = top[at - 1];
                top_v[at] = top_v[at - 1];
            }
            top[at] = c;
            top_v[at] = v;
        }
        /* The first dive takes the largest; later ones (seed > 0) one of
         * the few largest, so that they end elsewhere. */
        int best = n_top == 0 ? -1 : seed == 0 ? top[0] : top[sv_hash(seed, (unsigned)step, 17u) % (unsigned)n_top];
        step++;
        trial = -1;
        if (best >= 0 && cg->fixed[cg->col_k[best]] < 0) {
            cg->fixed[cg->col_k[best]] = best;
            batch[n_batch++] = trial = best;
        }
        if (n_batch == 0) break;
        for (int i = 0; i < n_batch; i++) fix_person(cg, cg->col_k[batch[i]], batch[i]);
        left -= n_batch;
    }
    if (left == 0 && master_lp(cg, clock, false) == 0) {
        for (int k = 0; k < n; k++) take_column(cg, k, cg->fixed[k], x);
        *found = true;
    } else if (left > 0 && rc == 0) {
        /* Out of time: the people fixed so far keep their columns, the
         * rest take the better descent from the incumbent's columns and
         * from their largest in the last LP, for the neighbourhoods to
         * repair. (The master MIP over the columns of those left found
         * nothing better in 20 s on Instance7.) */
        double value;
        rc = descent_plan(cg, x, found, &value);
    }
done:
    for (int c = 0; c < cg->n_sched; c++) glp_set_col_bnds(P, cg->n_fixed + 1 + c, GLP_LO, 0, 0);
    for (int k = 0; k < n; k++) cg->fixed[k] = -1;
    cg->n_ban = 0;
    if (cg->pair_steps > 0 || !cg->second_opinion) cg->loosened = true;
    free(pi);
    free(batch);
    return rc;
}

static void master_callback(glp_tree *T, void *info) {
    void **pair = info;
    sv_colgen *cg = pair[0];
    const sv_colgen_clock *clock = pair[1];
    if (glp_ios_reason(T) == GLP_IHEUR && !cg->injected) {
        cg->injected = true;
        glp_prob *P = cg->master;
        int nc = glp_get_num_cols(P);
        double *v = calloc((size_t)nc + 1, sizeof *v);
        double *held = calloc((size_t)glp_get_num_rows(P) + 1, sizeof *held);
        bool whole = v && held;
        for (int k = 0; k < cg->n_people && whole; k++) whole = cg->start[k] >= 0;
        if (whole) {
            for (int k = 0; k < cg->n_people; k++) {
                int c = cg->start[k];
                v[cg->n_fixed + 1 + c] = 1.0;
                for (size_t i = cg->col_first[c]; i < cg->col_first[c + 1]; i++) {
                    int row = cg->duty_row[cg->D->vars[cg->pool[i]].duty];
                    if (row) held[row] += 1;
                }
            }
            const nr_region *r = cg->D->r;
            for (size_t i = 0; i < r->n_duties; i++) {
                int row = cg->duty_row[i];
                if (!row) continue;
                double gap = r->duties[i].needed - held[row];
                if (cg->duty_under[i] && gap > 0) v[cg->duty_under[i]] = gap;
                if (cg->duty_over[i] && gap < 0) v[cg->duty_over[i]] = -gap;
            }
            glp_ios_heur_sol(T, v);
        }
        free(v);
        free(held);
    }
    if (clock->tick) clock->tick(clock->ctx, -HUGE_VAL);
    if (stop(clock)) glp_ios_terminate(T);
}

/* Cover cost of duty `duty` held by h people, and whether h is allowed. */
static double cover_cost(const sv_colgen *cg, int duty, double h, bool *ok) {
    const nr_duty *du = &cg->D->r->duties[duty];
    *ok = h <= du->needed + (cg->duty_over[duty] ? du->optional : 0) + 1e-9;
    if (h < du->needed) return SV_W_REQUEST * du->under_weight * (du->needed - h);
    return SV_W_REQUEST * du->over_weight * (h - du->needed);
}

/* The master's objective for one schedule per person (choice[k]), with
 * held[row] filled in; HUGE_VAL when a duty would get more than it allows. */
static double plan_value(const sv_colgen *cg, const int *choice, double *held, int nrows) {
    for (int i = 0; i <= nrows; i++) held[i] = 0;
    double v = glp_get_obj_coef(cg->master, 0);
    for (int k = 0; k < cg->n_people; k++) {
        v += cg->col_cost[choice[k]];
        for (size_t i = cg->col_first[choice[k]]; i < cg->col_first[choice[k] + 1]; i++) {
            int row = cg->duty_row[cg->D->vars[cg->pool[i]].duty];
            if (row) held[row] += 1;
        }
    }
    const nr_region *r = cg->D->r;
    for (size_t i = 0; i < r->n_duties; i++) {
        if (!cg->duty_row[i]) continue;
        bool ok;
        v += cover_cost(cg, (int)i, held[cg->duty_row[i]], &ok);
        if (!ok) return HUGE_VAL;
    }
    return v;
}

/* Move one person at a time to the column that lowers the total most,
 * until none does. */
static void descend_from(const sv_colgen *cg, int *choice, double *held, const int *row_duty) {
    bool moved = true;
    for (int pass = 0; moved && pass < 50; pass++) {
        moved = false;
        for (int c = 0; c < cg->n_sched; c++) {
            int k = cg->col_k[c], cur = choice[k];
            if (c == cur || cg->fixed[k] >= 0) continue;
            double delta = cg->col_cost[c] - cg->col_cost[cur];
            bool ok = true;
            for (int side = 0; side < 2; side++) {
                int col = side == 0 ? cur : c;
                for (size_t i = cg->col_first[col]; i < cg->col_first[col + 1]; i++) {
                    int row = cg->duty_row[cg->D->vars[cg->pool[i]].duty];
                    if (!row) continue;
                    bool a, b;
                    double before = cover_cost(cg, row_duty[row], held[row], &a);
                    held[row] += side == 0 ? -1 : 1;
                    delta += cover_cost(cg, row_duty[row], held[row], &b) - before;
                    ok = ok && b;
                }
            }
            if (delta < -1e-6 && ok) {
                choice[k] = c;
                moved = true;
                continue;
            }
            for (int side = 0; side < 2; side++) {
                int col = side == 0 ? cur : c;
                for (size_t i = cg->col_first[col]; i < cg->col_first[col + 1]; i++) {
                    int row = cg->duty_row[cg->D->vars[cg->pool[i]].duty];
                    if (row) held[row] += side == 0 ? 1 : -1;
                }
            }
        }
    }
}

/* Any one schedule per person is a plan (cover is priced, not required).
 * Two descents, from the plan last added and from each person's largest
 * column in the master LP; the better becomes the start of the MIP. */
static int descend(sv_colgen *cg, double *value) {
    glp_prob *P = cg->master;
    const nr_region *r = cg->D->r;
    int nrows = glp_get_num_rows(P), n = cg->n_people;
    double *held = calloc((size_t)nrows + 1, sizeof *held);
    int *row_duty = calloc((size_t)nrows + 1, sizeof *row_duty);
    int *choice = malloc(((size_t)n + 1) * 2 * sizeof *choice);
    int rc = NR_ENOMEM;
    if (!held || !row_duty || !choice) goto done;
    for (size_t i = 0; i < r->n_duties; i++)
        if (cg->duty_row[i]) row_duty[cg->duty_row[i]] = (int)i;
    int *from_start = choice, *from_lp = choice + n + 1;
    for (int k = 0; k < n; k++) from_start[k] = from_lp[k] = cg->start[k];
    for (int c = 0; c < cg->n_sched; c++) {
        int k = cg->col_k[c];
        if (glp_get_col_prim(P, cg->n_fixed + 1 + c) > glp_get_col_prim(P, cg->n_fixed + 1 + from_lp[k]) + 1e-9)
            from_lp[k] = c;
    }
    for (int k = 0; k < n; k++)
        if (cg->fixed[k] >= 0) from_start[k] = from_lp[k] = cg->fixed[k];
    double best = HUGE_VAL;
    *value = HUGE_VAL;
    for (int t = 0; t < 2; t++) {
        int *ch = t == 0 ? from_start : from_lp;
        if (!isfinite(plan_value(cg, ch, held, nrows))) continue;
        descend_from(cg, ch, held, row_duty);
        double v = plan_value(cg, ch, held, nrows);
        if (v < best) {
            best = v;
            memcpy(cg->start, ch, (size_t)n * sizeof *ch);
        }
    }
    *value = best;
    rc = 0;
done:
    free(held);
    free(row_duty);
    free(choice);
    return rc;
}

/* The better descent as a plan: written into x (the component's pairs;
 * people a dive fixed keep their columns), *found set, its total in
 * *value (HUGE_VAL when neither descent gave a plan). */
static int descent_plan(sv_colgen *cg, unsigned char *x, bool *found, double *value) {
    int rc = descend(cg, value);
    if (rc || !isfinite(*value)) return rc;
    for (int k = 0; k < cg->n_people; k++) take_column(cg, k, cg->start[k], x);
    *found = true;
    return 0;
}

/* The descent's plan, then the master as a MIP over the columns there are
 * until the clock, started from it; x gets the better of the two, *found
 * whether there was one. Leaves the columns continuous. */
static int master_mip(sv_colgen *cg, const sv_colgen_clock *clock, unsigned char *x, bool *found) {
    glp_prob *P = cg->master;
    int nc = glp_get_num_cols(P);
    double start;
    int rc = descent_plan(cg, x, found, &start);
    if (rc || clock->end <= sv_now()) return rc;
    for (int j = cg->n_fixed + 1; j <= nc; j++) glp_set_col_kind(P, j, GLP_BV);
    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_OFF;
    io.clq_cuts = GLP_ON;
    io.tm_lim = sv_ms_of(clock->end - sv_now());
    const void *pair[2] = {cg, clock};
    io.cb_func = master_callback;
    io.cb_info = (void *)pair;
    cg->injected = !isfinite(start);
    glp_intopt(P, &io);
    int st = glp_mip_status(P);
    if ((st == GLP_OPT || st == GLP_FEAS) && glp_mip_obj_val(P) < start - 1e-6) {
        for (int j = cg->n_fixed + 1; j <= nc; j++) {
            int c = j - cg->n_fixed - 1;
            if (glp_mip_col_val(P, j) > 0.5) take_column(cg, cg->col_k[c], c, x);
        }
        *found = true;
    }
    for (int j = cg->n_fixed + 1; j <= nc; j++) glp_set_col_kind(P, j, GLP_CV);
    return 0;
}

int sv_colgen_plan(sv_colgen *cg, const sv_colgen_clock *clock, unsigned char *x, bool *found) {
    *found = false;
    if (master_lp(cg, clock, false) != 0) return 0;
    return master_mip(cg, clock, x, found);
}
