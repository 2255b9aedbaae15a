/* Per-duty set difference of two plans' holdings, paired by person index;
 * holders who left the region (leavers) pair after the earlier plan's people. */
#include "model/plandiff.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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

/* Leavers by duty, each duty's in the order they were given. */
static int by_duty(const void *a, const void *b) {
    const nr_plan_leaver *x = *(const nr_plan_leaver *const *)a;
    const nr_plan_leaver *y = *(const nr_plan_leaver *const *)b;
    if (x->duty != y->duty) return (x->duty > y->duty) - (x->duty < y->duty);
    return (x > y) - (x < y); /* one array: its order */
}

/* The leavers of duty from *at on in sorted (advancing *at), each id once. */
static size_t leavers_of(const nr_plan_leaver *const *sorted, size_t n_left, size_t duty, size_t *at,
                         const char **out) {
    size_t n = 0;
    for (; *at < n_left && sorted[*at]->duty == duty; (*at)++) {
        size_t k = 0;
        while (k < n && strcmp(out[k], sorted[*at]->person) != 0) k++;
        if (k == n) out[n++] = sorted[*at]->person;
    }
    return n;
}

int nr_plan_diff(const nr_region *r, const nr_plan *before, const nr_plan *after, nr_plan_change **out,
                 size_t *n, nr_diags *d) {
    return nr_plan_diff_ex(r, before, NULL, 0, after, out, n, d);
}

int nr_plan_diff_ex(const nr_region *r, const nr_plan *before, const nr_plan_leaver *left,
                    size_t n_left, const nr_plan *after, nr_plan_change **out, size_t *n,
                    nr_diags *d) {
    *out = NULL;
    *n = 0;
    if (!fits(r, before) || !fits(r, after))
        return nr_diag_error(d, nr_loc_at(NULL, 0), "plan diff: the %s plan was not made for this region",
                             fits(r, before) ? "new" : "old");
    for (size_t k = 0; k < n_left; k++)
        if (left[k].duty >= r->n_duties || !left[k].person)
            return nr_diag_error(d, nr_loc_at(NULL, 0), "plan diff: leaver %zu names no duty of this "
                                                        "region", k);
    size_t widest = 1;
    for (size_t i = 0; i < r->n_duties; i++)
        if (before->first_slot[i + 1] - before->first_slot[i] > widest)
            widest = before->first_slot[i + 1] - before->first_slot[i];
    int *gone = malloc(widest * sizeof *gone), *come = malloc(widest * sizeof *come);
    const nr_plan_leaver **sorted = malloc((n_left ? n_left : 1) * sizeof *sorted);
    const char **gone_left = malloc((n_left ? n_left : 1) * sizeof *gone_left);
    nr_plan_change *list = NULL;
    size_t count = 0, cap = 0, at = 0;
    int rc = NR_ENOMEM;
    if (!gone || !come || !sorted || !gone_left) goto cleanup;
    for (size_t k = 0; k < n_left; k++) sorted[k] = &left[k];
    if (n_left) qsort(sorted, n_left, sizeof *sorted, by_duty);
    for (size_t i = 0; i < r->n_duties; i++) {
        size_t n_gone = missing(before, after, i, gone), n_come = missing(after, before, i, come);
        size_t n_left_here = leavers_of(sorted, n_left, i, &at, gone_left);
        for (size_t k = 0; k < n_gone + n_left_here || k < n_come; k++) {
            if (count == cap) {
                size_t ncap = cap ? cap * 2 : 32;
                nr_plan_change *nl = realloc(list, ncap * sizeof *nl);
                if (!nl) goto cleanup;
                list = nl;
                cap = ncap;
            }
            bool leaver = k >= n_gone && k < n_gone + n_left_here;
            list[count++] = (nr_plan_change){.duty = i,
                                             .from = k < n_gone ? gone[k] : NR_UNSET,
                                             .to = k < n_come ? come[k] : NR_UNSET,
                                             .from_left = leaver ? gone_left[k - n_gone] : NULL};
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
    free(sorted);
    free(gone_left);
    return rc;
}
