/* The solver's view of a region: eligible pairs, rules, targets, components. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver/internal.h"

unsigned sv_hash(unsigned seed, unsigned a, unsigned b) {
    unsigned h = seed * 0x9E3779B1u ^ (a + 0x7F4A7C15u) * 0x85EBCA77u ^ (b + 0x165667B1u) * 0xC2B2AE3Du;
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    h ^= h >> 12;
    h *= 0x297A2D39u;
    h ^= h >> 15;
    return h;
}

nr_instant sv_rest_seconds(const nr_rules *rules) {
    return rules->min_rest_hours > 0 ? (nr_instant)llround(rules->min_rest_hours * 3600.0) : 0;
}

bool sv_runs_ok(const unsigned char *work, int n_days, int min_run, int min_off) {
    int d = 0;
    while (d < n_days) {
        int e = d;
        while (e < n_days && (work[e] != 0) == (work[d] != 0)) e++;
        /* [d, e) is one run; interior when a date of the other kind lies
         * inside the period on both sides. */
        if (d > 0 && e < n_days) {
            int len = e - d;
            if (work[d] ? len < min_run : len < min_off) return false;
        }
        d = e;
    }
    return true;
}

int sv_frequency_cap(double share, int eligible, int max_frequency) {
    if (max_frequency < 1) return -1;
    return (int)ceil(share * (double)eligible / (double)max_frequency - 1e-9);
}

void sv_data_free(sv_data *D) {
    if (!D) return;
    free(D->vars);
    free(D->duty_first);
    free(D->duty_var);
    free(D->person_first);
    free(D->person_var);
    free(D->prs);
    free(D->pr_first);
    free(D->pr_var);
    free(D->pr_index);
    free(D->tgs);
    free(D->tg_first);
    free(D->tg_pr);
    free(D->tg_of_pr);
    free(D->wants);
    free(D->want_first);
    free(D->want_var);
    free(D->comp_of_rota);
    free(D->prev_lost);
    free(D->shift_cap);
    memset(D, 0, sizeof *D);
}

static int uf_find(int *parent, int a) {
    while (parent[a] != a) {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    return a;
}

/* Counting sort of vars into groups: first[g]..first[g+1] in out, keeping
 * var order (vars are created in duty start order). */
static int csr(size_t n_groups, size_t n, const int *group_of, size_t **first_out, int **out) {
    size_t *first = calloc(n_groups + 1, sizeof *first);
    int *items = malloc((n ? n : 1) * sizeof *items);
    size_t *fill = calloc(n_groups + 1, sizeof *fill);
    if (!first || !items || !fill) {
        free(first);
        free(items);
        free(fill);
        return NR_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        if (group_of[i] >= 0) first[group_of[i] + 1]++;
    for (size_t g = 0; g < n_groups; g++) first[g + 1] += first[g];
    memcpy(fill, first, (n_groups + 1) * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        if (group_of[i] >= 0) items[fill[group_of[i]]++] = (int)i;
    free(fill);
    *first_out = first;
    *out = items;
    return 0;
}

int sv_data_build(const nr_region *r, const nr_history *history, const nr_plan *previous, sv_data *D) {
    int rc = NR_ENOMEM;
    int *group = NULL, *parent = NULL;
    memset(D, 0, sizeof *D);
    D->r = r;
    const size_t np = r->n_people, nk = r->n_rotas, nd = r->n_duties;

    /* Person-rota pairs (a rota listed twice counts once). */
    size_t npk = np * nk > 0 ? np * nk : 1;
    D->pr_index = malloc(npk * sizeof *D->pr_index);
    D->prs = calloc(npk, sizeof *D->prs);
    if (!D->pr_index || !D->prs) goto cleanup;
    for (size_t i = 0; i < np * nk; i++) D->pr_index[i] = -1;
    for (size_t p = 0; p < np; p++) {
        const nr_refs *rs = &r->people[p].rotas;
        for (size_t i = 0; i < rs->count; i++) {
            int k = rs->items[i].index;
            if (k < 0 || (size_t)k >= nk || D->pr_index[p * nk + (size_t)k] >= 0) continue;
            sv_pr *pr = &D->prs[D->n_prs];
            pr->person = (int)p;
            pr->rota = k;
            pr->rules = nr_region_rules_for(r, (int)p, k);
            D->pr_index[p * nk + (size_t)k] = (int)D->n_prs++;
        }
    }

    /* Shift caps of each person-rota; 0 removes the pairs altogether. */
    D->shift_cap = malloc((D->n_prs * r->n_shifts + 1) * sizeof *D->shift_cap);
    if (!D->shift_cap) goto cleanup;
    for (size_t i = 0; i < D->n_prs; i++)
        for (size_t s = 0; s < r->n_shifts; s++)
            D->shift_cap[i * r->n_shifts + s] = nr_region_shift_cap(r, D->prs[i].person, D->prs[i].rota, (int)s);
    D->fairness_off = r->fairness_off;

    /* Components: rotas linked by a shared person. */
    parent = malloc((nk ? nk : 1) * sizeof *parent);
    D->comp_of_rota = malloc((nk ? nk : 1) * sizeof *D->comp_of_rota);
    if (!parent || !D->comp_of_rota) goto cleanup;
    for (size_t k = 0; k < nk; k++) parent[k] = (int)k;
    for (size_t i = 1; i < D->n_prs; i++)
        if (D->prs[i].person == D->prs[i - 1].person) {
            int a = uf_find(parent, D->prs[i].rota), b = uf_find(parent, D->prs[i - 1].rota);
            if (a != b) parent[a > b ? a : b] = a < b ? a : b;
        }
    for (size_t k = 0; k < nk; k++) D->comp_of_rota[k] = -1;
    for (size_t k = 0; k < nk; k++) {
        int root = uf_find(parent, (int)k);
        if (D->comp_of_rota[root] < 0) D->comp_of_rota[root] = (int)D->n_comps++;
        D->comp_of_rota[k] = D->comp_of_rota[root];
    }
    for (size_t i = 0; i < D->n_prs; i++) D->prs[i].comp = D->comp_of_rota[D->prs[i].rota];

    /* Rota duty counts by kind. */
    for (size_t i = 0; i < nd; i++) {
        const nr_duty *du = &r->duties[i];
        if (du->needed <= 0) continue;
        for (size_t p = 0; p < np; p++) {
            int pi = D->pr_index[p * nk + (size_t)du->rota];
            if (pi >= 0) D->prs[pi].n_duties[du->kind]++;
        }
    }

    /* Eligible pairs, in duty order then person order. A duty that needs
     * nobody but allows optional people has pairs too; only needed duties
     * count for the targets and the frequency cap. */
    size_t cap = 0;
    for (size_t i = 0; i < nd; i++) {
        const nr_duty *du = &r->duties[i];
        int counted = du->needed > 0;
        if (du->needed + (du->optional > 0 ? du->optional : 0) <= 0) continue;
        for (size_t p = 0; p < np; p++) {
            int pi = D->pr_index[p * nk + (size_t)du->rota];
            if (pi < 0) continue;
            sv_pr *pr = &D->prs[pi];
            nr_instant busy_end = du->end + sv_rest_seconds(&pr->rules);
            if (nr_region_on_leave(r, (int)p, du->start, busy_end)) {
                if (!nr_region_on_leave(r, (int)p, du->start, du->end)) pr->n_free += counted;
                continue;
            }
            pr->n_free += counted;
            if (D->shift_cap[(size_t)pi * r->n_shifts + (size_t)du->shift] == 0) continue;
            if (D->n_vars == cap) {
                size_t ncap = cap ? cap * 2 : 1024;
                sv_var *nv = realloc(D->vars, ncap * sizeof *nv);
                if (!nv) goto cleanup;
                D->vars = nv;
                cap = ncap;
            }
            sv_var *v = &D->vars[D->n_vars++];
            memset(v, 0, sizeof *v);
            v->person = (int)p;
            v->duty = (int)i;
            v->pr = pi;
            v->start = du->start;
            v->busy_end = busy_end;
            v->date = du->date;
            v->hours = nr_duty_hours(du);
            int base = r->people[p].base_site.index, hub = r->rotas[du->rota].hub.index;
            if (r->travel_minutes && base >= 0 && hub >= 0) {
                int m = r->travel_minutes[(size_t)base * r->n_sites + (size_t)hub];
                v->travel = m > 0 ? m : 0;
            }
            pr->n_elig[du->kind] += counted;
        }
    }

    group = calloc(D->n_vars + np + 1, sizeof *group);
    if (!group) goto cleanup;
    for (size_t v = 0; v < D->n_vars; v++) group[v] = D->vars[v].duty;
    if (csr(nd, D->n_vars, group, &D->duty_first, &D->duty_var)) goto cleanup;
    for (size_t v = 0; v < D->n_vars; v++) group[v] = D->vars[v].person;
    if (csr(np, D->n_vars, group, &D->person_first, &D->person_var)) goto cleanup;
    for (size_t v = 0; v < D->n_vars; v++) group[v] = D->vars[v].pr;
    if (csr(D->n_prs, D->n_vars, group, &D->pr_first, &D->pr_var)) goto cleanup;

    /* Caps and targets: a person's target of each kind is their share of
     * the kind's slots in proportion to share x available fraction. */
    for (size_t k = 0; k < nk; k++) {
        double slots[NR_DUTY_KINDS] = {0}, denom[NR_DUTY_KINDS] = {0};
        for (size_t i = 0; i < nd; i++)
            if (r->duties[i].rota == (int)k && r->duties[i].needed > 0)
                slots[r->duties[i].kind] += r->duties[i].needed;
        for (size_t i = 0; i < D->n_prs; i++) {
            const sv_pr *pr = &D->prs[i];
            if (pr->rota != (int)k) continue;
            for (int c = 0; c < NR_DUTY_KINDS; c++)
                if (pr->n_duties[c])
                    denom[c] += r->people[pr->person].share * pr->n_elig[c] / (double)pr->n_duties[c];
        }
        for (size_t i = 0; i < D->n_prs; i++) {
            sv_pr *pr = &D->prs[i];
            if (pr->rota != (int)k) continue;
            double share = r->people[pr->person].share;
            pr->cap = sv_frequency_cap(share, pr->n_free, pr->rules.max_frequency);
            for (int c = 0; c < NR_DUTY_KINDS; c++)
                pr->target[c] = pr->n_duties[c] && denom[c] > 0
                    ? slots[c] * share * pr->n_elig[c] / (double)pr->n_duties[c] / denom[c]
                    : 0.0;
        }
    }

    if (history && sv_apply_history(D, history)) goto cleanup;

    /* The band around a person's total target: ceil(T - 1) .. floor(T + 1),
     * i.e. T rounded either way (T +- 1 when T is whole). The floor is
     * lowered to what the person can hold at all (eligible pairs, frequency
     * cap), so leave never makes the band a fixed cost. */
    for (size_t i = 0; i < D->n_prs; i++) {
        sv_pr *pr = &D->prs[i];
        double T = pr->target[0] + pr->target[1] + pr->target[2];
        int elig = (int)(D->pr_first[i + 1] - D->pr_first[i]);
        pr->target_total = T;
        pr->band_lo = (int)ceil(T - 1 - 1e-9);
        pr->band_hi = (int)floor(T + 1 + 1e-9);
        if (pr->band_lo < 0) pr->band_lo = 0;
        if (pr->band_lo > elig) pr->band_lo = elig;
        if (pr->cap >= 0 && pr->band_lo > pr->cap) pr->band_lo = pr->cap;
    }

    /* Trust groups: one per (rota, trust) with members. */
    D->tgs = calloc(D->n_prs ? D->n_prs : 1, sizeof *D->tgs);
    D->tg_of_pr = malloc((D->n_prs ? D->n_prs : 1) * sizeof *D->tg_of_pr);
    if (!D->tgs || !D->tg_of_pr) goto cleanup;
    for (size_t k = 0; k < nk; k++)
        for (size_t t = 0; t < r->n_trusts; t++) {
            int tg = -1;
            for (size_t i = 0; i < D->n_prs; i++) {
                const sv_pr *pr = &D->prs[i];
                if (pr->rota != (int)k || r->people[pr->person].trust.index != (int)t) continue;
                if (tg < 0) {
                    tg = (int)D->n_tgs++;
                    D->tgs[tg].trust = (int)t;
                    D->tgs[tg].rota = (int)k;
                    D->tgs[tg].comp = D->comp_of_rota[k];
                }
                D->tgs[tg].fair += pr->target[0] + pr->target[1] + pr->target[2];
            }
        }
    for (size_t i = 0; i < D->n_prs; i++) {
        D->tg_of_pr[i] = -1;
        for (size_t g = 0; g < D->n_tgs; g++)
            if (D->tgs[g].rota == D->prs[i].rota &&
                D->tgs[g].trust == r->people[D->prs[i].person].trust.index)
                D->tg_of_pr[i] = (int)g;
    }
    if (csr(D->n_tgs, D->n_prs, D->tg_of_pr, &D->tg_first, &D->tg_pr)) goto cleanup;

    /* Requests: avoids become a cost on each matching pair; a want is met
     * by any matching pair of the first component that has one. Each want's
     * pairs are appended consecutively, so want_first is built as we go. */
    D->wants = calloc(r->n_requests ? r->n_requests : 1, sizeof *D->wants);
    D->want_first = calloc(r->n_requests + 1, sizeof *D->want_first);
    size_t wcap = 0, wn = 0;
    if (!D->wants || !D->want_first) goto cleanup;
    for (size_t q = 0; q < r->n_requests; q++) {
        const nr_request *rq = &r->requests[q];
        int p = rq->person.index;
        if (p < 0 || (size_t)p >= np) continue;
        int want = -1, comp = -1;
        for (size_t j = D->person_first[p]; j < D->person_first[p + 1]; j++) {
            int v = D->person_var[j];
            const nr_duty *du = &r->duties[D->vars[v].duty];
            if (du->date != rq->date) continue;
            if (rq->rota.id && rq->rota.index != du->rota) continue;
            if (rq->shift.id && rq->shift.index != du->shift) continue;
            if (!rq->want) {
                D->vars[v].avoid += rq->weight;
                continue;
            }
            int c = sv_comp_of_var(D, v);
            if (want < 0) {
                want = (int)D->n_wants++;
                comp = c;
                D->wants[want].request = (int)q;
                D->wants[want].comp = c;
                D->wants[want].weight = rq->weight;
            }
            if (c != comp) continue;
            if (wn == wcap) {
                size_t ncap = wcap ? wcap * 2 : 64;
                int *nw = realloc(D->want_var, ncap * sizeof *nw);
                if (!nw) goto cleanup;
                D->want_var = nw;
                wcap = ncap;
            }
            D->want_var[wn++] = v;
        }
        if (want >= 0) D->want_first[want + 1] = wn;
        if (rq->want && want < 0) D->const_requests += rq->weight;
    }
    /* Whole objective values (in request-weight units) let the search stop
     * once the rounded-up bound meets the incumbent. */
    D->integral = r->fairness_off;
    for (size_t q = 0; D->integral && q < r->n_requests; q++)
        D->integral = r->requests[q].weight == floor(r->requests[q].weight);
    for (size_t i = 0; D->integral && i < nd; i++)
        D->integral = r->duties[i].under_weight == floor(r->duties[i].under_weight) &&
                      r->duties[i].over_weight == floor(r->duties[i].over_weight);
    for (size_t v = 0; D->integral && v < D->n_vars; v++)
        D->integral = D->vars[v].travel == 0 && D->vars[v].hours == floor(D->vars[v].hours);
    for (size_t i = 0; D->integral && i < D->n_prs; i++)
        D->integral = D->prs[i].rules.min_hours < 0 || D->prs[i].rules.min_hours == floor(D->prs[i].rules.min_hours);
    D->prev_lost = calloc(D->n_comps + 1, sizeof *D->prev_lost);
    if (!D->prev_lost) goto cleanup;
    if (previous && sv_mark_previous(D, previous)) goto cleanup;
    rc = 0;
cleanup:
    free(group);
    free(parent);
    if (rc) sv_data_free(D);
    return rc;
}
