/*
 * validate.h - checks on a resolved, expanded region that a coordinator needs
 * to hear about before solving: leave ending before it starts, leave or
 * requests outside the period (warnings), a person on a rota with no shift
 * they could ever take, a rota whose people cannot possibly cover its duties
 * under its own rules (warning with the numbers), bank holidays missing for
 * years beyond the built-in table, and the like. Also: rules nobody could
 * keep (min_consecutive or min_days_off below 1, min_consecutive above
 * max_consecutive, min_hours above max_hours, a negative max_duties: errors),
 * min_duties above what max_frequency allows at the person's share
 * (warning), shift-scoped overrides stating rules other than max_duties
 * (warning: ignored) or a negative cap (error), and cover: cover_max below
 * cover, a per-date cover entry with a negative needed or max, max below
 * needed, or a weight that is not a number (errors), and an entry outside
 * the period or on a date (and shift) on which its rota runs no duty
 * (warning: it changes nothing).
 *
 * Every problem is appended to d at the location of the offending entity.
 * Returns 0 when there are no errors (warnings allowed), NR_EINPUT otherwise.
 */
#ifndef NETROTA_MODEL_VALIDATE_H
#define NETROTA_MODEL_VALIDATE_H

#include "model/diag.h"
#include "model/region.h"

int nr_region_validate(const nr_region *r, nr_diags *d);

/* Capacity of a rota: figures shown by `netrota check` and used for the
 * capacity warning. */
typedef struct nr_rota_capacity {
    size_t duties;          /* duties of the rota in the period */
    size_t slots;           /* duties x people needed */
    size_t members;         /* people on the rota */
    double member_fte;      /* sum of the members' shares */
    double frequency;       /* average "1 in N": N = days in period * members / slots
                               (0 when there are no slots) */
    double max_possible;    /* most slots the members could take under the
                               rules (max_frequency, max_weekends,
                               min_days_between, max_hours, max_duties, leave);
                               infinite (HUGE_VAL) when unbounded */
} nr_rota_capacity;

nr_rota_capacity nr_rota_capacity_of(const nr_region *r, int rota);

#endif
