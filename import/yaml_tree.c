#include "import/yaml_tree.h"

#include <libfyaml.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Nesting deeper than this is no scenario; it also bounds yt_free's recursion. */
enum { MAX_DEPTH = 64 };

void yt_free(yt_node *n) {
    if (!n) return;
    size_t kids = n->type == YT_MAP ? 2 * n->n : n->n;
    for (size_t i = 0; i < kids; i++) yt_free(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n);
}

const yt_node *yt_get(const yt_node *map, const char *key) {
    if (!map || map->type != YT_MAP) return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (yt_key(map, i)->type == YT_SCALAR && strcmp(yt_key(map, i)->text, key) == 0)
            return yt_value(map, i);
    return NULL;
}

bool yt_is_null(const yt_node *n) {
    if (!n) return true;
    if (n->type != YT_SCALAR || !n->plain) return false;
    return n->text[0] == '\0' || strcmp(n->text, "~") == 0 || strcasecmp(n->text, "null") == 0;
}

const char *yt_kind(const yt_node *n) {
    if (!n) return "nothing";
    switch (n->type) {
    case YT_SEQ: return "a list";
    case YT_MAP: return "a mapping";
    default: return "a string";
    }
}

/* libfyaml writes its messages through this; they are collected instead. */
static void quiet_output(struct fy_diag *diag, void *user, const char *buf, size_t len) {
    (void)diag, (void)user, (void)buf, (void)len;
}

typedef struct frame {
    yt_node *node;
    size_t cap;
    bool have_key; /* mappings: a key waits for its value */
} frame;

typedef struct builder {
    const char *file;
    nr_diags *d;
    frame stack[MAX_DEPTH];
    int depth;
    yt_node *root;
    int documents;
    int rc;
    bool stop;
} builder;

static yt_node *new_node(yt_type type, const struct fy_mark *m) {
    yt_node *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->type = type;
    n->line = m ? m->line + 1 : 0;
    n->col = m ? m->column + 1 : 0;
    return n;
}

static nr_loc node_loc(const builder *b, const yt_node *n) {
    nr_loc l = {b->file, n->line, n->col};
    return l;
}

/* Attach n to the open container (or make it the root). Takes ownership. */
static int attach(builder *b, yt_node *n) {
    if (b->depth == 0) {
        b->root = n; /* parsing stops at a second document, so there is one root */
        return 0;
    }
    frame *f = &b->stack[b->depth - 1];
    yt_node *p = f->node;
    if (p->type == YT_SEQ) {
        if (p->n == f->cap) {
            size_t ncap = f->cap ? f->cap * 2 : 8;
            yt_node **k = realloc(p->kids, ncap * sizeof *k);
            if (!k) {
                yt_free(n);
                return NR_ENOMEM;
            }
            p->kids = k;
            f->cap = ncap;
        }
        p->kids[p->n++] = n;
        return 0;
    }
    size_t used = 2 * p->n + (f->have_key ? 1 : 0);
    if (!f->have_key) {
        if (n->type != YT_SCALAR) {
            nr_diag_error(b->d, node_loc(b, n), "a mapping key must be a plain string, not %s",
                          yt_kind(n));
            b->rc = NR_EINPUT;
        } else {
            for (size_t i = 0; i < p->n; i++) {
                const yt_node *k = yt_key(p, i);
                if (k->type == YT_SCALAR && strcmp(k->text, n->text) == 0) {
                    nr_diag_error(b->d, node_loc(b, n), "duplicate key '%s' (first at line %d)",
                                  n->text, k->line);
                    b->rc = NR_EINPUT;
                    break;
                }
            }
        }
    }
    if (used == f->cap) {
        size_t ncap = f->cap ? f->cap * 2 : 8;
        yt_node **k = realloc(p->kids, ncap * sizeof *k);
        if (!k) {
            yt_free(n);
            return NR_ENOMEM;
        }
        p->kids = k;
        f->cap = ncap;
    }
    p->kids[used] = n;
    if (f->have_key) p->n++;
    f->have_key = !f->have_key;
    return 0;
}

static int open_container(builder *b, yt_node *n) {
    if (b->depth == MAX_DEPTH) {
        nr_diag_error(b->d, node_loc(b, n), "nesting deeper than %d levels", MAX_DEPTH);
        yt_free(n);
        return NR_ELIMIT;
    }
    int rc = attach(b, n);
    if (rc) return rc;
    frame *f = &b->stack[b->depth++];
    f->node = n;
    f->cap = 0;
    f->have_key = false;
    return 0;
}

static int scalar_node(builder *b, struct fy_event *e, yt_node **out) {
    *out = NULL;
    struct fy_token *tok = e->scalar.value;
    const struct fy_mark *m = fy_event_start_mark(e);
    yt_node *n = new_node(YT_SCALAR, m);
    if (!n) return NR_ENOMEM;
    size_t len = 0;
    const char *txt = tok ? fy_token_get_text(tok, &len) : "";
    if (!txt) txt = "", len = 0;
    n->text = malloc(len + 1);
    if (!n->text) {
        yt_free(n);
        return NR_ENOMEM;
    }
    if (len) memcpy(n->text, txt, len);
    n->text[len] = '\0';
    n->plain = !tok || fy_token_scalar_style(tok) == FYSS_PLAIN;
    if (memchr(txt, '\0', len)) {
        nr_diag_error(b->d, node_loc(b, n), "a NUL character is not allowed in a string");
        b->rc = NR_EINPUT;
    }
    *out = n;
    return 0;
}

static int handle_event(builder *b, struct fy_event *e) {
    const struct fy_mark *m = fy_event_start_mark(e);
    yt_node *n = NULL;
    int rc = 0;
    switch (e->type) {
    case FYET_DOCUMENT_START:
        if (++b->documents == 2) {
            nr_loc l = {b->file, m ? m->line + 1 : 0, m ? m->column + 1 : 0};
            nr_diag_error(b->d, l, "only one YAML document is allowed in a scenario file");
            b->rc = NR_EINPUT;
            b->stop = true;
        }
        return 0;
    case FYET_SCALAR:
        rc = scalar_node(b, e, &n);
        return rc ? rc : attach(b, n);
    case FYET_ALIAS:
        n = new_node(YT_SCALAR, m);
        if (!n || !(n->text = calloc(1, 1))) {
            yt_free(n);
            return NR_ENOMEM;
        }
        n->plain = true; /* stands in as a null so that parsing can go on */
        nr_diag_error(b->d, node_loc(b, n), "aliases (*name) are not supported");
        b->rc = NR_EINPUT;
        return attach(b, n);
    case FYET_SEQUENCE_START:
    case FYET_MAPPING_START:
        n = new_node(e->type == FYET_SEQUENCE_START ? YT_SEQ : YT_MAP, m);
        if (!n) return NR_ENOMEM;
        return open_container(b, n);
    case FYET_SEQUENCE_END:
    case FYET_MAPPING_END:
        if (b->depth > 0) b->depth--;
        return 0;
    default:
        return 0;
    }
}

int yt_parse(const char *text, size_t len, const char *file, yt_node **out, nr_diags *d) {
    *out = NULL;
    builder b = {.file = file, .d = d};
    int rc = 0;
    struct fy_diag *diag = NULL;
    struct fy_parser *p = NULL;

    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = quiet_output;
    dcfg.colorize = false;
    diag = fy_diag_create(&dcfg);
    if (!diag) {
        rc = NR_ENOMEM;
        goto cleanup;
    }
    fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg cfg = {0};
    cfg.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_AUTO | FYPCF_JSON_NONE;
    cfg.diag = diag;
    p = fy_parser_create(&cfg);
    if (!p || fy_parser_set_string(p, text, len) != 0) {
        rc = NR_ENOMEM;
        goto cleanup;
    }
    struct fy_event *e;
    while ((e = fy_parser_parse(p)) != NULL) {
        int erc = handle_event(&b, e);
        fy_parser_event_free(p, e);
        if (erc) {
            rc = erc;
            goto cleanup;
        }
        if (b.stop) break;
    }
    bool syntax = fy_parser_get_stream_error(p);
    void *it = NULL;
    struct fy_diag_error *de;
    size_t reported = 0;
    while ((de = fy_diag_errors_iterate(diag, &it)) != NULL) {
        if (de->type < FYET_ERROR) continue;
        nr_loc l = {file, de->line, de->column};
        nr_diag_error(d, l, "YAML syntax: %s", de->msg ? de->msg : "invalid YAML");
        reported++;
    }
    if (reported) syntax = true;
    if (syntax && !reported) nr_diag_error(d, nr_loc_at(file, 0), "YAML syntax error");
    if (syntax) rc = NR_EINPUT;
    if (!rc) rc = b.rc;

cleanup:
    if (p) fy_parser_destroy(p);
    if (diag) fy_diag_destroy(diag);
    if (rc) {
        yt_free(b.root);
        return rc;
    }
    *out = b.root;
    return 0;
}
