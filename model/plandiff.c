/* Per-duty set difference of two plans' holdings, paired by person index. */
#include "model/plandiff.h"

#include <stdbool.h>
#include <stdlib.h>

static bool fits(const nr_region *r, const nr_plan *p) {
    /* Slot counts alone would let a plan whose offsets start past 0 or run
     * past n_slots through, and holds() would then read beyond holder[]. */
    if (!p || p->n_duties != r->n_duties || !p->first_slot || !p->holder || p->first_slot[0] != 0)
        return false;
    for (size_t i = 0; i < r->n_duties; i++) {
        const nr_duty *du = &r->duties[i];
        size_t slots = (size_t)(du->needed > 0 ? du->needed : 0) +
                       (size_t)(du->optional > 0 ? du->optional : 0);
        if (p->first_slot[i + 1] < p->first_slot[i] ||
            p->first_slot[i + 1] - p->first_slot[i] != slots)
            return false;
    }
    return p->first_slot[r->n_duties] == p->n_slots;
}

static bool holds(const nr_plan *p, size_t duty, int person) {
    for (size_t s = p->first_slot[duty]; s < p->first_slot[duty + 1]; s++)
        if (p->holder[s] == person) return true;
    return false;
}

/* The people holding duty in a but not in b, each once, by person index
 * (so that neither plan's slot order shows in the pairing). */
static size_t missing(const nr_plan *a, const nr_plan *b, size_t duty, int *out) {
    size_t n = 0;
    for (size_t s = a->first_slot[duty]; s < a->first_slot[duty + 1]; s++) {
        int p = a->holder[s];
        if (p == NR_UNSET || holds(b, duty, p)) continue;
        size_t at = n;
        bool dup = false;
        while (at > 0 && out[at - 1] >= p) {
            if (out[at - 1] == p) dup = true;
            at--;
        }
        if (dup) continue;
        for (size_t k = n; k > at; k--) out[k] = out[k - 1];
        out[at] = p;
        n++;
    }
    return n;
}

int nr_plan_diff(const nr_region *r, const nr_plan *before, const nr_plan *after, nr_plan_change **out,
                 size_t *n, nr_diags *d) {
    *out = NULL;
    *n = 0;
    if (!fits(r, before) || !fits(r, after))
        return nr_diag_error(d, nr_loc_at(NULL, 0), "plan diff: the %s plan was not made for this region",
                             fits(r, before) ? "new" : "old");
    size_t widest = 1;
    for (size_t i = 0; i < r->n_duties; i++)
        if (before->first_slot[i + 1] - before->first_slot[i] > widest)
            widest = before->first_slot[i + 1] - before->first_slot[i];
    int *gone = malloc(widest * sizeof *gone), *come = malloc(widest * sizeof *come);
    nr_plan_change *list = NULL;
    size_t count = 0, cap = 0;
    int rc = NR_ENOMEM;
    if (!gone || !come) goto cleanup;
    for (size_t i = 0; i < r->n_duties; i++) {
        size_t n_gone = missing(before, after, i, gone), n_come = missing(after, before, i, come);
        for (size_t k = 0; k < n_gone || k < n_come; k++) {
            if (count == cap) {
                size_t ncap = cap ? cap * 2 : 32;
                nr_plan_change *nl = realloc(list, ncap * sizeof *nl);
                if (!nl) goto cleanup;
                list = nl;
                cap = ncap;
            }
            list[count++] = (nr_plan_change){.duty = i,
                                             .from = k < n_gone ? gone[k] : NR_UNSET,
                                             .to = k < n_come ? come[k] : NR_UNSET};
        }
    }
    *out = list;
    *n = count;
    list = NULL;
    rc = 0;
cleanup:
    if (rc) nr_diag_error(d, nr_loc_at(NULL, 0), "plan diff: out of memory");
    free(list);
    free(gone);
    free(come);
    return rc;
}
