/*
 * solver.h - the rota MILP on GLPK: build, greedy start, search, extract.
 *
 * nr_solve() assigns people to every slot of every duty of an expanded
 * region, minimising in strict priority order (weights documented in
 * docs/model.md): uncovered slots >> min_duties shortfalls >> a person's
 * total more than one duty from target >> trust load against fair share >>
 * changes from a previous plan (when one is given) >> personal fairness
 * (total, then weekday, weekend, bank-holiday duties near FTE-weighted
 * targets, which a history of past periods shifts) >> a repeated Christmas
 * >> requests >> travel minutes. Uncovered slots are a penalised
 * slack, never infeasibility: a plan always comes back.
 *
 * Only solver/ includes <glpk.h>. GLPK's terminal output is captured and its
 * fatal errors are caught; nothing is printed by the solver itself: progress
 * goes to the caller's callback.
 *
 * Ownership: *out_result is allocated by nr_solve and freed with
 * nr_solve_result_free (accepts NULL); it owns its plan.
 */
#ifndef NETROTA_SOLVER_SOLVER_H
#define NETROTA_SOLVER_SOLVER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/diag.h"
#include "model/plan.h"
#include "model/region.h"

enum nr_solve_status {
    NR_SOLVE_OPTIMAL,     /* proven optimal (within the requested gap) and all covered */
    NR_SOLVE_FEASIBLE,    /* all covered; stopped by time limit with a gap */
    NR_SOLVE_GAPS,        /* best plan found leaves some slots uncovered (never
                             with fairness off, where an uncovered slot is just
                             a priced term and only the proof sets the status) */
    NR_SOLVE_INTERRUPTED  /* stopped by the cancel flag; best plan so far */
};
const char *nr_solve_status_name(enum nr_solve_status s); /* "optimal", "feasible", "gaps", "interrupted" */

typedef struct nr_solve_progress {
    double elapsed;   /* seconds since nr_solve started */
    double incumbent; /* objective of the best plan so far (HUGE_VAL if none) */
    double bound;     /* best proven lower bound (-HUGE_VAL if none) */
    double gap;       /* relative gap, HUGE_VAL if unknown */
    const char *phase; /* "greedy", "component 2/5", "improve", ... */
} nr_solve_progress;

/* Fairness across periods: what each person did in the published periods
 * the caller chose to look back over (the store's ledger since a date; how
 * far back is the caller's setting). Counts follow the ledger: a duty
 * starting 24 December to 1 January inclusive is counted in `christmas`
 * only, every other duty in duties[] by its nr_duty_kind. */
typedef struct nr_history_entry {
    int person;                 /* person index in the region being solved */
    int rota;                   /* rota index in that region; an entry for a rota
                                   the person is not on (or NR_UNSET) only counts
                                   for `christmas` */
    int duties[NR_DUTY_KINDS];  /* weekday, weekend, bank-holiday duties held */
    int christmas;              /* duties held starting 24 Dec - 1 Jan */
    int periods;                /* past periods the person was on the rota (>= 0;
                                   0 is read as 1 when they held duties) */
} nr_history_entry;

typedef struct nr_history {
    const nr_history_entry *entries; /* any order; several entries for one
                                        (person, rota) add up */
    size_t n;
} nr_history;

typedef struct nr_solve_options {
    double time_limit;       /* seconds for the whole solve; <= 0: no limit */
    double mip_gap;          /* relative gap at which to stop, e.g. 0.005 */
    unsigned seed;           /* tie-breaking in the heuristics; same seed, same plan */
    const char *write_mps;   /* if not NULL, write the full model as free MPS here */
    volatile sig_atomic_t *cancel; /* if not NULL and set non-zero, stop soon and
                                      return the best plan (INTERRUPTED) */
    void (*progress)(const nr_solve_progress *p, void *ctx); /* may be NULL */
    void *progress_ctx;
    double progress_interval; /* seconds between progress calls (default 1) */
    /* Fairness across periods (may be NULL): on each rota and kind the
     * targets become what brings each person's past + present duties to
     * their share of the past + present total (docs/model.md, "History"),
     * and a Christmas duty (starting 24 Dec - 1 Jan) costs extra for anyone
     * who held one in the history. */
    const nr_history *history;
    /* Minimal-change re-solve (may be NULL): a plan for THIS region (e.g. a
     * stored run read against the changed scenario), NR_UNSET where it had
     * no holder. Each of its holdings (person, duty) the new plan drops is
     * one change, costed above personal fairness; the greedy start keeps
     * every holding that is still allowed. */
    const nr_plan *previous;
    /* With the region's fairness off: stop as soon as a plan's weighted
     * objective is at most 10 x this, i.e. its penalty is at most this with
     * no rule shortfall (a benchmark's best known value). NAN: no target.
     * The status stays FEASIBLE unless the bound proves the plan too. */
    double target_penalty;
} nr_solve_options;

/* Defaults: no time limit, gap 0.005, seed 1, no MPS, no cancel, no progress,
 * no target. */
nr_solve_options nr_solve_options_default(void);

/* Objective broken down by term (the values that the weights multiply). */
typedef struct nr_objective_terms {
    double uncovered;       /* uncovered slots */
    double trust_deviation; /* sum over networks and trusts of |load - fair share| (duties) */
    double person_deviation;/* sum over people, rotas, kinds of |duties - target| */
    double requests;        /* weighted unmet wants + met avoids */
    double travel;          /* travel minutes from base site to hub, summed over duties held */
    double min_duties_short;/* duties missing below min_duties rules (soft, weighted below cover) */
    double total_deviation; /* sum over people and rotas of |all duties - total target| */
    double band_excess;     /* sum over people and rotas of duties beyond the band
                               [ceil(T - 1), floor(T + 1)] around the total target T,
                               the band narrowed to what leave and caps allow */
    double changes;         /* holdings of the previous plan dropped (0 without one) */
    double christmas_repeats; /* Christmas duties given to people who held one in the history */
    double under_cost;      /* sum over duties of under_weight x uncovered slots (request units) */
    double surplus;         /* people beyond needed, summed over duties */
    double over_cost;       /* sum over duties of over_weight x surplus (request units) */
    double min_hours_short; /* hours missing below min_hours rules (soft, priced like min_duties per hour) */
} nr_objective_terms;

/* Targets and loads, per person per rota per duty kind, and per trust per rota. */
typedef struct nr_person_load {
    int person, rota;
    double target[NR_DUTY_KINDS];
    int duties[NR_DUTY_KINDS];
} nr_person_load;

typedef struct nr_trust_load {
    int trust, rota;
    double fair_share; /* duties this trust's members should carry */
    int duties;        /* duties they carry in the plan */
} nr_trust_load;

typedef struct nr_solve_result {
    enum nr_solve_status status;
    nr_plan *plan;
    double objective;  /* weighted total */
    double bound;      /* best lower bound on the weighted total */
    double gap;        /* (objective - bound) / max(|objective|, 1e-9); 0 when optimal */
    nr_objective_terms terms;
    double seconds;
    size_t uncovered;  /* uncovered slots */
    size_t n_components;
    size_t n_variables, n_rows; /* size of the full model */
    nr_person_load *person_loads; size_t n_person_loads;
    nr_trust_load *trust_loads;   size_t n_trust_loads;
    /* The plan's cost in the scenario's own weights: requests + under_cost +
     * over_cost (what a rostering benchmark calls its objective). */
    double penalty;
    /* A proven lower bound on penalty + 1000 x (min_duties and min_hours
     * shortfalls) over all plans, when the region's fairness is off (the
     * weighted objective is then those terms plus travel, all scaled by
     * the request weight); NAN when fairness is on or nothing was proven. */
    double penalty_bound;
    size_t changes;    /* with options.previous: its holdings (person holds a slot
                          of duty) that this plan does not keep; forced ones
                          (leave, off the rota) included. 0 without. */
} nr_solve_result;

/* Solve. A previous plan whose duty/slot counts are not this region's is
 * refused with NR_EINPUT and a diagnostic, as is a history entry whose
 * person or rota index is out of range. Returns 0 with *out_result set (whatever the status), or a
 * negative NR_E* code (NR_ESOLVER when GLPK failed internally, with a
 * diagnostic) and *out_result NULL. */
int nr_solve(const nr_region *r, const nr_solve_options *opt,
             nr_solve_result **out_result, nr_diags *d);
void nr_solve_result_free(nr_solve_result *res);

/* Figures of a given plan without searching: targets, loads, fair shares
 * and the objective by term, as nr_solve would report them for that plan
 * (no history, no previous plan). Holders who could not hold a slot under
 * the hard rules (ineligible, on leave) stay in the plan; they count in no
 * term of the weighted objective, but the rota's own figures (uncovered,
 * surplus, requests, under_cost, over_cost and so penalty) count every
 * holder, as the rota stands, and a wanted duty is met by any matching
 * duty held (nr_solve: only in the component the want is attached to).
 * status is OPTIMAL, or GAPS with uncovered slots; bound and gap are NAN
 * (nothing was proven), seconds 0. The plan is copied. Returns 0, or
 * NR_EINPUT (with a diagnostic) when the plan does not fit the region,
 * NR_ENOMEM. */
int nr_solve_evaluate(const nr_region *r, const nr_plan *plan, nr_solve_result **out_result,
                      nr_diags *d);

/* The GLPK version linked in, e.g. "5.0" (a static string). */
const char *nr_solver_glpk_version(void);

/* Why could nobody take slot `slot` of duty `duty` in `plan`? One entry per
 * rota member, with the reason that person could not take it. */
enum nr_unavailable_reason {
    NR_WHY_ON_LEAVE,        /* leave overlaps the duty (or its rest margin) */
    NR_WHY_RESTING,         /* too close to another duty they hold (rest, min days between) */
    NR_WHY_OTHER_ROTA,      /* holds an overlapping duty on another rota */
    NR_WHY_FREQUENCY_CAP,   /* at their max frequency / max weekends / max hours / max consecutive */
    NR_WHY_ALREADY_ON_DUTY, /* already holds another slot of this duty */
    NR_WHY_COULD_TAKE       /* nothing prevents it (the solver preferred otherwise) */
};
const char *nr_unavailable_reason_name(enum nr_unavailable_reason w);

typedef struct nr_unavailable {
    int person;
    enum nr_unavailable_reason reason;
    char detail[160]; /* e.g. "leave 2026-12-20..2026-12-31", "holds gi-bleed-a 2026-12-24 night" */
} nr_unavailable;

/* Fill *out (caller frees with free()) with one entry per member of the
 * duty's rota. Returns 0 or NR_ENOMEM. */
int nr_explain_uncovered(const nr_region *r, const nr_plan *plan, size_t duty,
                         nr_unavailable **out, size_t *n_out);

#endif
