/*
 * validate.c - the checks a coordinator needs before solving.
 *
 * Capacity (nr_rota_capacity_of and the capacity warning) is an upper bound,
 * never an estimate: if it says the members cannot cover the rota, no rota
 * obeying the rules exists. For member p on rota k with rules R (the rota's
 * rules merged with p's overrides), p can take at most the smallest of:
 *   - available: duties of k that do not overlap p's leave;
 *   - max_frequency N: ceil(available * share / N - 1e-9), "one duty in N"
 *     counted over the rota's duties, pro rata for share and leave, exactly
 *     as the rule checker reads it (model/checker.h);
 *   - max_weekends W: available duties that belong to no weekend plus the
 *     available duties of the W weekends that have the most;
 *   - min_days_between D: (days in period - 1) / D + 1 duties;
 *   - max_hours H: floor(H / hours of the rota's shortest duty);
 *   - max_duties M: M.
 * (Shift caps, min_hours and the run rules are left out: leaving a rule out
 * only loosens the bound.)
 * The rota's max_possible is the sum over members; HUGE_VAL when none of
 * those rules applies to any member (leave alone is reported by the duty
 * check instead: duties that too few members are free to take).
 *
 * Bank holidays beyond the built-in table are not checked here: only the
 * loader knows whether the built-in table was asked for, and it warns
 * (import/scenario.c, settle_bank_holidays).
 */
#include "model/validate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-9

/* What one member can take on one rota. */
typedef struct member_cap {
    size_t available; /* duties of the rota that do not overlap their leave */
    double cap;       /* most duties they could take under their rules */
    bool limited;     /* a rule (not just leave) applies to them */
} member_cap;

/* The rota's duties at a glance. */
typedef struct rota_scan {
    size_t duties;
    size_t slots;
    size_t by_kind[NR_DUTY_KINDS];
    double min_hours; /* shortest duty, 0 when there are none */
} rota_scan;

static rota_scan scan_rota(const nr_region *r, int k) {
    rota_scan s = {0, 0, {0, 0, 0}, 0.0};
    for (size_t i = 0; i < r->n_duties; i++) {
        const nr_duty *d = &r->duties[i];
        if (d->rota != k) continue;
        s.duties++;
        s.slots += d->needed > 0 ? (size_t)d->needed : 0;
        if ((unsigned)d->kind < NR_DUTY_KINDS) s.by_kind[d->kind]++;
        double h = nr_duty_hours(d);
        if (s.min_hours == 0.0 || h < s.min_hours) s.min_hours = h;
    }
    return s;
}

static int cmp_size_desc(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x < y) - (x > y);
}

/* The first Saturday on or after the Sunday before the period: every
 * weekend a duty of the period can belong to is at or after it. */
static nr_date first_saturday(const nr_region *r) {
    nr_date d = r->period_start - 6;
    while (nr_date_weekday(d) != NR_SAT) d++;
    return d;
}

static size_t weekend_slots(const nr_region *r) { return (size_t)r->period_days / 7 + 3; }

/* wk: scratch of weekend_slots(r) entries, or NULL (then max_weekends is not
 * used, which only loosens the bound). */
static member_cap member_capacity(const nr_region *r, int p, int k, const rota_scan *s,
                                  size_t *wk) {
    member_cap m = {0, 0.0, false};
    nr_rules rules = nr_region_rules_for(r, p, k);
    size_t n_wk = weekend_slots(r), other = 0;
    nr_date sat0 = first_saturday(r);
    if (wk) memset(wk, 0, n_wk * sizeof *wk);
    for (size_t i = 0; i < r->n_duties; i++) {
        const nr_duty *d = &r->duties[i];
        if (d->rota != k) continue;
        if (nr_region_on_leave(r, p, d->start, d->end)) continue;
        m.available++;
        long idx = d->weekend != NR_UNSET ? (long)(d->weekend - sat0) / 7 : -1;
        if (wk && idx >= 0 && (size_t)idx < n_wk) wk[idx]++;
        else other++;
    }
    m.cap = (double)m.available;
    if (rules.max_weekends != NR_UNSET && wk) {
        qsort(wk, n_wk, sizeof *wk, cmp_size_desc);
        size_t take = other;
        for (size_t i = 0; i < n_wk && i < (size_t)(rules.max_weekends > 0 ? rules.max_weekends : 0); i++)
            take += wk[i];
        m.cap = fmin(m.cap, (double)take);
        m.limited = true;
    }
    if (rules.max_frequency >= 1) {
        double share = r->people[p].share > 0 ? r->people[p].share : 0.0;
        m.cap = fmin(m.cap, ceil((double)m.available * share / rules.max_frequency - EPS));
        m.limited = true;
    }
    if (rules.min_days_between >= 1 && r->period_days > 0) {
        m.cap = fmin(m.cap, (double)((r->period_days - 1) / rules.min_days_between + 1));
        m.limited = true;
    }
    if (rules.max_hours >= 0 && s->min_hours > 0) {
        m.cap = fmin(m.cap, floor(rules.max_hours / s->min_hours + EPS));
        m.limited = true;
    }
    if (rules.max_duties >= 0) {
        m.cap = fmin(m.cap, (double)rules.max_duties);
        m.limited = true;
    }
    return m;
}

nr_rota_capacity nr_rota_capacity_of(const nr_region *r, int rota) {
    nr_rota_capacity c = {0, 0, 0, 0.0, 0.0, HUGE_VAL};
    if (rota < 0 || (size_t)rota >= r->n_rotas) return c;
    rota_scan s = scan_rota(r, rota);
    c.duties = s.duties;
    c.slots = s.slots;
    size_t *wk = malloc(weekend_slots(r) * sizeof *wk);
    double sum = 0.0;
    bool limited = false;
    for (size_t p = 0; p < r->n_people; p++) {
        if (!nr_region_is_member(r, (int)p, rota)) continue;
        c.members++;
        c.member_fte += r->people[p].share;
        member_cap m = member_capacity(r, (int)p, rota, &s, wk);
        sum += m.cap;
        limited = limited || m.limited;
    }
    free(wk);
    if (c.slots > 0) c.frequency = (double)r->period_days * (double)c.members / (double)c.slots;
    if (limited) c.max_possible = sum;
    return c;
}

/* --- formatting helpers ------------------------------------------------ */

static nr_instant period_begin(const nr_region *r) { return nr_london_to_utc(r->period_start, 0); }
static nr_instant period_end(const nr_region *r) {
    return nr_london_to_utc(r->period_start + r->period_days, 0);
}

/* "2027-01-05" or "2027-01-05T08:30", local time. */
static void format_local(nr_instant t, char *buf, size_t n) {
    nr_date d;
    int minute, offset;
    char day[16];
    nr_london_from_utc(t, &d, &minute, &offset);
    nr_date_format(d, day);
    if (minute == 0) snprintf(buf, n, "%s", day);
    else snprintf(buf, n, "%sT%02d:%02d", day, minute / 60, minute % 60);
}

/* Leave as the coordinator wrote it: all-day leave shows its last day
 * (inclusive), timed leave its exclusive end. */
static void format_leave(const nr_leave *l, char *buf, size_t n) {
    char a[32], b[32];
    format_local(l->start, a, sizeof a);
    if (l->all_day) {
        nr_date d;
        int minute, offset;
        nr_london_from_utc(l->end, &d, &minute, &offset);
        nr_date_format(d - 1, b);
    } else {
        format_local(l->end, b, sizeof b);
    }
    snprintf(buf, n, "%s to %s", a, b);
}

static void format_period(const nr_region *r, char *buf, size_t n) {
    char a[16], b[16];
    nr_date_format(r->period_start, a);
    nr_date_format(r->period_start + r->period_days - 1, b);
    snprintf(buf, n, "%s to %s", a, b);
}

/* The rota's limiting rules, e.g. "max_frequency 1 in 6, max_weekends 4". */
static void format_limits(const nr_rules *k, char *buf, size_t n) {
    size_t used = 0;
    buf[0] = '\0';
#define APPEND(...)                                                              \
    do {                                                                         \
        int w = snprintf(buf + used, n - used, "%s", used ? ", " : "");          \
        if (w > 0 && (size_t)w < n - used) used += (size_t)w;                    \
        w = snprintf(buf + used, n - used, __VA_ARGS__);                         \
        if (w > 0 && (size_t)w < n - used) used += (size_t)w;                    \
    } while (0)
    if (k->max_frequency >= 1) APPEND("max_frequency 1 in %d", k->max_frequency);
    if (k->max_weekends != NR_UNSET) APPEND("max_weekends %d", k->max_weekends);
    if (k->min_days_between >= 1) APPEND("min_days_between %d", k->min_days_between);
    if (k->max_hours >= 0) APPEND("max_hours %g", k->max_hours);
    if (k->max_duties >= 0) APPEND("max_duties %d", k->max_duties);
#undef APPEND
}

/* --- the checks --------------------------------------------------------- */

static void check_leave(const nr_region *r, nr_diags *d) {
    nr_instant p0 = period_begin(r), p1 = period_end(r);
    char what[80], period[40];
    format_period(r, period, sizeof period);
    for (size_t i = 0; i < r->n_leave; i++) {
        const nr_leave *l = &r->leave[i];
        const char *who = l->person.id ? l->person.id : "?";
        format_leave(l, what, sizeof what);
        if (l->end <= l->start) {
            nr_diag_error(d, l->loc, "leave for '%s' ends before it starts (%s)", who, what);
            continue;
        }
        if (l->end <= p0 || l->start >= p1)
            nr_diag_warning(d, l->loc, "leave for '%s' (%s) is outside the period (%s)", who, what,
                            period);
    }
}

static void check_requests(const nr_region *r, nr_diags *d) {
    char day[16], period[40];
    format_period(r, period, sizeof period);
    for (size_t i = 0; i < r->n_requests; i++) {
        const nr_request *q = &r->requests[i];
        const char *who = q->person.id ? q->person.id : "?";
        if (q->date < r->period_start || q->date >= r->period_start + r->period_days) {
            nr_date_format(q->date, day);
            nr_diag_warning(d, q->loc, "request by '%s' for %s is outside the period (%s)", who,
                            day, period);
        }
        int p = q->person.index, k = q->rota.index, s = q->shift.index;
        if (p < 0 || (size_t)p >= r->n_people) continue;
        if (k >= 0 && (size_t)k < r->n_rotas) {
            if (!nr_region_is_member(r, p, k))
                nr_diag_warning(d, q->loc, "request by '%s' names rota '%s', of which they are not a member",
                                who, r->rotas[k].id);
            if (s >= 0) {
                const nr_refs *sh = &r->rotas[k].shifts;
                bool runs = false;
                for (size_t j = 0; j < sh->count; j++)
                    if (sh->items[j].index == s) runs = true;
                if (!runs)
                    nr_diag_warning(d, q->loc, "request by '%s' names shift '%s', which rota '%s' does not run",
                                    who, r->shifts[s].id, r->rotas[k].id);
            }
        }
    }
}

/* The most duties max_frequency N lets someone of this share take out of
 * `duties`: ceil(duties * share / N), as the rule checker reads it. */
static size_t frequency_allows(size_t duties, int n, double share) {
    if (share <= 0) return 0;
    double cap = ceil((double)duties * share / n - EPS);
    return cap > 0 ? (size_t)cap : 0;
}

/* min_duties against the cap that max_frequency and the rota's duties allow
 * someone of this share (no leave). True when it warned. */
static bool check_contradiction(nr_diags *d, nr_loc loc, const char *prefix, nr_rules rules,
                                const rota_scan *s, double share) {
    if (rules.min_duties == NR_UNSET || rules.min_duties <= 0) return false;
    if ((size_t)rules.min_duties > s->duties) {
        nr_diag_warning(d, loc, "%smin_duties %d is more than the rota's %zu duties in the period",
                        prefix, rules.min_duties, s->duties);
        return true;
    }
    if (rules.max_frequency < 1) return false;
    size_t allowed = frequency_allows(s->duties, rules.max_frequency, share);
    if ((size_t)rules.min_duties <= allowed) return false;
    if (share == 1.0)
        nr_diag_warning(d, loc,
                        "%smin_duties %d is more than max_frequency 1 in %d allows "
                        "(%zu of its %zu duties)",
                        prefix, rules.min_duties, rules.max_frequency, allowed, s->duties);
    else
        nr_diag_warning(d, loc,
                        "%smin_duties %d is more than max_frequency 1 in %d allows at share %g "
                        "(%zu of its %zu duties)",
                        prefix, rules.min_duties, rules.max_frequency, share, allowed, s->duties);
    return true;
}

/* Does override o change person p's rules on rota k (not a shift cap)? */
static bool override_applies(const nr_region *r, const nr_override *o, int p, int k) {
    if (o->shift.id || o->person.index != p) return false;
    return o->rota.id ? o->rota.index == k : nr_region_is_member(r, p, k);
}

/* "override for 'P2' on rota 'r1': " (rota NULL: "override for 'P2': "). */
static void override_prefix(const nr_override *o, const char *rota, char *buf, size_t n) {
    const char *who = o->person.id ? o->person.id : "?";
    if (rota) snprintf(buf, n, "override for '%s' on rota '%s': ", who, rota);
    else snprintf(buf, n, "override for '%s': ", who);
}

static void check_overrides(const nr_region *r, nr_diags *d) {
    for (size_t i = 0; i < r->n_overrides; i++) {
        const nr_override *o = &r->overrides[i];
        int p = o->person.index;
        if (p < 0 || (size_t)p >= r->n_people || o->shift.id) continue;
        if (o->rules.min_duties == NR_UNSET && o->rules.max_frequency == NR_UNSET) continue;
        for (size_t k = 0; k < r->n_rotas; k++) {
            if (!override_applies(r, o, p, (int)k)) continue;
            rota_scan s = scan_rota(r, (int)k);
            char prefix[160];
            override_prefix(o, r->rotas[k].id, prefix, sizeof prefix);
            check_contradiction(d, o->loc, prefix, nr_region_rules_for(r, p, (int)k), &s,
                                r->people[p].share);
        }
    }
}

/* A part-time member whose min_duties and max_frequency come from the rota
 * alone: the rota's own warning reads them at a full share, so a member
 * for whom they only clash at their share is told at their own location. */
static void check_member_contradictions(const nr_region *r, int k, const rota_scan *s,
                                        nr_diags *d) {
    const nr_rules *rota = &r->rotas[k].rules;
    if (rota->min_duties == NR_UNSET || rota->min_duties <= 0 || rota->max_frequency < 1) return;
    if ((size_t)rota->min_duties > s->duties) return;
    if ((size_t)rota->min_duties > frequency_allows(s->duties, rota->max_frequency, 1.0)) return;
    for (size_t p = 0; p < r->n_people; p++) {
        if (!nr_region_is_member(r, (int)p, k)) continue;
        bool own = false;
        for (size_t i = 0; i < r->n_overrides && !own; i++) {
            const nr_override *o = &r->overrides[i];
            own = override_applies(r, o, (int)p, k) &&
                  (o->rules.min_duties != NR_UNSET || o->rules.max_frequency != NR_UNSET);
        }
        if (own) continue;
        char prefix[160];
        snprintf(prefix, sizeof prefix, "'%s' on rota '%s': ", r->people[p].id, r->rotas[k].id);
        check_contradiction(d, r->people[p].loc, prefix, *rota, s, r->people[p].share);
    }
}

/* Rule values that make no sense where they are written. */
static void check_rule_minimums(nr_diags *d, nr_loc loc, const char *prefix, nr_rules own) {
    if (own.min_consecutive != NR_UNSET && own.min_consecutive < 1)
        nr_diag_error(d, loc, "%smin_consecutive must be at least 1 (is %d)", prefix,
                      own.min_consecutive);
    if (own.min_days_off != NR_UNSET && own.min_days_off < 1)
        nr_diag_error(d, loc, "%smin_days_off must be at least 1 (is %d)", prefix,
                      own.min_days_off);
    if (own.max_duties < NR_UNSET)
        nr_diag_error(d, loc, "%smax_duties must not be negative (is %d)", prefix, own.max_duties);
}

/* Rules in force (`merged`) that nobody could keep: minimum runs longer
 * than the maximum, minimum hours above the maximum. Reported where one of
 * the pair is written (`own`), or always when at_rota. */
static void check_rule_pairs(nr_diags *d, nr_loc loc, const char *prefix, nr_rules own,
                             nr_rules merged, bool at_rota) {
    bool runs = at_rota || own.min_consecutive != NR_UNSET || own.max_consecutive != NR_UNSET;
    if (runs && merged.min_consecutive >= 1 && merged.max_consecutive >= 1 &&
        merged.min_consecutive > merged.max_consecutive)
        nr_diag_error(d, loc,
                      "%smin_consecutive %d is more than max_consecutive %d: no run of duties "
                      "inside the period could keep both",
                      prefix, merged.min_consecutive, merged.max_consecutive);
    bool hours = at_rota || own.min_hours >= 0 || own.max_hours >= 0;
    if (hours && merged.min_hours >= 0 && merged.max_hours >= 0 &&
        merged.min_hours > merged.max_hours + EPS)
        nr_diag_error(d, loc, "%smin_hours %g is more than max_hours %g", prefix, merged.min_hours,
                      merged.max_hours);
}

/* The rules an override states besides max_duties, as "min_hours, max_hours". */
static void stated_rules(const nr_rules *k, char *buf, size_t n) {
    const char *names[16];
    size_t c = 0;
    if (k->max_frequency != NR_UNSET) names[c++] = "max_frequency";
    if (k->min_days_between != NR_UNSET) names[c++] = "min_days_between";
    if (k->max_consecutive != NR_UNSET) names[c++] = "max_consecutive";
    if (k->max_weekends != NR_UNSET) names[c++] = "max_weekends";
    if (k->min_duties != NR_UNSET) names[c++] = "min_duties";
    if (k->max_hours >= 0) names[c++] = "max_hours";
    if (k->min_rest_hours >= 0) names[c++] = "min_rest_hours";
    if (k->min_hours >= 0) names[c++] = "min_hours";
    if (k->min_consecutive != NR_UNSET) names[c++] = "min_consecutive";
    if (k->min_days_off != NR_UNSET) names[c++] = "min_days_off";
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < c; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", names[i]);
        if (w < 0 || (size_t)w >= n - used) break;
        used += (size_t)w;
    }
}

static void check_override_rules(const nr_region *r, nr_diags *d) {
    for (size_t i = 0; i < r->n_overrides; i++) {
        const nr_override *o = &r->overrides[i];
        int p = o->person.index;
        char prefix[200];
        if (o->shift.id) {
            const char *who = o->person.id ? o->person.id : "?";
            if (o->rota.id)
                snprintf(prefix, sizeof prefix, "override for '%s' on rota '%s' shift '%s': ", who,
                         o->rota.id, o->shift.id);
            else
                snprintf(prefix, sizeof prefix, "override for '%s' shift '%s': ", who, o->shift.id);
            char others[200];
            stated_rules(&o->rules, others, sizeof others);
            if (others[0])
                nr_diag_warning(d, o->loc, "%sonly max_duties applies to one shift; %s ignored",
                                prefix, others);
            if (o->rules.max_duties == NR_UNSET)
                nr_diag_warning(d, o->loc, "%sstates no max_duties, so it caps nothing", prefix);
            else if (o->rules.max_duties < 0)
                nr_diag_error(d, o->loc, "%sshift cap max_duties must not be negative (is %d)",
                              prefix, o->rules.max_duties);
            continue;
        }
        override_prefix(o, o->rota.id, prefix, sizeof prefix);
        check_rule_minimums(d, o->loc, prefix, o->rules);
        if (p < 0 || (size_t)p >= r->n_people) continue;
        for (size_t k = 0; k < r->n_rotas; k++) {
            if (!override_applies(r, o, p, (int)k)) continue;
            override_prefix(o, r->rotas[k].id, prefix, sizeof prefix);
            check_rule_pairs(d, o->loc, prefix, o->rules, nr_region_rules_for(r, p, (int)k), false);
        }
    }
}

/* --- cover -------------------------------------------------------------- */

/* "cover for rota 'r1' shift 'day' on 2027-01-09" */
static void cover_label(const nr_cover *c, char *buf, size_t n) {
    char day[16];
    nr_date_format(c->date, day);
    if (c->shift.id)
        snprintf(buf, n, "cover for rota '%s' shift '%s' on %s", c->rota.id ? c->rota.id : "?",
                 c->shift.id, day);
    else
        snprintf(buf, n, "cover for rota '%s' on %s", c->rota.id ? c->rota.id : "?", day);
}

static bool bad_weight(double w) { return isnan(w) || isinf(w); }

static void check_rota_cover(const nr_region *r, int k, nr_diags *d) {
    const nr_rota *rota = &r->rotas[k];
    if (rota->cover_max != NR_UNSET && rota->cover_max < rota->cover)
        nr_diag_error(d, rota->loc, "rota '%s': cover_max %d is less than cover %d", rota->id,
                      rota->cover_max, rota->cover);
    if (bad_weight(rota->under_weight))
        nr_diag_error(d, rota->loc, "rota '%s': under_weight must be a number", rota->id);
    if (bad_weight(rota->over_weight))
        nr_diag_error(d, rota->loc, "rota '%s': over_weight must be a number", rota->id);
}

/* Per-date cover entries: their numbers, and whether they meet a duty at
 * all (expansion ignores one that does not, silently). */
static void check_covers(const nr_region *r, nr_diags *d) {
    if (r->n_covers == 0) return;
    size_t days = r->period_days > 0 ? (size_t)r->period_days : 0;
    size_t cells = (r->n_rotas ? r->n_rotas : 1) * (days ? days : 1);
    /* Duties of each (rota, date), chained. */
    int *first = malloc(cells * sizeof *first);
    int *next = malloc((r->n_duties ? r->n_duties : 1) * sizeof *next);
    if (!first || !next) {
        nr_diag_error(d, r->period_loc, "out of memory checking cover entries");
        goto cleanup;
    }
    for (size_t i = 0; i < cells; i++) first[i] = -1;
    for (size_t i = r->n_duties; i-- > 0;) {
        const nr_duty *u = &r->duties[i];
        long day = (long)(u->date - r->period_start);
        next[i] = -1;
        if (u->rota < 0 || (size_t)u->rota >= r->n_rotas || day < 0 || (size_t)day >= days)
            continue;
        size_t cell = (size_t)u->rota * days + (size_t)day;
        next[i] = first[cell];
        first[cell] = (int)i;
    }
    char label[200], period[40];
    format_period(r, period, sizeof period);
    for (size_t i = 0; i < r->n_covers; i++) {
        const nr_cover *c = &r->covers[i];
        cover_label(c, label, sizeof label);
        int k = c->rota.index;
        if (c->needed < NR_UNSET)
            nr_diag_error(d, c->loc, "%s: needed must not be negative (is %d)", label, c->needed);
        if (c->max < NR_UNSET)
            nr_diag_error(d, c->loc, "%s: max must not be negative (is %d)", label, c->max);
        if (bad_weight(c->under_weight))
            nr_diag_error(d, c->loc, "%s: under_weight must be a number", label);
        if (bad_weight(c->over_weight))
            nr_diag_error(d, c->loc, "%s: over_weight must be a number", label);
        if (c->max >= 0 && c->needed >= 0 && c->max < c->needed)
            nr_diag_error(d, c->loc, "%s: max %d is less than needed %d", label, c->max, c->needed);
        else if (c->max >= 0 && c->needed == NR_UNSET && k >= 0 && (size_t)k < r->n_rotas &&
                 c->max < r->rotas[k].cover)
            nr_diag_error(d, c->loc, "%s: max %d is less than the rota's cover %d", label, c->max,
                          r->rotas[k].cover);
        if (k < 0 || (size_t)k >= r->n_rotas) continue;
        long day = (long)(c->date - r->period_start);
        if (day < 0 || (size_t)day >= days) {
            nr_diag_warning(d, c->loc, "%s is outside the period (%s); it changes nothing", label,
                            period);
            continue;
        }
        bool meets = false;
        for (int u = first[(size_t)k * days + (size_t)day]; u >= 0 && !meets; u = next[u])
            meets = !c->shift.id || r->duties[u].shift == c->shift.index;
        if (!meets)
            nr_diag_warning(d, c->loc, "%s: the rota runs no %s that date; it changes nothing",
                            label, c->shift.id ? "duty of that shift" : "duty");
    }
cleanup:
    free(first);
    free(next);
}

/* Duties that fewer members are free (not on leave) to take than it needs. */
static void check_short_duties(const nr_region *r, int k, nr_diags *d) {
    const nr_rota *rota = &r->rotas[k];
    size_t shortfall = 0;
    const nr_duty *first = NULL;
    for (size_t i = 0; i < r->n_duties; i++) {
        const nr_duty *u = &r->duties[i];
        if (u->rota != k) continue;
        int free_members = 0;
        for (size_t p = 0; p < r->n_people && free_members < u->needed; p++)
            if (nr_region_is_member(r, (int)p, k) && !nr_region_on_leave(r, (int)p, u->start, u->end))
                free_members++;
        if (free_members < u->needed) {
            if (!first) first = u;
            shortfall++;
        }
    }
    if (!shortfall) return;
    char day[16];
    nr_date_format(first->date, day);
    const char *shift = first->shift >= 0 && (size_t)first->shift < r->n_shifts
                            ? r->shifts[first->shift].id
                            : "?";
    nr_diag_warning(d, rota->loc,
                    "rota '%s' has %zu %s with too few members free of leave to cover %s (first: %s %s)",
                    rota->id, shortfall, shortfall == 1 ? "duty" : "duties",
                    shortfall == 1 ? "it" : "them", day, shift);
}

static void check_rota(const nr_region *r, int k, nr_diags *d) {
    const nr_rota *rota = &r->rotas[k];
    rota_scan s = scan_rota(r, k);
    size_t members = 0;
    for (size_t p = 0; p < r->n_people; p++)
        if (nr_region_is_member(r, (int)p, k)) members++;

    if (rota->cover < 1)
        nr_diag_error(d, rota->loc, "rota '%s': cover must be at least 1 (is %d)", rota->id,
                      rota->cover);
    if (members == 0) nr_diag_error(d, rota->loc, "rota '%s' has no members", rota->id);
    if (rota->shifts.count == 0)
        nr_diag_warning(d, rota->loc, "rota '%s' has no shifts", rota->id);
    else if (s.duties == 0)
        nr_diag_warning(d, rota->loc, "rota '%s' has no duties in the period", rota->id);
    char prefix[160];
    snprintf(prefix, sizeof prefix, "rota '%s': ", rota->id);
    check_contradiction(d, rota->loc, prefix, rota->rules, &s, 1.0);
    check_rule_minimums(d, rota->loc, prefix, rota->rules);
    check_rule_pairs(d, rota->loc, prefix, rota->rules, rota->rules, true);
    check_rota_cover(r, k, d);
    if (members == 0 || s.duties == 0) return;
    check_member_contradictions(r, k, &s, d);

    if (rota->cover > 0 && (size_t)rota->cover > members)
        nr_diag_warning(d, rota->loc, "rota '%s' needs %d people per duty but has only %zu %s",
                        rota->id, rota->cover, members, members == 1 ? "member" : "members");

    size_t *wk = malloc(weekend_slots(r) * sizeof *wk);
    double sum = 0.0;
    bool limited = false, leave_cost = false;
    for (size_t p = 0; p < r->n_people; p++) {
        if (!nr_region_is_member(r, (int)p, k)) continue;
        const nr_person *person = &r->people[p];
        member_cap m = member_capacity(r, (int)p, k, &s, wk);
        sum += m.cap;
        limited = limited || m.limited;
        if (m.available < s.duties) leave_cost = true;
        if (m.available == 0)
            nr_diag_warning(d, person->loc, "'%s' is on rota '%s' but on leave for all of its %zu duties",
                            person->id, rota->id, s.duties);
        else if (m.cap < 1.0)
            nr_diag_warning(d, person->loc,
                            "'%s' is on rota '%s' but its rules allow them none of its %zu duties",
                            person->id, rota->id, s.duties);
    }
    free(wk);

    if (limited && sum + EPS < (double)s.slots) {
        char rules[160];
        format_limits(&rota->rules, rules, sizeof rules);
        nr_diag_warning(d, rota->loc,
                        "rota '%s' needs %zu duty slots but its %zu %s can take at most %.0f under its "
                        "rules (%s)%s",
                        rota->id, s.slots, members, members == 1 ? "member" : "members", floor(sum + EPS),
                        rules[0] ? rules : "members' overrides", leave_cost ? " and their leave" : "");
    }
    check_short_duties(r, k, d);
}

int nr_region_validate(const nr_region *r, nr_diags *d) {
    size_t errors_before = d->errors;
    check_leave(r, d);
    check_requests(r, d);
    for (size_t k = 0; k < r->n_rotas; k++) check_rota(r, (int)k, d);
    check_overrides(r, d);
    check_override_rules(r, d);
    check_covers(r, d);
    return d->errors > errors_before ? NR_EINPUT : 0;
}
