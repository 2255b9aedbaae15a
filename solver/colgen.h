/*
 * colgen.h - private: column generation over whole per-person schedules,
 * for a component whose objective is a sum of per-person terms and per-duty
 * cover terms (the region's fairness off: every fairness term couples
 * people, cover is then the only thing that does).
 *
 * The master problem picks one schedule per person; its rows are the duties'
 * cover rows of the compact model and one "exactly one schedule" row per
 * person. A person's pricing problem is the compact model restricted to them
 * (sv_model_build_person) with each duty's cover dual taken off its pairs, so
 * every rule of the general model holds in every column by construction.
 * Solving every pricing problem exactly gives a Lagrangian lower bound,
 * z(master LP) + the sum of each person's most negative reduced cost, valid
 * at every round; it is far stronger than the compact model's LP when the
 * rules are pattern rules (minimum runs, days off). Plans come from the
 * columns found: a dive, descents, the master as a MIP.
 *
 * Every function that calls GLPK must run inside solve.c's GLPK boundary;
 * sv_colgen_free(cg, false) releases only our own memory after a GLPK
 * failure (GLPK's environment, with its problems, is then already gone).
 */
#ifndef NETROTA_SOLVER_COLGEN_H
#define NETROTA_SOLVER_COLGEN_H

#include <signal.h>
#include <stdbool.h>

#include "solver/internal.h"

typedef struct sv_colgen sv_colgen;

/* How long a call may run and who hears about it. */
typedef struct sv_colgen_clock {
    double end;                        /* CLOCK_MONOTONIC seconds */
    volatile sig_atomic_t *cancel;     /* may be NULL */
    /* After each round, with the best bound (-HUGE_VAL when it proves none:
     * the dive's fixings and the master MIP tick too); may be NULL. */
    void (*tick)(void *ctx, double bound);
    void *ctx;
} sv_colgen_clock;

/* Does column generation fit D: fairness off, and every want request's
 * pairs belong to one person? */
bool sv_colgen_applies(const sv_data *D);

/* Build the pricing problems of the component's people and the empty
 * master. Returns 0 or NR_ENOMEM. */
int sv_colgen_new(const sv_data *D, int comp, sv_colgen **out);

/* Add each person's schedule in plan x (one byte per var) as a column
 * (a schedule already present is not added twice); it becomes the start
 * that sv_colgen_plan hands to the MIP. Returns 0, NR_ENOMEM, or
 * NR_EINTERNAL when a schedule breaks its person's rules. */
int sv_colgen_add_plan(sv_colgen *cg, const unsigned char *x);

/* Rounds of master LP and pricing until no column prices out, the clock
 * runs out or the bound reaches stop_at (a weighted objective: nothing
 * below it matters). *bound gets the best Lagrangian bound on the
 * component's weighted objective (-HUGE_VAL when no round priced everyone
 * to optimality); *converged says whether the master LP is proven optimal
 * over all schedules. Returns 0 or NR_ENOMEM. */
int sv_colgen_bound(sv_colgen *cg, const sv_colgen_clock *clock, double stop_at, double *bound, bool *converged);

/* A plan from the columns found: two descents (one person at a time to
 * the column that lowers the total most), from the plan last added and
 * from each person's largest column in the master LP; the better one is
 * injected into the master solved as a MIP until the clock. Writes the
 * better of the descent's and the MIP's plans into x (the component's
 * pairs; other vars untouched) and sets *found. Returns 0 or NR_ENOMEM. */
int sv_colgen_plan(sv_colgen *cg, const sv_colgen_clock *clock, unsigned char *x, bool *found);

/* A dive: fix the columns the master LP takes whole and its largest
 * fractional one (seed 0; another seed: one of its three largest), price cheap rounds and then an exact one around them,
 * repeat until everyone has a schedule. A fixing that leaves the LP
 * infeasible (too many people on a duty) or raises it by more than a
 * penalty unit is taken back and its column ruled out (a fifth of the
 * people, at least 3, such take-backs a dive). Out of take-backs, with
 * by_pairs the people left go on by pairs: each step forces one (person,
 * duty) pair, pricing keeps to the forced and forbidden pairs, and a forced
 * pair that raises the LP by more than a penalty unit is forbidden instead
 * (see sv_colgen_set_second_opinion); a person is fixed when the
 * LP takes one of their columns whole. Without by_pairs they go on by whole
 * schedules, each fixing kept whatever it costs the LP.
 * Out of time, the people left take the descent's columns (see
 * sv_colgen_plan). Writes the plan's pairs of the component into x and
 * sets *found. Every fixing is undone on return. Before its first fixing,
 * and whenever pricing has doubled the columns since, it drops those least
 * likely to be wanted (each person keeps their 40 of least reduced cost,
 * the basic ones, the plan's, the fixed and the ruled out): the master LP
 * dominates a dive on large instances. Returns 0, NR_ENOMEM, or
 * NR_EINTERNAL when dropping columns lost a fixing (a bug). */
int sv_colgen_dive(sv_colgen *cg, const sv_colgen_clock *clock, unsigned seed, bool by_pairs, unsigned char *x,
                   bool *found);

/* The master LP's solution as pair values: xlp[v] is the share of v's
 * person's schedules that hold v, for every var of the component's people
 * (other entries untouched). A master LP that the clock cut short (or
 * that has columns since) is solved again until `end`. Returns false,
 * writing nothing, when it has no optimal solution by then. */
bool sv_colgen_lp_values(sv_colgen *cg, double end, double *xlp);

/* Schedule columns whose bounds are not the master's own [0, inf). */
int sv_colgen_fixed_columns(const sv_colgen *cg);

/* Schedule columns in the master (a dive drops the least promising). */
int sv_colgen_columns(const sv_colgen *cg);

/* How many fixings a dive may take back before it goes on by pairs
 * (n < 0: a fifth of the people, at least 3, the default); for tests. */
void sv_colgen_set_take_backs(sv_colgen *cg, int n);

/* Dives for a second opinion (on) or as by default (off). A second
 * opinion's dives re-solve the master LP by the dual simplex after a whole
 * column's take-back and after a dive that took no step by pairs (by
 * default, and after pairs are freed, the primal one), and of a pair whose
 * forcing and forbidding both raise the LP keep the lesser rise (by
 * default, the forbidding). The two lead the dives to different plans and
 * neither is the better everywhere: by default Curtois Instance12's first
 * dive reaches the optimum, and as a second opinion Instance6's master MIP
 * does (docs/performance.md). */
void sv_colgen_set_second_opinion(sv_colgen *cg, bool on);

/* The last dive's master LPs that the primal simplex solved, where the dual
 * one would have, because bounds had been loosened; for tests. */
int sv_colgen_primal_restarts(const sv_colgen *cg);

/* The steps the last dive took by pairs (0: it fixed whole schedules only). */
int sv_colgen_pair_steps(const sv_colgen *cg);

void sv_colgen_free(sv_colgen *cg, bool glpk_alive);

#endif
