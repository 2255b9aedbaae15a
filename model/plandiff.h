/*
 * plandiff.h - what moved between two plans of one region.
 *
 * Plans are compared by holdings, (person, duty) pairs: a duty has needed
 * + optional slots and slot order means nothing (model/plan.h), so who sits
 * in which slot never shows. For each duty, the people who held it before
 * and not after are paired, in person index order, with the people who
 * hold it after and not before: one change per pair, `from` -> `to`. A
 * holder dropped with nobody to replace them is a change to NR_UNSET (the
 * duty has one person fewer: a slot uncovered, or a surplus gone); a holder
 * added with nobody replaced is a change from NR_UNSET (a slot filled, or
 * a person beyond those needed). The number of changes with from !=
 * NR_UNSET is nr_solve_result.changes when `after` was solved with
 * `before` as the previous plan.
 *
 * A holding of the earlier plan by someone who is no longer in the region
 * (removed since that plan was stored: store/'s nr_store_carry_plan lists
 * them) cannot be in `before`, which holds person indices. Passed to
 * nr_plan_diff_ex as leavers, each is one more holder dropped from its
 * duty, paired after the people of `before`: a change with from ==
 * NR_UNSET and from_left naming them, so a list does not show their duty
 * as empty before.
 *
 * Ownership: *out is the caller's to free() (NULL when there are none);
 * a change's from_left points into the leavers passed in and is valid as
 * long as they are.
 */
#ifndef NETROTA_MODEL_PLANDIFF_H
#define NETROTA_MODEL_PLANDIFF_H

#include <stddef.h>

#include "model/diag.h"
#include "model/plan.h"
#include "model/region.h"

/* A holder of duty `duty` (an index in the region) in the earlier plan
 * whose person is not in the region: their id as it was stored. */
typedef struct nr_plan_leaver {
    size_t duty;
    const char *person;
} nr_plan_leaver;

typedef struct nr_plan_change {
    size_t duty;           /* duty index in the region (date, rota, shift from it) */
    int from;              /* person index, or NR_UNSET: nobody was replaced, or a leaver */
    int to;                /* person index, or NR_UNSET: nobody took their place */
    const char *from_left; /* from == NR_UNSET: the leaver who held it, or NULL */
} nr_plan_change;

/* Changes in duty order. Returns 0, NR_EINPUT (with a diagnostic) when a
 * plan does not have the region's duties and slots (needed + optional per
 * duty), or NR_ENOMEM (with a diagnostic). */
int nr_plan_diff(const nr_region *r, const nr_plan *before, const nr_plan *after, nr_plan_change **out,
                 size_t *n, nr_diags *d);
/* The same with the n_left leavers of `before` (left may be NULL when
 * n_left is 0); a leaver's duty outside the region is NR_EINPUT. A leaver
 * listed twice for one duty counts once. */
int nr_plan_diff_ex(const nr_region *r, const nr_plan *before, const nr_plan_leaver *left,
                    size_t n_left, const nr_plan *after, nr_plan_change **out, size_t *n,
                    nr_diags *d);

#endif
