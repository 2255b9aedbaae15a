#include "import/icsleave.h"

#include <errno.h>
#include <libical/ical.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/readfile.h"

/* Leave files come from users' exports; anything bigger is not a leave file. */
#define ICS_MAX_BYTES ((size_t)16 * 1024 * 1024)
/* An RRULE without COUNT or UNTIL is infinite; this bounds the work per rule
 * even when `to` is far away or the rule starts decades before `from`. */
#define ICS_MAX_OCCURRENCES 10000
/* A person's leave is tens of events; a whole exported calendar thousands.
 * libical takes about 1 KB and 40 us per event, so this keeps a file to
 * tens of megabytes and under a second. */
#define ICS_MAX_EVENTS 20000
/* A binary file renamed .ics yields an error per line; the first ones tell. */
#define ICS_MAX_PARSE_ERRORS 100

/* ---- the raw text, unfolded, for line numbers ------------------------- */

/* libical keeps no line numbers, so the file is scanned separately: every
 * logical (unfolded) line with the physical line it starts on. */
typedef struct ics_lines {
    char *text;     /* unfolded lines, each NUL-terminated */
    size_t *offset; /* start of logical line i in text */
    int *line;      /* physical line number (1-based) of logical line i */
    size_t count, capacity;
} ics_lines;

static void lines_free(ics_lines *L) {
    free(L->text);
    free(L->offset);
    free(L->line);
    memset(L, 0, sizeof *L);
}

static int lines_push(ics_lines *L, size_t offset, int line) {
    if (L->count == L->capacity) {
        size_t cap = L->capacity ? L->capacity * 2 : 256;
        size_t *o = realloc(L->offset, cap * sizeof *o);
        if (!o) return NR_ENOMEM;
        L->offset = o;
        int *l = realloc(L->line, cap * sizeof *l);
        if (!l) return NR_ENOMEM;
        L->line = l;
        L->capacity = cap;
    }
    L->offset[L->count] = offset;
    L->line[L->count] = line;
    L->count++;
    return 0;
}

/* CRLF, LF and a lone CR all end a line, as they do for libical's parser; a
 * line starting with a space or tab continues the previous one. */
static int lines_scan(const char *buf, size_t len, ics_lines *L) {
    L->text = malloc(len + 2);
    if (!L->text) return NR_ENOMEM;
    size_t out = 0, i = 0;
    int phys = 1;
    bool open = false;
    while (i < len) {
        size_t e = i;
        while (e < len && buf[e] != '\r' && buf[e] != '\n') e++;
        size_t next = e;
        if (e < len) next = (buf[e] == '\r' && e + 1 < len && buf[e + 1] == '\n') ? e + 2 : e + 1;
        if (open && e > i && (buf[i] == ' ' || buf[i] == '\t')) {
            memcpy(L->text + out, buf + i + 1, e - i - 1);
            out += e - i - 1;
        } else {
            if (open) L->text[out++] = '\0';
            if (lines_push(L, out, phys) != 0) return NR_ENOMEM;
            memcpy(L->text + out, buf + i, e - i);
            out += e - i;
            open = true;
        }
        phys++;
        i = next;
    }
    L->text[out] = '\0';
    return 0;
}

static const char *lines_get(const ics_lines *L, size_t i) { return L->text + L->offset[i]; }

static bool line_is(const char *s, const char *want) {
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return n == strlen(want) && strncasecmp(s, want, n) == 0;
}

/* Logical line ranges [begin, end] of each BEGIN:<name>..END:<name>, in the
 * order they appear, which is the pre-order in which libical builds them. */
typedef struct ics_span {
    size_t begin, end;
} ics_span;

static int find_blocks(const ics_lines *L, const char *name, ics_span **out, size_t *n) {
    char begin[32], end[32];
    snprintf(begin, sizeof begin, "BEGIN:%s", name);
    snprintf(end, sizeof end, "END:%s", name);
    size_t count = 0;
    for (size_t i = 0; i < L->count; i++)
        if (line_is(lines_get(L, i), begin)) count++;
    *out = NULL;
    *n = 0;
    if (count == 0) return 0;
    ics_span *s = malloc(count * sizeof *s);
    if (!s) return NR_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < L->count; i++) {
        if (!line_is(lines_get(L, i), begin)) continue;
        /* A block ends at its END line or before the next BEGIN, so the
         * scan stays linear even for a file of unmatched BEGIN lines. */
        size_t e = i + 1;
        while (e < L->count && !line_is(lines_get(L, e), end) && !line_is(lines_get(L, e), begin))
            e++;
        s[k].begin = i;
        s[k].end = e < L->count && line_is(lines_get(L, e), end) ? e : e - 1;
        k++;
    }
    *out = s;
    *n = count;
    return 0;
}

/* libical quotes the offending text at the end of an X-LIC-ERROR message;
 * find the line that holds it, within [*from, hi]. 0 if not found. libical
 * keeps a component's errors in file order, so *from moves past each find
 * and a component's errors are located in one pass. */
static int error_line(const ics_lines *L, size_t *from, size_t hi, const char *msg) {
    static const char *const markers[] = {"Removing entire property: ", "component begin tag: ",
                                          "Removing entire parameter: "};
    const char *needle = NULL;
    for (size_t m = 0; m < sizeof markers / sizeof markers[0] && !needle; m++) {
        const char *p = strstr(msg, markers[m]);
        if (p) needle = p + strlen(markers[m]);
    }
    if (!needle || !*needle || L->count == 0) return 0;
    for (size_t i = *from; i <= hi && i < L->count; i++) {
        if (strstr(lines_get(L, i), needle)) {
            *from = i + 1;
            return L->line[i];
        }
    }
    return 0;
}

/* ---- reading the file ------------------------------------------------- */

static int read_file(const char *path, char **out, size_t *out_len, nr_diags *d) {
    char why[128];
    int err = nr_read_file(path, ICS_MAX_BYTES, out, out_len);
    if (err == 0) return 0;
    if (err == ENOMEM) return NR_ENOMEM;
    if (err == EFBIG) {
        nr_diag_error(d, nr_loc_at(path, 0), "iCalendar file is larger than 16 MiB");
        return NR_ELIMIT;
    }
    nr_diag_error(d, nr_loc_at(path, 0), "cannot %s iCalendar file: %s", nr_read_file_verb(err),
                  nr_read_file_reason(err, why, sizeof why));
    return NR_EIO;
}

/* Length of the UTF-8 sequence at s[0..n), or 0 when it is not strict
 * UTF-8 (overlong forms, surrogates and code points past U+10FFFF too). */
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned c = s[0], cp, min;
    size_t need;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) need = 2, cp = c & 0x1Fu, min = 0x80;
    else if ((c & 0xF0) == 0xE0) need = 3, cp = c & 0x0Fu, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) need = 4, cp = c & 0x07u, min = 0x10000;
    else return 0;
    if (n < need) return 0;
    for (size_t k = 1; k < need; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[k] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return need;
}

/* libical reads up to the first NUL and silently drops the rest, and takes
 * any bytes as text (which then reach reports as leave reasons); RFC 5545
 * files are UTF-8. So the bytes are checked first, each bad one reported
 * at its line (the first ten of them). A BOM is allowed only at the start. */
static int check_bytes(const char *file, const char *buf, size_t len, nr_diags *d) {
    const unsigned char *s = (const unsigned char *)buf;
    int line = 1, bad = 0;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_len(s + i, len - i);
        const char *why = NULL;
        if (n == 0) why = "not valid UTF-8: save the file as UTF-8", n = 1;
        else if (s[i] == 0) why = "a NUL byte is not allowed in an iCalendar file";
        else if (n == 3 && i > 0 && memcmp(s + i, "\xEF\xBB\xBF", 3) == 0)
            why = "a byte order mark (U+FEFF) in the middle of the file (were two files joined?)";
        if (why && bad++ < 10) nr_diag_error(d, nr_loc_at(file, line), "%s", why);
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))) line++;
        i += n;
    }
    if (bad > 10) nr_diag_error(d, nr_loc_at(file, 0), "%d more bad bytes not shown", bad - 10);
    return bad ? NR_EINPUT : 0;
}

/* ---- times ------------------------------------------------------------ */

/* The zone a time property's TZID names: the file's own VTIMEZONE first,
 * then libical's built-in zones. NULL without TZID (UTC or floating) and
 * for a TZID nobody knows, which is then returned in *unknown. */
static icaltimezone *zone_of(icalcomponent *ev, icalproperty *p, const char **unknown) {
    *unknown = NULL;
    icalparameter *tp = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    const char *tzid = tp ? icalparameter_get_tzid(tp) : NULL;
    if (!tzid || !*tzid) return NULL;
    icaltimezone *z = NULL;
    for (icalcomponent *c = icalcomponent_get_parent(ev); c && !z; c = icalcomponent_get_parent(c))
        z = icalcomponent_get_timezone(c, tzid);
    if (!z) z = icaltimezone_get_builtin_timezone_from_tzid(tzid);
    if (!z) z = icaltimezone_get_builtin_timezone(tzid);
    if (!z) *unknown = tzid;
    return z;
}

static nr_date date_of(struct icaltimetype t) {
    nr_date day = 0;
    (void)nr_date_from_ymd(t.year, t.month, t.day, &day);
    return day;
}

/* A DATE is midnight in London; a floating time is London time. */
static nr_instant instant_of(struct icaltimetype t, icaltimezone *zone) {
    nr_date day = date_of(t);
    if (t.is_date) return nr_london_to_utc(day, 0);
    if (icaltime_is_utc(t))
        return (nr_instant)day * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
    if (zone) return (nr_instant)icaltime_as_timet_with_zone(t, zone);
    return nr_london_to_utc(day, t.hour * 60 + t.minute) + t.second;
}

/* How long each occurrence lasts, per RFC 5545 3.8.5.3: DTEND gives an
 * exact duration, DURATION a nominal one (days keep the local time of day),
 * and all-day events last whole local days whatever their length in hours. */
typedef struct ics_length {
    bool all_day;
    int days;        /* nominal days (all-day, or DURATION's days and weeks) */
    nr_instant secs; /* exact seconds on top */
} ics_length;

static nr_instant end_of(struct icaltimetype start, icaltimezone *zone, nr_instant start_at,
                         ics_length len) {
    if (len.all_day) return nr_london_to_utc(date_of(start) + len.days, 0) + len.secs;
    if (len.days == 0) return start_at + len.secs;
    struct icaltimetype t = start;
    icaltime_adjust(&t, len.days, 0, 0, 0);
    return instant_of(t, zone) + len.secs;
}

/* ---- per-file state ---------------------------------------------------- */

typedef struct ics_override {
    const char *uid; /* borrowed from the parsed tree */
    nr_instant at;
} ics_override;

typedef struct ics_exclusion {
    bool is_date;
    nr_date day;
    nr_instant at;
} ics_exclusion;

typedef struct ics_occurrence {
    nr_instant start, end;
} ics_occurrence;

typedef struct ics_ctx {
    nr_region *r;
    const char *file; /* interned in the region */
    nr_diags *d;
    nr_ref person;
    nr_date from;
    nr_instant win_start, win_end;
    ics_lines lines;
    ics_span *spans;
    size_t n_spans;
    ics_span *tz_spans;
    size_t n_tz_spans, n_tz_seen;
    icalcomponent **events; /* every VEVENT in pre-order */
    bool *broken;           /* events[i] (or something inside it) has an X-LIC-ERROR */
    size_t n_events, cap_events;
    ics_override *overrides;
    size_t n_overrides, cap_overrides;
    /* scratch, reused per event */
    ics_exclusion *excl;
    size_t n_excl, cap_excl;
    ics_occurrence *occ;
    size_t n_occ, cap_occ;
    const char *warned_tzid;
    size_t n_parse_errors;
    int status;
} ics_ctx;

/* Make room for one more element in arr (an array of T with n used of cap). */
#define GROW(arr, n, cap) ((n) < (cap) ? 0 : grow_array(&(arr), &(cap), sizeof *(arr)))

/* parr is the address of a T * (any object pointer type); memcpy moves the
 * pointer in and out so that no T ** is accessed through a void **. */
static int grow_array(void *parr, size_t *cap, size_t size) {
    void *old;
    memcpy(&old, parr, sizeof old);
    size_t ncap = *cap ? *cap * 2 : 16;
    void *p = realloc(old, ncap * size);
    if (!p) return NR_ENOMEM;
    memcpy(parr, &p, sizeof p);
    *cap = ncap;
    return 0;
}

static int event_line(const ics_ctx *c, size_t k) {
    return k < c->n_spans ? c->lines.line[c->spans[k].begin] : 0;
}

static nr_loc event_loc(const ics_ctx *c, size_t k) { return nr_loc_at(c->file, event_line(c, k)); }

/* libical's parser messages, restated in the project's `field: what is
 * wrong` form when their shape is known, else passed on as they are. */
static void report_parse_error(nr_diags *d, nr_loc loc, const char *msg) {
    static const char can[] = "Can't parse as ", in[] = " value in ", prop[] = " property.",
                      removing[] = "Removing entire property: ",
                      data[] = "Got a data line, but could not find a property name";
    const char *t = strncmp(msg, can, sizeof can - 1) == 0 ? msg + sizeof can - 1 : NULL;
    const char *i = t ? strstr(t, in) : NULL;
    const char *p = i ? strstr(i, prop) : NULL;
    const char *v = p ? strstr(p, removing) : NULL;
    if (v) {
        const char *name = i + sizeof in - 1;
        nr_diag_error(d, loc, "%.*s: cannot read '%s' as a %.*s value", (int)(p - name), name,
                      v + sizeof removing - 1, (int)(i - t), t);
        return;
    }
    const char *tag = strncmp(msg, data, sizeof data - 1) == 0 ? strstr(msg, "tag: ") : NULL;
    if (tag) {
        nr_diag_error(d, loc, "not an iCalendar content line: '%s'", tag + 5);
        return;
    }
    nr_diag_error(d, loc, "iCalendar: %s", msg);
}

/* libical expands a VTIMEZONE's rules from their DTSTART (often 1601) on
 * every conversion; a sub-daily rule there takes hours. Real zones change
 * offset by yearly rules, so anything else is reported and dropped. */
static bool tz_rule_ok(icalproperty *p) {
    struct icalrecurrencetype r = icalproperty_get_rrule(p);
    return r.freq == ICAL_YEARLY_RECURRENCE && r.by_second[0] == ICAL_RECURRENCE_ARRAY_MAX &&
           r.by_minute[0] == ICAL_RECURRENCE_ARRAY_MAX &&
           r.by_hour[0] == ICAL_RECURRENCE_ARRAY_MAX;
}

static void check_vtimezone(ics_ctx *c, icalcomponent *vtz) {
    size_t k = c->n_tz_seen++;
    int line = k < c->n_tz_spans ? c->lines.line[c->tz_spans[k].begin] : 0;
    icalproperty *tp = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
    const char *tzid = tp ? icalproperty_get_tzid(tp) : NULL;
    for (icalcomponent *s = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT); s;
         s = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT)) {
        for (;;) {
            icalproperty *p = icalcomponent_get_first_property(s, ICAL_RRULE_PROPERTY);
            while (p && tz_rule_ok(p)) p = icalcomponent_get_next_property(s, ICAL_RRULE_PROPERTY);
            if (!p) break;
            struct icalrecurrencetype r = icalproperty_get_rrule(p);
            char *rs = icalrecurrencetype_as_string_r(&r);
            nr_diag_error(c->d, nr_loc_at(c->file, line),
                          "VTIMEZONE '%s': RRULE %s is not a yearly rule", tzid ? tzid : "?",
                          rs ? rs : "?");
            free(rs);
            icalcomponent_remove_property(s, p);
            icalproperty_free(p);
            c->status = NR_EINPUT;
        }
    }
}

/* Report every X-LIC-ERROR under comp, attributing it to the enclosing VEVENT
 * (k, or none), and list the VEVENTs in pre-order. */
static int walk(ics_ctx *c, icalcomponent *comp, long k) {
    if (icalcomponent_isa(comp) == ICAL_VEVENT_COMPONENT) {
        if (GROW(c->events, c->n_events, c->cap_events) != 0) return NR_ENOMEM;
        bool *b = realloc(c->broken, c->cap_events * sizeof *b);
        if (!b) return NR_ENOMEM;
        c->broken = b;
        k = (long)c->n_events;
        c->events[c->n_events] = comp;
        c->broken[c->n_events] = false;
        c->n_events++;
    } else if (icalcomponent_isa(comp) == ICAL_VTIMEZONE_COMPONENT) {
        check_vtimezone(c, comp);
    }
    size_t lo = 0, hi = c->lines.count ? c->lines.count - 1 : 0;
    int fallback = 0;
    if (k >= 0) {
        if ((size_t)k < c->n_spans) {
            lo = c->spans[k].begin;
            hi = c->spans[k].end;
        }
        fallback = event_line(c, (size_t)k);
    }
    for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(comp, ICAL_XLICERROR_PROPERTY)) {
        if (k >= 0) c->broken[k] = true;
        c->status = NR_EINPUT;
        if (++c->n_parse_errors > ICS_MAX_PARSE_ERRORS) continue;
        const char *msg = icalproperty_get_xlicerror(p);
        if (!msg) msg = "unreadable content";
        int line = error_line(&c->lines, &lo, hi, msg);
        report_parse_error(c->d, nr_loc_at(c->file, line ? line : fallback), msg);
    }
    for (icalcomponent *s = icalcomponent_get_first_component(comp, ICAL_ANY_COMPONENT); s;
         s = icalcomponent_get_next_component(comp, ICAL_ANY_COMPONENT)) {
        int rc = walk(c, s, k);
        if (rc != 0) return rc;
    }
    return 0;
}

static bool is_cancelled(icalcomponent *ev) {
    icalproperty *p = icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY);
    return p && icalproperty_get_status(p) == ICAL_STATUS_CANCELLED;
}

static const char *uid_of(icalcomponent *ev) {
    icalproperty *p = icalcomponent_get_first_property(ev, ICAL_UID_PROPERTY);
    return p ? icalproperty_get_uid(p) : NULL;
}

/* The instant a time property names, warning once per event about a TZID
 * that cannot be resolved. */
static nr_instant prop_instant(ics_ctx *c, size_t k, icalcomponent *ev, icalproperty *p,
                               struct icaltimetype t, icaltimezone **zone_out) {
    const char *unknown = NULL;
    icaltimezone *zone = icaltime_is_utc(t) || t.is_date ? NULL : zone_of(ev, p, &unknown);
    if (unknown && (!c->warned_tzid || strcmp(c->warned_tzid, unknown) != 0)) {
        nr_diag_warning(c->d, event_loc(c, k), "unknown time zone '%s': read as Europe/London",
                        unknown);
        c->warned_tzid = unknown;
    }
    if (zone_out) *zone_out = zone;
    return instant_of(t, zone);
}

static int collect_overrides(ics_ctx *c) {
    for (size_t k = 0; k < c->n_events; k++) {
        icalcomponent *ev = c->events[k];
        icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
        const char *uid = uid_of(ev);
        if (!p || !uid || c->broken[k]) continue;
        if (GROW(c->overrides, c->n_overrides, c->cap_overrides) != 0) return NR_ENOMEM;
        c->warned_tzid = NULL;
        ics_override *o = &c->overrides[c->n_overrides++];
        o->uid = uid;
        o->at = prop_instant(c, k, ev, p, icalproperty_get_recurrenceid(p), NULL);
    }
    return 0;
}

static int add_occurrence(ics_ctx *c, nr_instant start, nr_instant end) {
    if (GROW(c->occ, c->n_occ, c->cap_occ) != 0) return NR_ENOMEM;
    c->occ[c->n_occ].start = start;
    c->occ[c->n_occ].end = end;
    c->n_occ++;
    return 0;
}

static bool excluded(const ics_ctx *c, const char *uid, struct icaltimetype t, nr_instant at) {
    for (size_t i = 0; i < c->n_excl; i++) {
        const ics_exclusion *x = &c->excl[i];
        if (x->is_date ? x->day == date_of(t) : x->at == at) return true;
    }
    for (size_t i = 0; uid && i < c->n_overrides; i++)
        if (c->overrides[i].at == at && strcmp(c->overrides[i].uid, uid) == 0) return true;
    return false;
}

static int cmp_occurrence(const void *a, const void *b) {
    const ics_occurrence *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return (x->end > y->end) - (x->end < y->end);
}

/* Expand one RRULE into c->occ; stops at the window's end and at the cap. */
static int expand_rrule(ics_ctx *c, size_t k, icalproperty *p, struct icaltimetype dtstart,
                        icaltimezone *zone, ics_length len, const char *uid) {
    int rc = 0;
    struct icalrecurrencetype rule = icalproperty_get_rrule(p);
    /* Sub-daily leave makes no sense, and libical can spin for minutes on a
     * sub-daily rule whose BY parts never match. */
    if (rule.freq < ICAL_DAILY_RECURRENCE) {
        char *s = icalrecurrencetype_as_string_r(&rule);
        nr_diag_error(c->d, event_loc(c, k), "RRULE %s: leave repeats at most daily",
                      s ? s : "?");
        free(s);
        return NR_EINPUT;
    }
    icalrecur_iterator *it = icalrecur_iterator_new(rule, dtstart);
    if (!it) {
        char *s = icalrecurrencetype_as_string_r(&rule);
        nr_diag_error(c->d, event_loc(c, k), "invalid RRULE: %s", s ? s : "?");
        free(s);
        return NR_EINPUT;
    }
    /* Skip the years before the period, so that an old open-ended series
     * does not use up the cap. libical keeps the rule's phase when jumping
     * for daily and longer rules only (checked for 3.0.16: an HOURLY rule
     * with INTERVAL loses it), and cannot jump over a COUNT. */
    if (rule.count == 0 && rule.freq >= ICAL_DAILY_RECURRENCE &&
        rule.freq <= ICAL_YEARLY_RECURRENCE) {
        nr_date target = c->from - len.days - (int)(len.secs / 86400) - 2;
        if (target > date_of(dtstart)) {
            struct icaltimetype s = dtstart;
            nr_date_to_ymd(target, &s.year, &s.month, &s.day);
            (void)icalrecur_iterator_set_start(it, s);
        }
    }
    int n = 0;
    for (;;) {
        struct icaltimetype t = icalrecur_iterator_next(it);
        if (icaltime_is_null_time(t)) break;
        nr_instant at = instant_of(t, zone);
        if (at >= c->win_end) break;
        if (++n > ICS_MAX_OCCURRENCES) {
            nr_diag_warning(c->d, event_loc(c, k),
                            "RRULE expanded to %d occurrences before the end of the period: "
                            "the rest are ignored",
                            ICS_MAX_OCCURRENCES);
            break;
        }
        if (excluded(c, uid, t, at)) continue;
        rc = add_occurrence(c, at, end_of(t, zone, at, len));
        if (rc != 0) goto cleanup;
    }
cleanup:
    icalrecur_iterator_free(it);
    return rc;
}

static int add_leave(ics_ctx *c, size_t k, nr_instant start, nr_instant end, bool all_day,
                     const char *reason) {
    nr_leave *l = nr_region_add_leave(c->r);
    if (!l) return NR_ENOMEM;
    l->person = c->person;
    l->start = start;
    l->end = end;
    l->all_day = all_day;
    l->reason = reason;
    l->loc = event_loc(c, k);
    return 0;
}

/* The length of each occurrence, from DTEND or DURATION. */
static int event_length(ics_ctx *c, size_t k, icalcomponent *ev, struct icaltimetype start,
                        nr_instant start_at, ics_length *len) {
    icalproperty *pe = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
    icalproperty *pd = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY);
    *len = (ics_length){.all_day = start.is_date, .days = 0, .secs = 0};
    if (pe && pd) return nr_diag_error(c->d, event_loc(c, k), "event has both DTEND and DURATION");
    if (pe) {
        struct icaltimetype e = icalproperty_get_dtend(pe);
        if (e.is_date != start.is_date)
            return nr_diag_error(c->d, event_loc(c, k), start.is_date
                                     ? "DTEND is a date-time but DTSTART is a date"
                                     : "DTEND is a date but DTSTART is a date-time");
        if (start.is_date)
            len->days = (int)(date_of(e) - date_of(start));
        else
            len->secs = prop_instant(c, k, ev, pe, e, NULL) - start_at;
    } else if (pd) {
        struct icaldurationtype dur = icalproperty_get_duration(pd);
        int sign = dur.is_neg ? -1 : 1;
        len->days = sign * (int)(dur.days + 7 * dur.weeks);
        len->secs = sign * (nr_instant)(dur.hours * 3600 + dur.minutes * 60 + dur.seconds);
    } else if (start.is_date) {
        len->days = 1; /* RFC 5545: an all-day event without an end lasts one day */
    } else {
        return nr_diag_error(c->d, event_loc(c, k), "event has no DTEND or DURATION");
    }
    if (len->days < 0 || len->secs < 0 || (len->days == 0 && len->secs == 0))
        return nr_diag_error(c->d, event_loc(c, k), "event ends before it starts");
    return 0;
}

static int add_rdates(ics_ctx *c, size_t k, icalcomponent *ev, icaltimezone *zone,
                      ics_length len, const char *uid) {
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_RDATE_PROPERTY)) {
        struct icaldatetimeperiodtype rd = icalproperty_get_rdate(p);
        int rc;
        if (!icaltime_is_null_time(rd.time)) {
            icaltimezone *z = NULL;
            nr_instant at = prop_instant(c, k, ev, p, rd.time, &z);
            if (excluded(c, uid, rd.time, at)) continue;
            rc = add_occurrence(c, at, end_of(rd.time, z ? z : zone, at, len));
        } else {
            struct icalperiodtype per = rd.period;
            nr_instant at = prop_instant(c, k, ev, p, per.start, NULL);
            nr_instant end;
            if (!icaltime_is_null_time(per.end))
                end = prop_instant(c, k, ev, p, per.end, NULL);
            else
                end = at + icaldurationtype_as_int(per.duration);
            if (end <= at) {
                nr_diag_error(c->d, event_loc(c, k), "RDATE period ends before it starts");
                c->status = NR_EINPUT;
                continue;
            }
            if (excluded(c, uid, per.start, at)) continue;
            rc = add_occurrence(c, at, end);
        }
        if (rc != 0) return rc;
    }
    return 0;
}

static int collect_exclusions(ics_ctx *c, size_t k, icalcomponent *ev) {
    c->n_excl = 0;
    for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY)) {
        struct icaltimetype t = icalproperty_get_exdate(p);
        if (icaltime_is_null_time(t)) continue;
        if (GROW(c->excl, c->n_excl, c->cap_excl) != 0) return NR_ENOMEM;
        ics_exclusion *x = &c->excl[c->n_excl++];
        x->is_date = t.is_date;
        x->day = date_of(t);
        x->at = prop_instant(c, k, ev, p, t, NULL);
    }
    return 0;
}

static int read_event(ics_ctx *c, size_t k) {
    icalcomponent *ev = c->events[k];
    c->warned_tzid = NULL;
    c->n_occ = 0;
    c->n_excl = 0;
    icalproperty *ps = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    struct icaltimetype start = ps ? icalproperty_get_dtstart(ps) : icaltime_null_time();
    if (icaltime_is_null_time(start))
        return nr_diag_error(c->d, event_loc(c, k), "event has no DTSTART");
    icaltimezone *zone = NULL;
    nr_instant start_at = prop_instant(c, k, ev, ps, start, &zone);
    ics_length len;
    int rc = event_length(c, k, ev, start, start_at, &len);
    if (rc != 0) return rc;

    bool is_override = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY) != NULL;
    /* An override replaces one instance of its master; its own RRULE etc.
     * would be meaningless, so only its own span counts. */
    const char *uid = is_override ? NULL : uid_of(ev);
    rc = collect_exclusions(c, k, ev);
    if (rc != 0) return rc;

    icalproperty *pr = is_override ? NULL : icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
    if (!pr && !excluded(c, uid, start, start_at)) {
        rc = add_occurrence(c, start_at, end_of(start, zone, start_at, len));
        if (rc != 0) return rc;
    }
    for (; pr; pr = icalcomponent_get_next_property(ev, ICAL_RRULE_PROPERTY)) {
        rc = expand_rrule(c, k, pr, start, zone, len, uid);
        if (rc == NR_ENOMEM) return rc;
        if (rc != 0) c->status = rc;
    }
    if (!is_override) {
        rc = add_rdates(c, k, ev, zone, len, uid);
        if (rc != 0) return rc;
    }

    if (c->n_occ > 1) qsort(c->occ, c->n_occ, sizeof *c->occ, cmp_occurrence);
    const char *summary = icalcomponent_get_summary(ev);
    const char *reason = NULL;
    for (size_t i = 0; i < c->n_occ; i++) {
        const ics_occurrence *o = &c->occ[i];
        if (i > 0 && o->start == c->occ[i - 1].start) continue; /* RDATE repeating the rule */
        if (o->start >= c->win_end || o->end <= c->win_start) continue;
        if (summary && *summary && !reason) {
            reason = nr_region_strdup(c->r, summary);
            if (!reason) return NR_ENOMEM;
        }
        rc = add_leave(c, k, o->start, o->end, start.is_date, reason);
        if (rc != 0) return rc;
    }
    return 0;
}

static void ctx_free(ics_ctx *c) {
    lines_free(&c->lines);
    free(c->spans);
    free(c->tz_spans);
    free(c->events);
    free(c->broken);
    free(c->overrides);
    free(c->excl);
    free(c->occ);
}

int nr_ics_read_leave(nr_region *r, const char *path, const char *person_id,
                      nr_loc person_loc, nr_date from, nr_date to, nr_diags *d) {
    int rc = 0;
    char *buf = NULL;
    size_t len = 0;
    icalcomponent *root = NULL;
    ics_ctx c = {.r = r, .d = d};

    c.file = nr_region_file(r, path);
    if (!c.file) return NR_ENOMEM;
    c.person = nr_region_ref(r, person_id, person_loc);
    if (person_id && !c.person.id) return NR_ENOMEM;
    c.from = from;
    c.win_start = nr_london_to_utc(from, 0);
    c.win_end = nr_london_to_utc(to, 0);

    rc = read_file(path, &buf, &len, d);
    if (rc != 0) goto cleanup;
    /* what does not even start like a calendar is left to libical to refuse */
    const char *head = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? buf + 3 : buf;
    if (strncasecmp(head, "BEGIN:VCALENDAR", 15) == 0) {
        rc = check_bytes(c.file, buf, len, d);
        if (rc != 0) goto cleanup;
    }
    rc = lines_scan(buf, len, &c.lines);
    if (rc != 0) goto cleanup;
    rc = find_blocks(&c.lines, "VEVENT", &c.spans, &c.n_spans);
    if (rc != 0) goto cleanup;
    if (c.n_spans > ICS_MAX_EVENTS) {
        nr_diag_error(d, nr_loc_at(c.file, c.lines.line[c.spans[ICS_MAX_EVENTS].begin]),
                      "more than %d events in one file", ICS_MAX_EVENTS);
        rc = NR_ELIMIT;
        goto cleanup;
    }
    rc = find_blocks(&c.lines, "VTIMEZONE", &c.tz_spans, &c.n_tz_spans);
    if (rc != 0) goto cleanup;

    icalerror_set_errors_are_fatal(0);
    /* libical does not skip a UTF-8 byte order mark; some exporters write one. */
    const char *text = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? buf + 3 : buf;
    root = icalparser_parse_string(text);
    icalcomponent_kind kind = root ? icalcomponent_isa(root) : ICAL_NO_COMPONENT;
    if (kind != ICAL_VCALENDAR_COMPONENT && kind != ICAL_XROOT_COMPONENT) {
        rc = nr_diag_error(d, nr_loc_at(c.file, root ? 1 : 0),
                           "not an iCalendar file (or truncated: no END:VCALENDAR)");
        goto cleanup;
    }

    rc = walk(&c, root, -1);
    if (rc != 0) goto cleanup;
    if (c.n_parse_errors > ICS_MAX_PARSE_ERRORS)
        nr_diag_error(d, nr_loc_at(c.file, 0), "%zu more iCalendar syntax errors not shown",
                      c.n_parse_errors - ICS_MAX_PARSE_ERRORS);
    rc = collect_overrides(&c);
    if (rc != 0) goto cleanup;
    for (size_t k = 0; k < c.n_events; k++) {
        icalcomponent *parent = icalcomponent_get_parent(c.events[k]);
        icalcomponent_kind pk = parent ? icalcomponent_isa(parent) : ICAL_NO_COMPONENT;
        /* Skip a VEVENT nested in another component: not an event of its own. */
        if (pk != ICAL_VCALENDAR_COMPONENT && pk != ICAL_XROOT_COMPONENT) continue;
        if (c.broken[k] || is_cancelled(c.events[k])) continue;
        int e = read_event(&c, k);
        if (e == NR_ENOMEM) {
            rc = e;
            goto cleanup;
        }
        if (e != 0) c.status = e;
    }
    rc = c.status;
cleanup:
    if (root) icalcomponent_free(root);
    free(buf);
    ctx_free(&c);
    return rc;
}
