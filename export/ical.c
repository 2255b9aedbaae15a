#include "export/ical.h"

#include <errno.h>
#include <libical/ical.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "export/atomicfile.h"

/* libical's own Europe/London is built from the system zoneinfo with a
 * /freeassociation.sourceforge.net/ TZID and two centuries of history that
 * python-icalendar and khal reject; the rule below has held since 1996. */
static const char LONDON_VTZ[] =
    "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\nX-LIC-LOCATION:Europe/London\r\n"
    "BEGIN:DAYLIGHT\r\nTZNAME:BST\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\n"
    "DTSTART:19700329T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nTZNAME:GMT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\n"
    "DTSTART:19701025T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n";

#define REFRESH "PT4H"

/* ---- growable text ---------------------------------------------------- */

typedef struct buf {
    char *s;
    size_t len, cap;
    bool oom;
} buf;

static void buf_add(buf *b, const char *s, size_t n) {
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void buf_str(buf *b, const char *s) { buf_add(b, s, strlen(s)); }

NR_PRINTF(2, 3) static void buf_fmt(buf *b, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = true;
        return;
    }
    if ((size_t)n < sizeof tmp) {
        buf_add(b, tmp, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->oom = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf_add(b, big, (size_t)n);
    free(big);
}

/* Take the text out of b (NULL after an allocation failure). */
static char *buf_take(buf *b) {
    if (b->oom) {
        free(b->s);
        b->s = NULL;
    } else if (!b->s) {
        b->s = calloc(1, 1);
    }
    char *s = b->s;
    memset(b, 0, sizeof *b);
    return s;
}

/* ---- folding ---------------------------------------------------------- */

static void fold_line(buf *out, const char *line, size_t len) {
    size_t pos = 0, limit = 75;
    while (len - pos > limit) {
        size_t cut = pos + limit;
        while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80) cut--;
        /* An odd run of backslashes before the cut means the last one opens
         * an escape such as \n: Google drops events whose escape is split. */
        size_t n = 0;
        while (cut - n > pos && line[cut - 1 - n] == '\\') n++;
        if (n % 2 == 1) cut--;
        if (cut <= pos) cut = pos + limit; /* not UTF-8: octets are all we have */
        buf_add(out, line + pos, cut - pos);
        buf_add(out, "\r\n ", 3);
        pos = cut;
        limit = 74;
    }
    buf_add(out, line + pos, len - pos);
    buf_add(out, "\r\n", 2);
}

/* Unfold, then fold every line; after the calendar's NAME line insert
 * `after_name` (an already escaped content line without line end) if given. */
static char *refold(const char *text, const char *after_name, size_t *out_len) {
    buf flat = {0}, out = {0};
    for (const char *p = text; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t')) {
            p += 2;
            continue;
        }
        buf_add(&flat, p, 1);
    }
    if (flat.oom) goto fail;
    bool inserted = after_name == NULL;
    const char *s = flat.s ? flat.s : "";
    while (*s) {
        const char *e = s;
        while (*e && *e != '\n' && !(e[0] == '\r' && e[1] == '\n')) e++;
        size_t len = (size_t)(e - s);
        if (len > 0) fold_line(&out, s, len);
        if (!inserted && len >= 5 && memcmp(s, "NAME:", 5) == 0) {
            fold_line(&out, after_name, strlen(after_name));
            inserted = true;
        }
        s = *e == '\r' ? e + 2 : *e ? e + 1 : e;
    }
    free(flat.s);
    if (out_len) *out_len = out.len;
    return buf_take(&out);
fail:
    free(flat.s);
    free(out.s);
    return NULL;
}

char *nr_ical_refold(const char *text, size_t *len) { return refold(text, NULL, len); }

/* TEXT escaping (RFC 5545 3.3.11) for the property libical leaves raw. */
static void escape_text(buf *b, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '\\': buf_str(b, "\\\\"); break;
        case ';': buf_str(b, "\\;"); break;
        case ',': buf_str(b, "\\,"); break;
        case '\n': buf_str(b, "\\n"); break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t') buf_add(b, s, 1);
        }
    }
}

/* ---- UIDs and hashes ---------------------------------------------------- */

/* IDs go into UIDs percent-encoded outside [A-Za-z0-9_-], so that '.' can
 * separate the parts and no two slots share a UID. */
static void uid_part(buf *b, const char *id) {
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '_' || *p == '-')
            buf_add(b, (const char *)p, 1);
        else
            buf_fmt(b, "%%%02X", *p);
    }
}

static char *make_uid(const nr_region *r, const nr_duty *du, size_t slot, const char *trust) {
    buf b = {0};
    int y, m, dd;
    nr_date_to_ymd(du->date, &y, &m, &dd);
    buf_str(&b, "duty-");
    uid_part(&b, r->rotas[du->rota].id);
    buf_str(&b, ".");
    uid_part(&b, r->shifts[du->shift].id);
    buf_fmt(&b, ".%04d%02d%02d.%zu", y, m, dd, slot + 1);
    if (trust) {
        buf_str(&b, "-trust-");
        uid_part(&b, trust);
    } else {
        buf_str(&b, "-own");
    }
    buf_str(&b, "@netrota");
    return buf_take(&b);
}

static uint64_t fnv(uint64_t h, const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) h = (h ^ *p) * 1099511628211ULL;
    return (h ^ 0x1fu) * 1099511628211ULL; /* field separator */
}

/* ---- events ------------------------------------------------------------- */

typedef struct ctx {
    const nr_region *r;
    const nr_plan *p;
    const char *dir;
    nr_pubstate *state;
    nr_diags *d;
    icaltimezone *london;
    struct icaltimetype stamp;
    bool *covers; /* [rota * n_trusts + trust] */
    /* Snapshot of the state's keys, sorted, so each feed finds its old events. */
    struct oldkey {
        char *feed, *uid;
        bool seen, handled;
    } *old;
    size_t n_old;
} ctx;

static int cmp_key(const char *fa, const char *ua, const char *fb, const char *ub) {
    int c = strcmp(fa, fb);
    return c ? c : strcmp(ua, ub);
}

static int cmp_old(const void *a, const void *b) {
    const struct oldkey *x = a, *y = b;
    return cmp_key(x->feed, x->uid, y->feed, y->uid);
}

static struct oldkey *find_old(ctx *c, const char *feed, const char *uid) {
    struct oldkey key = {(char *)feed, (char *)uid, false, false};
    return bsearch(&key, c->old, c->n_old, sizeof *c->old, cmp_old);
}

static int snapshot_one(const nr_pubrecord *rec, void *vc) {
    ctx *c = vc;
    struct oldkey *k = &c->old[c->n_old];
    k->feed = strdup(rec->feed);
    k->uid = strdup(rec->uid);
    k->seen = k->handled = false;
    if (!k->feed || !k->uid) {
        free(k->feed);
        free(k->uid);
        return NR_ENOMEM;
    }
    c->n_old++;
    return 0;
}

static const char *rota_label(const nr_rota *k) { return k->name ? k->name : k->id; }
static const char *shift_label(const nr_shift *s) { return s->name ? s->name : s->id; }

static struct icaltimetype ical_time(const ctx *c, nr_instant t) {
    nr_date day;
    int minute, off;
    nr_london_from_utc(t, &day, &minute, &off);
    /* A local time the clock change makes ambiguous or skips would be read
     * as another instant: give those in UTC. */
    if (nr_london_to_utc(day, minute) != t)
        return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
    struct icaltimetype v = icaltime_null_time();
    int y, m, dd;
    nr_date_to_ymd(day, &y, &m, &dd);
    v.year = y;
    v.month = m;
    v.day = dd;
    v.hour = minute / 60;
    v.minute = minute % 60;
    v.is_date = 0;
    return icaltime_set_timezone(&v, c->london);
}

static void site_list(buf *b, const nr_region *r, const nr_rota *k) {
    for (size_t i = 0; i < k->covers.count; i++) {
        const nr_site *s = &r->sites[k->covers.items[i].index];
        buf_fmt(b, "%s%s (%s)", i ? ", " : "", s->name ? s->name : s->id, s->id);
    }
}

/* A published event and what the state should remember of it. */
typedef struct event {
    char *uid;
    char *hash;
    char *text; /* the VEVENT as written (unfolded by libical's rules) */
    int sequence;
    bool cancelled;
    icalcomponent *comp; /* owned until added to the calendar */
} event;

static void event_free(event *e) {
    free(e->uid);
    free(e->hash);
    free(e->text);
    if (e->comp) icalcomponent_free(e->comp);
    memset(e, 0, sizeof *e);
}

static int next_sequence(const ctx *c, const char *feed, const char *uid, const char *hash) {
    const nr_pubrecord *prev = nr_pubstate_get(c->state, feed, uid);
    if (!prev) return 0;
    if (prev->cancelled || strcmp(prev->hash, hash) != 0) return prev->sequence + 1;
    return prev->sequence;
}

static void set_common(const ctx *c, icalcomponent *ev, const char *uid, int seq,
                       enum icalproperty_status status) {
    icalcomponent_add_property(ev, icalproperty_new_uid(uid));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(c->stamp));
    icalcomponent_add_property(ev, icalproperty_new_sequence(seq));
    icalcomponent_add_property(ev, icalproperty_new_status(status));
}

/* Build the event for slot `slot` of duty `di`; trust = feed's trust index
 * (trust feed) or NR_UNSET (the holder's own feed). */
static int build_event(ctx *c, const char *feed, size_t di, size_t slot, int trust, event *out) {
    const nr_region *r = c->r;
    const nr_duty *du = &r->duties[di];
    const nr_rota *k = &r->rotas[du->rota];
    const nr_shift *sh = &r->shifts[du->shift];
    const nr_site *hub = &r->sites[k->hub.index];
    int holder = c->p->holder[c->p->first_slot[di] + slot];
    size_t n_slots = c->p->first_slot[di + 1] - c->p->first_slot[di];
    const nr_person *who = holder >= 0 ? &r->people[holder] : NULL;
    buf summary = {0}, location = {0}, desc = {0};
    int rc = NR_ENOMEM;
    memset(out, 0, sizeof *out);

    out->uid = make_uid(r, du, slot, trust >= 0 ? r->trusts[trust].id : NULL);
    if (!who)
        buf_fmt(&summary, "UNCOVERED: %s %s", rota_label(k), shift_label(sh));
    else if (trust >= 0)
        buf_fmt(&summary, "%s %s: %s (%s)", rota_label(k), shift_label(sh), who->name,
                r->trusts[who->trust.index].id);
    else
        buf_fmt(&summary, "On call: %s %s at %s", rota_label(k), shift_label(sh), hub->id);
    buf_fmt(&location, "%s (%s)", hub->name ? hub->name : hub->id, hub->id);
    if (who) {
        const nr_trust *wt = &r->trusts[who->trust.index];
        buf_fmt(&desc, "On call: %s (%s, %s)\n", who->name, wt->name ? wt->name : wt->id, wt->id);
    } else {
        buf_str(&desc, "On call: nobody - this slot is uncovered\n");
    }
    const nr_trust *host = &r->trusts[k->host.index];
    buf_fmt(&desc, "Rota: %s (%s), %s, hosted by %s (%s)\n", rota_label(k), k->id,
            k->service ? k->service : "", host->name ? host->name : host->id, host->id);
    buf_fmt(&desc, "Shift: %s (%s)\n", shift_label(sh), sh->id);
    buf_fmt(&desc, "Hub: %s (%s)\nCovers: ", hub->name ? hub->name : hub->id, hub->id);
    site_list(&desc, r, k);
    /* Which slot a person is in means nothing, but the UID names it, so
     * the text stays the same whoever else is on: no count of holders. */
    if (du->optional > 0)
        buf_fmt(&desc, "\nSlot %zu of up to %zu (%d needed)", slot + 1, n_slots, du->needed);
    else if (n_slots > 1)
        buf_fmt(&desc, "\nSlot %zu of %zu", slot + 1, n_slots);
    char *s_sum = buf_take(&summary), *s_loc = buf_take(&location), *s_desc = buf_take(&desc);
    if (!out->uid || !s_sum || !s_loc || !s_desc) goto cleanup;

    uint64_t h = 1469598103934665603ULL;
    char num[64];
    snprintf(num, sizeof num, "%lld/%lld", (long long)du->start, (long long)du->end);
    h = fnv(h, num);
    h = fnv(h, s_sum);
    h = fnv(h, s_loc);
    h = fnv(h, s_desc);
    h = fnv(h, "CONFIRMED");
    /* Only when set, so feeds published before there was an organizer keep
     * their SEQUENCE until one is named. */
    if (r->organizer_email) {
        h = fnv(h, r->organizer_email);
        h = fnv(h, r->organizer_name ? r->organizer_name : "");
    }
    snprintf(num, sizeof num, "%016llx", (unsigned long long)h);
    out->hash = strdup(num);
    if (!out->hash) goto cleanup;
    out->sequence = next_sequence(c, feed, out->uid, out->hash);

    icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    if (!ev) goto cleanup;
    out->comp = ev;
    set_common(c, ev, out->uid, out->sequence, ICAL_STATUS_CONFIRMED);
    if (r->organizer_email) {
        buf to = {0};
        buf_fmt(&to, "mailto:%s", r->organizer_email);
        char *s_to = buf_take(&to);
        if (!s_to) goto cleanup;
        icalproperty *org = icalproperty_new_organizer(s_to);
        free(s_to);
        if (!org) goto cleanup;
        /* libical quotes a CN holding : ; or , (RFC 5545 3.2). */
        if (r->organizer_name) {
            icalparameter *cn = icalparameter_new_cn(r->organizer_name);
            if (!cn) {
                icalproperty_free(org);
                goto cleanup;
            }
            icalproperty_add_parameter(org, cn);
        }
        icalcomponent_add_property(ev, org);
    }
    icalcomponent_set_dtstart(ev, ical_time(c, du->start));
    icalcomponent_set_dtend(ev, ical_time(c, du->end));
    icalcomponent_add_property(ev, icalproperty_new_summary(s_sum));
    icalcomponent_add_property(ev, icalproperty_new_location(s_loc));
    icalcomponent_add_property(ev, icalproperty_new_description(s_desc));
    icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
    out->text = icalcomponent_as_ical_string_r(ev);
    if (!out->text) goto cleanup;
    rc = 0;
cleanup:
    free(s_sum);
    free(s_loc);
    free(s_desc);
    if (rc) event_free(out);
    return rc;
}

/* The last published text of (feed, uid) again, now STATUS:CANCELLED with a
 * raised SEQUENCE. Outlook shows cancelled events as if they were on, so
 * the summary says so too. Returns 1 when there is nothing to cancel. */
static int build_cancellation(ctx *c, const char *feed, const char *uid, event *out) {
    memset(out, 0, sizeof *out);
    const nr_pubrecord *prev = nr_pubstate_get(c->state, feed, uid);
    if (!prev || prev->cancelled) return 1;
    if (!prev->event) {
        nr_diag_warning(c->d, nr_loc_at(feed, 0),
                        "event %s disappeared but its last text is unknown: not cancelled", uid);
        return 1;
    }
    icalcomponent *ev = icalcomponent_new_from_string(prev->event);
    if (!ev || icalcomponent_isa(ev) != ICAL_VEVENT_COMPONENT) {
        if (ev) icalcomponent_free(ev);
        nr_diag_warning(c->d, nr_loc_at(feed, 0),
                        "event %s disappeared but its last text is not a VEVENT: not cancelled", uid);
        return 1;
    }
    static const icalproperty_kind replaced[] = {ICAL_UID_PROPERTY, ICAL_DTSTAMP_PROPERTY,
                                                 ICAL_SEQUENCE_PROPERTY, ICAL_STATUS_PROPERTY,
                                                 ICAL_XLICERROR_PROPERTY};
    for (size_t i = 0; i < sizeof replaced / sizeof *replaced; i++) {
        icalproperty *pr;
        while ((pr = icalcomponent_get_first_property(ev, replaced[i])) != NULL) {
            icalcomponent_remove_property(ev, pr);
            icalproperty_free(pr);
        }
    }
    const char *old_summary = icalcomponent_get_summary(ev);
    buf sum = {0};
    buf_fmt(&sum, "CANCELLED: %s", old_summary ? old_summary : "");
    char *s = buf_take(&sum);
    out->uid = strdup(uid);
    out->hash = strdup("cancelled");
    out->comp = ev;
    if (!s || !out->uid || !out->hash) {
        free(s);
        event_free(out);
        return NR_ENOMEM;
    }
    icalcomponent_set_summary(ev, s);
    free(s);
    out->sequence = prev->sequence + 1;
    out->cancelled = true;
    set_common(c, ev, uid, out->sequence, ICAL_STATUS_CANCELLED);
    out->text = icalcomponent_as_ical_string_r(ev);
    if (!out->text) {
        event_free(out);
        return NR_ENOMEM;
    }
    return 0;
}

/* ---- feeds -------------------------------------------------------------- */

typedef struct feed {
    char *key;  /* "trusts/STH.ics" */
    char *name; /* calendar name */
    event *ev;
    size_t n, cap;
    char **drop; /* cancelled last time and gone now: forget after writing */
    size_t n_drop;
} feed;

static void feed_free(feed *f) {
    for (size_t i = 0; i < f->n; i++) event_free(&f->ev[i]);
    free(f->ev);
    for (size_t i = 0; i < f->n_drop; i++) free(f->drop[i]);
    free(f->drop);
    free(f->key);
    free(f->name);
    memset(f, 0, sizeof *f);
}

static event *feed_push(feed *f) {
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        event *e = realloc(f->ev, cap * sizeof *e);
        if (!e) return NULL;
        f->ev = e;
        f->cap = cap;
    }
    memset(&f->ev[f->n], 0, sizeof *f->ev);
    return &f->ev[f->n++];
}

static int add_slot(ctx *c, feed *f, size_t di, size_t slot, int trust) {
    event *e = feed_push(f);
    if (!e) return NR_ENOMEM;
    int rc = build_event(c, f->key, di, slot, trust, e);
    if (rc) {
        f->n--;
        return rc;
    }
    struct oldkey *k = find_old(c, f->key, e->uid);
    if (k) k->seen = true;
    return 0;
}

/* Old events of this feed that are gone: cancel once, or forget. */
static int add_cancellations(ctx *c, feed *f) {
    struct oldkey probe = {f->key, "", false, false};
    size_t lo = 0, hi = c->n_old;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cmp_old(&c->old[mid], &probe) < 0) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < c->n_old && strcmp(c->old[i].feed, f->key) == 0; i++) {
        struct oldkey *k = &c->old[i];
        k->handled = true;
        if (k->seen) continue;
        event tmp;
        int rc = build_cancellation(c, f->key, k->uid, &tmp);
        if (rc < 0) return rc;
        if (rc == 0) {
            event *e = feed_push(f);
            if (!e) {
                event_free(&tmp);
                return NR_ENOMEM;
            }
            *e = tmp;
            continue;
        }
        char **drop = realloc(f->drop, (f->n_drop + 1) * sizeof *drop);
        if (!drop) return NR_ENOMEM;
        f->drop = drop;
        if (!(f->drop[f->n_drop] = strdup(k->uid))) return NR_ENOMEM;
        f->n_drop++;
    }
    return 0;
}

static char *feed_text(ctx *c, feed *f) {
    char *raw = NULL, *out = NULL;
    buf xname = {0};
    icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    icalcomponent *vtz = icalcomponent_new_from_string(LONDON_VTZ);
    if (!cal || !vtz) goto cleanup;
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_prodid(NR_ICAL_PRODID));
    icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    icalcomponent_add_property(cal, icalproperty_new_name(f->name));
    icalproperty *x = icalproperty_new_x("Europe/London");
    icalproperty_set_x_name(x, "X-WR-TIMEZONE");
    icalcomponent_add_property(cal, x);
    icalcomponent_add_property(cal,
                               icalproperty_new_refreshinterval(icaldurationtype_from_string(REFRESH)));
    x = icalproperty_new_x(REFRESH);
    icalproperty_set_x_name(x, "X-PUBLISHED-TTL");
    icalcomponent_add_property(cal, x);
    icalcomponent_add_component(cal, vtz);
    vtz = NULL;
    for (size_t i = 0; i < f->n; i++) {
        icalcomponent_add_component(cal, f->ev[i].comp);
        f->ev[i].comp = NULL;
    }
    raw = icalcomponent_as_ical_string_r(cal);
    /* libical writes X- values without escaping ',' and ';' */
    buf_str(&xname, "X-WR-CALNAME:");
    escape_text(&xname, f->name);
    char *xline = buf_take(&xname);
    if (raw && xline) out = refold(raw, xline, NULL);
    free(xline);
cleanup:
    free(raw);
    if (vtz) icalcomponent_free(vtz);
    if (cal) icalcomponent_free(cal);
    return out;
}

/* Write the feed; on success record what was published in the state. */
static int write_feed(ctx *c, feed *f) {
    size_t n = strlen(c->dir) + strlen(f->key) + 2;
    char *path = malloc(n);
    char *text = feed_text(c, f);
    nr_atomic_file af = {0};
    int rc = NR_ENOMEM;
    if (!path || !text) goto cleanup;
    snprintf(path, n, "%s/%s", c->dir, f->key);
    rc = nr_atomic_open(&af, path, c->d);
    if (rc) goto cleanup;
    fputs(text, af.f);
    rc = nr_atomic_commit(&af, c->d);
    if (rc) goto cleanup;
    for (size_t i = 0; i < f->n; i++) {
        const event *e = &f->ev[i];
        nr_pubrecord rec = {f->key, e->uid, e->sequence, e->hash, e->cancelled, e->text};
        rc = nr_pubstate_put(c->state, &rec);
        if (rc) goto cleanup;
    }
    for (size_t i = 0; i < f->n_drop; i++) nr_pubstate_remove(c->state, f->key, f->drop[i]);
cleanup:
    nr_atomic_abort(&af);
    free(text);
    free(path);
    return rc;
}

static int make_dir(const char *path, nr_diags *d) {
    struct stat sb;
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        nr_diag_error(d, nr_loc_at(path, 0), "cannot create folder: %s", strerror(errno));
        return NR_EIO;
    }
    if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        nr_diag_error(d, nr_loc_at(path, 0), "cannot create folder: it exists and is not a folder");
        return NR_EIO;
    }
    return 0;
}

static char *join(const char *a, const char *b, const char *c3) {
    buf x = {0};
    buf_str(&x, a);
    buf_str(&x, b);
    buf_str(&x, c3);
    return buf_take(&x);
}

/* Build and write one feed; failures to write are remembered, not fatal. */
static int publish_one(ctx *c, feed *f, int trust, int person, int *io_error) {
    int rc = 0;
    const nr_region *r = c->r;
    for (size_t di = 0; di < r->n_duties && !rc; di++) {
        const nr_duty *du = &r->duties[di];
        if (trust >= 0 && !c->covers[(size_t)du->rota * r->n_trusts + (size_t)trust]) continue;
        size_t n_slots = c->p->first_slot[di + 1] - c->p->first_slot[di];
        for (size_t s = 0; s < n_slots && !rc; s++) {
            int holder = c->p->holder[c->p->first_slot[di] + s];
            if (person >= 0 && holder != person) continue;
            /* An empty optional slot is no gap: no UNCOVERED event. */
            if (holder == NR_UNSET && nr_plan_slot_optional_empty(c->p, di, c->p->first_slot[di] + s))
                continue;
            rc = add_slot(c, f, di, s, trust);
        }
    }
    if (!rc) rc = add_cancellations(c, f);
    if (rc) return rc;
    rc = write_feed(c, f);
    if (rc == NR_EIO) {
        *io_error = 1;
        rc = 0;
    }
    return rc;
}

/* A state key names a feed this code could have written: trusts/ID.ics or
 * people/ID.ics with a safe ID. Anything else is not ours to write. */
static bool is_feed_key(const char *key) {
    const char *rest = NULL;
    if (strncmp(key, "trusts/", 7) == 0) rest = key + 7;
    else if (strncmp(key, "people/", 7) == 0) rest = key + 7;
    if (!rest) return false;
    size_t n = strlen(rest);
    if (n <= 4 || strcmp(rest + n - 4, ".ics") != 0) return false;
    char id[256];
    if (n - 4 >= sizeof id) return false;
    memcpy(id, rest, n - 4);
    id[n - 4] = '\0';
    return nr_safe_file_name(id) != 0;
}

int nr_publish_ical(const nr_region *r, const nr_plan *p, const char *dir, nr_pubstate *state,
                    nr_instant now, nr_diags *d) {
    int rc = 0, io_error = 0;
    size_t errors0 = d->errors;
    ctx c = {r, p, dir, state, d, NULL, icaltime_null_time(), NULL, NULL, 0};
    feed f = {0};
    char *sub = NULL;
    icalcomponent *vtz = NULL;

    if (p->n_duties != r->n_duties || p->first_slot[p->n_duties] != p->n_slots) {
        nr_diag_error(d, nr_loc_at(dir, 0), "internal error: the plan was not made for this region");
        return NR_EINTERNAL;
    }
    for (size_t t = 0; t < r->n_trusts; t++)
        if (!nr_safe_file_name(r->trusts[t].id)) {
            nr_diag_error(d, r->trusts[t].loc,
                          "trust id '%s' cannot be a file name (no '/', '\\', '..' or control "
                          "characters): no calendar feeds written",
                          r->trusts[t].id ? r->trusts[t].id : "");
            rc = NR_EINPUT;
        }
    for (size_t i = 0; i < r->n_people; i++)
        if (!nr_safe_file_name(r->people[i].id)) {
            nr_diag_error(d, r->people[i].loc,
                          "person id '%s' cannot be a file name (no '/', '\\', '..' or control "
                          "characters): no calendar feeds written",
                          r->people[i].id ? r->people[i].id : "");
            rc = NR_EINPUT;
        }
    if (rc) return rc;

    if ((rc = make_dir(dir, d)) != 0) return rc;
    for (int i = 0; i < 2 && !rc; i++) {
        sub = join(dir, i ? "/people" : "/trusts", "");
        rc = sub ? make_dir(sub, d) : NR_ENOMEM;
        free(sub);
        sub = NULL;
    }
    if (rc) return rc;

    icalerror_set_errors_are_fatal(0);
    rc = NR_ENOMEM;
    c.covers = calloc(r->n_rotas * r->n_trusts + 1, sizeof *c.covers);
    c.old = calloc(nr_pubstate_count(state) + 1, sizeof *c.old);
    vtz = icalcomponent_new_from_string(LONDON_VTZ);
    c.london = icaltimezone_new();
    if (!c.covers || !c.old || !vtz || !c.london) goto cleanup;
    int zone_ok = icaltimezone_set_component(c.london, vtz);
    vtz = NULL; /* the zone owns it */
    if (!zone_ok) goto cleanup;
    c.stamp = icaltime_from_timet_with_zone((time_t)now, 0, icaltimezone_get_utc_timezone());
    for (size_t k = 0; k < r->n_rotas; k++)
        for (size_t i = 0; i < r->rotas[k].covers.count; i++) {
            int site = r->rotas[k].covers.items[i].index;
            if (site >= 0 && r->sites[site].trust.index >= 0)
                c.covers[k * r->n_trusts + (size_t)r->sites[site].trust.index] = true;
        }
    if (nr_pubstate_foreach(state, snapshot_one, &c) != 0) goto cleanup;
    qsort(c.old, c.n_old, sizeof *c.old, cmp_old);

    rc = 0;
    for (size_t t = 0; t < r->n_trusts && !rc; t++) {
        const nr_trust *tr = &r->trusts[t];
        f.key = join("trusts/", tr->id, ".ics");
        buf nm = {0};
        buf_fmt(&nm, "%s: on-call consultants (%s)", tr->name ? tr->name : tr->id,
                r->name ? r->name : "netrota");
        f.name = buf_take(&nm);
        rc = f.key && f.name ? publish_one(&c, &f, (int)t, NR_UNSET, &io_error) : NR_ENOMEM;
        feed_free(&f);
    }
    for (size_t i = 0; i < r->n_people && !rc; i++) {
        const nr_person *pe = &r->people[i];
        f.key = join("people/", pe->id, ".ics");
        buf nm = {0};
        buf_fmt(&nm, "%s: on-call duties (%s)", pe->name ? pe->name : pe->id,
                r->name ? r->name : "netrota");
        f.name = buf_take(&nm);
        rc = f.key && f.name ? publish_one(&c, &f, NR_UNSET, (int)i, &io_error) : NR_ENOMEM;
        feed_free(&f);
    }
    /* Feeds that left the region: their subscribers still need the
     * cancellations, once. */
    for (size_t i = 0; i < c.n_old && !rc; i++) {
        if (c.old[i].handled) continue;
        if (!is_feed_key(c.old[i].feed)) {
            c.old[i].handled = true;
            continue;
        }
        f.key = strdup(c.old[i].feed);
        f.name = join("netrota: withdrawn feed ", c.old[i].feed, "");
        if (!f.key || !f.name) {
            rc = NR_ENOMEM;
        } else {
            rc = add_cancellations(&c, &f);
            if (!rc && f.n == 0) {
                for (size_t k = 0; k < f.n_drop; k++) nr_pubstate_remove(state, f.key, f.drop[k]);
            } else if (!rc) {
                rc = write_feed(&c, &f);
                if (rc == NR_EIO) {
                    io_error = 1;
                    rc = 0;
                }
            }
        }
        feed_free(&f);
    }
    if (!rc && io_error) rc = NR_EIO;
cleanup:
    if (rc == NR_ENOMEM && d->errors == errors0)
        nr_diag_error(d, nr_loc_at(dir, 0), "out of memory while publishing calendar feeds");
    feed_free(&f);
    for (size_t i = 0; i < c.n_old; i++) {
        free(c.old[i].feed);
        free(c.old[i].uid);
    }
    free(c.old);
    free(c.covers);
    if (vtz) icalcomponent_free(vtz);
    if (c.london) icaltimezone_free(c.london, 1);
    return rc;
}

int nr_publish_ical_dir(const nr_region *r, const nr_plan *p, const char *dir, nr_instant now,
                        nr_diags *d) {
    nr_pubstate *state = nr_pubstate_new();
    char *path = join(dir, "/", NR_PUBSTATE_FILE);
    int rc = NR_ENOMEM;
    if (!state || !path) {
        nr_diag_error(d, nr_loc_at(dir, 0), "out of memory");
        goto cleanup;
    }
    rc = nr_pubstate_load(state, path, d);
    if (rc) goto cleanup;
    rc = nr_publish_ical(r, p, dir, state, now, d);
    if (rc == 0 || rc == NR_EIO) {
        int src = nr_pubstate_save(state, path, d);
        if (!rc) rc = src;
    }
cleanup:
    free(path);
    nr_pubstate_free(state);
    return rc;
}
