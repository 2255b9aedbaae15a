#include "import/yaml_tree.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

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

/* libyaml's marks count from 0, diagnostics from 1. */
static nr_loc mark_loc(const char *file, yaml_mark_t m) {
    nr_loc l = {file, (int)m.line + 1, (int)m.column + 1};
    return l;
}

static yt_node *new_node(yt_type type, yaml_mark_t m) {
    yt_node *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->type = type;
    nr_loc at = mark_loc(NULL, m);
    n->line = at.line;
    n->col = at.col;
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

static int scalar_node(builder *b, const yaml_event_t *e, yt_node **out) {
    *out = NULL;
    yt_node *n = new_node(YT_SCALAR, e->start_mark);
    if (!n) return NR_ENOMEM;
    size_t len = e->data.scalar.length;
    n->text = malloc(len + 1);
    if (!n->text) {
        yt_free(n);
        return NR_ENOMEM;
    }
    if (len) memcpy(n->text, e->data.scalar.value, len);
    n->text[len] = '\0';
    n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    /* a quoted string's column is its first character, not the quote */
    if (e->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
        e->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
        n->col++;
    /* an escape ("\0") can write one even though the file has none */
    if (memchr(n->text, '\0', len)) {
        nr_diag_error(b->d, node_loc(b, n), "a NUL character is not allowed in a string");
        b->rc = NR_EINPUT;
    }
    *out = n;
    return 0;
}

static int handle_event(builder *b, const yaml_event_t *e) {
    yt_node *n = NULL;
    int rc = 0;
    if ((e->type == YAML_SCALAR_EVENT || e->type == YAML_ALIAS_EVENT ||
         e->type == YAML_SEQUENCE_START_EVENT || e->type == YAML_MAPPING_START_EVENT) &&
        ++b->nodes > MAX_NODES) {
        nr_diag_error(b->d, mark_loc(b->file, e->start_mark),
                      "more than %d values in one file: this is no scenario", MAX_NODES);
        return NR_ELIMIT;
    }
    switch (e->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++b->documents == 2) {
            nr_diag_error(b->d, mark_loc(b->file, e->start_mark),
                          "only one YAML document is allowed in a scenario file");
            b->rc = NR_EINPUT;
            b->stop = true;
        }
        return 0;
    case YAML_SCALAR_EVENT:
        rc = scalar_node(b, e, &n);
        return rc ? rc : attach(b, n);
    case YAML_ALIAS_EVENT:
        n = new_node(YT_SCALAR, e->start_mark);
        if (!n || !(n->text = calloc(1, 1))) {
            yt_free(n);
            return NR_ENOMEM;
        }
        n->col++; /* the name, not the '*' */
        n->plain = true; /* stands in as a null so that parsing can go on */
        nr_diag_error(b->d, node_loc(b, n), "aliases (*name) are not supported");
        b->rc = NR_EINPUT;
        return attach(b, n);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        n = new_node(e->type == YAML_SEQUENCE_START_EVENT ? YT_SEQ : YT_MAP, e->start_mark);
        if (!n) return NR_ENOMEM;
        return open_container(b, n);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (b->depth > 0) b->depth--;
        return 0;
    case YAML_STREAM_END_EVENT:
        b->stop = true;
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

/* Does a line end at text[i]? LF, CR LF (at its LF) and a lone CR do, as
 * check_text has always counted them. */
static bool is_line_end(const char *text, size_t len, size_t i) {
    return text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'));
}

/* The bytes are checked before the parser sees them, so that each bad one
 * is reported at its line and column in words a coordinator can act on
 * (libyaml stops at the first with a byte offset), and a stray byte order
 * mark, which libyaml skips at a line's start and keeps as text elsewhere,
 * is caught. libfyaml 0.7, the
 * parser before, looped for ever on some malformed UTF-8. */
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
        if (is_line_end(text, len, i)) {
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

/* Where byte `offset` of the text is, counting lines as check_text does. */
static nr_loc offset_loc(const char *text, size_t len, size_t offset, const char *file) {
    nr_loc l = {file, 1, 1};
    for (size_t i = 0; i < offset && i < len; i++) {
        if (is_line_end(text, len, i)) {
            l.line++;
            l.col = 1;
        } else if (text[i] != '\r' && ((unsigned char)text[i] & 0xC0) != 0x80) {
            l.col++;
        }
    }
    return l;
}

/* The byte at 0-based line and column (in characters, lines counted as
 * check_text does), or -1 past the end. */
static int byte_at(const char *text, size_t len, size_t line, size_t col) {
    size_t i = 0;
    for (size_t l = 0; l < line && i < len; i++)
        if (is_line_end(text, len, i)) l++;
    for (size_t c = 0; i < len; i++) {
        if (((unsigned char)text[i] & 0xC0) == 0x80) continue;
        if (c++ == col) return (unsigned char)text[i];
    }
    return -1;
}

/* What a coordinator can do about libyaml's two commonest complaints. */
static const char *syntax_hint(const yaml_parser_t *p, const char *text, size_t len) {
    if (strcmp(p->problem, "found character that cannot start any token") == 0 &&
        byte_at(text, len, p->problem_mark.line, p->problem_mark.column) == '\t')
        return ": a tab, and YAML is indented with spaces only";
    if (strcmp(p->problem, "mapping values are not allowed in this context") == 0)
        return ": put quotes round a value that holds ': ', or line the key up with the keys "
               "beside it";
    return "";
}

/* libyaml's own message, at the place it names: a reader error (bad
 * characters) gives a byte offset, the others a mark. */
static void report_syntax(const yaml_parser_t *p, const char *text, size_t len,
                          const char *file, nr_diags *d) {
    if (!p->problem) {
        nr_diag_error(d, nr_loc_at(file, 0), "YAML syntax error");
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        nr_diag_error(d, offset_loc(text, len, p->problem_offset, file), "YAML syntax: %s",
                      p->problem);
        return;
    }
    nr_loc at = mark_loc(file, p->problem_mark);
    const char *hint = syntax_hint(p, text, len);
    if (p->context)
        nr_diag_error(d, at, "YAML syntax: %s (%s at line %d)%s", p->problem, p->context,
                      (int)p->context_mark.line + 1, hint);
    else
        nr_diag_error(d, at, "YAML syntax: %s%s", p->problem, hint);
}

int yt_parse(const char *text, size_t len, const char *file, yt_node **out, nr_diags *d) {
    *out = NULL;
    builder b = {.file = file, .d = d};
    int rc = check_text(text, len, file, d);
    if (rc) return rc;
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) return NR_ENOMEM;
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    while (!b.stop) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            if (p.error == YAML_MEMORY_ERROR) {
                rc = NR_ENOMEM;
            } else {
                report_syntax(&p, text, len, file, d);
                rc = NR_EINPUT;
            }
            break;
        }
        int erc = handle_event(&b, &e);
        yaml_event_delete(&e);
        if (erc) {
            rc = erc;
            break;
        }
    }
    yaml_parser_delete(&p);
    if (!rc) rc = b.rc;

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
