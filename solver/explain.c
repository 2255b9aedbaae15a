/* Why a slot stayed empty: each member of the duty's rota, with the first
 * rule (in the model's own reading) that keeps them off it in this plan. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver/internal.h"

const char *nr_unavailable_reason_name(enum nr_unavailable_reason w) {
    switch (w) {
    case NR_WHY_ON_LEAVE: return "on_leave";
    case NR_WHY_RESTING: return "resting";
    case NR_WHY_OTHER_ROTA: return "other_rota";
    case NR_WHY_FREQUENCY_CAP: return "frequency_cap";
    case NR_WHY_ALREADY_ON_DUTY: return "already_on_duty";
    case NR_WHY_COULD_TAKE: return "could_take";
    }
    return "unknown";
}

static void when(const nr_region *r, nr_instant t, bool date_only, char *buf, size_t size) {
    nr_date day;
    int minute, offset;
    nr_london_from_utc(t, &day, &minute, &offset);
    char d[16];
    nr_date_format(day, d);
    if (date_only) snprintf(buf, size, "%s", d);
    else snprintf(buf, size, "%sT%02d:%02d", d, minute / 60, minute % 60);
    (void)r;
}

static void describe_duty(const nr_region *r, const nr_duty *du, char *buf, size_t size) {
    char d[16];
    nr_date_format(du->date, d);
    snprintf(buf, size, "%s %s %s", r->rotas[du->rota].id, d, r->shifts[du->shift].id);
}

static bool held(const nr_plan *plan, size_t duty, int person) { return nr_plan_holds(plan, duty, person) != 0; }

static void explain_one(const nr_region *r, const nr_plan *plan, size_t duty, int p, nr_unavailable *u) {
    const nr_duty *du = &r->duties[duty];
    const int k = du->rota;
    nr_rules ru = nr_region_rules_for(r, p, k);
    nr_instant busy_end = du->end + sv_rest_seconds(&ru);
    char a[48], b[48], dd[96];
    u->person = p;
    if (held(plan, duty, p)) {
        u->reason = NR_WHY_ALREADY_ON_DUTY;
        snprintf(u->detail, sizeof u->detail, "holds another slot of this duty");
        return;
    }
    for (size_t i = 0; i < r->n_leave; i++) {
        const nr_leave *l = &r->leave[i];
        if (l->person.index != p || !(l->start < busy_end && du->start < l->end)) continue;
        u->reason = NR_WHY_ON_LEAVE;
        when(r, l->start, l->all_day, a, sizeof a);
        when(r, l->all_day ? l->end - 86400 : l->end, l->all_day, b, sizeof b);
        if (l->end <= du->start || l->start >= du->end)
            snprintf(u->detail, sizeof u->detail, "leave %s..%s starts within the %.0f h rest after it", a, b,
                     ru.min_rest_hours);
        else snprintf(u->detail, sizeof u->detail, "leave %s..%s", a, b);
        return;
    }
    int shift_cap = nr_region_shift_cap(r, p, k, du->shift);
    if (shift_cap == 0) {
        u->reason = NR_WHY_FREQUENCY_CAP;
        snprintf(u->detail, sizeof u->detail, "may not take %s duties (shift cap 0)", r->shifts[du->shift].id);
        return;
    }
    /* Held duties: overlap and rest across all rotas, days between on this one. */
    int count = 0, weekends = 0, same_shift = 0;
    double hours = 0;
    bool same_weekend = false;
    for (size_t j = 0; j < r->n_duties; j++) {
        if (j == duty || !held(plan, j, p)) continue;
        const nr_duty *o = &r->duties[j];
        nr_rules oru = nr_region_rules_for(r, p, o->rota);
        nr_instant o_busy = o->end + sv_rest_seconds(&oru);
        if (o->start < busy_end && du->start < o_busy) {
            describe_duty(r, o, dd, sizeof dd);
            bool overlap = o->start < du->end && du->start < o->end;
            if (overlap && o->rota != k) {
                u->reason = NR_WHY_OTHER_ROTA;
                snprintf(u->detail, sizeof u->detail, "holds %s at that time", dd);
            } else {
                u->reason = NR_WHY_RESTING;
                const nr_rules *rr = o->start <= du->start ? &oru : &ru;
                snprintf(u->detail, sizeof u->detail, "holds %s (%s, rest %.0f h)", dd,
                         overlap ? "overlapping" : "too close", rr->min_rest_hours > 0 ? rr->min_rest_hours : 0);
            }
            return;
        }
        if ((o->date == du->date - 1 && nr_region_forbids_succession(r, o->shift, du->shift)) ||
            (o->date == du->date + 1 && nr_region_forbids_succession(r, du->shift, o->shift))) {
            describe_duty(r, o, dd, sizeof dd);
            const nr_duty *first = o->date < du->date ? o : du, *second = o->date < du->date ? du : o;
            u->reason = NR_WHY_FREQUENCY_CAP;
            snprintf(u->detail, sizeof u->detail, "holds %s; %s may not follow %s the day before", dd,
                     r->shifts[second->shift].id, r->shifts[first->shift].id);
            return;
        }
        if (o->rota != k) continue;
        same_shift += o->shift == du->shift;
        if (ru.min_days_between > 0 && abs(o->date - du->date) < ru.min_days_between) {
            describe_duty(r, o, dd, sizeof dd);
            u->reason = NR_WHY_RESTING;
            snprintf(u->detail, sizeof u->detail, "holds %s, %d day(s) apart (min %d)", dd, abs(o->date - du->date),
                     ru.min_days_between);
            return;
        }
        count++;
        hours += nr_duty_hours(o);
        if (o->weekend != NR_UNSET && o->weekend == du->weekend) same_weekend = true;
    }
    /* Distinct weekends held on this rota. */
    if (ru.max_weekends >= 0 && du->weekend != NR_UNSET && !same_weekend) {
        for (size_t j = 0; j < r->n_duties; j++) {
            const nr_duty *o = &r->duties[j];
            if (o->rota != k || o->weekend == NR_UNSET || !held(plan, j, p)) continue;
            bool first = true;
            for (size_t i = 0; i < j && first; i++)
                if (r->duties[i].rota == k && r->duties[i].weekend == o->weekend && held(plan, i, p)) first = false;
            weekends += first;
        }
    }
    int free_duties = 0;
    if (ru.max_frequency >= 1)
        for (size_t j = 0; j < r->n_duties; j++)
            if (r->duties[j].rota == k && r->duties[j].needed > 0 &&
                !nr_region_on_leave(r, p, r->duties[j].start, r->duties[j].end))
                free_duties++;
    int cap = sv_frequency_cap(r->people[p].share, free_duties, ru.max_frequency);
    u->reason = NR_WHY_FREQUENCY_CAP;
    if (cap >= 0 && count + 1 > cap) {
        snprintf(u->detail, sizeof u->detail, "at frequency cap: holds %d of %d duties (1 in %d)", count, cap,
                 ru.max_frequency);
        return;
    }
    if (ru.max_weekends >= 0 && du->weekend != NR_UNSET && !same_weekend && weekends + 1 > ru.max_weekends) {
        snprintf(u->detail, sizeof u->detail, "at weekend cap: holds %d of %d weekends", weekends, ru.max_weekends);
        return;
    }
    if (ru.max_hours >= 0 && hours + nr_duty_hours(du) > ru.max_hours + 1e-9) {
        snprintf(u->detail, sizeof u->detail, "at hours cap: %.1f h held + %.1f h > %.1f h", hours,
                 nr_duty_hours(du), ru.max_hours);
        return;
    }
    if (ru.max_consecutive >= 1) {
        int m = ru.max_consecutive;
        for (nr_date s = du->date - m; s <= du->date; s++) {
            int n = 1;
            for (size_t j = 0; j < r->n_duties; j++) {
                const nr_duty *o = &r->duties[j];
                if (j != duty && o->rota == k && o->date >= s && o->date <= s + m && held(plan, j, p)) n++;
            }
            if (n > m) {
                snprintf(u->detail, sizeof u->detail, "would hold %d duties on %d consecutive dates (max %d)", n,
                         m + 1, m);
                return;
            }
        }
    }
    if (ru.max_duties >= 0 && count + 1 > ru.max_duties) {
        snprintf(u->detail, sizeof u->detail, "at duty cap: holds %d of %d duties (max_duties)", count, ru.max_duties);
        return;
    }
    if (shift_cap >= 0 && same_shift + 1 > shift_cap) {
        snprintf(u->detail, sizeof u->detail, "at %s cap: holds %d of %d %s duties", r->shifts[du->shift].id,
                 same_shift, shift_cap, r->shifts[du->shift].id);
        return;
    }
    if ((ru.min_consecutive >= 2 || ru.min_days_off >= 2) && r->period_days > 0) {
        unsigned char *work = calloc((size_t)r->period_days, 1);
        if (work) {
            for (size_t j = 0; j < r->n_duties; j++) {
                const nr_duty *o = &r->duties[j];
                int at = o->date - r->period_start;
                if ((j == duty || (o->rota == k && held(plan, j, p))) && at >= 0 && at < r->period_days) work[at] = 1;
            }
            bool runs = sv_runs_ok(work, r->period_days, ru.min_consecutive, 0);
            bool off = sv_runs_ok(work, r->period_days, 0, ru.min_days_off);
            free(work);
            if (!runs) {
                snprintf(u->detail, sizeof u->detail,
                         "would leave a run of duty dates shorter than %d inside the period (min_consecutive)",
                         ru.min_consecutive);
                return;
            }
            if (!off) {
                snprintf(u->detail, sizeof u->detail,
                         "would leave fewer than %d free dates between duties (min_days_off)", ru.min_days_off);
                return;
            }
        }
    }
    u->reason = NR_WHY_COULD_TAKE;
    snprintf(u->detail, sizeof u->detail, "could take it");
}

int nr_explain_uncovered(const nr_region *r, const nr_plan *plan, size_t duty, nr_unavailable **out,
                         size_t *n_out) {
    *out = NULL;
    *n_out = 0;
    if (duty >= r->n_duties) return 0;
    int k = r->duties[duty].rota;
    size_t n = 0;
    for (size_t p = 0; p < r->n_people; p++) n += nr_region_is_member(r, (int)p, k);
    nr_unavailable *u = calloc(n ? n : 1, sizeof *u);
    if (!u) return NR_ENOMEM;
    size_t i = 0;
    for (size_t p = 0; p < r->n_people; p++)
        if (nr_region_is_member(r, (int)p, k)) explain_one(r, plan, duty, (int)p, &u[i++]);
    *out = u;
    *n_out = n;
    return 0;
}
