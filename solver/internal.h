/*
 * internal.h - the solver's private data: eligible (person, duty) pairs,
 * person-rota rules with their caps and targets, trust groups, requests,
 * components; the greedy and the evaluator that share the model's exact
 * hard rules. Not a contract: only the solver sources include it. No GLPK here.
 *
 * Ownership: sv_data_build() fills an sv_data that sv_data_free() releases.
 */
#ifndef NETROTA_SOLVER_INTERNAL_H
#define NETROTA_SOLVER_INTERNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model/region.h"
#include "solver/solver.h"

/* Objective weights, in strict priority (docs/model.md explains the choice). */
#define SV_W_COVER 1e5    /* one uncovered slot at the default under weight
                             (NR_DEFAULT_UNDER_WEIGHT x SV_W_REQUEST) */
#define SV_W_MIN 1e4      /* one duty short of a min_duties rule, or one hour
                             short of a min_hours rule */
#define SV_W_BAND 3e3     /* one duty of a person's total outside target +-1 */
#define SV_W_TRUST 1e3    /* one duty of trust load away from its fair share */
#define SV_W_CHANGE 5e3   /* one holding of the previous plan dropped */
#define SV_W_TOTAL 2e2    /* one duty of a person's total away from their total target */
#define SV_W_PERSON 1e2   /* one duty of a person away from their target (per kind) */
#define SV_W_XMAS 5e1     /* a Christmas duty for someone who held one in the history */
#define SV_W_REQUEST 1e1  /* one unit of request weight unmet */
#define SV_W_TRAVEL 1e-2  /* one minute of travel from base site to hub, per duty */

/* An eligible pair: person may take duty. */
typedef struct sv_var {
    int person, duty, pr;
    nr_instant start;    /* duty start */
    nr_instant busy_end; /* duty end + the rota's rest hours for this person */
    nr_date date;
    double hours;
    int travel;          /* minutes base site -> hub, 0 when unknown */
    double avoid;        /* summed weight of avoid requests this duty meets */
    unsigned char prev;  /* the previous plan had this person on this duty */
    unsigned char xmas;  /* a Christmas duty and the person held one in the history */
} sv_var;

/* A person on a rota: their rules and the derived caps and targets. */
typedef struct sv_pr {
    int person, rota, comp;
    nr_rules rules;
    int cap;                       /* max_frequency cap, -1 when none */
    int n_duties[NR_DUTY_KINDS];   /* rota duties of each kind */
    int n_elig[NR_DUTY_KINDS];     /* of which this person is eligible for */
    int n_free;                    /* rota duties whose [start, end) misses their leave */
    double target[NR_DUTY_KINDS];
    double target_total;           /* sum of the kinds' targets */
    int band_lo, band_hi;          /* total within [lo, hi] costs no SV_W_BAND */
} sv_pr;

/* A trust's members on one rota. */
typedef struct sv_tg {
    int trust, rota, comp;
    double fair;
} sv_tg;

/* A want request: unmet unless the person holds one of its duties. */
typedef struct sv_want {
    int request, comp;
    double weight;
} sv_want;

typedef struct sv_data {
    const nr_region *r;
    sv_var *vars;
    size_t n_vars;
    size_t *duty_first; int *duty_var;     /* vars of each duty */
    size_t *person_first; int *person_var; /* vars of each person, by start */
    sv_pr *prs;
    size_t n_prs;
    size_t *pr_first; int *pr_var;         /* vars of each pr, by start */
    int *pr_index;                         /* [person * n_rotas + rota] -> pr or -1 */
    sv_tg *tgs;
    size_t n_tgs;
    size_t *tg_first; int *tg_pr;
    int *tg_of_pr;                         /* -1 when the person has no trust */
    sv_want *wants;
    size_t n_wants;
    size_t *want_first; int *want_var;
    int *comp_of_rota;
    size_t n_comps;
    double const_requests; /* weight of wants no eligible duty can meet */
    int *shift_cap;        /* [pr * n_shifts + shift]: cap from shift-scoped
                              overrides, NR_UNSET when none */
    bool fairness_off;     /* the region's objective without fairness */
    bool integral;         /* every plan's objective is a whole multiple of
                              SV_W_REQUEST (fairness off, whole weights and
                              hours, no travel): a bound may be rounded up */
    size_t *prev_lost;     /* per component: previous holdings with no pair now */
} sv_data;

/* history and previous may be NULL; both must have been checked against r
 * (sv_check_inputs). */
int sv_data_build(const nr_region *r, const nr_history *history, const nr_plan *previous, sv_data *D);

/* Report (all of) a history or previous plan that does not fit r.
 * Returns 0 or NR_EINPUT. */
int sv_check_inputs(const nr_region *r, const nr_history *history, const nr_plan *previous, nr_diags *d);

/* Shift each person's targets by their history (docs/model.md, "History")
 * and flag Christmas pairs of people who held one. Runs inside
 * sv_data_build, after the plain targets and before the bands. */
int sv_apply_history(sv_data *D, const nr_history *h);
/* Flag the pairs the previous plan held; count the holdings with no pair. */
int sv_mark_previous(sv_data *D, const nr_plan *previous);

/* Does a duty starting on date count as Christmas (24 Dec - 1 Jan)? */
bool sv_is_christmas(nr_date date);
void sv_data_free(sv_data *D);

static inline int sv_comp_of_var(const sv_data *D, int v) {
    return D->comp_of_rota[D->r->duties[D->vars[v].duty].rota];
}

/* Evaluate assignment x (one byte per var) over component comp (-1: all).
 * Returns the weighted objective; fills *t when not NULL. The constant for
 * wants nobody can meet is included only for comp -1. */
double sv_evaluate(const sv_data *D, const unsigned char *x, int comp, nr_objective_terms *t);

/* Build a plan greedily for component comp (-1: all): every hard rule
 * holds, slots nobody can take stay uncovered. x is overwritten for the
 * component's vars. Returns 0 or NR_ENOMEM. */
int sv_greedy(const sv_data *D, int comp, unsigned seed, unsigned char *x);

/* Duty dates of a person on a rota as flags over the period's dates
 * (work[0 .. n_days)): does every run of duty dates with a free date of
 * the period on both sides have at least min_run dates, and every run of
 * free dates between two duty dates at least min_off? Runs touching the
 * period's first or last date are exempt; min_run / min_off < 2 are no
 * rule. */
bool sv_runs_ok(const unsigned char *work, int n_days, int min_run, int min_off);

/* Frequency cap for person on rota given how many of its duties they are
 * eligible for: ceil(share * eligible / N), or -1 when the rule is unset. */
int sv_frequency_cap(double share, int eligible, int max_frequency);

/* Rest after a duty of rota k for person p, in seconds. */
nr_instant sv_rest_seconds(const nr_rules *rules);

/* Monotonic seconds: every deadline in the solver is on this clock. */
static inline double sv_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Seconds as a GLPK tm_lim: at least 1 ms, at most INT_MAX. */
static inline int sv_ms_of(double s) {
    if (s > INT_MAX / 1000.0) return INT_MAX;
    return s <= 0 ? 1 : (int)(s * 1000.0) + 1;
}

/* Seeded hash for tie-breaking. */
unsigned sv_hash(unsigned seed, unsigned a, unsigned b);

#endif
