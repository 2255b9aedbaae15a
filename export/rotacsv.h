/*
 * rotacsv.h - write a plan as rota.csv: one row per person on a duty and
 * one per person a duty still lacks.
 *
 * Columns: date,rota,shift,start,end,person,trust
 *   date   the local date the duty starts (YYYY-MM-DD)
 *   start, end  ISO 8601 local time with its UTC offset (nr_london_format),
 *          e.g. 2027-03-27T17:00:00+00:00
 *   person the holder's id, trust the holder's trust id; both empty for an
 *          uncovered slot
 * A duty needs nr_duty.needed people and allows nr_duty.optional more: it
 * gets one row per held slot (people beyond those needed included) and one
 * row with no person per uncovered slot (needed - held, when positive). An
 * optional slot left empty is not uncovered and has no row, so a duty that
 * needs 1, allows 2 more and has 2 holders is 2 rows; with none, 1 row.
 * Rows come in duty order (start, rota, shift); within a duty the holders
 * in slot order, then the uncovered rows.
 * UTF-8, LF line ends. A field holding a comma, a double quote, CR or LF is
 * quoted (quotes doubled). A field that starts with = + - @ TAB CR or an
 * apostrophe gets a leading apostrophe, so that spreadsheets show it as text
 * instead of running it as a formula; import/plancsv.h removes exactly one
 * leading apostrophe from any field, so every value survives a round trip.
 *
 * nr_rotacsv_write() writes to a temporary file in the destination's folder
 * and renames it over `path` only when every byte reached the disk: on any
 * failure (a full disk included) the previous file is left as it was.
 * Returns 0, NR_EIO (with a diagnostic naming the file) or NR_ENOMEM.
 */
#ifndef NETROTA_EXPORT_ROTACSV_H
#define NETROTA_EXPORT_ROTACSV_H

#include <stdio.h>

#include "model/diag.h"
#include "model/plan.h"
#include "model/region.h"

int nr_rotacsv_write(const nr_region *r, const nr_plan *p, const char *path, nr_diags *d);

/* Write the same CSV to an open stream and flush it; `name` is used in
 * diagnostics. Returns 0, NR_EIO when a write or the flush fails, or
 * NR_EINTERNAL when the plan was not made for r. The stream stays open. */
int nr_rotacsv_fwrite(const nr_region *r, const nr_plan *p, FILE *f, const char *name,
                      nr_diags *d);

#endif
