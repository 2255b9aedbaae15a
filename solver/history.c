/* Inputs from outside the period: the history of past periods (targets that
 * let people catch up, Christmas not twice) and a previous plan to stay
 * close to. docs/model.md, "History" and "Minimal change". */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver/internal.h"

bool sv_is_christmas(nr_date date) {
    int y, m, d;
    nr_date_to_ymd(date, &y, &m, &d);
    return (m == 12 && d >= 24) || (m == 1 && d == 1);
}

int sv_check_inputs(const nr_region *r, const nr_history *h, const nr_plan *prev, nr_diags *d) {
    int rc = 0;
    nr_loc none = nr_loc_at(NULL, 0);
    if (h) {
        if (h->n && !h->entries) rc = nr_diag_error(d, none, "solver: history has %zu entries but no array", h->n);
        for (size_t i = 0; h->entries && i < h->n; i++) {
            const nr_history_entry *e = &h->entries[i];
            if (e->person < 0 || (size_t)e->person >= r->n_people)
                rc = nr_diag_error(d, none, "solver: history entry %zu: person index %d is not one of the %zu people",
                                   i, e->person, r->n_people);
            if (e->rota != NR_UNSET && (e->rota < 0 || (size_t)e->rota >= r->n_rotas))
                rc = nr_diag_error(d, none, "solver: history entry %zu: rota index %d is not one of the %zu rotas", i,
                                   e->rota, r->n_rotas);
            bool negative = e->christmas < 0 || e->periods < 0;
            for (int c = 0; c < NR_DUTY_KINDS; c++) negative |= e->duties[c] < 0;
            if (negative) rc = nr_diag_error(d, none, "solver: history entry %zu: a negative count", i);
        }
    }
    if (prev) {
        bool same = prev->n_duties == r->n_duties && prev->first_slot && prev->holder;
        for (size_t i = 0; same && i < r->n_duties; i++) {
            int needed = r->duties[i].needed > 0 ? r->duties[i].needed : 0;
            int optional = r->duties[i].optional > 0 ? r->duties[i].optional : 0;
            same = prev->first_slot[i + 1] - prev->first_slot[i] == (size_t)(needed + optional);
        }
        if (!same)
            return nr_diag_error(d, none,
                                 "solver: the previous plan (%zu duties, %zu slots) was not made for this region (%zu "
                                 "duties)",
                                 prev->n_duties, prev->n_slots, r->n_duties);
        for (size_t s = 0; s < prev->n_slots; s++) {
            int p = prev->holder[s];
            if (p != NR_UNSET && (p < 0 || (size_t)p >= r->n_people))
                rc = nr_diag_error(d, none, "solver: the previous plan's slot %zu holds person index %d, not one of the "
                                   "%zu people", s, p, r->n_people);
        }
    }
    return rc;
}

/* Sum of clamp(raw - mu, 0, hi) over members is decreasing in mu: find mu
 * where it equals total (or the nearest reachable). */
static double water_level(const double *raw, const double *hi, size_t n, double total) {
    double lo_mu = -1e9, hi_mu = 1e9;
    for (int it = 0; it < 200; it++) {
        double mu = 0.5 * (lo_mu + hi_mu), sum = 0;
        for (size_t i = 0; i < n; i++) sum += fmin(fmax(raw[i] - mu, 0.0), hi[i]);
        if (sum > total) lo_mu = mu;
        else hi_mu = mu;
    }
    return 0.5 * (lo_mu + hi_mu);
}

int sv_apply_history(sv_data *D, const nr_history *h) {
    const nr_region *r = D->r;
    int rc = NR_ENOMEM;
    size_t np = D->n_prs ? D->n_prs : 1;
    double *past = calloc(np * NR_DUTY_KINDS, sizeof *past);
    int *periods = calloc(np, sizeof *periods);
    int *xmas = calloc(r->n_people + 1, sizeof *xmas);
    double *raw = malloc(np * sizeof *raw), *hi = malloc(np * sizeof *hi);
    size_t *mem = malloc(np * sizeof *mem);
    if (!past || !periods || !xmas || !raw || !hi || !mem) goto cleanup;

    for (size_t i = 0; i < h->n; i++) {
        const nr_history_entry *e = &h->entries[i];
        xmas[e->person] += e->christmas;
        if (e->rota == NR_UNSET) continue;
        int pr = D->pr_index[(size_t)e->person * r->n_rotas + (size_t)e->rota];
        if (pr < 0) continue;
        /* The ledger counts a Christmas duty only as Christmas; for the kind
         * targets it is a bank holiday (most are, and all are scarce). */
        for (int c = 0; c < NR_DUTY_KINDS; c++) past[(size_t)pr * NR_DUTY_KINDS + c] += e->duties[c];
        past[(size_t)pr * NR_DUTY_KINDS + NR_DUTY_BANK_HOLIDAY] += e->christmas;
        int held = e->duties[0] + e->duties[1] + e->duties[2] + e->christmas;
        periods[pr] += e->periods > 0 ? e->periods : held > 0 ? 1 : 0;
    }

    for (size_t k = 0; k < r->n_rotas; k++) {
        size_t n = 0;
        double share_periods = 0;
        for (size_t i = 0; i < D->n_prs; i++)
            if (D->prs[i].rota == (int)k) {
                mem[n++] = i;
                share_periods += r->people[D->prs[i].person].share * periods[i];
            }
        if (n == 0 || share_periods <= 0) continue;
        for (int c = 0; c < NR_DUTY_KINDS; c++) {
            double held = 0, slots = 0;
            for (size_t m = 0; m < n; m++) {
                held += past[mem[m] * NR_DUTY_KINDS + (size_t)c];
                slots += D->prs[mem[m]].target[c];
            }
            if (held <= 0) continue;
            /* Past duties per unit of share and period, among the people on
             * the rota now: a person's deficit is what that rate gives them
             * less what they held. Deficits sum to zero, so adding them to
             * this period's targets keeps the total; clamping to what the
             * person can hold now is re-balanced by one water level. */
            double rate = held / share_periods;
            for (size_t m = 0; m < n; m++) {
                const sv_pr *pr = &D->prs[mem[m]];
                double expect = rate * r->people[pr->person].share * periods[mem[m]];
                raw[m] = pr->target[c] + expect - past[mem[m] * NR_DUTY_KINDS + (size_t)c];
                hi[m] = pr->n_elig[c];
            }
            double mu = water_level(raw, hi, n, slots);
            for (size_t m = 0; m < n; m++) {
                double t = fmin(fmax(raw[m] - mu, 0.0), hi[m]);
                D->prs[mem[m]].target[c] = fabs(t - round(t)) < 1e-9 ? round(t) : t;
            }
        }
    }

    for (size_t v = 0; v < D->n_vars; v++) {
        sv_var *a = &D->vars[v];
        a->xmas = xmas[a->person] > 0 && sv_is_christmas(a->date);
    }
    rc = 0;
cleanup:
    free(past);
    free(periods);
    free(xmas);
    free(raw);
    free(hi);
    free(mem);
    return rc;
}

int sv_mark_previous(sv_data *D, const nr_plan *prev) {
    const nr_region *r = D->r;
    for (size_t i = 0; i < r->n_duties; i++) {
        for (size_t s = prev->first_slot[i]; s < prev->first_slot[i + 1]; s++) {
            int p = prev->holder[s];
            if (p == NR_UNSET) continue;
            bool dup = false;
            for (size_t t = prev->first_slot[i]; t < s; t++) dup |= prev->holder[t] == p;
            if (dup) continue; /* one person, one slot of a duty: the second is not a holding */
            bool found = false;
            for (size_t j = D->duty_first[i]; j < D->duty_first[i + 1]; j++) {
                int v = D->duty_var[j];
                if (D->vars[v].person == p) {
                    D->vars[v].prev = 1;
                    found = true;
                }
            }
            if (!found) D->prev_lost[D->comp_of_rota[r->duties[i].rota]]++;
        }
    }
    return 0;
}
