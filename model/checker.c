/* The independent rule checker: see checker.h for the reading of each rule. */
#include "model/checker.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Slack for comparisons of sums of doubles with a limit. */
#define EPS 1e-9

typedef struct vlist {
    nr_violation *items;
    size_t count;
    size_t cap;
    bool oom;
} vlist;

/* Person -> the duties they hold (each duty once, in duty order, which is
 * start order), and person -> their leave, as compressed rows. */
typedef struct duty_index {
    size_t *duty_first; /* n_people + 1 */
    int *duties;
    size_t *leave_first; /* n_people + 1 */
    size_t *leave;
    int *rota_duties; /* n_rotas: duties of each rota in the period */
} duty_index;

static nr_violation proto(enum nr_violation_kind kind, int person, int duty, int other, int rota,
                          nr_date date) {
    nr_violation v = {kind, person, duty, other, rota, date, 0.0, 0.0, NULL};
    return v;
}

static void add(vlist *l, nr_violation v, double value, double limit, const char *fmt, ...)
    NR_PRINTF(5, 6);

static void add(vlist *l, nr_violation v, double value, double limit, const char *fmt, ...) {
    if (l->oom) return;
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        nr_violation *items = realloc(l->items, cap * sizeof *items);
        if (!items) {
            l->oom = true;
            return;
        }
        l->items = items;
        l->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (msg) vsnprintf(msg, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    if (!msg) {
        l->oom = true;
        return;
    }
    v.value = value;
    v.limit = limit;
    v.message = msg;
    l->items[l->count++] = v;
}

/* "gi-bleed-a weeknight 2026-11-02" into buf (at least 256 bytes). */
static const char *duty_label(const nr_region *r, int duty, char *buf, size_t size) {
    const nr_duty *d = &r->duties[duty];
    char date[16];
    snprintf(buf, size, "%s %s %s", r->rotas[d->rota].id, r->shifts[d->shift].id,
             nr_date_format(d->date, date));
    return buf;
}

static const char *days_word(long n) { return n == 1 || n == -1 ? "day" : "days"; }

static bool overlaps(nr_instant s1, nr_instant e1, nr_instant s2, nr_instant e2) {
    return s1 < e2 && s2 < e1;
}

static void index_free(duty_index *ix) {
    free(ix->duty_first);
    free(ix->duties);
    free(ix->leave_first);
    free(ix->leave);
    free(ix->rota_duties);
}

/* Plans made for another region, or damaged, are a caller's bug: every duty
 * must have exactly needed + optional slots and the plan must need what the
 * region says. */
static bool plan_fits(const nr_region *r, const nr_plan *p) {
    if (p->n_duties != r->n_duties || !p->first_slot || !p->needed || p->first_slot[0] != 0)
        return false;
    for (size_t i = 0; i < r->n_duties; i++) {
        const nr_duty *u = &r->duties[i];
        size_t need = (size_t)(u->needed > 0 ? u->needed : 0);
        size_t extra = (size_t)(u->optional > 0 ? u->optional : 0);
        if (p->needed[i] != (int)need) return false;
        if (p->first_slot[i + 1] < p->first_slot[i] ||
            p->first_slot[i + 1] - p->first_slot[i] != need + extra)
            return false;
    }
    if (p->first_slot[r->n_duties] != p->n_slots) return false;
    for (size_t s = 0; s < p->n_slots; s++)
        if (p->holder[s] != NR_UNSET && (p->holder[s] < 0 || (size_t)p->holder[s] >= r->n_people))
            return false;
    return true;
}

/* Cover checks (uncovered, duplicate, member, leave) duty by duty, and the
 * person -> duties index on the way. */
static int check_cover(const nr_region *r, const nr_plan *p, duty_index *ix, vlist *out) {
    size_t np = r->n_people;
    ix->duty_first = calloc(np + 1, sizeof *ix->duty_first);
    ix->duties = malloc((p->n_slots ? p->n_slots : 1) * sizeof *ix->duties);
    ix->leave_first = calloc(np + 1, sizeof *ix->leave_first);
    ix->leave = malloc((r->n_leave ? r->n_leave : 1) * sizeof *ix->leave);
    ix->rota_duties = calloc(r->n_rotas ? r->n_rotas : 1, sizeof *ix->rota_duties);
    size_t *fill = calloc(np + 1, sizeof *fill);
    int rc = NR_ENOMEM;
    if (!ix->duty_first || !ix->duties || !ix->leave_first || !ix->leave || !ix->rota_duties ||
        !fill)
        goto cleanup;

    for (size_t i = 0; i < r->n_leave; i++) {
        int who = r->leave[i].person.index;
        if (who >= 0 && (size_t)who < np) ix->leave_first[who + 1]++;
    }
    for (size_t q = 0; q < np; q++) ix->leave_first[q + 1] += ix->leave_first[q];
    for (size_t i = 0; i < r->n_leave; i++) {
        int who = r->leave[i].person.index;
        if (who >= 0 && (size_t)who < np) ix->leave[ix->leave_first[who] + fill[who]++] = i;
    }
    memset(fill, 0, (np + 1) * sizeof *fill);

    char label[256];
    for (size_t i = 0; i < r->n_duties; i++) {
        const nr_duty *d = &r->duties[i];
        if (d->rota >= 0 && (size_t)d->rota < r->n_rotas) ix->rota_duties[d->rota]++;
        size_t first = p->first_slot[i], end = p->first_slot[i + 1];
        /* Slot order means nothing: the duty lacks needed - held people,
         * and an empty slot beyond that is an optional one left free. */
        size_t held = 0, needed = (size_t)(d->needed > 0 ? d->needed : 0);
        for (size_t s = first; s < end; s++)
            if (p->holder[s] != NR_UNSET) held++;
        for (size_t m = held; m < needed; m++)
            add(out, proto(NR_V_UNCOVERED, NR_UNSET, (int)i, NR_UNSET, d->rota, d->date),
                (double)held, (double)needed,
                "%s: uncovered, %zu of %zu needed held (missing %zu of %zu)",
                duty_label(r, (int)i, label, sizeof label), held, needed, m - held + 1,
                needed - held);
        for (size_t s = first; s < end; s++) {
            int h = p->holder[s];
            if (h == NR_UNSET) continue;
            bool again = false;
            for (size_t t = first; t < s; t++)
                if (p->holder[t] == h) again = true;
            if (again) {
                add(out, proto(NR_V_DUPLICATE, h, (int)i, (int)i, d->rota, d->date), 0, 0,
                    "%s holds %s twice", r->people[h].id,
                    duty_label(r, (int)i, label, sizeof label));
                continue;
            }
            ix->duty_first[h + 1]++;
            if (!nr_region_is_member(r, h, d->rota))
                add(out, proto(NR_V_NOT_MEMBER, h, (int)i, NR_UNSET, d->rota, d->date), 0, 0,
                    "%s holds %s but is not a member of %s", r->people[h].id,
                    duty_label(r, (int)i, label, sizeof label), r->rotas[d->rota].id);
            for (size_t k = ix->leave_first[h]; k < ix->leave_first[h + 1]; k++) {
                const nr_leave *lv = &r->leave[ix->leave[k]];
                if (!overlaps(lv->start, lv->end, d->start, d->end)) continue;
                char from[32], to[32];
                if (lv->all_day) {
                    nr_date a, b;
                    int m, off;
                    nr_london_from_utc(lv->start, &a, &m, &off);
                    nr_london_from_utc(lv->end, &b, &m, &off);
                    nr_date_format(a, from);
                    nr_date_format(b - 1, to);
                } else {
                    nr_london_format(lv->start, from);
                    nr_london_format(lv->end, to);
                }
                add(out, proto(NR_V_ON_LEAVE, h, (int)i, NR_UNSET, d->rota, d->date), 0, 0,
                    "%s holds %s while on leave %s to %s", r->people[h].id,
                    duty_label(r, (int)i, label, sizeof label), from, to);
                break;
            }
        }
    }

    for (size_t q = 0; q < np; q++) ix->duty_first[q + 1] += ix->duty_first[q];
    for (size_t i = 0; i < r->n_duties; i++)
        for (size_t s = p->first_slot[i]; s < p->first_slot[i + 1]; s++) {
            int h = p->holder[s];
            if (h == NR_UNSET) continue;
            size_t at = ix->duty_first[h] + fill[h];
            if (fill[h] > 0 && ix->duties[at - 1] == (int)i) continue; /* duplicate */
            ix->duties[at] = (int)i;
            fill[h]++;
        }
    rc = 0;
cleanup:
    free(fill);
    return rc;
}

/* Overlap and rest between any two duties of one person, across rotas. */
static void check_pairs(const nr_region *r, const duty_index *ix, int who, vlist *out) {
    char la[256], lb[256];
    const int *list = ix->duties + ix->duty_first[who];
    size_t n = ix->duty_first[who + 1] - ix->duty_first[who];
    for (size_t i = 0; i < n; i++) {
        const nr_duty *a = &r->duties[list[i]];
        double rest = nr_region_rules_for(r, who, a->rota).min_rest_hours;
        nr_instant need = rest > 0 ? (nr_instant)llround(rest * 3600.0) : 0;
        for (size_t j = i + 1; j < n; j++) {
            const nr_duty *b = &r->duties[list[j]];
            /* Duties are in start order, so no later duty can clash once one
             * starts after a's end plus its rest. */
            if (b->start >= a->end + need) break;
            if (overlaps(a->start, a->end, b->start, b->end)) {
                nr_instant to = a->end < b->end ? a->end : b->end;
                double hours = (double)(to - b->start) / 3600.0;
                add(out, proto(NR_V_OVERLAP, who, list[j], list[i], NR_UNSET, b->date), hours, 0,
                    "%s holds %s and %s, which overlap by %g hours", r->people[who].id,
                    duty_label(r, list[i], la, sizeof la), duty_label(r, list[j], lb, sizeof lb),
                    hours);
            } else {
                double hours = (double)(b->start - a->end) / 3600.0;
                add(out, proto(NR_V_REST, who, list[j], list[i], a->rota, b->date), hours, rest,
                    "%s holds %s and %s: %g hours of rest, rule min_rest_hours %g on %s",
                    r->people[who].id, duty_label(r, list[i], la, sizeof la),
                    duty_label(r, list[j], lb, sizeof lb), hours, rest, r->rotas[a->rota].id);
            }
        }
    }
}

/* Forbidden successions by start date, d -> d + 1, across rotas. Duties
 * are in start order and a duty's start lies within its start date, so the
 * candidates for a's successor follow a and stop at the first later date. */
static void check_succession(const nr_region *r, const duty_index *ix, int who, vlist *out) {
    char la[256], lb[256];
    const int *list = ix->duties + ix->duty_first[who];
    size_t n = ix->duty_first[who + 1] - ix->duty_first[who];
    for (size_t i = 0; i < n; i++) {
        const nr_duty *a = &r->duties[list[i]];
        for (size_t j = i + 1; j < n; j++) {
            const nr_duty *b = &r->duties[list[j]];
            if (b->date > a->date + 1) break;
            if (b->date != a->date + 1 || !nr_region_forbids_succession(r, a->shift, b->shift))
                continue;
            add(out, proto(NR_V_SUCCESSION, who, list[j], list[i], a->rota, b->date), 0, 0,
                "%s holds %s and %s: shift %s may not start the day after %s", r->people[who].id,
                duty_label(r, list[i], la, sizeof la), duty_label(r, list[j], lb, sizeof lb),
                r->shifts[b->shift].id, r->shifts[a->shift].id);
        }
    }
}

static int cmp_date(const void *a, const void *b) {
    nr_date x = *(const nr_date *)a, y = *(const nr_date *)b;
    return (x > y) - (x < y);
}

static const char *ordinal_suffix(long n) {
    if (n % 100 >= 11 && n % 100 <= 13) return "th";
    switch (n % 10) {
    case 1: return "st";
    case 2: return "nd";
    case 3: return "rd";
    default: return "th";
    }
}

/* The per-rota rules for one person: `list` holds their duties of rota k in
 * start order. */
static int check_rota_rules(const nr_region *r, const duty_index *ix, int who, int k, const int *list,
                            size_t n, vlist *out) {
    const char *pid = r->people[who].id, *rid = r->rotas[k].id;
    nr_rules rules = nr_region_rules_for(r, who, k);
    char da[16], db[16];

    if (rules.min_duties > 0 && n < (size_t)rules.min_duties && nr_region_is_member(r, who, k)) {
        add(out, proto(NR_V_MIN_DUTIES, who, NR_UNSET, NR_UNSET, k, r->period_start), (double)n,
            rules.min_duties, "%s holds %zu %s duties from %s, rule min_duties %d", pid, n, rid,
            nr_date_format(r->period_start, da), rules.min_duties);
    }
    if (rules.min_hours >= 0 && nr_region_is_member(r, who, k)) {
        double sum = 0.0;
        for (size_t i = 0; i < n; i++) sum += nr_duty_hours(&r->duties[list[i]]);
        if (sum + EPS < rules.min_hours)
            add(out, proto(NR_V_MIN_HOURS, who, NR_UNSET, NR_UNSET, k, r->period_start), sum,
                rules.min_hours, "%s holds %g hours of %s duties from %s, rule min_hours %g", pid,
                sum, rid, nr_date_format(r->period_start, da), rules.min_hours);
    }
    if (n == 0) return 0;

    if (rules.max_duties >= 0 && n > (size_t)rules.max_duties) {
        size_t at = (size_t)rules.max_duties;
        const nr_duty *d = &r->duties[list[at]];
        add(out, proto(NR_V_MAX_DUTIES, who, list[at], NR_UNSET, k, d->date), (double)n,
            rules.max_duties, "%s holds %zu %s duties, rule max_duties %d; the %zu%s starts %s",
            pid, n, rid, rules.max_duties, at + 1, ordinal_suffix((long)at + 1),
            nr_date_format(d->date, da));
    }

    for (size_t s = 0; s < r->n_shifts; s++) {
        size_t held = 0;
        for (size_t i = 0; i < n; i++)
            if (r->duties[list[i]].shift == (int)s) held++;
        if (held == 0) continue;
        int cap = nr_region_shift_cap(r, who, k, (int)s);
        if (cap < 0 || held <= (size_t)cap) continue;
        /* The first duty of that shift past the cap. */
        size_t seen = 0, at = 0;
        for (size_t i = 0; i < n; i++)
            if (r->duties[list[i]].shift == (int)s && seen++ == (size_t)cap) {
                at = i;
                break;
            }
        const nr_duty *d = &r->duties[list[at]];
        add(out, proto(NR_V_SHIFT_CAP, who, list[at], NR_UNSET, k, d->date), (double)held, cap,
            "%s holds %zu %s %s duties, shift cap %d; the %zu%s starts %s", pid, held, rid,
            r->shifts[s].id, cap, (size_t)cap + 1, ordinal_suffix((long)cap + 1),
            nr_date_format(d->date, da));
    }

    if (rules.max_frequency >= 1) {
        /* Duties of the rota the person could take, leave aside. */
        long avail = 0;
        for (size_t i = 0; i < r->n_duties; i++) {
            const nr_duty *d = &r->duties[i];
            if (d->rota != k) continue;
            bool away = false;
            for (size_t q = ix->leave_first[who]; q < ix->leave_first[who + 1] && !away; q++) {
                const nr_leave *lv = &r->leave[ix->leave[q]];
                away = overlaps(lv->start, lv->end, d->start, d->end);
            }
            if (!away) avail++;
        }
        double share = r->people[who].share;
        double capd = ceil((double)avail * share / rules.max_frequency - EPS);
        size_t cap = capd > 0 ? (size_t)capd : 0;
        if (n > cap) {
            const nr_duty *d = &r->duties[list[cap]];
            add(out, proto(NR_V_MAX_FREQUENCY, who, list[cap], NR_UNSET, k, d->date), (double)n,
                (double)cap,
                "%s holds %zu %s duties, cap %zu (rule max_frequency 1 in %d, share %g, "
                "%ld of %d duties free of leave); the %zu%s starts %s",
                pid, n, rid, cap, rules.max_frequency, share, avail, ix->rota_duties[k], cap + 1,
                ordinal_suffix((long)cap + 1), nr_date_format(d->date, da));
        }
    }

    if (rules.min_days_between > 0) {
        for (size_t i = 1; i < n; i++) {
            const nr_duty *a = &r->duties[list[i - 1]], *b = &r->duties[list[i]];
            long gap = (long)b->date - (long)a->date;
            if (gap >= rules.min_days_between) continue;
            add(out, proto(NR_V_MIN_DAYS_BETWEEN, who, list[i], list[i - 1], k, b->date),
                (double)gap, rules.min_days_between,
                "%s holds %s %s and %s: %ld %s apart, rule min_days_between %d", pid, rid,
                nr_date_format(a->date, da), nr_date_format(b->date, db), gap, days_word(gap),
                rules.min_days_between);
        }
    }

    if (rules.max_consecutive >= 1) {
        /* Runs of distinct consecutive start dates. */
        size_t run_start = 0; /* index in list of the run's first duty */
        long run_len = 1;
        for (size_t i = 1; i <= n; i++) {
            nr_date prev = r->duties[list[i - 1]].date;
            if (i < n && r->duties[list[i]].date == prev) continue;
            if (i < n && r->duties[list[i]].date == prev + 1) {
                run_len++;
                continue;
            }
            if (run_len > rules.max_consecutive) {
                /* The first duty on the (m+1)-th date of the run. */
                size_t at = run_start;
                nr_date first = r->duties[list[run_start]].date;
                while (r->duties[list[at]].date < first + rules.max_consecutive) at++;
                const nr_duty *d = &r->duties[list[at]];
                add(out, proto(NR_V_MAX_CONSECUTIVE, who, list[at], list[i - 1], k, d->date),
                    (double)run_len, rules.max_consecutive,
                    "%s holds %s on %ld consecutive days %s to %s, rule max_consecutive %d", pid,
                    rid, run_len, nr_date_format(first, da), nr_date_format(prev, db),
                    rules.max_consecutive);
            }
            run_start = i;
            run_len = 1;
        }
    }

    /* Runs of distinct consecutive duty dates, and the gaps between them,
     * judged only when they do not touch the period's first or last date. */
    nr_date p_first = r->period_start, p_last = r->period_start + r->period_days - 1;
    if (rules.min_consecutive >= 1) {
        size_t run_start = 0;
        long run_len = 1;
        for (size_t i = 1; i <= n; i++) {
            nr_date prev = r->duties[list[i - 1]].date;
            if (i < n && r->duties[list[i]].date == prev) continue;
            if (i < n && r->duties[list[i]].date == prev + 1) {
                run_len++;
                continue;
            }
            nr_date first = r->duties[list[run_start]].date;
            if (run_len < rules.min_consecutive && first != p_first && prev != p_last)
                add(out, proto(NR_V_MIN_CONSECUTIVE, who, list[run_start], list[i - 1], k, first),
                    (double)run_len, rules.min_consecutive,
                    "%s holds %s on %ld consecutive %s %s to %s, rule min_consecutive %d", pid,
                    rid, run_len, days_word(run_len), nr_date_format(first, da),
                    nr_date_format(prev, db), rules.min_consecutive);
            run_start = i;
            run_len = 1;
        }
    }

    if (rules.min_days_off >= 1) {
        for (size_t i = 1; i < n; i++) {
            nr_date prev = r->duties[list[i - 1]].date, next = r->duties[list[i]].date;
            long off = (long)next - (long)prev - 1;
            if (off < 1 || off >= rules.min_days_off) continue;
            add(out, proto(NR_V_MIN_DAYS_OFF, who, list[i], list[i - 1], k, next), (double)off,
                rules.min_days_off,
                "%s holds %s %s and %s with %ld %s off between, rule min_days_off %d", pid, rid,
                nr_date_format(prev, da), nr_date_format(next, db), off, days_word(off),
                rules.min_days_off);
        }
    }

    if (rules.max_weekends >= 0) {
        nr_date *ws = malloc(n * sizeof *ws);
        if (!ws) return NR_ENOMEM;
        size_t nw = 0;
        for (size_t i = 0; i < n; i++)
            if (r->duties[list[i]].weekend != NR_UNSET) ws[nw++] = r->duties[list[i]].weekend;
        qsort(ws, nw, sizeof *ws, cmp_date);
        size_t distinct = 0;
        nr_date past = NR_UNSET;
        for (size_t i = 0; i < nw; i++)
            if (i == 0 || ws[i] != ws[i - 1]) {
                if (distinct == (size_t)rules.max_weekends) past = ws[i];
                distinct++;
            }
        free(ws);
        if (distinct > (size_t)rules.max_weekends) {
            size_t at = 0;
            while (r->duties[list[at]].weekend != past) at++;
            const nr_duty *d = &r->duties[list[at]];
            add(out, proto(NR_V_MAX_WEEKENDS, who, list[at], NR_UNSET, k, d->date),
                (double)distinct, rules.max_weekends,
                "%s holds %s duties on %zu weekends, rule max_weekends %d; the %zu%s is the "
                "weekend of %s",
                pid, rid, distinct, rules.max_weekends, (size_t)rules.max_weekends + 1,
                ordinal_suffix((long)rules.max_weekends + 1), nr_date_format(past, da));
        }
    }

    if (rules.max_hours >= 0) {
        double sum = 0.0;
        int past = NR_UNSET;
        for (size_t i = 0; i < n; i++) {
            sum += nr_duty_hours(&r->duties[list[i]]);
            if (past == NR_UNSET && sum > rules.max_hours + EPS) past = list[i];
        }
        if (past != NR_UNSET) {
            const nr_duty *d = &r->duties[past];
            add(out, proto(NR_V_MAX_HOURS, who, past, NR_UNSET, k, d->date), sum, rules.max_hours,
                "%s holds %g hours of %s duties, rule max_hours %g; passed on %s", pid, sum, rid,
                rules.max_hours, nr_date_format(d->date, da));
        }
    }
    return 0;
}

static int cmp_violation(const void *a, const void *b) {
    const nr_violation *x = a, *y = b;
    if (x->date != y->date) return x->date < y->date ? -1 : 1;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    if (x->person != y->person) return x->person < y->person ? -1 : 1;
    if (x->duty != y->duty) return x->duty < y->duty ? -1 : 1;
    if (x->other_duty != y->other_duty) return x->other_duty < y->other_duty ? -1 : 1;
    return strcmp(x->message, y->message);
}

int nr_check_plan(const nr_region *r, const nr_plan *plan, nr_violation **out, size_t *n_out) {
    *out = NULL;
    *n_out = 0;
    if (!plan_fits(r, plan)) return NR_EINTERNAL;
    vlist l = {0};
    duty_index ix = {0};
    int *list = NULL;
    int rc = check_cover(r, plan, &ix, &l);
    if (rc < 0) goto cleanup;

    rc = NR_ENOMEM;
    list = malloc((plan->n_slots ? plan->n_slots : 1) * sizeof *list);
    if (!list) goto cleanup;
    for (size_t who = 0; who < r->n_people; who++) {
        check_pairs(r, &ix, (int)who, &l);
        check_succession(r, &ix, (int)who, &l);
        const int *mine = ix.duties + ix.duty_first[who];
        size_t n_mine = ix.duty_first[who + 1] - ix.duty_first[who];
        for (size_t k = 0; k < r->n_rotas; k++) {
            size_t n = 0;
            for (size_t i = 0; i < n_mine; i++)
                if (r->duties[mine[i]].rota == (int)k) list[n++] = mine[i];
            if (n == 0 && !nr_region_is_member(r, (int)who, (int)k)) continue;
            if (check_rota_rules(r, &ix, (int)who, (int)k, list, n, &l) < 0) goto cleanup;
        }
    }
    if (l.oom) goto cleanup;
    if (l.count) qsort(l.items, l.count, sizeof *l.items, cmp_violation);
    *out = l.items;
    *n_out = l.count;
    l.items = NULL;
    l.count = 0;
    rc = 0;
cleanup:
    nr_violations_free(l.items, l.count);
    free(list);
    index_free(&ix);
    return rc;
}

void nr_violations_free(nr_violation *v, size_t n) {
    if (!v) return;
    for (size_t i = 0; i < n; i++) free(v[i].message);
    free(v);
}

const char *nr_violation_kind_name(enum nr_violation_kind k) {
    static const char *const names[NR_VIOLATION_KINDS] = {
        "uncovered",       "duplicate",    "not_member",    "on_leave",
        "overlap",         "rest",         "max_frequency", "min_days_between",
        "max_consecutive", "max_weekends", "min_duties",    "max_hours",
        "max_duties",      "shift_cap",    "min_hours",     "min_consecutive",
        "min_days_off",    "succession"};
    if ((int)k < 0 || (int)k >= NR_VIOLATION_KINDS) return "unknown";
    return names[k];
}
