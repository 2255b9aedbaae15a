/* whatif.c - the operations only a what-if scenario has: removing people,
 * merging and removing rotas. They run on the region before resolve, so
 * they work on IDs; every reference is still unresolved. */
#include <stdlib.h>
#include <string.h>

#include "import/yaml_scenario.h"

static void remove_person(yl_ctx *c, const yt_node *id, void *arg) {
    (void)arg;
    /* what belonged to them goes with them */
    if (nr_region_remove_person(c->ld->r, id->text) != 0)
        YL_ERR(c, id, "remove_people: unknown person '%s'", id->text);
}

void yl_whatif_remove_people(yl_ctx *c, const yt_node *list) {
    yl_each_id(c, list, "remove_people", remove_person, NULL);
}

static void remove_rota(yl_ctx *c, const yt_node *id, void *arg) {
    (void)arg;
    if (nr_region_retire_rota(c->ld->r, id->text, NULL) != 0)
        YL_ERR(c, id, "remove_rotas: unknown rota '%s'", id->text);
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
    nr_region_retire_rota(c->ld->r, id->text, m->into);
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
