/*
 * curtois.h - load a Curtois & Qu staff-scheduling benchmark instance
 * (schedulingbenchmarks.org "Instance1.txt" .. "Instance24.txt") as a region.
 *
 * The file format and the benchmark's rules are described in
 * /work/shared/benchmarks/curtois/FORMAT.md; docs/curtois.md says how each
 * rule maps onto netrota's general model. In short: one rota "curtois" runs
 * every shift type every day of a period that starts on Monday 2024-01-01
 * and lasts H days (no bank holidays); each shift type starts at 12:00 local
 * time and lasts its length, so all shifts of a date overlap (one shift a
 * day); every staff member is a person with overrides on that rota
 * (max_hours, min_hours, max_consecutive, min_consecutive, min_days_off,
 * max_weekends) and a shift cap per type; days off are all-day leave; on and
 * off requests are want and avoid requests; each cover row is an nr_cover
 * for its date and shift (needed = Requirement, max = the number of staff,
 * its under and over weights); fairness is off, so the solver minimises the
 * benchmark's penalty.
 *
 * nr_curtois_load() has nr_scenario_load()'s contract: it reads, builds,
 * resolves, expands and validates; it reports every problem as FILE:LINE:COL
 * diagnostics naming the section and field, never stops at the first, and
 * never hands back a half-built region: on success *out owns a complete
 * region (warnings may be in d); on failure *out is NULL and the return is
 * negative (NR_EINPUT for bad input, NR_EIO for an unreadable file,
 * NR_ENOMEM, NR_ELIMIT for input past a hard limit).
 *
 * Reading: a trailing CR is dropped from every line, a line whose first
 * non-blank character is '#' is a comment wherever it is, a blank line or
 * the end of the file ends a section, sections may come in any order but
 * each at most once; SECTION_HORIZON, SECTION_SHIFTS, SECTION_STAFF and
 * SECTION_COVER are required, the request and days-off sections optional.
 * Numbers are plain decimal digits (no sign) within each field's range.
 *
 * Hard limits (NR_ELIMIT, with a message): the file over 16 MiB, a line over
 * 64 KiB, more than 1,000,000 lines, more than 500 shift types or 10,000
 * staff, H x shift types x staff over 2,500,000; after 100 errors reading
 * stops (NR_EINPUT). H itself must be 7..3650 and a multiple of 7.
 */
#ifndef NETROTA_IMPORT_CURTOIS_H
#define NETROTA_IMPORT_CURTOIS_H

#include "model/diag.h"
#include "model/region.h"

#define NR_CURTOIS_ROTA "curtois"     /* the one rota's id */
#define NR_CURTOIS_TRUST "curtois"    /* the one trust's and site's id */
#define NR_CURTOIS_START_MINUTE 720   /* every shift starts at 12:00 local */
#define NR_CURTOIS_MAX_DAYS 3650
#define NR_CURTOIS_MAX_FILE ((size_t)16 * 1024 * 1024)
#define NR_CURTOIS_MAX_LINE ((size_t)64 * 1024)
#define NR_CURTOIS_MAX_LINES 1000000
#define NR_CURTOIS_MAX_SHIFTS 500
#define NR_CURTOIS_MAX_STAFF 10000
#define NR_CURTOIS_MAX_CELLS 2500000L /* days x shift types x staff */
#define NR_CURTOIS_MAX_ERRORS 100

int nr_curtois_load(const char *path, nr_region **out, nr_diags *d);

#endif
