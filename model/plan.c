#include "model/plan.h"

#include <stdlib.h>
#include <string.h>

nr_plan *nr_plan_new(const nr_region *r) {
    nr_plan *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->n_duties = r->n_duties;
    p->first_slot = malloc((r->n_duties + 1) * sizeof *p->first_slot);
    if (!p->first_slot) goto fail;
    size_t s = 0;
    for (size_t i = 0; i < r->n_duties; i++) {
        p->first_slot[i] = s;
        s += (size_t)(r->duties[i].needed > 0 ? r->duties[i].needed : 0);
    }
    p->first_slot[r->n_duties] = s;
    p->n_slots = s;
    p->holder = malloc((s ? s : 1) * sizeof *p->holder);
    if (!p->holder) goto fail;
    for (size_t i = 0; i < s; i++) p->holder[i] = NR_UNSET;
    return p;
fail:
    nr_plan_free(p);
    return NULL;
}

nr_plan *nr_plan_clone(const nr_plan *src) {
    nr_plan *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->n_duties = src->n_duties;
    p->n_slots = src->n_slots;
    p->first_slot = malloc((src->n_duties + 1) * sizeof *p->first_slot);
    p->holder = malloc((src->n_slots ? src->n_slots : 1) * sizeof *p->holder);
    if (!p->first_slot || !p->holder) {
        nr_plan_free(p);
        return NULL;
    }
    memcpy(p->first_slot, src->first_slot, (src->n_duties + 1) * sizeof *p->first_slot);
    memcpy(p->holder, src->holder, src->n_slots * sizeof *p->holder);
    return p;
}

void nr_plan_free(nr_plan *p) {
    if (!p) return;
    free(p->first_slot);
    free(p->holder);
    free(p);
}

size_t nr_plan_uncovered(const nr_plan *p) {
    size_t n = 0;
    for (size_t s = 0; s < p->n_slots; s++)
        if (p->holder[s] == NR_UNSET) n++;
    return n;
}

int nr_plan_holds(const nr_plan *p, size_t duty, int person) {
    for (size_t s = p->first_slot[duty]; s < p->first_slot[duty + 1]; s++)
        if (p->holder[s] == person) return 1;
    return 0;
}
