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
 * date, and fills the duty's next slot: the first row of a duty is its first
 * slot, and so on. An empty person leaves the slot uncovered, as does a duty
 * (or a slot) that no row names. start and end, when given, must be the
 * duty's instants (any UTC offset, "Z" too: the instant is compared, not the
 * text). A trust that is not the person's draws a warning.
 *
 * Errors, each reported as `FILE:LINE: error: COLUMN: message` and all
 * reported before returning: unknown rota, shift or person, a date that is
 * not YYYY-MM-DD, no duty of that rota and shift on that date, more rows for
 * a duty than it has slots, start or end not the duty's.
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
