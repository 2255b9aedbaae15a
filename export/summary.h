/*
 * summary.h - the result of a solve for people and programs: summary.json and
 * the readable summary that `netrota solve` prints.
 *
 * summary.json holds: status, objective, bound, gap, seconds, uncovered
 * (count) and uncovered_duties (each with its date, rota, shift, times and
 * the reason each member could not take it), the objective by term, the
 * model's size, per rota and person the duties by kind with their targets,
 * and per trust and rota the load with its fair share. docs/formats.md
 * describes every field. Written atomically (export/atomicfile.h).
 */
#ifndef NETROTA_EXPORT_SUMMARY_H
#define NETROTA_EXPORT_SUMMARY_H

#include <stdio.h>

#include "model/diag.h"
#include "model/region.h"
#include "solver/solver.h"

int nr_summary_write_json(const nr_region *r, const nr_solve_result *res, const char *path,
                          nr_diags *d);
/* The JSON text itself (caller frees with free()), NULL on out of memory. */
char *nr_summary_json(const nr_region *r, const nr_solve_result *res);
void nr_summary_print(const nr_region *r, const nr_solve_result *res, FILE *out);

#endif
