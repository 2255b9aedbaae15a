#include "model/plan.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/diag.h"

nr_plan *nr_plan_new(const nr_region *r) {
    nr_plan *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->n_duties = r->n_duties;
    p->first_slot = malloc((r->n_duties + 1) * sizeof *p->first_slot);
    p->needed = malloc((r->n_duties ? r->n_duties : 1) * sizeof *p->needed);
    if (!p->first_slot || !p->needed) goto fail;
    size_t s = 0;
    for (size_t i = 0; i < r->n_duties; i++) {
        const nr_duty *u = &r->duties[i];
        p->first_slot[i] = s;
        p->needed[i] = u->needed > 0 ? u->needed : 0;
        s += (size_t)p->needed[i] + (size_t)(u->optional > 0 ? u->optional : 0);
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
    p->needed = malloc((src->n_duties ? src->n_duties : 1) * sizeof *p->needed);
    if (!p->first_slot || !p->holder || !p->needed) {
        nr_plan_free(p);
        return NULL;
    }
    memcpy(p->needed, src->needed, src->n_duties * sizeof *p->needed);
    memcpy(p->first_slot, src->first_slot, (src->n_duties + 1) * sizeof *p->first_slot);
    memcpy(p->holder, src->holder, src->n_slots * sizeof *p->holder);
    return p;
}

void nr_plan_free(nr_plan *p) {
    if (!p) return;
    free(p->first_slot);
    free(p->holder);
    free(p->needed);
    free(p);
}

size_t nr_plan_held(const nr_plan *p, size_t duty) {
    size_t n = 0;
    for (size_t s = p->first_slot[duty]; s < p->first_slot[duty + 1]; s++)
        if (p->holder[s] != NR_UNSET) n++;
    return n;
}

size_t nr_plan_uncovered(const nr_plan *p) {
    size_t n = 0;
    for (size_t i = 0; i < p->n_duties; i++) {
        size_t held = nr_plan_held(p, i);
        if (held < (size_t)p->needed[i]) n += (size_t)p->needed[i] - held;
    }
    return n;
}

size_t nr_plan_surplus(const nr_plan *p) {
    size_t n = 0;
    for (size_t i = 0; i < p->n_duties; i++) {
        size_t held = nr_plan_held(p, i);
        if (held > (size_t)p->needed[i]) n += held - (size_t)p->needed[i];
    }
    return n;
}

int nr_plan_slot_optional_empty(const nr_plan *p, size_t duty, size_t slot) {
    if (p->holder[slot] != NR_UNSET) return 0;
    size_t held = nr_plan_held(p, duty);
    size_t missing = held < (size_t)p->needed[duty] ? (size_t)p->needed[duty] - held : 0;
    size_t empty_before = 0;
    for (size_t s = p->first_slot[duty]; s < slot; s++)
        if (p->holder[s] == NR_UNSET) empty_before++;
    return empty_before >= missing;
}

int nr_plan_holds(const nr_plan *p, size_t duty, int person) {
    for (size_t s = p->first_slot[duty]; s < p->first_slot[duty + 1]; s++)
        if (p->holder[s] == person) return 1;
    return 0;
}

int nr_plan_align(nr_plan *p, const nr_plan *before) {
    if (p->n_duties != before->n_duties) return NR_EINPUT;
    size_t widest = 1;
    for (size_t i = 0; i < p->n_duties; i++)
        if (p->first_slot[i + 1] - p->first_slot[i] > widest)
            widest = p->first_slot[i + 1] - p->first_slot[i];
    int *placed = malloc(widest * sizeof *placed);
    if (!placed) return NR_ENOMEM;
    for (size_t i = 0; i < p->n_duties; i++) {
        size_t first = p->first_slot[i], n = p->first_slot[i + 1] - first;
        size_t b_first = before->first_slot[i], b_n = before->first_slot[i + 1] - b_first;
        for (size_t k = 0; k < n; k++) placed[k] = NR_UNSET;
        /* Stayers first, into the slot they had (once each, should
         * `before` name someone twice). */
        for (size_t k = 0; k < n && k < b_n; k++) {
            int who = before->holder[b_first + k];
            if (who == NR_UNSET || !nr_plan_holds(p, i, who)) continue;
            bool placed_already = false;
            for (size_t j = 0; j < k && !placed_already; j++) placed_already = placed[j] == who;
            if (!placed_already) placed[k] = who;
        }
        /* Then everyone else, in their current order, into the free slots;
         * p holds at most n people, so a free slot is always there. */
        size_t free_at = 0;
        for (size_t k = 0; k < n; k++) {
            int who = p->holder[first + k];
            if (who == NR_UNSET) continue;
            bool stayed = false;
            for (size_t j = 0; j < n && !stayed; j++) stayed = placed[j] == who;
            if (stayed) continue;
            while (free_at < n && placed[free_at] != NR_UNSET) free_at++;
            if (free_at == n) break;
            placed[free_at] = who;
        }
        memcpy(p->holder + first, placed, n * sizeof *placed);
    }
    free(placed);
    return 0;
}
