/*
 * yaml_tree.h - private to import/: a YAML file as a small tree of scalars,
 * sequences and mappings, each node keeping the line and column where it
 * starts (1-based), built from libyaml's event stream (events carry their
 * marks; a document node does not). Aliases are refused (no expansion
 * blow-up, and a scenario has no use for them); duplicate keys, non-scalar
 * keys and more than one document are errors. libyaml prints nothing: its
 * message becomes a FILE:LINE:COL diagnostic.
 *
 * libyaml replaced libfyaml 0.7.12, which looped for ever on some bad
 * UTF-8, leaked on some errors and crashed freeing its parser after a tab
 * in a block (all found by fuzz_yaml; docs/reliability.md).
 *
 * Ownership: yt_parse() hands back a tree the caller frees with yt_free()
 * (NULL accepted). Scalar text is owned by its node.
 */
#ifndef NETROTA_IMPORT_YAML_TREE_H
#define NETROTA_IMPORT_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/diag.h"

typedef enum { YT_SCALAR, YT_SEQ, YT_MAP } yt_type;

typedef struct yt_node {
    yt_type type;
    int line, col;      /* 1-based */
    char *text;         /* scalars: NUL-terminated value */
    bool plain;         /* scalars: written without quotes or block style */
    size_t n;           /* sequences: items; mappings: pairs */
    struct yt_node **kids; /* sequences: n items; mappings: key, value, key, value... */
} yt_node;

/* Parse `len` bytes of YAML. `file` names the input in diagnostics. Returns
 * 0 (*out is the root, or NULL for an empty document), NR_EINPUT (errors in
 * d) or NR_ENOMEM. */
int yt_parse(const char *text, size_t len, const char *file, yt_node **out, nr_diags *d);
void yt_free(yt_node *n);

/* Value of `key` in a mapping, or NULL (also when n is not a mapping). */
const yt_node *yt_get(const yt_node *map, const char *key);
static inline const yt_node *yt_key(const yt_node *map, size_t i) { return map->kids[2 * i]; }
static inline const yt_node *yt_value(const yt_node *map, size_t i) { return map->kids[2 * i + 1]; }

/* Is n a YAML null: absent, or a plain "", "~" or "null"? */
bool yt_is_null(const yt_node *n);
/* "a string", "a list", "a mapping" (for messages). */
const char *yt_kind(const yt_node *n);

#endif
