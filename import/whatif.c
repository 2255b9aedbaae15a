/* whatif.c - the operations only a what-if scenario has: removing people,
 * merging and removing rotas. They run on the region before resolve, so
 * they work on IDs; every reference is still unresolved. */
#include <stdlib.h>
#include <string.h>

#include "import/yaml_scenario.h"

static bool same(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* Remove element i of an array of n elements of size elem. */
static void drop(void *items, size_t *n, size_t i, size_t elem) {
    char *p = items;
    memmove(p + i * elem, p + (i + 1) * elem, (*n - i - 1) * elem);
    (*n)--;
}

static void remove_person(yl_ctx *c, const yt_node *id, void *arg) {
    (void)arg;
    nr_region *r = c->ld->r;
    int p = nr_region_find_person(r, id->text);
    if (p == NR_UNSET) {
        YL_ERR(c, id, "remove_people: unknown person '%s'", id->text);
        return;
    }
    drop(r->people, &r->n_people, (size_t)p, sizeof r->people[0]);
    /* what belonged to them goes with them */
    for (size_t i = r->n_leave; i-- > 0;)
        if (same(r->leave[i].person.id, id->text))
            drop(r->leave, &r->n_leave, i, sizeof r->leave[0]);
    for (size_t i = r->n_requests; i-- > 0;)
        if (same(r->requests[i].person.id, id->text))
            drop(r->requests, &r->n_requests, i, sizeof r->requests[0]);
    for (size_t i = r->n_overrides; i-- > 0;)
        if (same(r->overrides[i].person.id, id->text))
            drop(r->overrides, &r->n_overrides, i, sizeof r->overrides[0]);
}

void yl_whatif_remove_people(yl_ctx *c, const yt_node *list) {
    yl_each_id(c, list, "remove_people", remove_person, NULL);
}

/* Take rota `gone` out of the region. Memberships, requests and overrides
 * naming it move to `into` (a merge) or disappear (into NULL). */
static void retire_rota(yl_ctx *c, const char *gone, const char *into) {
    nr_region *r = c->ld->r;
    int k = nr_region_find_rota(r, gone);
    if (k == NR_UNSET) return;
    for (size_t p = 0; p < r->n_people; p++) {
        nr_refs *rs = &r->people[p].rotas;
        bool member_of_into = false;
        for (size_t i = 0; i < rs->count; i++)
            if (same(rs->items[i].id, into)) member_of_into = true;
        size_t w = 0;
        for (size_t i = 0; i < rs->count; i++) {
            nr_ref ref = rs->items[i];
            if (same(ref.id, gone)) {
                if (!into || member_of_into) continue;
                ref.id = into;
                member_of_into = true;
            }
            rs->items[w++] = ref;
        }
        rs->count = w;
    }
    for (size_t i = r->n_requests; i-- > 0;) {
        nr_request *q = &r->requests[i];
        if (!same(q->rota.id, gone)) continue;
        if (into) q->rota.id = into;
        else drop(r->requests, &r->n_requests, i, sizeof r->requests[0]);
    }
    for (size_t i = r->n_overrides; i-- > 0;) {
        nr_override *o = &r->overrides[i];
        if (!same(o->rota.id, gone)) continue;
        if (into) o->rota.id = into;
        else drop(r->overrides, &r->n_overrides, i, sizeof r->overrides[0]);
    }
    drop(r->rotas, &r->n_rotas, (size_t)k, sizeof r->rotas[0]);
}

static void remove_rota(yl_ctx *c, const yt_node *id, void *arg) {
    (void)arg;
    if (nr_region_find_rota(c->ld->r, id->text) == NR_UNSET) {
        YL_ERR(c, id, "remove_rotas: unknown rota '%s'", id->text);
        return;
    }
    retire_rota(c, id->text, NULL);
}

void yl_whatif_remove_rotas(yl_ctx *c, const yt_node *list) {
    yl_each_id(c, list, "remove_rotas", remove_rota, NULL);
}

typedef struct merge_arg {
    const char *into; /* interned in the region */
} merge_arg;

static void merge_one(yl_ctx *c, const yt_node *id, void *arg) {
    merge_arg *m = arg;
    if (nr_region_find_rota(c->ld->r, id->text) == NR_UNSET) {
        YL_ERR(c, id, "merge_rotas.from: unknown rota '%s'", id->text);
        return;
    }
    if (strcmp(id->text, m->into) == 0) {
        YL_ERR(c, id, "merge_rotas.from: rota '%s' cannot be merged into itself", id->text);
        return;
    }
    retire_rota(c, id->text, m->into);
}

static const char *const merge_keys[] = {"into", "from", NULL};

void yl_whatif_merge_rotas(yl_ctx *c, const yt_node *list) {
    if (yt_is_null(list)) return;
    if (list->type != YT_SEQ) {
        YL_ERR(c, list, "merge_rotas: expected a list of { into: ROTA, from: [ROTA, ...] }, got %s",
               yt_kind(list));
        return;
    }
    nr_region *r = c->ld->r;
    for (size_t i = 0; i < list->n; i++) {
        const yt_node *m = list->kids[i];
        if (m->type != YT_MAP) {
            YL_ERR(c, m, "merge_rotas: expected { into: ROTA, from: [ROTA, ...] }, got %s",
                   yt_kind(m));
            continue;
        }
        for (size_t k = 0; k < m->n; k++) {
            const yt_node *key = yt_key(m, k);
            bool known = false;
            for (const char *const *a = merge_keys; *a; a++)
                if (strcmp(*a, key->text) == 0) known = true;
            if (!known) YL_WARN(c, key, "unknown key '%s' (ignored)", key->text);
        }
        const yt_node *into = yt_get(m, "into"), *from = yt_get(m, "from");
        if (yt_is_null(into) || into->type != YT_SCALAR) {
            YL_ERR(c, into ? into : m, "merge_rotas.into: expected a rota id");
            continue;
        }
        if (yt_is_null(from)) {
            YL_ERR(c, m, "merge_rotas.from: missing (required)");
            continue;
        }
        int k = nr_region_find_rota(r, into->text);
        if (k == NR_UNSET) {
            YL_ERR(c, into, "merge_rotas.into: unknown rota '%s'", into->text);
            continue;
        }
        merge_arg arg = {nr_region_strdup(r, into->text)};
        if (!arg.into) {
            yl_nomem(c);
            return;
        }
        yl_each_id(c, from, "merge_rotas.from", merge_one, &arg);
    }
}
