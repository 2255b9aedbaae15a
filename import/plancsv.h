/*
 * plancsv.h - read a rota.csv (export/rotacsv.h) back into a plan.
 *
 * The file is read with libcsv (through import/csvread.h): header row, columns
 * by name in any order, UTF-8 with or without BOM, CRLF accepted. Columns:
 * date, rota, shift, person (required); start, end, trust (optional, checked
 * when present and not empty). One leading apostrophe is removed from every
 * value, undoing the writer's spreadsheet-formula neutralisation.
 *
 * Each row is matched to the duty of that rota and shift that starts on that
 * date. A duty has needed + optional slots (nr_duty) and slot order means
 * nothing (model/plan.h): the rows naming a person fill the duty's slots in
 * row order, so a holder beyond those needed (a surplus) is read back as
 * one; a row with an empty person stands for a person the duty lacks and
 * fills nothing. A duty (or part of one) that no row names is uncovered, as
 * the writer leaves empty optional slots without a row. start and end, when
 * given, must be the duty's instants (any UTC offset, "Z" too: the instant
 * is compared, not the text). A trust that is not the person's draws a
 * warning.
 *
 * Errors, each reported as `FILE:LINE: error: COLUMN: message` and all
 * reported before returning: unknown rota, shift or person, a date that is
 * not YYYY-MM-DD, no duty of that rota and shift on that date, more rows for
 * a duty than it has slots (needed + optional), start or end not the duty's.
 *
 * Returns 0 with *out a plan for r that the caller frees with nr_plan_free();
 * on failure *out is NULL and the return is NR_EINPUT, NR_EIO (unreadable),
 * NR_ELIMIT (file too large) or NR_ENOMEM. r must be resolved and expanded.
 */
#ifndef NETROTA_IMPORT_PLANCSV_H
#define NETROTA_IMPORT_PLANCSV_H

#include "model/diag.h"
#include "model/plan.h"
#include "model/region.h"

int nr_plancsv_read(const nr_region *r, const char *path, nr_plan **out, nr_diags *d);

#endif
