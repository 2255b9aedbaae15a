/*
 * checker.h - the independent rule checker: judge any plan against every
 * hard rule of its region and the cover it needs.
 *
 * The checker shares no code with the solver's model builder on purpose: it
 * re-derives everything from the region and the plan, so a solver bug cannot
 * hide itself by being repeated here. The only model code it uses is the
 * region's own look-ups (nr_region_rules_for, nr_region_shift_cap,
 * nr_region_forbids_succession, nr_region_is_member, nr_region_on_leave,
 * nr_duty_hours), which are the definition of the rules.
 *
 * What is checked, and how each rule is read (the solver reads them the same
 * way; where the two disagree, this header is the reference):
 *
 *   UNCOVERED        a duty with fewer held slots than the people it needs
 *                    (nr_duty.needed): one violation per missing person,
 *                    needed - held of them, each with value = held and
 *                    limit = needed. Slot order means nothing, so an empty
 *                    slot beyond those is an optional one (nr_duty.optional)
 *                    left free and is not uncovered. The count of UNCOVERED
 *                    violations equals nr_plan_uncovered().
 *   DUPLICATE        a person holds two slots of the same duty.
 *   NOT_MEMBER       a person holds a duty of a rota they are not a member of.
 *   ON_LEAVE         a person holds a duty whose [start, end) overlaps any of
 *                    their leave.
 *   OVERLAP          a person holds two duties (any rotas) whose [start, end)
 *                    intervals overlap.
 *   REST             a person holds two duties A and B (any rotas), A starting
 *                    first, that do not overlap but B starts less than
 *                    min_rest_hours after A ends, where min_rest_hours is the
 *                    rule for that person on A's rota (rest is owed after the
 *                    duty that ends). Equivalently: each duty is widened to
 *                    [start, end + rest) and widened duties must not overlap.
 *   MAX_FREQUENCY    "1 in N" on a rota: with D the number of duties of the
 *                    rota in the period and F the number of those whose
 *                    [start, end) does not overlap the person's leave (the
 *                    "available fraction" is F / D), the person may hold at
 *                    most cap = ceil(D / N * share * F / D) = ceil(F * share / N)
 *                    duties of that rota, computed in double precision as
 *                    ceil(F * share / N - 1e-9). Duties, not slots, are
 *                    counted: with cover 2 a duty is still one duty.
 *   MIN_DAYS_BETWEEN two duties of the person on that rota, adjacent in start
 *                    order, whose start dates are fewer than k days apart
 *                    (two shifts starting on the same date are 0 days apart).
 *   MAX_CONSECUTIVE  more than m duties of that rota on consecutive start
 *                    dates (one violation per run too long). m < 1 is read
 *                    as unset, as the solver reads it.
 *   MAX_WEEKENDS     more distinct `weekend` values (duty.weekend != NR_UNSET)
 *                    among the person's duties of that rota than the rule.
 *   MIN_DUTIES       a member of the rota holds fewer of its duties than the
 *                    rule (leave does not lower it).
 *   MAX_HOURS        the sum of nr_duty_hours() over the person's duties of
 *                    that rota exceeds the rule.
 *   MAX_DUTIES       more duties of that rota than max_duties (a plain count,
 *                    whatever the share or leave; 0 allows none).
 *   SHIFT_CAP        more duties of one shift type on that rota than
 *                    nr_region_shift_cap() allows (0: that shift never).
 *   MIN_HOURS        a member of the rota holds fewer hours of its duties
 *                    than min_hours (soft, like MIN_DUTIES: the shortfall is
 *                    reported, value = hours held, limit = the rule).
 *   MIN_CONSECUTIVE  a run of consecutive duty dates (dates on which the
 *                    person starts a duty of that rota) shorter than the rule,
 *                    unless the run includes the period's first or last date
 *                    (those runs are exempt). One violation per run: duty is
 *                    its first duty, other_duty its last.
 *   MIN_DAYS_OFF     fewer dates free of the rota's duties between two duty
 *                    dates of the person than the rule (a free run touching
 *                    the period's first or last date is never between two
 *                    duty dates, so it is exempt). duty is the first duty
 *                    after the gap, other_duty the last before it.
 *   SUCCESSION       the person starts shift a on date d and shift b on date
 *                    d + 1 (any rotas, by start date) and
 *                    nr_region_forbids_succession(a, b). Nothing is judged
 *                    across the period's ends. duty is b's, other_duty a's,
 *                    rota a's.
 *
 * Rules are per person and rota: nr_region_rules_for() (the rota's rules with
 * that person's overrides). A rule that is not stated (NR_UNSET, negative, or
 * a max_frequency, max_consecutive, min_consecutive or min_days_off below 1)
 * is not checked.
 *
 * Ownership: *out is an array of *n_out violations that the caller frees
 * with nr_violations_free(), which accepts NULL. Each violation owns its
 * message.
 */
#ifndef NETROTA_MODEL_CHECKER_H
#define NETROTA_MODEL_CHECKER_H

#include <stddef.h>

#include "model/plan.h"
#include "model/region.h"

enum nr_violation_kind {
    NR_V_UNCOVERED,
    NR_V_DUPLICATE,
    NR_V_NOT_MEMBER,
    NR_V_ON_LEAVE,
    NR_V_OVERLAP,
    NR_V_REST,
    NR_V_MAX_FREQUENCY,
    NR_V_MIN_DAYS_BETWEEN,
    NR_V_MAX_CONSECUTIVE,
    NR_V_MAX_WEEKENDS,
    NR_V_MIN_DUTIES,
    NR_V_MAX_HOURS,
    NR_V_MAX_DUTIES,
    NR_V_SHIFT_CAP,
    NR_V_MIN_HOURS,
    NR_V_MIN_CONSECUTIVE,
    NR_V_MIN_DAYS_OFF,
    NR_V_SUCCESSION
};
#define NR_VIOLATION_KINDS 18

typedef struct nr_violation {
    enum nr_violation_kind kind;
    int person;     /* person index, NR_UNSET for UNCOVERED */
    int duty;       /* the duty at fault (for a count rule: the first duty
                       past the limit); NR_UNSET for MIN_DUTIES and MIN_HOURS */
    int other_duty; /* the other duty of a pair (DUPLICATE: same as duty;
                       OVERLAP, REST, MIN_DAYS_BETWEEN, MIN_DAYS_OFF,
                       SUCCESSION: the earlier one; MAX_CONSECUTIVE,
                       MIN_CONSECUTIVE: the last of the run), else NR_UNSET */
    int rota;       /* rota index whose rule is broken (for REST and
                       SUCCESSION the earlier duty's rota), NR_UNSET for
                       OVERLAP */
    nr_date date;   /* start date of `duty`, period start for MIN_DUTIES and
                       MIN_HOURS: what violations are sorted by */
    double value;   /* what the plan has: days apart, hours of rest, count,
                       hours, ... (0 where there is no number) */
    double limit;   /* what the rule allows (0 where there is no number) */
    char *message;  /* one line naming date, rota, person id and the numbers */
} nr_violation;

/* Check plan against region r. On success returns 0 with *out holding the
 * violations sorted by date, then kind, then person, then duty (*out may be
 * NULL when *n_out is 0). Returns NR_EINTERNAL when the plan does not belong
 * to the region (duty counts differ, a duty's slots are not needed + optional,
 * plan->needed differs from the duty's needed, a holder index out of range) and
 * NR_ENOMEM on allocation failure; *out is then NULL and *n_out 0. */
int nr_check_plan(const nr_region *r, const nr_plan *plan, nr_violation **out, size_t *n_out);

void nr_violations_free(nr_violation *v, size_t n);

/* "uncovered", "duplicate", "not_member", "on_leave", "overlap", "rest",
 * "max_frequency", "min_days_between", "max_consecutive", "max_weekends",
 * "min_duties", "max_hours", "max_duties", "shift_cap", "min_hours",
 * "min_consecutive", "min_days_off", "succession"; "unknown" otherwise. */
const char *nr_violation_kind_name(enum nr_violation_kind k);

#endif
