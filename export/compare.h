/*
 * compare.h - figures for comparing solved scenarios side by side (what-if
 * planning), and the table, CSV and JSON that show them.
 *
 * For one region and its solved plan, nr_compare_measure() takes the figures
 * of every rota, of every service (all rotas with the same `service`, so
 * that five GI bleed rotas and three read as one line each), and of all
 * rotas together:
 *   rotas, duties, slots (people the duties need), uncovered slots (people
 *     missing below those needed), surplus (people beyond those needed)
 *     and optional (extra people the duties allow; an empty optional slot
 *     is not uncovered);
 *   people: members of the group's rotas, and how many hold no duty in it;
 *   on call "1 in N": a person holding k slots of the group's duties over a
 *     period of D days is on call 1 in D / k; min / median / max over the
 *     members holding at least one (median of an even count: the mean of
 *     the middle two);
 *   weekends "1 in N": of the W weekends (Saturdays) in the period, a person
 *     on duty on w of them (a weekend duty of the group) works 1 in W / w;
 *     the same statistics over members with at least one;
 *   travel minutes: for each slot held, the minutes from the holder's base
 *     site to the rota's hub (unknown routes count 0), summed;
 *   per trust: slots held by the trust's members against the fair share the
 *     solver set for them (nr_trust_load.fair_share, summed over the rotas).
 * Scenario-wide: status, objective, bound, gap and seconds of the run, and
 * its penalty and penalty bound. objective, bound and gap are the figures
 * summary.json shows (export/summary.h, nr_summary_headline): the
 * penalty's when the region's fairness is off (objective_kind "penalty").
 *
 * Ownership: an nr_compare_scenario owns copies of every string it holds
 * (nothing borrowed from the region) and is released with
 * nr_compare_scenario_clear(). Writers retain nothing.
 */
#ifndef NETROTA_EXPORT_COMPARE_H
#define NETROTA_EXPORT_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/diag.h"
#include "model/region.h"
#include "solver/solver.h"

/* "1 in N" over n people: N's min, median and max (all 0 when n is 0). */
typedef struct nr_compare_freq {
    size_t n;
    double min, median, max;
} nr_compare_freq;

typedef struct nr_compare_trust {
    char *trust;       /* trust id */
    int duties;        /* slots its members hold */
    double fair_share; /* what they should hold */
} nr_compare_trust;

typedef struct nr_compare_group {
    char *name;    /* rota id, service name, or "all rotas" */
    char *service; /* the service (for a rota); NULL for "all rotas" */
    size_t rotas, duties, slots, uncovered;
    size_t surplus, optional;
    size_t people, idle; /* members; of whom hold no slot in the group */
    nr_compare_freq on_call, weekends;
    double travel_minutes;
    nr_compare_trust *trusts; /* in region order: trusts with members on the group */
    size_t n_trusts;
} nr_compare_group;

typedef struct nr_compare_scenario {
    char *label;   /* a short name for the column */
    char *path;    /* the scenario as given; may be NULL */
    int64_t run;   /* run id in the database, 0 when none */
    bool reused;   /* the run was stored before (inputs unchanged) */
    char *status;  /* nr_solve_status_name() */
    double objective, bound, gap, seconds;
    const char *objective_kind; /* "weighted" or "penalty" (a static string) */
    double penalty, penalty_bound; /* NAN when unknown */
    int period_days, weekends;
    nr_compare_group all;
    nr_compare_group *services; size_t n_services; /* in order of first rota */
    nr_compare_group *rotas;    size_t n_rotas;    /* in region order */
} nr_compare_scenario;

/* Measure res (which must belong to r) into *out, labelled `label`.
 * Returns 0, NR_ENOMEM, NR_EINTERNAL (plan not made for r). */
int nr_compare_measure(const nr_region *r, const nr_solve_result *res, const char *label,
                       nr_compare_scenario *out);
void nr_compare_scenario_clear(nr_compare_scenario *s);

/* The side-by-side table: one column per scenario; a section for all rotas,
 * one per service (union over the scenarios, in order of appearance) and
 * one per rota; "-" where a scenario has no such group. */
int nr_compare_write_text(FILE *out, const nr_compare_scenario *s, size_t n);
/* Tidy CSV, one figure a row: scenario,section,group,metric,value where
 * section is run | all | service | rota. */
int nr_compare_write_csv(FILE *out, const nr_compare_scenario *s, size_t n);
/* {"scenarios": [{label, path, run, reused, status, ..., all: GROUP,
 *  services: [GROUP], rotas: [GROUP]}]}; unknown figures are null. */
int nr_compare_write_json(FILE *out, const nr_compare_scenario *s, size_t n);

#endif
