#include "model/region.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An open-addressing hash index from ID to entity index, so that resolving
 * every reference of thousands of people stays linear. Keys are borrowed
 * from the region. */
typedef struct id_index {
    const char **keys;
    int *values;
    size_t mask;
} id_index;

static uint64_t hash_id(const char *s) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static int index_init(id_index *ix, size_t n) {
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    ix->keys = calloc(cap, sizeof *ix->keys);
    ix->values = calloc(cap, sizeof *ix->values);
    ix->mask = cap - 1;
    if (!ix->keys || !ix->values) return NR_ENOMEM;
    return 0;
}

static void index_free(id_index *ix) {
    free(ix->keys);
    free(ix->values);
    ix->keys = NULL;
    ix->values = NULL;
}

/* Insert id -> value unless id is present; returns the value already stored
 * for id, or NR_UNSET if it was inserted. */
static int index_put(id_index *ix, const char *id, int value) {
    size_t i = (size_t)hash_id(id) & ix->mask;
    while (ix->keys[i]) {
        if (strcmp(ix->keys[i], id) == 0) return ix->values[i];
        i = (i + 1) & ix->mask;
    }
    ix->keys[i] = id;
    ix->values[i] = value;
    return NR_UNSET;
}

static int index_get(const id_index *ix, const char *id) {
    size_t i = (size_t)hash_id(id) & ix->mask;
    while (ix->keys[i]) {
        if (strcmp(ix->keys[i], id) == 0) return ix->values[i];
        i = (i + 1) & ix->mask;
    }
    return NR_UNSET;
}

/* "FILE:LINE" for a message, tolerating what a region built in code lacks. */
static const char *loc_text(nr_loc loc, char *buf, size_t size) {
    if (loc.file && loc.line > 0) snprintf(buf, size, "%s:%d", loc.file, loc.line);
    else if (loc.file) snprintf(buf, size, "%s", loc.file);
    else if (loc.line > 0) snprintf(buf, size, "line %d", loc.line);
    else snprintf(buf, size, "an unknown place");
    return buf;
}

enum kind { TRUST, SITE, PERSON, SHIFT, ROTA, KINDS };
static const char *const kind_name[KINDS] = {"trust", "site", "person", "shift", "rota"};

typedef struct resolver {
    nr_region *r;
    nr_diags *d;
    id_index ix[KINDS];
    int errors;
} resolver;

/* Index one kind's IDs; the first definition wins and later ones are errors
 * at their own location. */
static int index_kind(resolver *rs, enum kind k, const void *base, size_t id_off, size_t loc_off,
                      size_t stride, size_t n) {
    const char *bytes = base;
    int rc = index_init(&rs->ix[k], n);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) {
        const char *id;
        nr_loc loc;
        memcpy(&id, bytes + i * stride + id_off, sizeof id);
        memcpy(&loc, bytes + i * stride + loc_off, sizeof loc);
        if (!id || !*id) {
            nr_diag_error(rs->d, loc, "%s without an id", kind_name[k]);
            rs->errors++;
            continue;
        }
        int first = index_put(&rs->ix[k], id, (int)i);
        if (first != NR_UNSET) {
            char where[512];
            nr_loc first_loc;
            memcpy(&first_loc, bytes + (size_t)first * stride + loc_off, sizeof first_loc);
            nr_diag_error(rs->d, loc, "duplicate %s id '%s' (first defined at %s)", kind_name[k],
                          id, loc_text(first_loc, where, sizeof where));
            rs->errors++;
        }
    }
    return 0;
}

/* Every entity struct has `id` and `loc` members; the array may be NULL. */
#define INDEX_KIND(rs, k, type, arr, n)                                                     \
    index_kind(rs, k, (rs)->r->arr, offsetof(type, id), offsetof(type, loc), sizeof(type), \
               (rs)->r->n)

/* Resolve one reference. A required reference without an id is an error at
 * the entity's location, since the reference itself was never written. */
static void resolve_ref(resolver *rs, nr_ref *ref, enum kind k, const char *field, bool required,
                        nr_loc owner) {
    ref->index = NR_UNSET;
    if (!ref->id || !*ref->id) {
        if (required) {
            nr_diag_error(rs->d, ref->loc.file || ref->loc.line ? ref->loc : owner,
                          "%s: missing %s", field, kind_name[k]);
            rs->errors++;
        }
        return;
    }
    ref->index = index_get(&rs->ix[k], ref->id);
    if (ref->index == NR_UNSET) {
        nr_diag_error(rs->d, ref->loc, "%s: unknown %s '%s'", field, kind_name[k], ref->id);
        rs->errors++;
    }
}

/* Resolve a list; an entry repeated in the same list is only a warning, as
 * it changes nothing. */
static void resolve_list(resolver *rs, nr_refs *list, enum kind k, const char *field,
                         nr_loc owner) {
    for (size_t i = 0; i < list->count; i++) {
        nr_ref *ref = &list->items[i];
        resolve_ref(rs, ref, k, field, true, owner);
        if (ref->index == NR_UNSET) continue;
        for (size_t j = 0; j < i; j++)
            if (list->items[j].index == ref->index) {
                nr_diag_warning(rs->d, ref->loc, "%s: %s '%s' listed more than once", field,
                                kind_name[k], ref->id);
                break;
            }
    }
}

/* Fill the travel matrix: a row gives both directions unless the reverse is
 * written too, in which case each direction keeps its own figure. */
static int build_travel(resolver *rs) {
    nr_region *r = rs->r;
    size_t n = r->n_sites;
    int rc = 0;
    unsigned char *given = NULL;
    int *first_row = NULL;
    free(r->travel_minutes);
    r->travel_minutes = NULL;
    if (n > 0 && n > SIZE_MAX / sizeof(int) / n) return NR_ELIMIT;
    r->travel_minutes = malloc((n ? n * n : 1) * sizeof *r->travel_minutes);
    given = calloc(n ? n * n : 1, 1);
    first_row = malloc((n ? n * n : 1) * sizeof *first_row);
    if (!r->travel_minutes || !given || !first_row) {
        rc = NR_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n * n; i++) r->travel_minutes[i] = NR_UNSET;
    for (size_t i = 0; i < n; i++) r->travel_minutes[i * n + i] = 0;

    for (size_t t = 0; t < r->n_travel; t++) {
        const nr_travel *tr = &r->travel[t];
        int a = tr->from.index, b = tr->to.index;
        if (a == NR_UNSET || b == NR_UNSET || a == b) continue;
        size_t cell = (size_t)a * n + (size_t)b;
        if (given[cell]) {
            char where[512];
            nr_diag_warning(rs->d, tr->loc,
                            "travel from '%s' to '%s' given more than once (first at %s)",
                            tr->from.id, tr->to.id,
                            loc_text(r->travel[first_row[cell]].loc, where, sizeof where));
        } else {
            first_row[cell] = (int)t;
        }
        given[cell] = 1;
        r->travel_minutes[cell] = tr->minutes;
    }
    for (size_t t = 0; t < r->n_travel; t++) {
        const nr_travel *tr = &r->travel[t];
        int a = tr->from.index, b = tr->to.index;
        if (a == NR_UNSET || b == NR_UNSET || a == b) continue;
        size_t back = (size_t)b * n + (size_t)a;
        if (!given[back]) r->travel_minutes[back] = tr->minutes;
    }

cleanup:
    free(given);
    free(first_row);
    return rc;
}

int nr_region_resolve(nr_region *r, nr_diags *d) {
    resolver rs = {.r = r, .d = d};
    int rc;
    if ((rc = INDEX_KIND(&rs, TRUST, nr_trust, trusts, n_trusts)) ||
        (rc = INDEX_KIND(&rs, SITE, nr_site, sites, n_sites)) ||
        (rc = INDEX_KIND(&rs, PERSON, nr_person, people, n_people)) ||
        (rc = INDEX_KIND(&rs, SHIFT, nr_shift, shifts, n_shifts)) ||
        (rc = INDEX_KIND(&rs, ROTA, nr_rota, rotas, n_rotas)))
        goto cleanup;

    for (size_t i = 0; i < r->n_sites; i++)
        resolve_ref(&rs, &r->sites[i].trust, TRUST, "trust", true, r->sites[i].loc);
    for (size_t i = 0; i < r->n_people; i++) {
        nr_person *p = &r->people[i];
        resolve_ref(&rs, &p->trust, TRUST, "trust", true, p->loc);
        resolve_ref(&rs, &p->base_site, SITE, "base_site", true, p->loc);
        resolve_list(&rs, &p->rotas, ROTA, "rotas", p->loc);
    }
    for (size_t i = 0; i < r->n_rotas; i++) {
        nr_rota *k = &r->rotas[i];
        resolve_ref(&rs, &k->host, TRUST, "host", true, k->loc);
        resolve_ref(&rs, &k->hub, SITE, "hub", true, k->loc);
        resolve_list(&rs, &k->covers, SITE, "covers", k->loc);
        resolve_list(&rs, &k->shifts, SHIFT, "shifts", k->loc);
    }
    for (size_t i = 0; i < r->n_overrides; i++) {
        nr_override *o = &r->overrides[i];
        resolve_ref(&rs, &o->person, PERSON, "person", true, o->loc);
        resolve_ref(&rs, &o->rota, ROTA, "rota", false, o->loc);
        resolve_ref(&rs, &o->shift, SHIFT, "shift", false, o->loc);
    }
    for (size_t i = 0; i < r->n_shifts; i++)
        resolve_list(&rs, &r->shifts[i].not_followed_by, SHIFT, "not_followed_by", r->shifts[i].loc);
    for (size_t i = 0; i < r->n_covers; i++) {
        nr_cover *c = &r->covers[i];
        resolve_ref(&rs, &c->rota, ROTA, "rota", true, c->loc);
        resolve_ref(&rs, &c->shift, SHIFT, "shift", false, c->loc);
    }
    for (size_t i = 0; i < r->n_leave; i++)
        resolve_ref(&rs, &r->leave[i].person, PERSON, "person", true, r->leave[i].loc);
    for (size_t i = 0; i < r->n_requests; i++) {
        nr_request *q = &r->requests[i];
        resolve_ref(&rs, &q->person, PERSON, "person", true, q->loc);
        resolve_ref(&rs, &q->rota, ROTA, "rota", false, q->loc);
        resolve_ref(&rs, &q->shift, SHIFT, "shift", false, q->loc);
    }
    for (size_t i = 0; i < r->n_travel; i++) {
        nr_travel *t = &r->travel[i];
        resolve_ref(&rs, &t->from, SITE, "from", true, t->loc);
        resolve_ref(&rs, &t->to, SITE, "to", true, t->loc);
    }
    rc = build_travel(&rs);
    if (rc == 0 && rs.errors) rc = NR_EINPUT;

cleanup:
    for (int k = 0; k < KINDS; k++) index_free(&rs.ix[k]);
    return rc;
}
