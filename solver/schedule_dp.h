/*
 * schedule_dp.h - private: the cheapest schedule of one person by dynamic
 * programming over the period's dates (a labelling algorithm with
 * dominance), the fast path of column generation's pricing problem.
 *
 * It covers a person whose rules read date by date: every pair on the
 * same date overlaps (at most one duty a date), a pair can only clash with
 * pairs of the next date (rest, forbidden successions), one rota, no
 * minimum days between duties, and each want request names one date.
 * Under those conditions its optimum is the optimum of the person's part
 * of the MILP (sv_model_build_person) with the same pair costs; for anyone
 * else sv_dp_new says no and the caller prices with the MILP.
 *
 * No GLPK here.
 */
#ifndef NETROTA_SOLVER_SCHEDULE_DP_H
#define NETROTA_SOLVER_SCHEDULE_DP_H

#include <stdbool.h>
#include <stddef.h>

#include "solver/internal.h"

typedef struct sv_dp sv_dp;

/* Tables for person p. *out is NULL (and 0 returned) when the person does
 * not fit the conditions above. Returns 0 or NR_ENOMEM. */
int sv_dp_new(const sv_data *D, int person, sv_dp **out);

/* The schedule minimising sum of cost[v] over its pairs (cost indexed by
 * var, only the person's entries read) + unmet want weights x SV_W_REQUEST
 * + SV_W_MIN x (hours short of min_hours + duties short of min_duties),
 * every hard rule kept, when its value is below prune_at. Writes its vars
 * (in start order) to vars (room for the person's pair count) and their
 * number to *n, the value to *value; *value = HUGE_VAL and *n = 0 when
 * every schedule costs prune_at or more (HUGE_VAL: no pruning). Not exact:
 * one partial schedule per state, the cheapest, whatever resources it used
 * (a good schedule fast, every rule still kept, the least not proven).
 * Returns 0, NR_ENOMEM, or NR_ELIMIT when more than max_labels states were
 * needed (the caller then prices another way). */
int sv_dp_solve(sv_dp *dp, const double *cost, double prune_at, bool exact, size_t max_labels, double *value,
                int *vars, size_t *n);

void sv_dp_free(sv_dp *dp);

#endif
