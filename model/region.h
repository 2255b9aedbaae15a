/*
 * region.h - a region in memory: trusts, sites, travel, people, shift types,
 * rotas, leave, requests, bank holidays, and the period expanded into duties.
 *
 * Life cycle (import/ drives it; the model knows no files):
 *   1. nr_region_new(), then readers append entities with nr_region_add_*()
 *      and fill their fields. References to other entities are nr_ref values
 *      holding the referenced ID and where the reference was written.
 *   2. nr_region_resolve() turns every nr_ref into an index, reporting unknown
 *      and duplicate IDs with the location of the offending reference, and
 *      builds the travel matrix.
 *   3. nr_region_expand() turns the period and the shift types into duties with
 *      exact UTC instants.
 *   4. nr_region_validate() (validate.h) reports what is wrong or doubtful.
 *
 * Ownership: the region owns everything reachable from it. Strings are copied
 * into the region's arena with nr_region_strdup(); file names for nr_loc are
 * interned with nr_region_file(). Pointers returned by nr_region_add_*() are
 * valid only until the next add of the same kind (arrays grow by realloc).
 * nr_region_free() accepts NULL.
 */
#ifndef NETROTA_MODEL_REGION_H
#define NETROTA_MODEL_REGION_H

#include <stdbool.h>
#include <stddef.h>

#include "model/calendar.h"
#include "model/diag.h"

#define NR_UNSET (-1)

/* A reference by ID to another entity. index is NR_UNSET until resolved,
 * and stays NR_UNSET for an optional reference whose id is NULL. */
typedef struct nr_ref {
    const char *id;
    int index;
    nr_loc loc;
} nr_ref;

/* A list of references (a person's rotas, a rota's covered sites, ...). */
typedef struct nr_refs {
    nr_ref *items;
    size_t count;
} nr_refs;

/* Rules of a rota, or a person's overrides of them. Integer fields are
 * NR_UNSET and real fields negative when not stated. */
typedef struct nr_rules {
    int max_frequency;     /* N of "1 in N": at most one duty in N over the period,
                              pro rata for share and leave */
    int min_days_between;  /* at least this many days from one duty's start
                              date to the next duty's start date */
    int max_consecutive;   /* at most this many duties on consecutive dates */
    int max_weekends;      /* at most this many weekends with a duty in the period */
    int min_duties;        /* at least this many duties in the period (rotation) */
    double max_hours;      /* at most this many duty hours in the period */
    double min_rest_hours; /* hours free after a duty ends before the next starts */
    int max_duties;        /* at most this many duties in the period, whatever
                              the share or leave (a plain count, not "1 in N") */
    double min_hours;      /* at least this many duty hours in the period; soft,
                              priced like min_duties (a shortfall is reported) */
    int min_consecutive;   /* a run of duty dates with a date free of this rota's
                              duties on both sides, inside the period, has at
                              least this many dates; runs touching the first or
                              last date of the period are exempt */
    int min_days_off;      /* a run of dates free of this rota's duties between two
                              duty dates, inside the period, has at least this many
                              dates; runs touching the period's ends are exempt */
} nr_rules;

/* The rules with nothing stated. */
nr_rules nr_rules_unset(void);
/* base with every field that over states replaced by over's value. */
nr_rules nr_rules_merge(nr_rules base, nr_rules over);

typedef struct nr_trust {
    const char *id;
    const char *name;
    nr_loc loc;
} nr_trust;

typedef struct nr_site {
    const char *id;
    const char *name;
    nr_ref trust;
    nr_loc loc;
} nr_site;

/* Minutes by road from one site to another, as written in the travel file. */
typedef struct nr_travel {
    nr_ref from;
    nr_ref to;
    int minutes;
    nr_loc loc;
} nr_travel;

typedef struct nr_person {
    const char *id;
    const char *name;
    nr_ref trust;
    nr_ref base_site;
    nr_refs rotas;  /* the rotas this person is a member of */
    double share;   /* FTE-weighted share of out-of-hours work, default 1.0 */
    const char *email; /* may be NULL */
    nr_loc loc;
} nr_person;

/* Per-person overrides of a rota's rules; rota.id NULL means all their rotas.
 * With shift.id set the override is a cap on one shift type only: its
 * rules.max_duties limits the person's duties of that shift (on that rota,
 * or on each of their rotas when rota.id is NULL), 0 meaning never;
 * its other rules are ignored and it does not change nr_region_rules_for(). */
typedef struct nr_override {
    nr_ref person;
    nr_ref rota;
    nr_ref shift; /* optional */
    nr_rules rules;
    nr_loc loc;
} nr_override;

enum nr_bank_holiday_mode {
    NR_BH_NORMAL, /* runs on its days whether or not they are bank holidays */
    NR_BH_SKIP,   /* does not run when it would start on a bank holiday */
    NR_BH_ONLY    /* runs only when it starts on a bank holiday (any weekday) */
};

/* A shift type: starts at start_minute local time on each day in days_mask
 * (bit NR_MON..NR_SUN) and ends end_day_offset days later at end_minute. A
 * 17:00-08:00 night has offset 1; Fri 17:00 - Mon 08:00 has offset 3. */
typedef struct nr_shift {
    const char *id;
    const char *name; /* may be NULL: the id is shown */
    unsigned days_mask;
    int start_minute;
    int end_day_offset;
    int end_minute;
    enum nr_bank_holiday_mode bank_holidays;
    /* Shift types a person may not start on the date after starting this
     * one (any rotas): "no day shift after a night". */
    nr_refs not_followed_by;
    nr_loc loc;
} nr_shift;

typedef struct nr_rota {
    const char *id;
    const char *name;     /* may be NULL */
    const char *service;  /* "GI bleed", "ENT", "Stroke", ... */
    nr_ref host;          /* trust that coordinates it */
    nr_ref hub;           /* site where the on-call consultant is based */
    nr_refs covers;       /* sites whose patients it covers */
    nr_refs shifts;       /* shift types it runs */
    int cover;            /* people needed per duty, default 1 */
    int cover_max;        /* most people a duty may have (>= cover); NR_UNSET: cover */
    double under_weight;  /* cost of a slot left uncovered, in request-weight
                             units; negative: NR_DEFAULT_UNDER_WEIGHT */
    double over_weight;   /* cost of each person beyond cover, in request-weight
                             units; negative: NR_DEFAULT_OVER_WEIGHT */
    nr_rules rules;
    nr_loc loc;
} nr_rota;

#define NR_DEFAULT_UNDER_WEIGHT 1e4 /* an uncovered slot outweighs any request */
#define NR_DEFAULT_OVER_WEIGHT 1.0

/* Cover of one rota on one date that differs from the rota's: shift.id NULL
 * means every shift of the rota that date. Integer fields NR_UNSET and
 * weights negative keep the rota's value. */
typedef struct nr_cover {
    nr_ref rota;
    nr_ref shift; /* optional */
    nr_date date;
    int needed;
    int max;
    double under_weight;
    double over_weight;
    nr_loc loc;
} nr_cover;

typedef struct nr_leave {
    nr_ref person;
    nr_instant start; /* inclusive */
    nr_instant end;   /* exclusive */
    bool all_day;
    const char *reason; /* may be NULL */
    nr_loc loc;
} nr_leave;

typedef struct nr_request {
    nr_ref person;
    nr_date date;
    nr_ref rota;  /* optional: id NULL = any rota */
    nr_ref shift; /* optional: id NULL = any shift */
    bool want;    /* true: wants a duty then; false: wants to avoid one */
    double weight;
    nr_loc loc;
} nr_request;

enum nr_duty_kind { NR_DUTY_WEEKDAY, NR_DUTY_WEEKEND, NR_DUTY_BANK_HOLIDAY };
#define NR_DUTY_KINDS 3

/* One duty: a shift of a rota on a date, needing `needed` people and
 * allowing `optional` more, each of whom costs over_weight. */
typedef struct nr_duty {
    int rota;
    int shift;
    nr_date date;     /* local date on which it starts */
    nr_instant start; /* UTC */
    nr_instant end;   /* UTC, exclusive */
    int needed;
    int optional;        /* extra people allowed beyond needed (>= 0) */
    double under_weight; /* per uncovered slot, request-weight units */
    double over_weight;  /* per person beyond needed, request-weight units */
    enum nr_duty_kind kind;
    nr_date weekend;  /* the Saturday of the weekend it belongs to, or NR_UNSET */
} nr_duty;

typedef struct nr_region {
    const char *name;
    const char *timezone;   /* only "Europe/London" is supported */
    nr_date period_start;
    int period_days;        /* weeks * 7 */
    nr_loc period_loc;

    nr_date *bank_holidays; /* sorted, unique */
    size_t n_bank_holidays;

    nr_trust *trusts;       size_t n_trusts;
    nr_site *sites;         size_t n_sites;
    nr_travel *travel;      size_t n_travel;
    nr_person *people;      size_t n_people;
    nr_override *overrides; size_t n_overrides;
    nr_shift *shifts;       size_t n_shifts;
    nr_rota *rotas;         size_t n_rotas;
    nr_leave *leave;        size_t n_leave;
    nr_request *requests;   size_t n_requests;
    nr_cover *covers;       size_t n_covers;

    /* Objective: false (the default) balances duties fairly across people
     * and trusts; true drops every fairness term, so the solver minimises
     * only cover and request penalties (plus soft rule shortfalls and
     * travel): the terms of published rostering benchmarks. */
    bool fairness_off;

    /* Who publishes the calendar feeds (ORGANIZER of every event, which
     * RFC 5546 asks for with METHOD:PUBLISH); both NULL when not given.
     * The e-mail is checked to be a plain address, the name to hold no
     * double quote or control character. */
    const char *organizer_name;
    const char *organizer_email;

    /* Filled by nr_region_resolve(): minutes from site i to site j at
     * [i * n_sites + j], NR_UNSET where unknown; 0 on the diagonal. */
    int *travel_minutes;

    /* Filled by nr_region_expand(): sorted by start, then rota, then shift. */
    nr_duty *duties;
    size_t n_duties;

    struct nr_arena *arena; /* private */
    size_t cap[10];         /* private: capacities of the growable arrays */
} nr_region;

nr_region *nr_region_new(void);
void nr_region_free(nr_region *r);

/* Copy a string into the region (NULL in, NULL out). NULL on out of memory. */
const char *nr_region_strdup(nr_region *r, const char *s);
/* A file name that lives as long as the region, for nr_loc.file. */
const char *nr_region_file(nr_region *r, const char *path);
/* Zeroed memory that lives as long as the region. */
void *nr_region_alloc(nr_region *r, size_t size);

/* Append a zero-initialised entity (refs have index NR_UNSET, rules unset,
 * share 1.0, cover 1, weight 1.0). NULL on out of memory. */
nr_trust *nr_region_add_trust(nr_region *r);
nr_site *nr_region_add_site(nr_region *r);
nr_travel *nr_region_add_travel(nr_region *r);
nr_person *nr_region_add_person(nr_region *r);
nr_override *nr_region_add_override(nr_region *r);
nr_shift *nr_region_add_shift(nr_region *r);
nr_rota *nr_region_add_rota(nr_region *r);
nr_leave *nr_region_add_leave(nr_region *r);
nr_request *nr_region_add_request(nr_region *r);
nr_cover *nr_region_add_cover(nr_region *r);

/* A reference with index NR_UNSET; id is copied into the region. */
nr_ref nr_region_ref(nr_region *r, const char *id, nr_loc loc);
/* Append a reference to a list (the list's storage lives in the region). */
int nr_region_refs_push(nr_region *r, nr_refs *list, nr_ref ref);

/* Set the bank holidays (copied, sorted, de-duplicated). */
int nr_region_set_bank_holidays(nr_region *r, const nr_date *dates, size_t n);
bool nr_region_is_bank_holiday(const nr_region *r, nr_date d);

/* Look-ups by ID: index or NR_UNSET. Linear before resolve, that is fine
 * for the sizes here (hundreds). */
int nr_region_find_trust(const nr_region *r, const char *id);
int nr_region_find_site(const nr_region *r, const char *id);
int nr_region_find_person(const nr_region *r, const char *id);
int nr_region_find_shift(const nr_region *r, const char *id);
int nr_region_find_rota(const nr_region *r, const char *id);

/* What-if edits, before resolve (every reference still by ID).
 * nr_region_remove_person takes person `id` out with their leave, requests
 * and overrides. nr_region_retire_rota takes rota `gone` out: memberships,
 * requests and overrides naming it move to `into` (a merge; a person in
 * both keeps one membership) or go with it (into NULL), and its per-date
 * cover always goes (the rota it merges into keeps its own). Both return
 * 0, or NR_EINPUT when there is no such person or rota (nothing changed).
 * `into` must outlive the region (intern it with nr_region_strdup). */
int nr_region_remove_person(nr_region *r, const char *id);
int nr_region_retire_rota(nr_region *r, const char *gone, const char *into);

/* Resolve every reference; report duplicate IDs and unknown references as
 * errors at the reference's location. Returns 0 or NR_EINPUT. */
int nr_region_resolve(nr_region *r, nr_diags *d);

/* Expand the period into duties (requires a resolved region). */
int nr_region_expand(nr_region *r, nr_diags *d);

/* The rules that apply to person p on rota k (rota rules + overrides). */
nr_rules nr_region_rules_for(const nr_region *r, int person, int rota);
/* The cap on person p's duties of shift s on rota k from shift-scoped
 * overrides (the smallest that applies), or NR_UNSET. */
int nr_region_shift_cap(const nr_region *r, int person, int rota, int shift);
/* Does shift b start a forbidden succession after shift a (a's
 * not_followed_by lists b)? */
bool nr_region_forbids_succession(const nr_region *r, int a, int b);
/* Is person p a member of rota k? */
bool nr_region_is_member(const nr_region *r, int person, int rota);
/* Does any leave of person p overlap [start, end)? */
bool nr_region_on_leave(const nr_region *r, int person, nr_instant start, nr_instant end);
/* Site's trust index, a duty's hours. */
double nr_duty_hours(const nr_duty *d);
const char *nr_duty_kind_name(enum nr_duty_kind k); /* "weekday", "weekend", "bank_holiday" */

#endif
