#include "export/pubstate.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/atomicfile.h"

/* Records live in one array in insertion order; a removed record keeps its
 * place (live = false) so that the open-addressing index needs no
 * tombstones: a put() on a removed key revives it. A publish of a region
 * touches thousands of keys, so look-ups must not be linear. */
typedef struct entry {
    nr_pubrecord rec;
    bool live;
} entry;

struct nr_pubstate {
    entry *items;
    size_t n, cap, live;
    size_t *index; /* slot -> items index + 1, 0 = empty */
    size_t index_cap;
};

#define STATE_FORMAT "netrota-published"
#define STATE_VERSION 1

static uint64_t key_hash(const char *feed, const char *uid) {
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)feed; *p; p++) h = (h ^ *p) * 1099511628211ULL;
    h = (h ^ 0xffu) * 1099511628211ULL;
    for (const unsigned char *p = (const unsigned char *)uid; *p; p++) h = (h ^ *p) * 1099511628211ULL;
    return h;
}

static char *dup(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c) memcpy(c, s, n);
    return c;
}

static void free_record(nr_pubrecord *r) {
    free((char *)r->feed);
    free((char *)r->uid);
    free((char *)r->hash);
    free((char *)r->event);
    memset(r, 0, sizeof *r);
}

nr_pubstate *nr_pubstate_new(void) { return calloc(1, sizeof(nr_pubstate)); }

void nr_pubstate_free(nr_pubstate *s) {
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) free_record(&s->items[i].rec);
    free(s->items);
    free(s->index);
    free(s);
}

/* Index slot holding (feed, uid), or the empty slot where it would go. */
static size_t find_slot(const nr_pubstate *s, const char *feed, const char *uid) {
    size_t mask = s->index_cap - 1;
    size_t i = (size_t)key_hash(feed, uid) & mask;
    for (;;) {
        size_t v = s->index[i];
        if (v == 0) return i;
        const nr_pubrecord *r = &s->items[v - 1].rec;
        if (strcmp(r->feed, feed) == 0 && strcmp(r->uid, uid) == 0) return i;
        i = (i + 1) & mask;
    }
}

static int grow_index(nr_pubstate *s) {
    size_t cap = s->index_cap ? s->index_cap * 2 : 64;
    size_t *idx = calloc(cap, sizeof *idx);
    if (!idx) return NR_ENOMEM;
    free(s->index);
    s->index = idx;
    s->index_cap = cap;
    for (size_t k = 0; k < s->n; k++) {
        size_t slot = find_slot(s, s->items[k].rec.feed, s->items[k].rec.uid);
        s->index[slot] = k + 1;
    }
    return 0;
}

int nr_pubstate_put(nr_pubstate *s, const nr_pubrecord *rec) {
    if (!rec->feed || !rec->uid || !rec->hash || rec->sequence < 0) return NR_EINPUT;
    if ((s->n + 1) * 2 > s->index_cap) {
        int rc = grow_index(s);
        if (rc) return rc;
    }
    nr_pubrecord c = {dup(rec->feed), dup(rec->uid), rec->sequence, dup(rec->hash),
                      rec->cancelled, dup(rec->event)};
    if (!c.feed || !c.uid || !c.hash || (rec->event && !c.event)) {
        free_record(&c);
        return NR_ENOMEM;
    }
    size_t slot = find_slot(s, rec->feed, rec->uid);
    if (s->index[slot]) {
        entry *e = &s->items[s->index[slot] - 1];
        free_record(&e->rec);
        e->rec = c;
        if (!e->live) s->live++;
        e->live = true;
        return 0;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        entry *items = realloc(s->items, cap * sizeof *items);
        if (!items) {
            free_record(&c);
            return NR_ENOMEM;
        }
        s->items = items;
        s->cap = cap;
    }
    s->items[s->n].rec = c;
    s->items[s->n].live = true;
    s->n++;
    s->live++;
    s->index[slot] = s->n;
    return 0;
}

static entry *lookup(const nr_pubstate *s, const char *feed, const char *uid) {
    if (!s->index_cap || !feed || !uid) return NULL;
    size_t v = s->index[find_slot(s, feed, uid)];
    return v ? &s->items[v - 1] : NULL;
}

const nr_pubrecord *nr_pubstate_get(const nr_pubstate *s, const char *feed, const char *uid) {
    entry *e = lookup(s, feed, uid);
    return e && e->live ? &e->rec : NULL;
}

void nr_pubstate_remove(nr_pubstate *s, const char *feed, const char *uid) {
    entry *e = lookup(s, feed, uid);
    if (!e || !e->live) return;
    e->live = false;
    s->live--;
    free((char *)e->rec.event);
    e->rec.event = NULL;
}

size_t nr_pubstate_count(const nr_pubstate *s) { return s->live; }

int nr_pubstate_foreach(const nr_pubstate *s, int (*fn)(const nr_pubrecord *rec, void *ctx),
                        void *ctx) {
    for (size_t i = 0; i < s->n; i++) {
        if (!s->items[i].live) continue;
        int rc = fn(&s->items[i].rec, ctx);
        if (rc) return rc;
    }
    return 0;
}

int nr_pubstate_load(nr_pubstate *s, const char *path, nr_diags *d) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT) return 0;
        nr_diag_error(d, nr_loc_at(path, 0), "cannot read the publication state: %s",
                      strerror(errno));
        return NR_EIO;
    }
    int rc = 0;
    json_error_t err;
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &err);
    fclose(f);
    if (!root) {
        nr_loc at = {path, err.line > 0 ? err.line : 0, err.column > 0 ? err.column : 0};
        nr_diag_error(d, at, "publication state is not valid JSON: %s", err.text);
        return NR_EINPUT;
    }
    const char *format = NULL;
    int version = 0;
    json_t *events = NULL;
    if (json_unpack_ex(root, &err, 0, "{s:s, s:i, s:o}", "format", &format, "version", &version,
                       "events", &events) != 0 ||
        strcmp(format, STATE_FORMAT) != 0 || version != STATE_VERSION || !json_is_array(events)) {
        nr_diag_error(d, nr_loc_at(path, 0),
                      "not a netrota publication state (expected {\"format\": \"%s\", "
                      "\"version\": %d, \"events\": [...]})",
                      STATE_FORMAT, STATE_VERSION);
        rc = NR_EINPUT;
        goto cleanup;
    }
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        nr_pubrecord r = {0};
        int cancelled = 0;
        if (json_unpack_ex(ev, &err, JSON_STRICT, "{s:s, s:s, s:i, s:s, s:b, s?s}", "feed", &r.feed,
                           "uid", &r.uid, "sequence", &r.sequence, "hash", &r.hash, "cancelled",
                           &cancelled, "event", &r.event) != 0) {
            nr_diag_error(d, nr_loc_at(path, 0), "events[%zu]: %s", i, err.text);
            rc = NR_EINPUT;
            continue;
        }
        r.cancelled = cancelled != 0;
        if (r.sequence < 0) {
            nr_diag_error(d, nr_loc_at(path, 0), "events[%zu]: negative sequence %d", i, r.sequence);
            rc = NR_EINPUT;
            continue;
        }
        if (nr_pubstate_get(s, r.feed, r.uid)) {
            nr_diag_error(d, nr_loc_at(path, 0), "events[%zu]: %s in %s appears twice", i, r.uid,
                          r.feed);
            rc = NR_EINPUT;
            continue;
        }
        int prc = nr_pubstate_put(s, &r);
        if (prc) {
            rc = prc;
            goto cleanup;
        }
    }
cleanup:
    json_decref(root);
    return rc;
}

static int by_key(const void *a, const void *b) {
    const nr_pubrecord *x = *(const nr_pubrecord *const *)a, *y = *(const nr_pubrecord *const *)b;
    int c = strcmp(x->feed, y->feed);
    return c ? c : strcmp(x->uid, y->uid);
}

int nr_pubstate_save(const nr_pubstate *s, const char *path, nr_diags *d) {
    int rc = NR_ENOMEM;
    const nr_pubrecord **order = malloc((s->live ? s->live : 1) * sizeof *order);
    json_t *root = NULL, *events = json_array();
    nr_atomic_file af = {0};
    if (!order || !events) goto cleanup;
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->items[i].live) order[k++] = &s->items[i].rec;
    qsort(order, k, sizeof *order, by_key);
    for (size_t i = 0; i < k; i++) {
        const nr_pubrecord *r = order[i];
        json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:b}", "feed", r->feed, "uid", r->uid,
                              "sequence", r->sequence, "hash", r->hash, "cancelled", r->cancelled);
        if (!o) goto cleanup;
        /* set_new consumes only the value: o is still ours if it fails. */
        if (r->event && json_object_set_new(o, "event", json_string(r->event)) != 0) {
            json_decref(o);
            goto cleanup;
        }
        if (json_array_append_new(events, o) != 0) goto cleanup;
    }
    root = json_pack("{s:s, s:i, s:O}", "format", STATE_FORMAT, "version", STATE_VERSION,
                     "events", events);
    if (!root) goto cleanup;
    rc = nr_atomic_open(&af, path, d);
    if (rc) goto cleanup;
    /* A failed write leaves the stream in error; commit reports it (a full
     * disk included) with the file name and keeps the previous state. */
    if (json_dumpf(root, af.f, JSON_INDENT(1) | JSON_PRESERVE_ORDER) != 0 && !ferror(af.f)) {
        rc = NR_ENOMEM; /* jansson failed without a stream error */
        goto cleanup;
    }
    fputc('\n', af.f);
    rc = nr_atomic_commit(&af, d);
cleanup:
    if (rc == NR_ENOMEM) nr_diag_error(d, nr_loc_at(path, 0), "out of memory");
    nr_atomic_abort(&af);
    json_decref(root);
    json_decref(events);
    free(order);
    return rc;
}
