/* Labelling over dates: a label is a partial schedule up to a date, kept
 * unless another label with the same state (the date's duty or none, the
 * length of the current run, whether that run began on the first date,
 * whether the current weekend is already counted) is no worse in cost and
 * in every resource that a rule limits. */
#include "solver/schedule_dp.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct dp_opt {
    int var;
    int shift;        /* index into the binding shift caps, -1 when unlimited */
    double hours;
    nr_date weekend;  /* NR_UNSET when not a weekend duty */
    double want_miss; /* weight of the date's wants this pair does not meet */
} dp_opt;

struct sv_dp {
    int H;
    int *day_first;   /* [H + 1] into opts */
    dp_opt *opts;
    unsigned char *clash; /* per day d: [opts of d] x [opts of d + 1], flattened from clash_at[d] */
    size_t *clash_at;
    double *off_miss; /* [H] want weight unmet by taking no duty */
    nr_date *next_weekend; /* [H] least weekend of a pair after date d, or INT32_MAX */
    double constant;  /* wants with no pair */
    int max_count;    /* -1: no limit that binds */
    double max_hours; /* < 0: none that binds */
    int max_weekends; /* -1: none that binds */
    int max_run, min_run, min_off;
    int run_cap_work, run_cap_off;
    double min_hours;
    int min_duties;
    int n_caps;       /* binding shift caps */
    int *cap;         /* [n_caps] */
    int n_runs;       /* run lengths 0 .. n_runs - 1 */
};

typedef struct label {
    double cost, hours;
    int parent;       /* label index of the previous date, -1 at the start */
    int next;         /* next label in the same bucket, -1 at the end */
    int opt;          /* option index (global into opts), -1 off */
    short run;
    unsigned char border, dead;
    int count, weekends;
    nr_date last_weekend;
    int res;          /* first of n_caps counts in the count pool */
} label;

void sv_dp_free(sv_dp *dp) {
    if (!dp) return;
    free(dp->day_first);
    free(dp->opts);
    free(dp->clash);
    free(dp->clash_at);
    free(dp->off_miss);
    free(dp->next_weekend);
    free(dp->cap);
    free(dp);
}

static bool overlap(const sv_data *D, int a, int b) {
    const nr_region *r = D->r;
    nr_instant s = D->vars[a].start > D->vars[b].start ? D->vars[a].start : D->vars[b].start;
    nr_instant ea = r->duties[D->vars[a].duty].end, eb = r->duties[D->vars[b].duty].end;
    return s < (ea < eb ? ea : eb);
}

int sv_dp_new(const sv_data *D, int person, sv_dp **out) {
    *out = NULL;
    const nr_region *r = D->r;
    size_t lo = D->person_first[person], hi = D->person_first[person + 1];
    if (lo == hi) return 0;
    const int *pv = D->person_var + lo;
    size_t n = hi - lo;
    int rota = r->duties[D->vars[pv[0]].duty].rota;
    for (size_t j = 1; j < n; j++)
        if (r->duties[D->vars[pv[j]].duty].rota != rota) return 0;
    int pr_i = D->pr_index[(size_t)person * r->n_rotas + (size_t)rota];
    if (pr_i < 0) return 0;
    const sv_pr *pr = &D->prs[pr_i];
    const nr_rules *ru = &pr->rules;
    if (ru->min_days_between > 0) return 0;

    sv_dp *dp = calloc(1, sizeof *dp);
    if (!dp) return NR_ENOMEM;
    int H = dp->H = r->period_days;
    dp->day_first = calloc((size_t)H + 1, sizeof *dp->day_first);
    dp->opts = calloc(n + 1, sizeof *dp->opts);
    dp->clash_at = calloc((size_t)H + 1, sizeof *dp->clash_at);
    dp->off_miss = calloc((size_t)H + 1, sizeof *dp->off_miss);
    dp->next_weekend = calloc((size_t)H + 1, sizeof *dp->next_weekend);
    dp->cap = calloc(r->n_shifts + 1, sizeof *dp->cap);
    int *cap_of_shift = malloc((r->n_shifts + 1) * sizeof *cap_of_shift);
    if (!dp->day_first || !dp->opts || !dp->clash_at || !dp->off_miss || !dp->next_weekend || !dp->cap ||
        !cap_of_shift)
        goto oom;

    /* Limits that can bind, given the person's pairs. */
    int days_with_pairs = 0;
    double all_hours = 0;
    for (size_t j = 0; j < n; j++) {
        all_hours += D->vars[pv[j]].hours;
        if (j == 0 || D->vars[pv[j]].date != D->vars[pv[j - 1]].date) days_with_pairs++;
    }
    dp->max_count = -1;
    if (pr->cap >= 0) dp->max_count = pr->cap;
    if (ru->max_duties >= 0 && (dp->max_count < 0 || ru->max_duties < dp->max_count)) dp->max_count = ru->max_duties;
    if (dp->max_count >= days_with_pairs) dp->max_count = -1;
    dp->max_hours = ru->max_hours >= 0 && all_hours > ru->max_hours + 1e-9 ? ru->max_hours : -1;
    dp->max_weekends = ru->max_weekends;
    dp->max_run = ru->max_consecutive >= 1 ? ru->max_consecutive : 0;
    dp->min_run = ru->min_consecutive >= 2 ? ru->min_consecutive : 0;
    dp->min_off = ru->min_days_off >= 2 ? ru->min_days_off : 0;
    dp->run_cap_work = dp->max_run > dp->min_run ? dp->max_run : dp->min_run;
    if (dp->run_cap_work < 1) dp->run_cap_work = 1;
    dp->run_cap_off = dp->min_off > 1 ? dp->min_off : 1;
    dp->n_runs = (dp->run_cap_work > dp->run_cap_off ? dp->run_cap_work : dp->run_cap_off) + 1;
    dp->min_hours = ru->min_hours > 0 ? ru->min_hours : 0;
    dp->min_duties = ru->min_duties > 0 ? ru->min_duties : 0;
    for (size_t s = 0; s < r->n_shifts; s++) {
        cap_of_shift[s] = -1;
        int cap = D->shift_cap[(size_t)pr_i * r->n_shifts + s];
        if (cap < 0) continue;
        int count = 0;
        for (size_t j = 0; j < n; j++) count += r->duties[D->vars[pv[j]].duty].shift == (int)s;
        if (count <= cap) continue;
        cap_of_shift[s] = dp->n_caps;
        dp->cap[dp->n_caps++] = cap;
    }

    /* Options date by date; at most one duty a date, by overlap. */
    size_t j = 0;
    for (int d = 0; d < H; d++) {
        dp->day_first[d] = (int)j;
        nr_date date = r->period_start + d;
        if (j < n && D->vars[pv[j]].date < date) goto unfit; /* a pair before the period */
        size_t k = j;
        while (k < n && D->vars[pv[k]].date == date) k++;
        for (size_t a = j; a < k; a++)
            for (size_t b = j; b < a; b++)
                if (!overlap(D, pv[a], pv[b])) goto unfit;
        for (size_t a = j; a < k; a++) {
            const sv_var *v = &D->vars[pv[a]];
            const nr_duty *du = &r->duties[v->duty];
            dp->opts[a] = (dp_opt){pv[a], cap_of_shift[du->shift], v->hours, du->weekend, 0};
        }
        j = k;
    }
    if (j != n) goto unfit; /* a pair after the period */
    dp->day_first[H] = (int)n;

    /* Wants: each on one date. */
    for (size_t w = 0; w < D->n_wants; w++) {
        if (r->requests[D->wants[w].request].person.index != person) continue;
        double weight = SV_W_REQUEST * D->wants[w].weight;
        size_t a = D->want_first[w], b = D->want_first[w + 1];
        if (a == b) {
            dp->constant += weight;
            continue;
        }
        nr_date date = D->vars[D->want_var[a]].date;
        for (size_t q = a + 1; q < b; q++)
            if (D->vars[D->want_var[q]].date != date) goto unfit;
        int d = date - r->period_start;
        dp->off_miss[d] += weight;
        for (int o = dp->day_first[d]; o < dp->day_first[d + 1]; o++) {
            bool meets = false;
            for (size_t q = a; q < b && !meets; q++) meets = D->want_var[q] == dp->opts[o].var;
            if (!meets) dp->opts[o].want_miss += weight;
        }
    }

    /* Clashes between consecutive dates; none further apart. */
    size_t cells = 0;
    for (int d = 0; d + 1 < H; d++) {
        dp->clash_at[d] = cells;
        cells += (size_t)(dp->day_first[d + 1] - dp->day_first[d]) * (size_t)(dp->day_first[d + 2] - dp->day_first[d + 1]);
    }
    dp->clash = calloc(cells + 1, 1);
    if (!dp->clash) goto oom;
    for (int d = 0; d + 1 < H; d++) {
        int n1 = dp->day_first[d + 2] - dp->day_first[d + 1];
        for (int a = dp->day_first[d]; a < dp->day_first[d + 1]; a++) {
            const sv_var *va = &D->vars[dp->opts[a].var];
            int sa = r->duties[va->duty].shift;
            for (int b = dp->day_first[d + 1]; b < dp->day_first[d + 2]; b++) {
                const sv_var *vb = &D->vars[dp->opts[b].var];
                bool clash = va->busy_end > vb->start || nr_region_forbids_succession(r, sa, r->duties[vb->duty].shift);
                dp->clash[dp->clash_at[d] + (size_t)(a - dp->day_first[d]) * (size_t)n1 +
                          (size_t)(b - dp->day_first[d + 1])] = clash;
            }
            for (int e = d + 2; e < H; e++)
                for (int c = dp->day_first[e]; c < dp->day_first[e + 1]; c++)
                    if (va->busy_end > D->vars[dp->opts[c].var].start) goto unfit;
        }
    }
    /* Weekends still to come after each date. */
    nr_date least = INT32_MAX;
    for (int d = H; d-- > 0;) {
        dp->next_weekend[d] = least;
        for (int o = dp->day_first[d]; o < dp->day_first[d + 1]; o++)
            if (dp->opts[o].weekend != NR_UNSET && dp->opts[o].weekend < least) least = dp->opts[o].weekend;
    }
    if (dp->max_weekends >= 0) {
        int distinct = 0;
        nr_date last = NR_UNSET;
        for (size_t q = 0; q < n; q++)
            if (dp->opts[q].weekend != NR_UNSET && dp->opts[q].weekend != last) distinct++, last = dp->opts[q].weekend;
        if (distinct <= dp->max_weekends) dp->max_weekends = -1;
    }
    free(cap_of_shift);
    *out = dp;
    return 0;
unfit:
    free(cap_of_shift);
    sv_dp_free(dp);
    return 0;
oom:
    free(cap_of_shift);
    sv_dp_free(dp);
    return NR_ENOMEM;
}

typedef struct dp_run {
    const sv_dp *dp;
    label *L;
    size_t n, cap, max;
    int *pool;
    size_t pool_n, pool_cap;
    int *head;        /* bucket heads of the date being filled */
    int n_buckets;
    bool oom, limit;
    bool greedy;      /* one label a state: the cheapest, resources aside */
} dp_run;

/* Penalty a label with hours h1, count n1 may still pay that one with h2,
 * n2 does not: the soft minimums. */
static double soft_gap(const sv_dp *dp, double h1, int n1, double h2, int n2) {
    double g = 0;
    if (dp->min_hours > 0) {
        double a = fmin(h1, dp->min_hours), b = fmin(h2, dp->min_hours);
        if (b > a) g += SV_W_MIN * (b - a);
    }
    if (dp->min_duties > 0) {
        int a = n1 < dp->min_duties ? n1 : dp->min_duties, b = n2 < dp->min_duties ? n2 : dp->min_duties;
        if (b > a) g += SV_W_MIN * (b - a);
    }
    return g;
}

static bool dominates(const dp_run *R, const label *a, const label *b) {
    const sv_dp *dp = R->dp;
    if (a->cost + soft_gap(dp, a->hours, a->count, b->hours, b->count) > b->cost + 1e-9) return false;
    if (R->greedy) return true;
    if (dp->max_count >= 0 && a->count > b->count) return false;
    if (dp->max_hours >= 0 && a->hours > b->hours + 1e-9) return false;
    if (dp->max_weekends >= 0 && a->weekends > b->weekends) return false;
    for (int i = 0; i < dp->n_caps; i++)
        if (R->pool[a->res + i] > R->pool[b->res + i]) return false;
    return true;
}

/* Add label l (already in R->L[R->n]) to its bucket unless dominated. */
static void insert(dp_run *R, int bucket) {
    label *l = &R->L[R->n];
    for (int i = R->head[bucket]; i >= 0; i = R->L[i].next) {
        if (R->L[i].dead) continue;
        if (dominates(R, &R->L[i], l)) return;
    }
    for (int i = R->head[bucket]; i >= 0; i = R->L[i].next)
        if (!R->L[i].dead && dominates(R, l, &R->L[i])) R->L[i].dead = 1;
    l->next = R->head[bucket];
    R->head[bucket] = (int)R->n;
    R->n++;
    R->pool_n += (size_t)R->dp->n_caps;
}

/* Room for one more label and its counts at R->L[R->n]. */
static bool room(dp_run *R) {
    if (R->n >= R->max) {
        R->limit = true;
        return false;
    }
    if (R->n == R->cap) {
        size_t cap = R->cap ? 2 * R->cap : 1024;
        label *L = realloc(R->L, cap * sizeof *L);
        if (!L) {
            R->oom = true;
            return false;
        }
        R->L = L;
        R->cap = cap;
    }
    size_t need = R->pool_n + (size_t)R->dp->n_caps;
    if (need > R->pool_cap) {
        size_t cap = R->pool_cap ? 2 * R->pool_cap : 4096;
        while (cap < need) cap *= 2;
        int *p = realloc(R->pool, cap * sizeof *p);
        if (!p) {
            R->oom = true;
            return false;
        }
        R->pool = p;
        R->pool_cap = cap;
    }
    return true;
}

/* Bucket: (option of the date or off, run, border, current weekend counted). */
static int bucket(const sv_dp *dp, int d, int opt, int run, int border, int wk) {
    int slot = opt < 0 ? 0 : 1 + opt - dp->day_first[d];
    return ((slot * dp->n_runs + run) * 2 + border) * 2 + wk;
}

int sv_dp_solve(sv_dp *dp, const double *cost, double prune_at, bool exact, size_t max_labels, double *value,
                int *vars, size_t *n) {
    dp_run R = {.dp = dp, .max = max_labels, .greedy = !exact};
    int H = dp->H, rc = 0;
    *n = 0;
    *value = HUGE_VAL;
    /* What the dates after d cost at least (each date on its own, no rule)
     * and the most hours and duties they can add: a label that cannot end
     * below prune_at even so is dropped. */
    double *to_go = malloc(((size_t)H + 1) * 3 * sizeof *to_go);
    if (!to_go) return NR_ENOMEM;
    double *hours_to_go = to_go + H + 1, *duties_to_go = hours_to_go + H + 1;
    to_go[H - 1] = hours_to_go[H - 1] = duties_to_go[H - 1] = 0;
    for (int d = H - 1; d > 0; d--) {
        double least = dp->off_miss[d], most = 0;
        for (int o = dp->day_first[d]; o < dp->day_first[d + 1]; o++) {
            least = fmin(least, cost[dp->opts[o].var] + dp->opts[o].want_miss);
            most = fmax(most, dp->opts[o].hours);
        }
        to_go[d - 1] = to_go[d] + least;
        hours_to_go[d - 1] = hours_to_go[d] + most;
        duties_to_go[d - 1] = duties_to_go[d] + (dp->day_first[d + 1] > dp->day_first[d]);
    }
    prune_at -= dp->constant;
    int max_opts = 0;
    for (int d = 0; d < H; d++)
        if (dp->day_first[d + 1] - dp->day_first[d] > max_opts) max_opts = dp->day_first[d + 1] - dp->day_first[d];
    R.n_buckets = (max_opts + 1) * dp->n_runs * 4;
    R.head = malloc((size_t)R.n_buckets * sizeof *R.head);
    size_t *day_lo = malloc(((size_t)H + 2) * sizeof *day_lo);
    if (!R.head || !day_lo) {
        rc = NR_ENOMEM;
        goto done;
    }
    for (int d = 0; d < H; d++) {
        for (int b = 0; b < R.n_buckets; b++) R.head[b] = -1;
        /* The previous date's labels; before the first, one empty start. */
        size_t prev_lo = d == 0 ? 0 : day_lo[d - 1], prev_hi = d == 0 ? 1 : R.n;
        day_lo[d] = R.n;
        int first = dp->day_first[d], last = dp->day_first[d + 1];
        for (size_t pi = prev_lo; pi < prev_hi; pi++) {
            label start = {0};
            start.parent = -1;
            start.opt = -1;
            start.last_weekend = NR_UNSET;
            const label *p = d == 0 ? &start : &R.L[pi];
            if (d > 0 && p->dead) continue;
            bool start_of_period = d == 0;
            /* Off on date d. */
            bool off_ok = true;
            if (!start_of_period && p->opt >= 0 && dp->min_run && !p->border && p->run < dp->min_run) off_ok = false;
            for (int o = -1; o < last - first; o++) {
                int opt = o < 0 ? -1 : first + o;
                if (opt < 0 && !off_ok) continue;
                int run, border;
                if (start_of_period) {
                    run = 1;
                    border = 1;
                } else if (opt < 0) {
                    if (p->opt < 0) {
                        run = p->run + 1 > dp->run_cap_off ? dp->run_cap_off : p->run + 1;
                        border = p->border;
                    } else {
                        run = 1;
                        border = 0;
                    }
                } else if (p->opt >= 0) {
                    int n1 = last - first;
                    if (dp->clash[dp->clash_at[d - 1] + (size_t)(p->opt - dp->day_first[d - 1]) * (size_t)n1 + (size_t)o])
                        continue;
                    if (dp->max_run && p->run + 1 > dp->max_run) continue;
                    run = p->run + 1 > dp->run_cap_work ? dp->run_cap_work : p->run + 1;
                    border = p->border;
                } else {
                    if (dp->min_off && !p->border && p->run < dp->min_off) continue;
                    run = 1;
                    border = 0;
                }
                if (!room(&R)) goto done;
                if (d > 0) p = &R.L[pi]; /* room() may have moved the array */
                label *l = &R.L[R.n];
                *l = *p;
                l->parent = d == 0 ? -1 : (int)pi;
                l->opt = opt;
                l->run = (short)run;
                l->border = (unsigned char)border;
                l->dead = 0;
                l->res = (int)R.pool_n;
                if (dp->n_caps) {
                    if (d == 0) memset(R.pool + l->res, 0, (size_t)dp->n_caps * sizeof *R.pool);
                    else memcpy(R.pool + l->res, R.pool + p->res, (size_t)dp->n_caps * sizeof *R.pool);
                }
                if (opt < 0) {
                    l->cost += dp->off_miss[d];
                } else {
                    const dp_opt *op = &dp->opts[opt];
                    l->cost += cost[op->var] + op->want_miss;
                    l->count++;
                    l->hours += op->hours;
                    if (dp->max_count >= 0 && l->count > dp->max_count) continue;
                    if (dp->max_hours >= 0 && l->hours > dp->max_hours + 1e-9) continue;
                    if (op->shift >= 0 && ++R.pool[l->res + op->shift] > dp->cap[op->shift]) continue;
                    if (op->weekend != NR_UNSET && op->weekend != l->last_weekend) {
                        l->weekends++;
                        l->last_weekend = op->weekend;
                        if (dp->max_weekends >= 0 && l->weekends > dp->max_weekends) continue;
                    }
                }
                double least = l->cost + to_go[d] +
                               soft_gap(dp, l->hours + hours_to_go[d], l->count + (int)duties_to_go[d],
                                        dp->min_hours, dp->min_duties);
                if (least >= prune_at) continue;
                /* A counted weekend matters only while pairs of it remain. */
                if (l->last_weekend != NR_UNSET && l->last_weekend < dp->next_weekend[d]) l->last_weekend = NR_UNSET;
                int wk = l->last_weekend != NR_UNSET;
                insert(&R, bucket(dp, d, opt, run, border, wk));
            }
        }
    }
    day_lo[H] = R.n;
    /* The cheapest complete schedule; runs touching the last date are exempt. */
    double best = HUGE_VAL;
    int at = -1;
    for (size_t i = day_lo[H - 1]; i < R.n; i++) {
        const label *l = &R.L[i];
        if (l->dead) continue;
        double v = l->cost + soft_gap(dp, l->hours, l->count, dp->min_hours, dp->min_duties);
        if (v < best) best = v, at = (int)i;
    }
    if (at < 0 || best >= prune_at) goto done; /* nothing below prune_at */
    *value = best + dp->constant;
    for (int i = at; i >= 0; i = R.L[i].parent)
        if (R.L[i].opt >= 0) vars[(*n)++] = dp->opts[R.L[i].opt].var;
    for (size_t a = 0, b = *n; a + 1 < b; a++, b--) {
        int t = vars[a];
        vars[a] = vars[b - 1];
        vars[b - 1] = t;
    }
done:
    if (!rc && R.oom) rc = NR_ENOMEM;
    else if (!rc && R.limit) rc = NR_ELIMIT;
    free(R.L);
    free(R.pool);
    free(R.head);
    free(day_lo);
    free(to_go);
    return rc;
}
