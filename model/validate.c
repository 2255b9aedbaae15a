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
 *   - max_hours H: floor(H / hours of the rota's shortest duty).
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

/* min_duties against the cap that max_frequency and the rota's duties allow,
 * for a full share and no leave (overrides at their own location). */
static void check_contradiction(nr_diags *d, nr_loc loc, const char *prefix, nr_rules rules,
                                const rota_scan *s) {
    if (rules.min_duties == NR_UNSET || rules.min_duties <= 0) return;
    if ((size_t)rules.min_duties > s->duties) {
        nr_diag_warning(d, loc, "%smin_duties %d is more than the rota's %zu duties in the period",
                        prefix, rules.min_duties, s->duties);
        return;
    }
    if (rules.max_frequency >= 1) {
        size_t allowed = (s->duties + (size_t)rules.max_frequency - 1) / (size_t)rules.max_frequency;
        if ((size_t)rules.min_duties > allowed)
            nr_diag_warning(d, loc,
                            "%smin_duties %d is more than max_frequency 1 in %d allows (%zu of its %zu duties)",
                            prefix, rules.min_duties, rules.max_frequency, allowed, s->duties);
    }
}

static void check_overrides(const nr_region *r, nr_diags *d) {
    for (size_t i = 0; i < r->n_overrides; i++) {
        const nr_override *o = &r->overrides[i];
        int p = o->person.index;
        if (p < 0 || (size_t)p >= r->n_people) continue;
        if (o->rules.min_duties == NR_UNSET && o->rules.max_frequency == NR_UNSET) continue;
        for (size_t k = 0; k < r->n_rotas; k++) {
            if (o->rota.id ? o->rota.index != (int)k : !nr_region_is_member(r, p, (int)k)) continue;
            rota_scan s = scan_rota(r, (int)k);
            char prefix[160];
            snprintf(prefix, sizeof prefix, "override for '%s' on rota '%s': ", r->people[p].id,
                     r->rotas[k].id);
            check_contradiction(d, o->loc, prefix, nr_region_rules_for(r, p, (int)k), &s);
        }
    }
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
    check_contradiction(d, rota->loc, prefix, rota->rules, &s);
    if (members == 0 || s.duties == 0) return;

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
    return d->errors > errors_before ? NR_EINPUT : 0;
}
