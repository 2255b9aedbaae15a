/*
 * report.h - report.html: the result of a solve as one self-contained page
 * for rota coordinators, on screen and on paper.
 *
 * The page holds a title (region, period, status, objective, gap, uncovered
 * slots), a legend of trust colours, a grid of dates by rota (one table per
 * month, each duty's holder named on the holder's trust colour, weekends
 * shaded, bank holidays marked, uncovered slots in red linking to their
 * reasons), inline SVG bar charts of each person's duties against target and
 * each trust's load against its fair share, and every uncovered duty with
 * the reason each rota member could not take it (nr_explain_uncovered).
 *
 * The page makes no network request: no scripts, fonts, images or links
 * outside the page, inline CSS and SVG only, and a Content-Security-Policy
 * of default-src 'none'. Every text from the scenario is HTML-escaped. The
 * output depends only on the region and the result (no clock), so the same
 * solve gives the same bytes. Print CSS: A4 landscape, a page per month,
 * colours kept; names are always shown so that it reads without colour.
 *
 * Ownership: nothing is retained; the caller owns the region, the result
 * and the FILE.
 */
#ifndef NETROTA_EXPORT_REPORT_H
#define NETROTA_EXPORT_REPORT_H

#include <stdio.h>

#include "model/diag.h"
#include "model/region.h"
#include "solver/solver.h"

/* Write the page to path atomically (export/atomicfile.h): on failure the
 * previous file is left as it was. Returns 0 or a negative NR_E* code with a
 * diagnostic (NR_EIO naming the path, NR_EINTERNAL when the result's plan
 * does not belong to the region, NR_ENOMEM). */
int nr_report_write_html(const nr_region *r, const nr_solve_result *res, const char *path,
                         nr_diags *d);

/* Write the page to an open stream. Same codes; a write error (ferror) is
 * NR_EIO with a diagnostic. */
int nr_report_html(FILE *out, const nr_region *r, const nr_solve_result *res, nr_diags *d);

#endif
