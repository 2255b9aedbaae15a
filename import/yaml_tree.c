#include "import/yaml_tree.h"

#include <libfyaml.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Nesting deeper than this is no scenario; it also bounds yt_free's recursion. */
enum { MAX_DEPTH = 64 };
/* A scenario has hundreds of values; a file of millions (`[a,a,a,...]`
 * fills 8 MiB with four million) would take gigabytes as a tree. */
enum { MAX_NODES = 100000 };

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
    size_t nodes;
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
    if ((e->type == FYET_SCALAR || e->type == FYET_ALIAS || e->type == FYET_SEQUENCE_START ||
         e->type == FYET_MAPPING_START) &&
        ++b->nodes > MAX_NODES) {
        nr_loc l = {b->file, m ? m->line + 1 : 0, m ? m->column + 1 : 0};
        nr_diag_error(b->d, l, "more than %d values in one file: this is no scenario",
                      MAX_NODES);
        return NR_ELIMIT;
    }
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

/* Length of the UTF-8 sequence at s[0..n), or 0 when it is not strict
 * UTF-8 (overlong forms, surrogates and code points past U+10FFFF too). */
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned c = s[0];
    size_t need;
    unsigned cp, min;
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

/* libfyaml 0.7 loops for ever on some malformed UTF-8 (after a '%'), and
 * would pass a NUL or a stray byte order mark on as text; so the bytes are
 * checked first, each problem reported at its line and column. */
static int check_text(const char *text, size_t len, const char *file, nr_diags *d) {
    const unsigned char *s = (const unsigned char *)text;
    int line = 1, col = 1, bad = 0;
    size_t i = 0;
    while (i < len) {
        nr_loc at = {file, line, col};
        size_t n = utf8_len(s + i, len - i);
        if (n == 0) {
            if (bad++ < 10)
                nr_diag_error(d, at, "not valid UTF-8 (byte 0x%02X): save the file as UTF-8",
                              s[i]);
            n = 1;
        } else if (s[i] == 0) {
            if (bad++ < 10) nr_diag_error(d, at, "a NUL byte is not allowed in a YAML file");
        } else if (n == 3 && i > 0 && memcmp(s + i, "\xEF\xBB\xBF", 3) == 0) {
            if (bad++ < 10)
                nr_diag_error(d, at, "a byte order mark (U+FEFF) in the middle of the file "
                                     "(were two files joined?)");
        }
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))) {
            line++;
            col = 1;
        } else if (s[i] != '\r') {
            col++;
        }
        i += n;
    }
    if (bad > 10)
        nr_diag_error(d, nr_loc_at(file, 0), "%d more bad bytes not shown", bad - 10);
    return bad ? NR_EINPUT : 0;
}

int yt_parse(const char *text, size_t len, const char *file, yt_node **out, nr_diags *d) {
    *out = NULL;
    builder b = {.file = file, .d = d};
    int rc = check_text(text, len, file, d);
    if (rc) return rc;
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
    /* A mapping cut short after a key holds that key beyond its n pairs,
     * where yt_free does not look. Innermost first: an outer pending key
     * may be the inner mapping itself. */
    for (int i = b.depth - 1; i >= 0; i--) {
        frame *f = &b.stack[i];
        if (f->node->type == YT_MAP && f->have_key) {
            yt_free(f->node->kids[2 * f->node->n]);
            f->have_key = false;
        }
    }
    if (rc) {
        yt_free(b.root);
        return rc;
    }
    *out = b.root;
    return 0;
}
