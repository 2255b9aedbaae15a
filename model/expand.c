#include "model/region.h"

#include <stdlib.h>
#include <string.h>

static bool shift_runs(const nr_region *r, const nr_shift *s, nr_date date) {
    bool holiday = nr_region_is_bank_holiday(r, date);
    bool on_day = (s->days_mask >> nr_date_weekday(date)) & 1u;
    switch (s->bank_holidays) {
    case NR_BH_ONLY: return holiday;
    case NR_BH_SKIP: return on_day && !holiday;
    default: return on_day;
    }
}

/* Does [start, end) contain 12:00 local on day? */
static bool covers_noon(const nr_duty *u, nr_date day) {
    nr_instant noon = nr_london_to_utc(day, 12 * 60);
    return u->start <= noon && noon < u->end;
}

/* A duty counts as a bank holiday or weekend one by its start day or by the
 * middle of a day it spans, so that a Friday night ending on Saturday
 * morning stays a weekday duty while a Friday-to-Monday one is a weekend. */
static void classify(const nr_region *r, nr_duty *u, int end_day_offset) {
    u->kind = NR_DUTY_WEEKDAY;
    u->weekend = NR_UNSET;
    nr_date last = u->date + end_day_offset;
    if (nr_region_is_bank_holiday(r, u->date)) {
        u->kind = NR_DUTY_BANK_HOLIDAY;
        return;
    }
    for (nr_date day = u->date + 1; day <= last; day++)
        if (nr_region_is_bank_holiday(r, day) && covers_noon(u, day)) {
            u->kind = NR_DUTY_BANK_HOLIDAY;
            return;
        }
    enum nr_weekday w = nr_date_weekday(u->date);
    if (w == NR_SAT || w == NR_SUN) {
        u->kind = NR_DUTY_WEEKEND;
        u->weekend = w == NR_SAT ? u->date : u->date - 1;
        return;
    }
    for (nr_date day = u->date + 1; day <= last; day++)
        if (nr_date_weekday(day) == NR_SAT && covers_noon(u, day)) {
            u->kind = NR_DUTY_WEEKEND;
            u->weekend = day;
            return;
        }
}

/* Cover of each duty: the rota's, then a date's cover entry without a
 * shift, then one naming the duty's shift (the more specific wins).
 * next_cover chains the entries of one (rota, date) from first_cover. */
static void apply_cover(const nr_region *r, const int *first_cover, const int *next_cover, nr_duty *u) {
    const nr_rota *k = &r->rotas[u->rota];
    int needed = k->cover, max = k->cover_max;
    double under = k->under_weight, over = k->over_weight;
    int day = (int)(u->date - r->period_start);
    for (int pass = 0; pass < 2; pass++)
        for (int i = first_cover[(size_t)u->rota * (size_t)r->period_days + (size_t)day]; i >= 0;
             i = next_cover[i]) {
            const nr_cover *c = &r->covers[i];
            bool specific = c->shift.id != NULL;
            if (specific != (pass == 1) || (specific && c->shift.index != u->shift)) continue;
            /* A max stated by the rota or an earlier entry stays; without
             * one the duty allows exactly what it needs. */
            if (c->needed != NR_UNSET) needed = c->needed;
            if (c->max != NR_UNSET) max = c->max;
            if (c->under_weight >= 0) under = c->under_weight;
            if (c->over_weight >= 0) over = c->over_weight;
        }
    if (needed < 0) needed = 0;
    if (max == NR_UNSET || max < needed) max = needed;
    u->needed = needed;
    u->optional = max - needed;
    u->under_weight = under >= 0 ? under : NR_DEFAULT_UNDER_WEIGHT;
    u->over_weight = over >= 0 ? over : NR_DEFAULT_OVER_WEIGHT;
}

static int cmp_duty(const void *a, const void *b) {
    const nr_duty *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->rota != y->rota) return x->rota < y->rota ? -1 : 1;
    if (x->shift != y->shift) return x->shift < y->shift ? -1 : 1;
    return (x->date > y->date) - (x->date < y->date);
}

static int push_duty(nr_duty **items, size_t *count, size_t *cap, const nr_duty *u) {
    if (*count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 256;
        nr_duty *n = realloc(*items, ncap * sizeof *n);
        if (!n) return NR_ENOMEM;
        *items = n;
        *cap = ncap;
    }
    (*items)[(*count)++] = *u;
    return 0;
}

int nr_region_expand(nr_region *r, nr_diags *d) {
    int rc = 0;
    bool bad = false;
    nr_duty *duties = NULL;
    size_t count = 0, cap = 0;
    bool *reported = NULL;
    int *first_cover = NULL, *next_cover = NULL;

    free(r->duties);
    r->duties = NULL;
    r->n_duties = 0;

    if (r->timezone && strcmp(r->timezone, "Europe/London") != 0) {
        nr_diag_error(d, r->period_loc, "timezone: only Europe/London is supported, not '%s'",
                      r->timezone);
        bad = true;
    }
    if (r->period_days <= 0) {
        nr_diag_error(d, r->period_loc, "period: must last at least one day (got %d days)",
                      r->period_days);
        bad = true;
    }
    if (bad) {
        rc = NR_EINPUT;
        goto cleanup;
    }
    /* One report per shift type, not one per date it misbehaves on. */
    reported = calloc(r->n_shifts ? r->n_shifts : 1, sizeof *reported);
    if (!reported) {
        rc = NR_ENOMEM;
        goto cleanup;
    }
    size_t cells = (r->n_rotas ? r->n_rotas : 1) * (size_t)r->period_days;
    first_cover = malloc(cells * sizeof *first_cover);
    next_cover = malloc((r->n_covers ? r->n_covers : 1) * sizeof *next_cover);
    if (!first_cover || !next_cover) {
        rc = NR_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < cells; i++) first_cover[i] = -1;
    /* Chained in reverse so that a later entry for the same duty is applied
     * last and wins. */
    for (size_t i = r->n_covers; i-- > 0;) {
        const nr_cover *c = &r->covers[i];
        next_cover[i] = -1;
        long day = (long)(c->date - r->period_start);
        if (c->rota.index < 0 || day < 0 || day >= r->period_days) continue;
        size_t cell = (size_t)c->rota.index * (size_t)r->period_days + (size_t)day;
        next_cover[i] = first_cover[cell];
        first_cover[cell] = (int)i;
    }

    for (size_t k = 0; k < r->n_rotas; k++) {
        const nr_rota *rota = &r->rotas[k];
        for (size_t j = 0; j < rota->shifts.count; j++) {
            const nr_ref *ref = &rota->shifts.items[j];
            if (ref->index < 0 || (size_t)ref->index >= r->n_shifts) {
                nr_diag_error(d, ref->loc, "shifts: shift '%s' is not resolved",
                              ref->id ? ref->id : "");
                rc = NR_EINTERNAL;
                goto cleanup;
            }
            /* resolve only warns about a shift listed twice in a rota; running it
             * twice would put two duties where the rota has one. */
            bool again = false;
            for (size_t e = 0; e < j && !again; e++) again = rota->shifts.items[e].index == ref->index;
            if (again) continue;
            const nr_shift *s = &r->shifts[ref->index];
            for (int i = 0; i < r->period_days; i++) {
                nr_date date = r->period_start + i;
                if (!shift_runs(r, s, date)) continue;
                nr_duty u = {.rota = (int)k, .shift = ref->index, .date = date,
                             .needed = rota->cover};
                u.start = nr_london_to_utc(date, s->start_minute);
                u.end = nr_london_to_utc(date + s->end_day_offset, s->end_minute);
                if (u.end <= u.start) {
                    if (!reported[ref->index]) {
                        char buf[11];
                        nr_diag_error(d, s->loc, "shift '%s' on %s ends before it starts",
                                      s->id ? s->id : "", nr_date_format(date, buf));
                        reported[ref->index] = true;
                    }
                    bad = true;
                    continue;
                }
                classify(r, &u, s->end_day_offset);
                apply_cover(r, first_cover, next_cover, &u);
                if ((rc = push_duty(&duties, &count, &cap, &u))) goto cleanup;
            }
        }
    }
    if (bad) {
        rc = NR_EINPUT;
        goto cleanup;
    }
    if (count) qsort(duties, count, sizeof *duties, cmp_duty);
    r->duties = duties;
    r->n_duties = count;
    duties = NULL;

cleanup:
    free(duties);
    free(reported);
    free(first_cover);
    free(next_cover);
    return rc;
}
