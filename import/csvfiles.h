/*
 * csvfiles.h - the scenario's CSV files: consultants, leave, requests, travel.
 *
 * Files are read with libcsv: quoted fields, embedded commas and newlines,
 * CRLF and a UTF-8 byte order mark (as Excel writes) are all accepted. The
 * first row is a header naming the columns; columns may come in any order,
 * names are matched case-insensitively, unknown columns draw a warning and
 * missing required columns an error. Every bad row is reported as
 * `FILE:LINE: error: COLUMN: what is wrong` (LINE is the physical line where
 * the record starts) and reading carries on, so one run lists them all.
 *
 * Each function appends to r (references left unresolved: the caller runs
 * nr_region_resolve()). `path` is the file to open and is also the name used
 * in diagnostics. Returns 0, NR_EINPUT (some row was bad: what was appended
 * must be discarded with the region), NR_EIO or NR_ENOMEM.
 *
 * Columns (docs/scenario-format.md has the details):
 *   people:   id, name, trust, base_site, rotas (';'-separated), share, email
 *   leave:    person, start, end, reason   (dates: end inclusive; or local
 *             date-times YYYY-MM-DDTHH:MM, end exclusive)
 *   requests: person, date, rota, shift, type (want|avoid), weight
 *   travel:   from, to, minutes
 */
#ifndef NETROTA_IMPORT_CSVFILES_H
#define NETROTA_IMPORT_CSVFILES_H

#include "model/diag.h"
#include "model/region.h"

int nr_csv_read_people(nr_region *r, const char *path, nr_diags *d);
int nr_csv_read_leave(nr_region *r, const char *path, nr_diags *d);
int nr_csv_read_requests(nr_region *r, const char *path, nr_diags *d);
int nr_csv_read_travel(nr_region *r, const char *path, nr_diags *d);

#endif
