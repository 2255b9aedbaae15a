/* Per-duty set difference of two plans, paired in slot order. */
#include "model/plandiff.h"

#include <stdbool.h>
#include <stdlib.h>

static bool fits(const nr_region *r, const nr_plan *p) {
    /* Slot counts alone would let a plan whose offsets start past 0 or run
     * past n_slots through, and holds() would then read beyond holder[]. */
    if (!p || p->n_duties != r->n_duties || !p->first_slot || !p->holder || p->first_slot[0] != 0)
        return false;
    for (size_t i = 0; i < r->n_duties; i++) {
        size_t needed = r->duties[i].needed > 0 ? (size_t)r->duties[i].needed : 0;
        if (p->first_slot[i + 1] < p->first_slot[i] ||
            p->first_slot[i + 1] - p->first_slot[i] != needed)
            return false;
    }
    return p->first_slot[r->n_duties] == p->n_slots;
}

static bool holds(const nr_plan *p, size_t duty, int person) {
    for (size_t s = p->first_slot[duty]; s < p->first_slot[duty + 1]; s++)
        if (p->holder[s] == person) return true;
    return false;
}

/* The i-th holder of duty in a that b lacks (NR_UNSET once there are no
 * more), counting a person once even if a holds them twice. */
static int nth_missing(const nr_plan *a, const nr_plan *b, size_t duty, size_t nth) {
    size_t seen = 0;
    for (size_t s = a->first_slot[duty]; s < a->first_slot[duty + 1]; s++) {
        int p = a->holder[s];
        if (p == NR_UNSET || holds(b, duty, p)) continue;
        bool dup = false;
        for (size_t t = a->first_slot[duty]; t < s; t++) dup |= a->holder[t] == p;
        if (dup) continue;
        if (seen++ == nth) return p;
    }
    return NR_UNSET;
}

int nr_plan_diff(const nr_region *r, const nr_plan *before, const nr_plan *after, nr_plan_change **out,
                 size_t *n, nr_diags *d) {
    *out = NULL;
    *n = 0;
    if (!fits(r, before) || !fits(r, after))
        return nr_diag_error(d, nr_loc_at(NULL, 0), "plan diff: the %s plan was not made for this region",
                             fits(r, before) ? "new" : "old");
    nr_plan_change *list = NULL;
    size_t count = 0, cap = 0;
    for (size_t i = 0; i < r->n_duties; i++) {
        for (size_t k = 0;; k++) {
            int from = nth_missing(before, after, i, k), to = nth_missing(after, before, i, k);
            if (from == NR_UNSET && to == NR_UNSET) break;
            if (count == cap) {
                size_t ncap = cap ? cap * 2 : 32;
                nr_plan_change *nl = realloc(list, ncap * sizeof *nl);
                if (!nl) {
                    free(list);
                    nr_diag_error(d, nr_loc_at(NULL, 0), "plan diff: out of memory");
                    return NR_ENOMEM;
                }
                list = nl;
                cap = ncap;
            }
            list[count++] = (nr_plan_change){.duty = i, .from = from, .to = to};
        }
    }
    *out = list;
    *n = count;
    return 0;
}
