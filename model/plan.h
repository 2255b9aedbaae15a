/*
 * plan.h - a rota as assigned: who holds each slot of each duty.
 *
 * The one result type shared by the solver, the rule checker, the exports
 * and the store. Duty i of the region has slots first_slot[i] ..
 * first_slot[i+1]-1: one per person needed plus one per optional extra
 * person (nr_duty.optional); holder[s] is a person index or NR_UNSET for an
 * empty slot. Slot order carries no meaning: a duty is covered when at
 * least needed[i] of its slots are held, and every held slot beyond that is
 * a surplus. A plan belongs to the region it was made for and is
 * meaningless with another.
 *
 * Ownership: nr_plan_new() returns a plan the caller frees with
 * nr_plan_free(), which accepts NULL.
 */
#ifndef NETROTA_MODEL_PLAN_H
#define NETROTA_MODEL_PLAN_H

#include <stddef.h>

#include "model/region.h"

typedef struct nr_plan {
    size_t n_duties;
    size_t n_slots;
    size_t *first_slot; /* n_duties + 1 entries */
    int *holder;        /* n_slots entries: person index or NR_UNSET */
    int *needed;        /* n_duties entries: people the duty needs */
} nr_plan;

/* An empty plan (every slot uncovered) for an expanded region. */
nr_plan *nr_plan_new(const nr_region *r);
nr_plan *nr_plan_clone(const nr_plan *p);
void nr_plan_free(nr_plan *p);

/* People missing below needed, summed over duties (uncovered slots). */
size_t nr_plan_uncovered(const nr_plan *p);
/* Held slots of duty i, and those beyond what it needs. */
size_t nr_plan_held(const nr_plan *p, size_t duty);
size_t nr_plan_surplus(const nr_plan *p);
/* Is slot s of duty i an optional one left empty (not an uncovered slot)?
 * Empty slots count as uncovered first, in slot order. */
int nr_plan_slot_optional_empty(const nr_plan *p, size_t duty, size_t slot);
/* Does person hold a slot of duty? */
int nr_plan_holds(const nr_plan *p, size_t duty, int person);

/* Reorder each duty's holders in p so that everyone who held a slot of the
 * same duty in `before` (a plan of the same region) sits in that slot
 * again; the others fill the remaining slots in their order. Holdings do
 * not change, only slot numbers: the calendar feeds name slots in their
 * UIDs, so a re-solve then updates only the events whose holder changed.
 * A duty whose slot count differs between the plans keeps the slots both
 * have. Returns 0, NR_EINPUT when the plans have different duties, or
 * NR_ENOMEM (p unchanged). */
int nr_plan_align(nr_plan *p, const nr_plan *before);

#endif
