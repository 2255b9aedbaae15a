/* The MILP of docs/model.md, written through the GLPK C API. Rows and
 * columns are collected first and handed to GLPK in one go, so that the
 * GLPK part is short and every index is known to be valid. */
#include "solver/model.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sv_builder {
    int nc, nr;
    size_t ccap, rcap;
    char *ckind;
    int *ctype, *rtype;
    double *clo, *chi, *cobj, *rlo, *rhi;
    size_t *cname, *rname;
    size_t nz, zcap;
    int *ia, *ja;
    double *ar;
    char *names;
    size_t nlen, ncap;
    bool oom;
} sv_builder;

static void builder_free(sv_builder *b) {
    if (!b) return;
    free(b->ckind);
    free(b->ctype);
    free(b->rtype);
    free(b->clo);
    free(b->chi);
    free(b->cobj);
    free(b->rlo);
    free(b->rhi);
    free(b->cname);
    free(b->rname);
    free(b->ia);
    free(b->ja);
    free(b->ar);
    free(b->names);
    free(b);
}

#define GROWV(ptr, cap, n)                                       \
    do {                                                         \
        void *np_ = realloc((ptr), (cap) * sizeof *(ptr));       \
        if (!np_) { b->oom = true; return 0; }                   \
        (ptr) = np_;                                             \
        (void)(n);                                               \
    } while (0)

static size_t add_name(sv_builder *b, const char *fmt, va_list ap) {
    char buf[64];
    int len = vsnprintf(buf, sizeof buf, fmt, ap);
    if (len < 0) len = 0;
    if ((size_t)len >= sizeof buf) len = sizeof buf - 1;
    if (b->nlen + (size_t)len + 1 > b->ncap) {
        size_t ncap = b->ncap ? b->ncap * 2 : 65536;
        while (ncap < b->nlen + (size_t)len + 1) ncap *= 2;
        char *n = realloc(b->names, ncap);
        if (!n) {
            b->oom = true;
            return 0;
        }
        b->names = n;
        b->ncap = ncap;
    }
    size_t at = b->nlen;
    memcpy(b->names + at, buf, (size_t)len + 1);
    b->nlen += (size_t)len + 1;
    return at;
}

static int add_col(sv_builder *b, char kind, int type, double lo, double hi, double obj, const char *fmt, ...)
    NR_PRINTF(7, 8);
static int add_col(sv_builder *b, char kind, int type, double lo, double hi, double obj, const char *fmt, ...) {
    if (b->oom) return 0;
    if ((size_t)b->nc + 2 > b->ccap) {
        b->ccap = b->ccap ? b->ccap * 2 : 4096;
        GROWV(b->ckind, b->ccap, 0);
        GROWV(b->ctype, b->ccap, 0);
        GROWV(b->clo, b->ccap, 0);
        GROWV(b->chi, b->ccap, 0);
        GROWV(b->cobj, b->ccap, 0);
        GROWV(b->cname, b->ccap, 0);
    }
    int j = ++b->nc;
    b->ckind[j] = kind;
    b->ctype[j] = type;
    b->clo[j] = lo;
    b->chi[j] = hi;
    b->cobj[j] = obj;
    va_list ap;
    va_start(ap, fmt);
    b->cname[j] = add_name(b, fmt, ap);
    va_end(ap);
    return j;
}

static int add_row(sv_builder *b, int type, double lo, double hi, const char *fmt, ...) NR_PRINTF(5, 6);
static int add_row(sv_builder *b, int type, double lo, double hi, const char *fmt, ...) {
    if (b->oom) return 0;
    if ((size_t)b->nr + 2 > b->rcap) {
        b->rcap = b->rcap ? b->rcap * 2 : 4096;
        GROWV(b->rtype, b->rcap, 0);
        GROWV(b->rlo, b->rcap, 0);
        GROWV(b->rhi, b->rcap, 0);
        GROWV(b->rname, b->rcap, 0);
    }
    int i = ++b->nr;
    b->rtype[i] = type;
    b->rlo[i] = lo;
    b->rhi[i] = hi;
    va_list ap;
    va_start(ap, fmt);
    b->rname[i] = add_name(b, fmt, ap);
    va_end(ap);
    return i;
}

static void coef(sv_builder *b, int row, int col, double val) {
    if (b->oom) return;
    if (b->nz + 2 > b->zcap) {
        size_t cap = b->zcap ? b->zcap * 2 : 65536;
        int *ia = realloc(b->ia, cap * sizeof *ia);
        if (ia) b->ia = ia;
        int *ja = realloc(b->ja, cap * sizeof *ja);
        if (ja) b->ja = ja;
        double *ar = realloc(b->ar, cap * sizeof *ar);
        if (ar) b->ar = ar;
        if (!ia || !ja || !ar) {
            b->oom = true;
            return;
        }
        b->zcap = cap;
    }
    b->nz++;
    b->ia[b->nz] = row;
    b->ja[b->nz] = col;
    b->ar[b->nz] = val;
}

/* Sum of x over vars[lo..hi) as the left side of a new row. */
static void row_sum(sv_builder *b, int row, const int *vars, size_t lo, size_t hi, const int *col_of_var) {
    for (size_t j = lo; j < hi; j++) coef(b, row, col_of_var[vars[j]], 1.0);
}

/* |n - T| with n = sum of the given columns: n - dp + dm = T and the
 * integer-rounding row dp + dm >= phi + (1 - 2 phi)(n - floor T). */
static void deviation(sv_builder *b, const int *cols, size_t n, double T, double w, const char *tag, int id,
                      int kind) {
    int dp = add_col(b, 'c', GLP_LO, 0, 0, w, "%sp_%d_%d", tag, id, kind);
    int dm = add_col(b, 'c', GLP_LO, 0, 0, w, "%sm_%d_%d", tag, id, kind);
    int eq = add_row(b, GLP_FX, T, T, "%s_%d_%d", tag, id, kind);
    double f = floor(T + 1e-9), phi = T - f;
    if (phi < 0) phi = 0;
    int rd = add_row(b, GLP_LO, phi - (1 - 2 * phi) * f, 0, "%sr_%d_%d", tag, id, kind);
    for (size_t j = 0; j < n; j++) {
        coef(b, eq, cols[j], 1.0);
        coef(b, rd, cols[j], -(1 - 2 * phi));
    }
    coef(b, eq, dp, -1.0);
    coef(b, eq, dm, 1.0);
    coef(b, rd, dp, 1.0);
    coef(b, rd, dm, 1.0);
}

static bool in_comp(const sv_data *D, int comp, int rota) {
    return comp < 0 || D->comp_of_rota[rota] == comp;
}

static void person_cliques(const sv_data *D, sv_builder *b, int p, const int *col_of_var) {
    const int *pv = D->person_var + D->person_first[p];
    size_t n = D->person_first[p + 1] - D->person_first[p];
    nr_instant span = 0;
    for (size_t j = 0; j < n; j++) {
        const sv_var *v = &D->vars[pv[j]];
        if (v->busy_end - v->start > span) span = v->busy_end - v->start;
    }
    int clique = 0;
    size_t i = 0;
    while (i < n) {
        nr_instant t = D->vars[pv[i]].start;
        size_t hi = i;
        while (hi < n && D->vars[pv[hi]].start == t) hi++;
        nr_instant next = hi < n ? D->vars[pv[hi]].start : INT64_MAX;
        /* S(t) = vars with start <= t < busy_end; it is maximal unless every
         * member still runs at the next start time. */
        size_t count = 0;
        bool subset_of_next = true;
        for (size_t j = hi; j-- > 0;) {
            const sv_var *v = &D->vars[pv[j]];
            if (v->start < t - span) break;
            if (v->busy_end > t) {
                count++;
                if (v->busy_end <= next) subset_of_next = false;
            }
        }
        if (count >= 2 && !subset_of_next) {
            int row = add_row(b, GLP_UP, 0, 1, "clq_%d_%d", p, clique++);
            for (size_t j = hi; j-- > 0;) {
                const sv_var *v = &D->vars[pv[j]];
                if (v->start < t - span) break;
                if (v->busy_end > t) coef(b, row, col_of_var[pv[j]], 1.0);
            }
        }
        i = hi;
    }
}

/* Rows over windows of consecutive dates: window starting at each var's
 * date covering `len` dates, at most `limit` duties, kept when it holds
 * more than `limit` vars and is not inside the previous window. */
static void date_windows(const sv_data *D, sv_builder *b, size_t pr, int len, int limit, const char *tag,
                         const int *col_of_var) {
    const int *v = D->pr_var + D->pr_first[pr];
    size_t n = D->pr_first[pr + 1] - D->pr_first[pr];
    size_t prev_end = 0, hi = 0;
    int id = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && D->vars[v[i]].date == D->vars[v[i - 1]].date) continue;
        nr_date last = D->vars[v[i]].date + len - 1;
        if (hi < i) hi = i;
        while (hi < n && D->vars[v[hi]].date <= last) hi++;
        if (hi - i > (size_t)limit && hi > prev_end) {
            int row = add_row(b, GLP_UP, 0, limit, "%s_%zu_%d", tag, pr, id++);
            row_sum(b, row, v, i, hi, col_of_var);
            prev_end = hi;
        }
    }
}

/* Does every pair of the vars overlap in [start, end)? Then at most one is
 * held (the clique rows), and their sum is a 0/1 expression. */
static bool all_overlap(const sv_data *D, const int *vars, size_t n) {
    if (n < 2) return true;
    nr_instant max_start = INT64_MIN, min_end = INT64_MAX;
    for (size_t j = 0; j < n; j++) {
        const sv_var *v = &D->vars[vars[j]];
        const nr_duty *du = &D->r->duties[v->duty];
        if (v->start > max_start) max_start = v->start;
        if (du->end < min_end) min_end = du->end;
    }
    return max_start < min_end;
}

/* Forbidden successions of one person, across rotas: for shift a on date
 * d and the shifts it forbids on d + 1, X_a(d) + sum X_b(d + 1) <= 1, with
 * X_s(d) the person's vars of shift s starting on d (same shift, same
 * times: they overlap, so X is 0/1). The b's share a row only when all
 * their duties overlap; otherwise each b gets its own row. */
static void successions(const sv_data *D, sv_builder *b, int p, const int *col_of_var) {
    const nr_region *r = D->r;
    const int *pv = D->person_var + D->person_first[p];
    size_t n = D->person_first[p + 1] - D->person_first[p];
    int id = 0;
    size_t day = 0;
    while (day < n) {
        nr_date d = D->vars[pv[day]].date;
        size_t day_end = day, next_end;
        while (day_end < n && D->vars[pv[day_end]].date == d) day_end++;
        next_end = day_end;
        while (next_end < n && D->vars[pv[next_end]].date == d + 1) next_end++;
        if (next_end == day_end) {
            day = day_end;
            continue;
        }
        for (size_t i = day; i < day_end; i++) {
            int a = r->duties[D->vars[pv[i]].duty].shift;
            bool seen = false;
            for (size_t j = day; j < i && !seen; j++) seen = r->duties[D->vars[pv[j]].duty].shift == a;
            if (seen) continue;
            int follow[64];
            size_t nf = 0;
            bool too_many = false;
            for (size_t j = day_end; j < next_end; j++)
                if (nr_region_forbids_succession(r, a, r->duties[D->vars[pv[j]].duty].shift)) {
                    if (nf < sizeof follow / sizeof *follow) follow[nf++] = pv[j];
                    else too_many = true;
                }
            if (nf == 0) continue;
            bool together = !too_many && all_overlap(D, follow, nf);
            /* Rows: one in all, or one per forbidden shift on d + 1. */
            for (size_t j = day_end; j < next_end; j++) {
                int bs = r->duties[D->vars[pv[j]].duty].shift;
                if (!nr_region_forbids_succession(r, a, bs)) continue;
                bool first = true;
                for (size_t q = day_end; q < j && first; q++) {
                    int qs = r->duties[D->vars[pv[q]].duty].shift;
                    if (together ? nr_region_forbids_succession(r, a, qs) : qs == bs) first = false;
                }
                if (!first) continue;
                int row = add_row(b, GLP_UP, 0, 1, "suc_%d_%d", p, id++);
                for (size_t q = day; q < day_end; q++)
                    if (r->duties[D->vars[pv[q]].duty].shift == a) coef(b, row, col_of_var[pv[q]], 1.0);
                for (size_t q = day_end; q < next_end; q++) {
                    int qs = r->duties[D->vars[pv[q]].duty].shift;
                    if (together ? nr_region_forbids_succession(r, a, qs) : qs == bs)
                        coef(b, row, col_of_var[pv[q]], 1.0);
                }
            }
        }
        day = day_end;
    }
}

/* Caps on one shift type for a person on a rota (cap 0 has no pairs). */
static void shift_caps(const sv_data *D, sv_builder *b, size_t pr, const int *col_of_var) {
    const nr_region *r = D->r;
    for (size_t s = 0; s < r->n_shifts; s++) {
        int cap = D->shift_cap[pr * r->n_shifts + s];
        if (cap < 0) continue;
        size_t count = 0;
        for (size_t j = D->pr_first[pr]; j < D->pr_first[pr + 1]; j++)
            count += r->duties[D->vars[D->pr_var[j]].duty].shift == (int)s;
        if (count <= (size_t)cap) continue;
        int row = add_row(b, GLP_UP, 0, cap, "scap_%zu_%zu", pr, s);
        for (size_t j = D->pr_first[pr]; j < D->pr_first[pr + 1]; j++)
            if (r->duties[D->vars[D->pr_var[j]].duty].shift == (int)s) coef(b, row, col_of_var[D->pr_var[j]], 1.0);
    }
}

/* The work indicator of each date of the period for one person-rota, as
 * columns: the date's x when its duties all overlap (at most one is held),
 * else a binary w with w >= each x and w <= sum x. */
typedef struct wexpr {
    int *first; /* n_days + 1 */
    int *cols;
} wexpr;

static bool work_exprs(const sv_data *D, sv_builder *b, size_t pr, const int *col_of_var, wexpr *W) {
    const nr_region *r = D->r;
    int H = r->period_days;
    size_t lo = D->pr_first[pr], hi = D->pr_first[pr + 1];
    W->first = calloc((size_t)H + 1, sizeof *W->first);
    W->cols = malloc((hi - lo + 1) * sizeof *W->cols);
    if (!W->first || !W->cols) {
        b->oom = true;
        return false;
    }
    int at = 0;
    size_t j = lo;
    for (int d = 0; d < H; d++) {
        W->first[d] = at;
        nr_date date = r->period_start + d;
        while (j < hi && D->vars[D->pr_var[j]].date < date) j++;
        size_t k = j;
        while (k < hi && D->vars[D->pr_var[k]].date == date) k++;
        if (k == j) continue;
        if (all_overlap(D, D->pr_var + j, k - j)) {
            for (size_t q = j; q < k; q++) W->cols[at++] = col_of_var[D->pr_var[q]];
        } else {
            int w = add_col(b, 'b', GLP_DB, 0, 1, 0, "wd_%zu_%d", pr, d);
            int up = add_row(b, GLP_UP, -INFINITY, 0, "wdu_%zu_%d", pr, d);
            coef(b, up, w, 1.0);
            for (size_t q = j; q < k; q++) {
                int lo_row = add_row(b, GLP_LO, 0, 0, "wdl_%zu_%d_%zu", pr, d, q - j);
                coef(b, lo_row, w, 1.0);
                coef(b, lo_row, col_of_var[D->pr_var[q]], -1.0);
                coef(b, up, col_of_var[D->pr_var[q]], -1.0);
            }
            W->cols[at++] = w;
        }
        j = k;
    }
    W->first[H] = at;
    return true;
}

static void add_w(sv_builder *b, const wexpr *W, int row, int d, double val) {
    for (int q = W->first[d]; q < W->first[d + 1]; q++) coef(b, row, W->cols[q], val);
}

/* min_consecutive m and min_days_off o (FORMAT.md section 2, items 6 and 7),
 * over the period's dates, interior runs only: for s = 1 .. m - 1 forbid
 * off, s duty dates, off: sum_{d+1..d+s} w - w[d] - w[d+s+1] <= s - 1; for
 * s = 1 .. o - 1 forbid duty, s free dates, duty:
 * w[d] + w[d+s+1] - sum_{d+1..d+s} w <= 1. Rows that cannot bind (an inner
 * date with no pair; an end date with no pair) are left out. */
static void runs(const sv_data *D, sv_builder *b, size_t pr, const int *col_of_var) {
    const nr_rules *ru = &D->prs[pr].rules;
    int H = D->r->period_days;
    wexpr W = {0};
    if (!work_exprs(D, b, pr, col_of_var, &W)) goto cleanup;
    int id = 0;
    for (int s = 1; s < ru->min_consecutive; s++)
        for (int d = 0; d + s + 1 <= H - 1; d++) {
            bool inner = true;
            for (int j = d + 1; j <= d + s && inner; j++) inner = W.first[j] < W.first[j + 1];
            if (!inner) continue;
            int row = add_row(b, GLP_UP, -INFINITY, s - 1, "mcs_%zu_%d", pr, id++);
            for (int j = d + 1; j <= d + s; j++) add_w(b, &W, row, j, 1.0);
            add_w(b, &W, row, d, -1.0);
            add_w(b, &W, row, d + s + 1, -1.0);
        }
    for (int s = 1; s < ru->min_days_off; s++)
        for (int d = 0; d + s + 1 <= H - 1; d++) {
            if (W.first[d] == W.first[d + 1] || W.first[d + s + 1] == W.first[d + s + 2]) continue;
            int row = add_row(b, GLP_UP, -INFINITY, 1, "mdo_%zu_%d", pr, id++);
            add_w(b, &W, row, d, 1.0);
            add_w(b, &W, row, d + s + 1, 1.0);
            for (int j = d + 1; j <= d + s; j++) add_w(b, &W, row, j, -1.0);
        }
cleanup:
    free(W.first);
    free(W.cols);
}

/* person >= 0: only that person's columns and rows, no cover rows (the
 * pricing problem of solver/colgen.c); the constant is their own share. */
static int build(const sv_data *D, int comp, int person, int *col_of_var, sv_model *M) {
    const nr_region *r = D->r;
    memset(M, 0, sizeof *M);
    M->comp = comp;
    sv_builder *b = M->b = calloc(1, sizeof *M->b);
    int *cols = NULL;
    if (!b) return NR_ENOMEM;
    double changes_const = 0;
    for (size_t c = 0; c < D->n_comps && person < 0; c++)
        if (comp < 0 || (int)c == comp) changes_const += SV_W_CHANGE * (double)D->prev_lost[c];
    cols = malloc((D->n_vars + 1) * sizeof *cols);
    M->var_of_col = malloc((D->n_vars + 1) * sizeof *M->var_of_col);
    if (!cols || !M->var_of_col) goto oom;

    /* x: one binary per eligible pair; travel and avoid requests are its cost. */
    for (size_t v = 0; v < D->n_vars; v++) {
        const sv_var *a = &D->vars[v];
        if (!in_comp(D, comp, r->duties[a->duty].rota) || (person >= 0 && a->person != person)) continue;
        /* A kept holding saves its change: the cost W (1 - x) is the
         * constant below and -W on x. */
        double cost = SV_W_TRAVEL * a->travel + SV_W_REQUEST * a->avoid;
        if (!D->fairness_off) cost += SV_W_XMAS * a->xmas;
        if (a->prev) {
            cost -= SV_W_CHANGE;
            changes_const += SV_W_CHANGE;
        }
        col_of_var[v] = add_col(b, 'b', GLP_DB, 0, 1, cost, "x_%d_%d", a->person, a->duty);
        M->var_of_col[col_of_var[v]] = (int)v;
    }
    M->n_x = b->nc;

    /* Cover: sum x + u - o = needed, u the people missing, o the extra
     * ones, each at its duty's weight in request units. */
    for (size_t i = 0; i < r->n_duties; i++) {
        const nr_duty *du = &r->duties[i];
        if (person >= 0 || !in_comp(D, comp, du->rota)) continue;
        bool has_vars = D->duty_first[i + 1] > D->duty_first[i];
        if (du->needed <= 0 && !has_vars) continue;
        int row = add_row(b, GLP_FX, du->needed, du->needed, "cov_%zu", i);
        row_sum(b, row, D->duty_var, D->duty_first[i], D->duty_first[i + 1], col_of_var);
        if (du->needed > 0)
            coef(b, row, add_col(b, 'c', GLP_DB, 0, du->needed, SV_W_REQUEST * du->under_weight, "u_%zu", i), 1.0);
        if (du->optional > 0 && has_vars)
            coef(b, row, add_col(b, 'c', GLP_DB, 0, du->optional, SV_W_REQUEST * du->over_weight, "o_%zu", i), -1.0);
    }

    /* No overlap, rest kept: cliques over time points, across rotas. */
    for (size_t p = 0; p < r->n_people; p++) {
        if (D->person_first[p] == D->person_first[p + 1] || (person >= 0 && (int)p != person)) continue;
        if (comp >= 0 && sv_comp_of_var(D, D->person_var[D->person_first[p]]) != comp) continue;
        person_cliques(D, b, (int)p, col_of_var);
        successions(D, b, (int)p, col_of_var);
    }

    /* Rules and fairness of each person on each rota. */
    for (size_t i = 0; i < D->n_prs; i++) {
        const sv_pr *pr = &D->prs[i];
        if (!in_comp(D, comp, pr->rota) || (person >= 0 && pr->person != person)) continue;
        size_t lo = D->pr_first[i], hi = D->pr_first[i + 1], n = hi - lo;
        const nr_rules *ru = &pr->rules;
        if (pr->cap >= 0 && (size_t)pr->cap < n) {
            int row = add_row(b, GLP_UP, 0, pr->cap, "frq_%zu", i);
            row_sum(b, row, D->pr_var, lo, hi, col_of_var);
        }
        if (ru->min_days_between > 0) date_windows(D, b, i, ru->min_days_between, 1, "btw", col_of_var);
        if (ru->max_consecutive >= 1) date_windows(D, b, i, ru->max_consecutive + 1, ru->max_consecutive, "con",
                                                   col_of_var);
        if (ru->max_weekends >= 0) {
            int distinct = 0;
            nr_date last = NR_UNSET;
            for (size_t j = lo; j < hi; j++) {
                nr_date w = r->duties[D->vars[D->pr_var[j]].duty].weekend;
                if (w != NR_UNSET && w != last) distinct++, last = w;
            }
            if (distinct > ru->max_weekends) {
                int total = add_row(b, GLP_UP, 0, ru->max_weekends, "wk_%zu", i);
                int wcol = 0;
                last = NR_UNSET;
                for (size_t j = lo; j < hi; j++) {
                    int v = D->pr_var[j];
                    nr_date w = r->duties[D->vars[v].duty].weekend;
                    if (w == NR_UNSET) continue;
                    if (w != last) {
                        wcol = add_col(b, 'c', GLP_DB, 0, 1, 0, "w_%zu_%d", i, (int)w);
                        coef(b, total, wcol, 1.0);
                        last = w;
                    }
                    int row = add_row(b, GLP_UP, 0, 0, "wkx_%d", v);
                    coef(b, row, col_of_var[v], 1.0);
                    coef(b, row, wcol, -1.0);
                }
            }
        }
        if (ru->max_duties >= 0 && (size_t)ru->max_duties < n) {
            int row = add_row(b, GLP_UP, 0, ru->max_duties, "mxd_%zu", i);
            row_sum(b, row, D->pr_var, lo, hi, col_of_var);
        }
        shift_caps(D, b, i, col_of_var);
        if (ru->min_consecutive >= 2 || ru->min_days_off >= 2) runs(D, b, i, col_of_var);
        if (ru->min_hours > 0) {
            int row = add_row(b, GLP_LO, ru->min_hours, 0, "mnh_%zu", i);
            for (size_t j = lo; j < hi; j++) coef(b, row, col_of_var[D->pr_var[j]], D->vars[D->pr_var[j]].hours);
            coef(b, row, add_col(b, 'c', GLP_DB, 0, ru->min_hours, SV_W_MIN, "sh_%zu", i), 1.0);
        }
        if (ru->min_duties > 0) {
            int row = add_row(b, GLP_LO, ru->min_duties, 0, "min_%zu", i);
            row_sum(b, row, D->pr_var, lo, hi, col_of_var);
            coef(b, row, add_col(b, 'c', GLP_DB, 0, ru->min_duties, SV_W_MIN, "s_%zu", i), 1.0);
        }
        if (ru->max_hours >= 0) {
            double sum = 0;
            for (size_t j = lo; j < hi; j++) sum += D->vars[D->pr_var[j]].hours;
            if (sum > ru->max_hours + 1e-9) {
                int row = add_row(b, GLP_UP, 0, ru->max_hours, "hrs_%zu", i);
                for (size_t j = lo; j < hi; j++)
                    coef(b, row, col_of_var[D->pr_var[j]], D->vars[D->pr_var[j]].hours);
            }
        }
        /* Without fairness the targets stay figures for the reports. */
        if (D->fairness_off) continue;
        for (int c = 0; c < NR_DUTY_KINDS; c++) {
            if (pr->n_elig[c] == 0) continue;
            size_t nc = 0;
            for (size_t j = lo; j < hi; j++)
                if ((int)r->duties[D->vars[D->pr_var[j]].duty].kind == c) cols[nc++] = col_of_var[D->pr_var[j]];
            deviation(b, cols, nc, pr->target[c], SV_W_PERSON, "pd", (int)i, c);
        }
        /* The total, over all kinds: each kind may round its own way, so
         * only a row on the sum keeps the person's total near their target. */
        if (n > 0) {
            for (size_t j = lo; j < hi; j++) cols[j - lo] = col_of_var[D->pr_var[j]];
            deviation(b, cols, n, pr->target_total, SV_W_TOTAL, "pt", (int)i, 0);
            /* Band: duties beyond [band_lo, band_hi] are a slack priced
             * above trust equalisation (piecewise linear with integer
             * breakpoints, so the LP relaxation is already its hull). */
            if ((size_t)pr->band_hi < n) {
                int row = add_row(b, GLP_UP, 0, pr->band_hi, "bhi_%zu", i);
                row_sum(b, row, D->pr_var, lo, hi, col_of_var);
                coef(b, row, add_col(b, 'c', GLP_DB, 0, (double)n - pr->band_hi, SV_W_BAND, "bp_%zu", i), -1.0);
            }
            if (pr->band_lo > 0) {
                int row = add_row(b, GLP_LO, pr->band_lo, 0, "blo_%zu", i);
                row_sum(b, row, D->pr_var, lo, hi, col_of_var);
                coef(b, row, add_col(b, 'c', GLP_DB, 0, pr->band_lo, SV_W_BAND, "bm_%zu", i), 1.0);
            }
        }
    }

    /* Trust load on each rota against its members' summed targets. */
    for (size_t g = 0; g < D->n_tgs; g++) {
        if (D->fairness_off || person >= 0 || !in_comp(D, comp, D->tgs[g].rota)) continue;
        size_t nc = 0;
        for (size_t m = D->tg_first[g]; m < D->tg_first[g + 1]; m++) {
            int i = D->tg_pr[m];
            for (size_t j = D->pr_first[i]; j < D->pr_first[i + 1]; j++) cols[nc++] = col_of_var[D->pr_var[j]];
        }
        deviation(b, cols, nc, D->tgs[g].fair, SV_W_TRUST, "td", (int)g, 0);
    }

    /* Wants: sum x + miss >= 1, miss costs the request's weight. */
    for (size_t w = 0; w < D->n_wants; w++) {
        if (comp >= 0 && D->wants[w].comp != comp) continue;
        if (person >= 0 && r->requests[D->wants[w].request].person.index != person) continue;
        int row = add_row(b, GLP_LO, 1, 0, "want_%zu", w);
        row_sum(b, row, D->want_var, D->want_first[w], D->want_first[w + 1], col_of_var);
        coef(b, row, add_col(b, 'c', GLP_DB, 0, 1, SV_W_REQUEST * D->wants[w].weight, "miss_%zu", w), 1.0);
    }
    if (b->oom) goto oom;
    free(cols);
    cols = NULL;

    /* Hand it to GLPK. */
    glp_prob *P = M->P = glp_create_prob();
    glp_set_prob_name(P, "netrota");
    glp_set_obj_name(P, "cost");
    glp_set_obj_dir(P, GLP_MIN);
    glp_set_obj_coef(P, 0, changes_const);
    if (b->nc) glp_add_cols(P, b->nc);
    if (b->nr) glp_add_rows(P, b->nr);
    for (int j = 1; j <= b->nc; j++) {
        glp_set_col_name(P, j, b->names + b->cname[j]);
        if (b->ckind[j] == 'b') glp_set_col_kind(P, j, GLP_BV);
        else glp_set_col_bnds(P, j, b->ctype[j], b->clo[j], b->chi[j]);
        glp_set_obj_coef(P, j, b->cobj[j]);
    }
    for (int i = 1; i <= b->nr; i++) {
        glp_set_row_name(P, i, b->names + b->rname[i]);
        glp_set_row_bnds(P, i, b->rtype[i], b->rlo[i], b->rhi[i]);
    }
    if (b->nz) glp_load_matrix(P, (int)b->nz, b->ia, b->ja, b->ar);
    M->n_cols = b->nc;
    M->n_rows = b->nr;
    builder_free(b);
    M->b = NULL;
    return 0;
oom:
    free(cols);
    return NR_ENOMEM;
}

int sv_model_build(const sv_data *D, int comp, int *col_of_var, sv_model *M) {
    return build(D, comp, -1, col_of_var, M);
}

int sv_model_build_person(const sv_data *D, int person, int *col_of_var, sv_model *M) {
    int comp = -1;
    if (D->person_first[person] < D->person_first[person + 1])
        comp = sv_comp_of_var(D, D->person_var[D->person_first[person]]);
    return build(D, comp, person, col_of_var, M);
}

void sv_model_release(sv_model *M, bool glpk_alive) {
    if (!M) return;
    if (M->P && glpk_alive) glp_delete_prob(M->P);
    M->P = NULL;
    builder_free(M->b);
    M->b = NULL;
    free(M->var_of_col);
    M->var_of_col = NULL;
}
