/* The evaluator and the greedy start. Both apply exactly the hard rules the
 * MILP states (see docs/model.md), so a greedy plan is feasible for the model
 * and can be handed to GLPK as an incumbent. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver/internal.h"

static bool in_comp(const sv_data *D, int comp, int rota) {
    return comp < 0 || D->comp_of_rota[rota] == comp;
}

double sv_evaluate(const sv_data *D, const unsigned char *x, int comp, nr_objective_terms *out) {
    const nr_region *r = D->r;
    nr_objective_terms t;
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < r->n_duties; i++) {
        const nr_duty *du = &r->duties[i];
        if (!in_comp(D, comp, du->rota)) continue;
        int held = 0;
        for (size_t j = D->duty_first[i]; j < D->duty_first[i + 1]; j++) held += x[D->duty_var[j]];
        if (held < du->needed) {
            t.uncovered += du->needed - held;
            t.under_cost += du->under_weight * (du->needed - held);
        } else if (held > du->needed) {
            t.surplus += held - du->needed;
            t.over_cost += du->over_weight * (held - du->needed);
        }
    }
    for (size_t i = 0; i < D->n_prs; i++) {
        const sv_pr *pr = &D->prs[i];
        if (!in_comp(D, comp, pr->rota)) continue;
        int n[NR_DUTY_KINDS] = {0};
        double hours = 0;
        for (size_t j = D->pr_first[i]; j < D->pr_first[i + 1]; j++) {
            int v = D->pr_var[j];
            if (!x[v]) continue;
            n[r->duties[D->vars[v].duty].kind]++;
            hours += D->vars[v].hours;
        }
        if (pr->rules.min_hours > hours + 1e-9) t.min_hours_short += pr->rules.min_hours - hours;
        for (int c = 0; c < NR_DUTY_KINDS; c++) t.person_deviation += fabs(n[c] - pr->target[c]);
        int total = n[0] + n[1] + n[2];
        if (pr->rules.min_duties > total) t.min_duties_short += pr->rules.min_duties - total;
        if (D->pr_first[i + 1] > D->pr_first[i]) {
            t.total_deviation += fabs(total - pr->target_total);
            if (total > pr->band_hi) t.band_excess += total - pr->band_hi;
            if (total < pr->band_lo) t.band_excess += pr->band_lo - total;
        }
    }
    for (size_t g = 0; g < D->n_tgs; g++) {
        if (!in_comp(D, comp, D->tgs[g].rota)) continue;
        int load = 0;
        for (size_t m = D->tg_first[g]; m < D->tg_first[g + 1]; m++) {
            int i = D->tg_pr[m];
            for (size_t j = D->pr_first[i]; j < D->pr_first[i + 1]; j++) load += x[D->pr_var[j]];
        }
        t.trust_deviation += fabs(load - D->tgs[g].fair);
    }
    for (size_t w = 0; w < D->n_wants; w++) {
        if (comp >= 0 && D->wants[w].comp != comp) continue;
        bool met = false;
        for (size_t j = D->want_first[w]; j < D->want_first[w + 1]; j++) met |= x[D->want_var[j]] != 0;
        if (!met) t.requests += D->wants[w].weight;
    }
    if (comp < 0) t.requests += D->const_requests;
    for (size_t c = 0; c < D->n_comps; c++)
        if (comp < 0 || (int)c == comp) t.changes += (double)D->prev_lost[c];
    for (size_t v = 0; v < D->n_vars; v++) {
        if (comp >= 0 && sv_comp_of_var(D, (int)v) != comp) continue;
        if (D->vars[v].prev && !x[v]) t.changes++;
        if (!x[v]) continue;
        t.travel += D->vars[v].travel;
        t.requests += D->vars[v].avoid;
        t.christmas_repeats += D->vars[v].xmas;
    }
    if (out) *out = t;
    double v = SV_W_REQUEST * (t.under_cost + t.over_cost) + SV_W_MIN * (t.min_duties_short + t.min_hours_short) +
               SV_W_CHANGE * t.changes + SV_W_REQUEST * t.requests + SV_W_TRAVEL * t.travel;
    /* Without fairness the deviations are still figures, but cost nothing. */
    if (!D->fairness_off)
        v += SV_W_BAND * t.band_excess + SV_W_TRUST * t.trust_deviation + SV_W_TOTAL * t.total_deviation +
             SV_W_PERSON * t.person_deviation + SV_W_XMAS * t.christmas_repeats;
    return v;
}

typedef struct greedy {
    const sv_data *D;
    unsigned char *x;
    int *held;        /* per person, at person_first[p]: vars held */
    int *n_held;      /* per person */
    int *cnt;         /* per pr x kind */
    double *hours;    /* per pr */
    int *load;        /* per trust group */
    int *shift_cnt;   /* per pr x shift */
    unsigned char *work; /* scratch: duty dates of one pr over the period */
    unsigned char *met; /* per want */
    size_t *vw_first; int *vw; /* wants of each var */
} greedy;

static int pr_total(const greedy *g, int pr) {
    return g->cnt[pr * 3] + g->cnt[pr * 3 + 1] + g->cnt[pr * 3 + 2];
}

/* May the person of var v take its duty, given what they hold? Mirrors the
 * MILP's rows one for one. */
static bool can_take_rules(const greedy *g, int v, bool check_runs) {
    const sv_data *D = g->D;
    const sv_var *a = &D->vars[v];
    const sv_pr *pr = &D->prs[a->pr];
    const nr_duty *du = &D->r->duties[a->duty];
    const int *held = g->held + D->person_first[a->person];
    int nh = g->n_held[a->person];
    int k_between = pr->rules.min_days_between, m = pr->rules.max_consecutive;
    bool new_weekend = du->weekend != NR_UNSET;
    int weekends = 0;
    const nr_region *r = D->r;
    if (pr->cap >= 0 && pr_total(g, a->pr) + 1 > pr->cap) return false;
    if (pr->rules.max_duties >= 0 && pr_total(g, a->pr) + 1 > pr->rules.max_duties) return false;
    size_t sc_at = (size_t)a->pr * r->n_shifts + (size_t)du->shift;
    if (D->shift_cap[sc_at] >= 0 && g->shift_cnt[sc_at] + 1 > D->shift_cap[sc_at]) return false;
    if (pr->rules.max_hours >= 0 && g->hours[a->pr] + a->hours > pr->rules.max_hours + 1e-9) return false;
    for (int i = 0; i < nh; i++) {
        const sv_var *b = &D->vars[held[i]];
        if (b->start < a->busy_end && a->start < b->busy_end) return false;
        /* Forbidden successions hold across rotas. */
        int bs = r->duties[b->duty].shift;
        if (b->date == a->date - 1 && nr_region_forbids_succession(r, bs, du->shift)) return false;
        if (b->date == a->date + 1 && nr_region_forbids_succession(r, du->shift, bs)) return false;
        if (b->pr != a->pr) continue;
        int diff = abs(b->date - a->date);
        if (k_between > 0 && diff < k_between) return false;
        nr_date bw = D->r->duties[b->duty].weekend;
        if (bw != NR_UNSET && du->weekend == bw) new_weekend = false;
    }
    if (pr->rules.max_weekends >= 0 && new_weekend) {
        /* Count distinct weekends held on this rota (held is short). */
        for (int i = 0; i < nh; i++) {
            const sv_var *b = &D->vars[held[i]];
            nr_date bw = D->r->duties[b->duty].weekend;
            if (b->pr != a->pr || bw == NR_UNSET) continue;
            bool first = true;
            for (int j = 0; j < i; j++) {
                const sv_var *c = &D->vars[held[j]];
                if (c->pr == a->pr && D->r->duties[c->duty].weekend == bw) first = false;
            }
            weekends += first;
        }
        if (weekends + 1 > pr->rules.max_weekends) return false;
    }
    if (m >= 1) {
        for (nr_date s = a->date - m; s <= a->date; s++) {
            int n = 1;
            for (int i = 0; i < nh; i++) {
                const sv_var *b = &D->vars[held[i]];
                if (b->pr == a->pr && b->date >= s && b->date <= s + m) n++;
            }
            if (n > m) return false;
        }
    }
    if (check_runs && (pr->rules.min_consecutive >= 2 || pr->rules.min_days_off >= 2)) {
        /* Refuse what would leave a run too short (a run is started as a
         * block, see take_block). */
        int H = r->period_days;
        memset(g->work, 0, (size_t)(H > 0 ? H : 1));
        for (int i = 0; i < nh; i++) {
            const sv_var *b = &D->vars[held[i]];
            int at = b->date - r->period_start;
            if (b->pr == a->pr && at >= 0 && at < H) g->work[at] = 1;
        }
        int at = a->date - r->period_start;
        if (at >= 0 && at < H) g->work[at] = 1;
        if (!sv_runs_ok(g->work, H, pr->rules.min_consecutive, pr->rules.min_days_off)) return false;
    }
    return true;
}

static bool can_take(const greedy *g, int v) { return can_take_rules(g, v, true); }

/* Do the duty dates the pr of var v holds keep its run rules? */
static bool runs_ok(const greedy *g, int pr) {
    const sv_data *D = g->D;
    const nr_region *r = D->r;
    const sv_pr *P = &D->prs[pr];
    int H = r->period_days;
    memset(g->work, 0, (size_t)(H > 0 ? H : 1));
    const int *held = g->held + D->person_first[P->person];
    for (int i = 0; i < g->n_held[P->person]; i++) {
        const sv_var *b = &D->vars[held[i]];
        int at = b->date - r->period_start;
        if (b->pr == pr && at >= 0 && at < H) g->work[at] = 1;
    }
    return sv_runs_ok(g->work, H, P->rules.min_consecutive, P->rules.min_days_off);
}

static double marginal(const greedy *g, int v) {
    const sv_data *D = g->D;
    const sv_var *a = &D->vars[v];
    const sv_pr *pr = &D->prs[a->pr];
    int kind = D->r->duties[a->duty].kind;
    int n = g->cnt[a->pr * 3 + kind], total = pr_total(g, a->pr);
    double T = pr->target[kind];
    double cost = 0;
    if (!D->fairness_off) {
        cost += SV_W_PERSON * (fabs(n + 1 - T) - fabs(n - T));
        int tg = D->tg_of_pr[a->pr];
        if (tg >= 0) {
            double F = D->tgs[tg].fair;
            cost += SV_W_TRUST * (fabs(g->load[tg] + 1 - F) - fabs(g->load[tg] - F));
        }
        cost += SV_W_TOTAL * (fabs(total + 1 - pr->target_total) - fabs(total - pr->target_total));
        if (total + 1 > pr->band_hi) cost += SV_W_BAND;
        else if (total < pr->band_lo) cost -= SV_W_BAND;
        cost += SV_W_XMAS * a->xmas;
    }
    if (pr->rules.min_duties > total) cost -= SV_W_MIN;
    double short_h = pr->rules.min_hours - g->hours[a->pr];
    if (short_h > 0) cost -= SV_W_MIN * fmin(short_h, a->hours);
    cost += SV_W_REQUEST * a->avoid + SV_W_TRAVEL * a->travel;
    for (size_t j = g->vw_first[v]; j < g->vw_first[v + 1]; j++)
        if (!g->met[g->vw[j]]) cost -= SV_W_REQUEST * D->wants[g->vw[j]].weight;
    /* Spread the load: prefer whoever is furthest below their target. */
    double tt = pr->target[0] + pr->target[1] + pr->target[2];
    cost += 1e-3 * (total + 1) / (tt + 0.5);
    return cost;
}

static void take(greedy *g, int v) {
    const sv_data *D = g->D;
    const sv_var *a = &D->vars[v];
    g->x[v] = 1;
    g->held[D->person_first[a->person] + (size_t)g->n_held[a->person]++] = v;
    g->cnt[a->pr * 3 + D->r->duties[a->duty].kind]++;
    g->hours[a->pr] += a->hours;
    g->shift_cnt[(size_t)a->pr * D->r->n_shifts + (size_t)D->r->duties[a->duty].shift]++;
    if (D->tg_of_pr[a->pr] >= 0) g->load[D->tg_of_pr[a->pr]]++;
    for (size_t j = g->vw_first[v]; j < g->vw_first[v + 1]; j++) g->met[g->vw[j]] = 1;
}

/* Undo the last take of var v (it is the last one its person holds). */
static void untake(greedy *g, int v) {
    const sv_data *D = g->D;
    const sv_var *a = &D->vars[v];
    g->x[v] = 0;
    g->n_held[a->person]--;
    g->cnt[a->pr * 3 + D->r->duties[a->duty].kind]--;
    g->hours[a->pr] -= a->hours;
    g->shift_cnt[(size_t)a->pr * D->r->n_shifts + (size_t)D->r->duties[a->duty].shift]--;
    if (D->tg_of_pr[a->pr] >= 0) g->load[D->tg_of_pr[a->pr]]--;
    for (size_t j = g->vw_first[v]; j < g->vw_first[v + 1]; j++) {
        int w = g->vw[j];
        g->met[w] = 0;
        for (size_t q = D->want_first[w]; q < D->want_first[w + 1]; q++) g->met[w] |= g->x[D->want_var[q]];
    }
}

/* Under min_consecutive a lone duty inside the period is refused, so a run
 * is started as a block: v, then the same shift on the following dates
 * (duties still short of people, or with optional slots left when
 * optional, every other rule kept) until the run rules hold; all or
 * nothing. */
static bool take_block(greedy *g, int v, bool optional) {
    const sv_data *D = g->D;
    const nr_region *r = D->r;
    const sv_var *a = &D->vars[v];
    int shift = r->duties[a->duty].shift, taken[32], n = 0;
    if (!can_take_rules(g, v, false)) return false;
    take(g, v);
    taken[n++] = v;
    size_t j = D->pr_first[a->pr];
    for (nr_date d = a->date + 1; n < 32 && !runs_ok(g, a->pr); d++) {
        int next = -1;
        for (; j < D->pr_first[a->pr + 1] && D->vars[D->pr_var[j]].date <= d; j++) {
            int u = D->pr_var[j];
            const nr_duty *du = &r->duties[D->vars[u].duty];
            if (D->vars[u].date == d && du->shift == shift && next < 0) next = u;
        }
        if (next < 0 || g->x[next]) break;
        const nr_duty *du = &r->duties[D->vars[next].duty];
        int have = 0;
        for (size_t q = D->duty_first[D->vars[next].duty]; q < D->duty_first[D->vars[next].duty + 1]; q++)
            have += g->x[D->duty_var[q]];
        if (have >= du->needed + (optional ? du->optional : 0) || !can_take_rules(g, next, false)) break;
        take(g, next);
        taken[n++] = next;
    }
    if (runs_ok(g, a->pr)) return true;
    while (n > 0) untake(g, taken[--n]);
    return false;
}

typedef struct duty_key {
    double scarcity;
    nr_instant start;
    int duty;
} duty_key;

static int cmp_key(const void *pa, const void *pb) {
    const duty_key *a = pa, *b = pb;
    if (a->scarcity != b->scarcity) return a->scarcity < b->scarcity ? -1 : 1;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return (a->duty > b->duty) - (a->duty < b->duty);
}

int sv_greedy(const sv_data *D, int comp, unsigned seed, unsigned char *x) {
    const nr_region *r = D->r;
    int rc = NR_ENOMEM;
    greedy g = {0};
    duty_key *keys = NULL;
    g.D = D;
    g.x = x;
    g.held = malloc((D->n_vars ? D->n_vars : 1) * sizeof *g.held);
    g.n_held = calloc(r->n_people ? r->n_people : 1, sizeof *g.n_held);
    g.cnt = calloc(D->n_prs * 3 + 1, sizeof *g.cnt);
    g.hours = calloc(D->n_prs + 1, sizeof *g.hours);
    g.load = calloc(D->n_tgs + 1, sizeof *g.load);
    g.shift_cnt = calloc(D->n_prs * r->n_shifts + 1, sizeof *g.shift_cnt);
    g.work = calloc((size_t)(r->period_days > 0 ? r->period_days : 0) + 1, 1);
    g.met = calloc(D->n_wants + 1, 1);
    g.vw_first = calloc(D->n_vars + 1, sizeof *g.vw_first);
    g.vw = malloc((D->want_first[D->n_wants] + 1) * sizeof *g.vw);
    keys = malloc((r->n_duties + 1) * sizeof *keys);
    if (!g.held || !g.n_held || !g.cnt || !g.hours || !g.load || !g.shift_cnt || !g.work || !g.met || !g.vw_first ||
        !g.vw || !keys)
        goto cleanup;
    /* Wants of each var (reverse of want_var). */
    for (size_t j = 0; j < D->want_first[D->n_wants]; j++) g.vw_first[D->want_var[j] + 1]++;
    for (size_t v = 0; v < D->n_vars; v++) g.vw_first[v + 1] += g.vw_first[v];
    {
        size_t *fill = malloc((D->n_vars + 1) * sizeof *fill);
        if (!fill) goto cleanup;
        memcpy(fill, g.vw_first, (D->n_vars + 1) * sizeof *fill);
        for (size_t w = 0; w < D->n_wants; w++)
            for (size_t j = D->want_first[w]; j < D->want_first[w + 1]; j++) g.vw[fill[D->want_var[j]]++] = (int)w;
        free(fill);
    }
    for (size_t v = 0; v < D->n_vars; v++)
        if (comp < 0 || sv_comp_of_var(D, (int)v) == comp) x[v] = 0;

    size_t nk = 0;
    for (size_t i = 0; i < r->n_duties; i++) {
        const nr_duty *du = &r->duties[i];
        if (du->needed + du->optional <= 0 || !in_comp(D, comp, du->rota)) continue;
        keys[nk].scarcity = (double)(D->duty_first[i + 1] - D->duty_first[i]) / (du->needed > 0 ? du->needed : 0.5);
        keys[nk].start = du->start;
        keys[nk].duty = (int)i;
        nk++;
    }
    qsort(keys, nk, sizeof *keys, cmp_key);
    /* Minimal change: first keep every holding of the previous plan that the
     * rules still allow, in start order; the scarcity order then fills the rest. */
    for (size_t v = 0; v < D->n_vars; v++)
        if (D->vars[v].prev && (comp < 0 || sv_comp_of_var(D, (int)v) == comp) && can_take(&g, (int)v))
            take(&g, (int)v);
    /* Needed slots first, then optional ones where an extra person pays
     * for themselves (a want, a min_hours shortfall). */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < nk; k++) {
            int i = keys[k].duty, have = 0;
            const nr_duty *du = &r->duties[i];
            for (size_t j = D->duty_first[i]; j < D->duty_first[i + 1]; j++) have += x[D->duty_var[j]];
            int upto = pass == 0 ? du->needed : du->needed + du->optional;
            /* Taking a slot saves its under cost, or pays the over cost. */
            double gain = pass == 0 ? SV_W_REQUEST * du->under_weight : -SV_W_REQUEST * du->over_weight;
            for (int s = have; s < upto; s++) {
                int best = -1;
                double best_cost = HUGE_VAL;
                unsigned best_tie = 0;
                for (size_t j = D->duty_first[i]; j < D->duty_first[i + 1]; j++) {
                    int v = D->duty_var[j];
                    if (x[v] || !can_take(&g, v)) continue;
                    double c = marginal(&g, v);
                    if (c >= gain - 1e-9) continue;
                    unsigned tie = sv_hash(seed, (unsigned)v, 17u);
                    if (best < 0 || c < best_cost - 1e-9 || (fabs(c - best_cost) <= 1e-9 && tie < best_tie)) {
                        best = v;
                        best_cost = c;
                        best_tie = tie;
                    }
                }
                if (best < 0) {
                    /* Nobody alone: someone starting a run here? */
                    for (size_t j = D->duty_first[i]; j < D->duty_first[i + 1] && best < 0; j++) {
                        int v = D->duty_var[j];
                        const sv_pr *pr = &D->prs[D->vars[v].pr];
                        if (x[v] || pr->rules.min_consecutive < 2 || marginal(&g, v) >= gain - 1e-9) continue;
                        if (take_block(&g, v, pass == 1)) best = v;
                    }
                    if (best >= 0) continue;
                }
                if (best < 0) break;
                take(&g, best);
            }
        }
    }
    rc = 0;
cleanup:
    free(g.held);
    free(g.n_held);
    free(g.cnt);
    free(g.hours);
    free(g.load);
    free(g.shift_cnt);
    free(g.work);
    free(g.met);
    free(g.vw_first);
    free(g.vw);
    free(keys);
    return rc;
}
