/*
 * scenario.h - load a scenario from disk into a region.
 *
 * A scenario is a folder holding scenario.yaml (or a path to such a YAML
 * file), plus the CSV and .ics files it names. A what-if scenario is a YAML
 * file with `extends: BASE` that states only what differs from BASE.
 * docs/scenario-format.md describes every field.
 *
 * nr_scenario_load() reads everything, resolves references, expands the
 * period into duties and validates. It reports every problem it finds (as
 * FILE:LINE diagnostics in d), never stops at the first, and never hands back
 * a half-loaded region: on success *out owns a complete region (warnings may
 * be in d); on failure *out is NULL and the return is negative (NR_EINPUT for
 * bad input, NR_EIO for an unreadable file, NR_ENOMEM, NR_ELIMIT).
 */
#ifndef NETROTA_IMPORT_SCENARIO_H
#define NETROTA_IMPORT_SCENARIO_H

#include "model/diag.h"
#include "model/region.h"

int nr_scenario_load(const char *path, nr_region **out, nr_diags *d);

#endif
