/*
 * yaml_scenario.h - private to import/: the state of one nr_scenario_load()
 * and the helpers that scenario.c (the scenario sections) and whatif.c (the
 * what-if operations) share.
 *
 * A load reads the chain of YAML files first (the file asked for, then its
 * `extends:` base, and so on), settles the top-level scalars (the last file
 * to state one wins, so the period is known before any .ics is expanded),
 * then applies the files from the base outwards into one region.
 */
#ifndef NETROTA_IMPORT_YAML_SCENARIO_H
#define NETROTA_IMPORT_YAML_SCENARIO_H

#include <stdbool.h>

#include "import/yaml_tree.h"
#include "model/diag.h"
#include "model/region.h"

enum { YL_MAX_CHAIN = 16 };

typedef struct yl_layer {
    char *path;       /* as opened */
    const char *file; /* as shown in diagnostics; interned in the region */
    char *dir;        /* folder of `file` ("" for the current folder) */
    char *real;       /* realpath, to find cycles */
    char *text;       /* the YAML text */
    yt_node *root;
} yl_layer;

/* What a shift states, kept apart from nr_shift so that a what-if can patch
 * `to` alone and the end is still worked out against the right `from`. */
typedef struct yl_shift_spec {
    int from_min, to_min; /* NR_UNSET when not stated */
    int from_dow, to_dow; /* -1: the time names no day */
    unsigned days;        /* 0: not stated */
    nr_loc loc, from_loc, to_loc, days_loc;
} yl_shift_spec;

typedef struct yl_loader {
    nr_region *r;
    nr_diags *d;
    int fail; /* NR_ENOMEM or NR_EIO once such a failure happened, else 0 */
    yl_layer layers[YL_MAX_CHAIN]; /* [0] the file asked for, [n-1] the first base */
    int n_layers;
    yl_shift_spec *specs; /* parallel to r->shifts (shifts are never removed) */
    size_t cap_specs;
    nr_date ics_from, ics_to; /* window for expanding recurring leave */
} yl_loader;

/* Applying one file of the chain. */
typedef struct yl_ctx {
    yl_loader *ld;
    const yl_layer *layer;
    bool whatif;
} yl_ctx;

static inline nr_loc yl_at(const yl_ctx *c, const yt_node *n) {
    nr_loc l = {c->layer->file, n ? n->line : 0, n ? n->col : 0};
    return l;
}

#define YL_ERR(c, n, ...) nr_diag_error((c)->ld->d, yl_at((c), (n)), __VA_ARGS__)
#define YL_WARN(c, n, ...) nr_diag_warning((c)->ld->d, yl_at((c), (n)), __VA_ARGS__)

/* Note an allocation failure (the load ends with NR_ENOMEM). */
void yl_nomem(yl_ctx *c);

/* A list of ids: a sequence of strings, or one string. Calls fn for each
 * scalar; reports anything else under `field`. */
void yl_each_id(yl_ctx *c, const yt_node *n, const char *field,
                void (*fn)(yl_ctx *c, const yt_node *id, void *arg), void *arg);

/* Remove the people, or the rotas, named under these keys (whatif.c). */
void yl_whatif_remove_people(yl_ctx *c, const yt_node *list);
void yl_whatif_merge_rotas(yl_ctx *c, const yt_node *list);
void yl_whatif_remove_rotas(yl_ctx *c, const yt_node *list);

#endif
