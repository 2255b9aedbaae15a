/*
 * summary.h - the result of a solve for people and programs: summary.json and
 * the readable summary that `netrota solve` prints.
 *
 * summary.json holds: status, objective, bound, gap, objective_kind,
 * penalty, penalty_bound, seconds, uncovered and surplus (counts),
 * uncovered_duties (each with its date, rota, shift, times and the reason
 * each member could not take it), the objective by term, the model's size,
 * per rota and person the duties by kind with their targets, per trust and
 * rota the load with its fair share, and, after a re-solve from an earlier
 * run, the changes against it. docs/formats.md describes every field.
 *
 * objective, bound and gap are the solver's weighted figures; when the
 * region's fairness is off (nr_region.fairness_off) they are the penalty's
 * instead (the terms a rostering benchmark scores: objective = penalty,
 * bound = penalty_bound, gap = (penalty - penalty_bound) / max(|penalty|,
 * 1e-9), 0 once the bound reaches the penalty), objective_kind says which
 * ("weighted" or "penalty"), and the weighted figures move to "weighted".
 * Written atomically (export/atomicfile.h).
 *
 * Ownership: nothing is retained; strings returned are the caller's.
 */
#ifndef NETROTA_EXPORT_SUMMARY_H
#define NETROTA_EXPORT_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/diag.h"
#include "model/plandiff.h"
#include "model/region.h"
#include "solver/solver.h"

/* The changes of a re-solve against an earlier run (netrota solve --from):
 * nr_plan_diff(previous, result) in region r. */
typedef struct nr_summary_changes {
    int64_t from_run;
    const nr_plan_change *list;
    size_t n;
} nr_summary_changes;

/* changes may be NULL: no "changes" key (a solve from scratch). */
int nr_summary_write_json_ex(const nr_region *r, const nr_solve_result *res,
                             const nr_summary_changes *changes, const char *path, nr_diags *d);
/* The JSON text itself (caller frees with free()), NULL on out of memory. */
char *nr_summary_json_ex(const nr_region *r, const nr_solve_result *res,
                         const nr_summary_changes *changes);

/* The same without changes. */
int nr_summary_write_json(const nr_region *r, const nr_solve_result *res, const char *path,
                          nr_diags *d);
char *nr_summary_json(const nr_region *r, const nr_solve_result *res);

/* The figures summary.json shows as objective, bound and gap (see above);
 * bound and gap are NAN when unknown. */
typedef struct nr_summary_figures {
    const char *kind; /* "weighted" or "penalty" */
    double objective, bound, gap;
} nr_summary_figures;
nr_summary_figures nr_summary_headline(const nr_region *r, const nr_solve_result *res);

void nr_summary_print(const nr_region *r, const nr_solve_result *res, FILE *out);

#endif
