#include "import/csvread.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/readfile.h"

enum {
    MAP_UNNAMED = -2, /* the header cell is empty */
    MAP_UNKNOWN = -1  /* a name we do not know: warned about, ignored */
};

/* Far beyond any scenario file (a region has thousands of people and a
 * two-year rota.csv about a hundred thousand rows), but small enough that a
 * hostile file cannot make the model take gigabytes. */
enum { MAX_FIELDS = 1000, MAX_ROWS = 500000 };

static const unsigned char CSV_OPTIONS = CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL;

/* libcsv grows its field buffer by a fixed step (128 bytes by default), which
 * turns a long field into quadratic copying; a large step keeps it linear
 * enough for fields up to the line limit. */
enum { FIELD_BUFFER_STEP = 64 * 1024 };

static int start_parser(struct csv_parser *p) {
    if (csv_init(p, CSV_OPTIONS) != 0) return NR_ENOMEM;
    csv_set_blk_size(p, FIELD_BUFFER_STEP);
    return 0;
}

struct reader {
    const char *name;
    const nr_csv_column *columns;
    size_t n_columns;
    nr_csv_row_fn fn;
    void *ctx;
    nr_diags *d;

    /* The record being assembled: fields stored one after another, each
     * NUL-terminated, at off[i] with raw length len[i]. */
    char *text;
    size_t text_len, text_cap;
    size_t *off, *len;
    size_t n_fields, fields_cap;

    bool in_record;
    int rec_line;
    size_t rec_bytes;
    bool discard; /* drop what libcsv submits while we reset it */

    bool have_header;
    bool header_bad;
    size_t n_header;
    int *map;            /* header field -> index in columns, or MAP_* */
    char **header_names; /* as written, trimmed */
    const char **values; /* n_columns, for the callback */

    size_t n_rows; /* records handed to the callback */
    bool errors;
    int fatal; /* first negative code that stops the reading */
};

static void set_fatal(struct reader *r, int code) {
    if (r->fatal == 0) r->fatal = code;
}

static int report(struct reader *r, int line, const char *fmt, ...) NR_PRINTF(3, 4);
static int report(struct reader *r, int line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    nr_diag_addv(r->d, NR_SEV_ERROR, nr_loc_at(r->name, line), fmt, ap);
    va_end(ap);
    r->errors = true;
    return NR_EINPUT;
}

static bool is_blank(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static bool valid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 2, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            need = 3, cp = c & 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 4, cp = c & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if (n - i < need) return false;
        for (size_t k = 1; k < need; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += need;
    }
    return true;
}

static bool same_name(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
        char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b - 'A' + 'a') : *b;
        if (x != y) return false;
    }
    return *a == *b;
}

static char *field(struct reader *r, size_t i) { return r->text + r->off[i]; }

/* Trim a stored field in place; returns its new start. */
static char *trim_field(struct reader *r, size_t i) {
    char *s = field(r, i);
    size_t n = strlen(s);
    while (n && is_blank((unsigned char)s[n - 1])) s[--n] = '\0';
    while (*s && is_blank((unsigned char)*s)) s++;
    return s;
}

/* The name to put before ':' in a message about field i of a data row. */
static const char *field_label(struct reader *r, size_t i, char *buf, size_t size) {
    if (!r->have_header) return "header";
    if (i < r->n_header) {
        if (r->map[i] >= 0) return r->columns[r->map[i]].name;
        if (r->map[i] == MAP_UNKNOWN) return r->header_names[i];
    }
    snprintf(buf, size, "field %zu", i + 1);
    return buf;
}

static void reset_record(struct reader *r) {
    r->n_fields = 0;
    r->text_len = 0;
    r->in_record = false;
    r->rec_bytes = 0;
}

static void on_field(void *data, size_t n, void *rp) {
    struct reader *r = rp;
    if (r->discard || r->fatal) return;
    if (r->n_fields == MAX_FIELDS) {
        report(r, r->rec_line, "record has more than %d fields", MAX_FIELDS);
        set_fatal(r, NR_ELIMIT);
        return;
    }
    if (r->n_fields == r->fields_cap) {
        size_t cap = r->fields_cap ? r->fields_cap * 2 : 16;
        size_t *off = realloc(r->off, cap * sizeof *off);
        if (!off) goto nomem;
        r->off = off;
        size_t *len = realloc(r->len, cap * sizeof *len);
        if (!len) goto nomem;
        r->len = len;
        r->fields_cap = cap;
    }
    if (r->text_cap - r->text_len < n + 1) {
        size_t cap = r->text_cap ? r->text_cap : 256;
        while (cap - r->text_len < n + 1) cap *= 2;
        char *text = realloc(r->text, cap);
        if (!text) goto nomem;
        r->text = text;
        r->text_cap = cap;
    }
    if (n) memcpy(r->text + r->text_len, data, n);
    r->text[r->text_len + n] = '\0';
    r->off[r->n_fields] = r->text_len;
    r->len[r->n_fields] = n;
    r->n_fields++;
    r->text_len += n + 1;
    return;
nomem:
    set_fatal(r, NR_ENOMEM);
}

/* NUL bytes and bad UTF-8 would reach the model as truncated or garbled
 * strings, so the reader refuses them before anyone sees the record. */
static bool fields_clean(struct reader *r) {
    bool ok = true;
    char buf[32];
    for (size_t i = 0; i < r->n_fields; i++) {
        const char *s = field(r, i);
        if (memchr(s, '\0', r->len[i])) {
            report(r, r->rec_line, "%s: contains a NUL byte", field_label(r, i, buf, sizeof buf));
            ok = false;
        } else if (!valid_utf8((const unsigned char *)s, r->len[i])) {
            report(r, r->rec_line, "%s: not valid UTF-8 (save the file as CSV UTF-8)",
                   field_label(r, i, buf, sizeof buf));
            ok = false;
        } else if (strstr(s, "\xEF\xBB\xBF")) {
            /* valid UTF-8, but only the first bytes of a file may be a BOM;
             * elsewhere it hides inside an id and breaks every match */
            report(r, r->rec_line, "%s: a byte order mark (U+FEFF) inside the file (were two "
                   "files joined?)", field_label(r, i, buf, sizeof buf));
            ok = false;
        }
    }
    return ok;
}

static void take_header(struct reader *r, char **trimmed) {
    size_t n = r->n_fields;
    int line = r->rec_line;
    r->map = malloc(n * sizeof *r->map);
    r->header_names = calloc(n, sizeof *r->header_names);
    if (!r->map || !r->header_names) goto nomem;
    r->n_header = n;
    r->have_header = true;
    for (size_t j = 0; j < n; j++) {
        size_t sz = strlen(trimmed[j]) + 1;
        r->header_names[j] = malloc(sz);
        if (!r->header_names[j]) goto nomem;
        memcpy(r->header_names[j], trimmed[j], sz);
        r->map[j] = trimmed[j][0] ? MAP_UNKNOWN : MAP_UNNAMED;
        for (size_t c = 0; c < r->n_columns && trimmed[j][0]; c++)
            if (same_name(trimmed[j], r->columns[c].name)) r->map[j] = (int)c;
        if (r->map[j] == MAP_UNKNOWN)
            nr_diag_warning(r->d, nr_loc_at(r->name, line), "unknown column '%s' (ignored)",
                            trimmed[j]);
        for (size_t k = 0; k < j && r->map[j] >= 0; k++)
            if (r->map[k] == r->map[j]) {
                report(r, line, "duplicate column '%s'", r->columns[r->map[j]].name);
                r->header_bad = true;
            }
    }
    for (size_t c = 0; c < r->n_columns; c++) {
        if (!r->columns[c].required) continue;
        bool found = false;
        for (size_t j = 0; j < n; j++) found = found || r->map[j] == (int)c;
        if (!found) {
            report(r, line, "missing required column '%s'", r->columns[c].name);
            r->header_bad = true;
        }
    }
    return;
nomem:
    set_fatal(r, NR_ENOMEM);
}

static void take_row(struct reader *r, char **trimmed) {
    size_t extra = 0;
    bool ok = true;
    char buf[32];
    for (size_t j = 0; j < r->n_fields; j++) {
        if (!trimmed[j][0]) continue;
        if (j >= r->n_header) {
            extra++;
        } else if (r->map[j] == MAP_UNNAMED) {
            report(r, r->rec_line, "%s: has a value but its column has no name in the header",
                   field_label(r, j, buf, sizeof buf));
            ok = false;
        }
    }
    /* Trailing empty fields are what spreadsheets write for blank cells;
     * only text beyond the header is an error. */
    if (extra) {
        report(r, r->rec_line, "row has %zu fields, more than the %zu of the header",
               r->n_fields, r->n_header);
        ok = false;
    }
    if (!ok) return;
    if (++r->n_rows > MAX_ROWS) {
        report(r, r->rec_line, "more than %d rows in one file", MAX_ROWS);
        set_fatal(r, NR_ELIMIT);
        return;
    }
    for (size_t c = 0; c < r->n_columns; c++) r->values[c] = "";
    for (size_t j = 0; j < r->n_fields && j < r->n_header; j++)
        if (r->map[j] >= 0) r->values[r->map[j]] = trimmed[j];
    nr_csv_row row = {r->name, r->rec_line, r->values, r->columns, r->n_columns};
    int rc = r->fn(&row, r->ctx, r->d);
    if (rc == NR_EINPUT) r->errors = true;
    else if (rc < 0) set_fatal(r, rc);
}

static void on_record(int c, void *rp) {
    struct reader *r = rp;
    (void)c;
    char **trimmed = NULL;
    if (r->discard || r->fatal || r->header_bad) goto cleanup;
    if (!fields_clean(r)) {
        /* Without a trustworthy header no row can be read. */
        if (!r->have_header) r->header_bad = true;
        goto cleanup;
    }
    trimmed = malloc((r->n_fields ? r->n_fields : 1) * sizeof *trimmed);
    if (!trimmed) {
        set_fatal(r, NR_ENOMEM);
        goto cleanup;
    }
    bool empty = true;
    for (size_t i = 0; i < r->n_fields; i++) {
        trimmed[i] = trim_field(r, i);
        empty = empty && !trimmed[i][0];
    }
    if (empty) goto cleanup;
    if (!r->have_header) take_header(r, trimmed);
    else take_row(r, trimmed);
cleanup:
    free(trimmed);
    reset_record(r);
}

/* Read the whole file into *out (NUL-terminated, for convenience). */
static int slurp(struct reader *r, const char *path, char **out, size_t *out_len) {
    char why[128];
    int err = nr_read_file(path, NR_CSV_MAX_FILE, out, out_len);
    switch (err) {
    case 0: return 0;
    case ENOMEM: return NR_ENOMEM;
    case EFBIG:
        nr_diag_error(r->d, nr_loc_at(r->name, 0), "file is larger than the limit of %zu MiB",
                      NR_CSV_MAX_FILE >> 20);
        return NR_ELIMIT;
    default:
        nr_diag_error(r->d, nr_loc_at(r->name, 0), "cannot %s: %s", nr_read_file_verb(err),
                      nr_read_file_reason(err, why, sizeof why));
        return NR_EIO;
    }
}

/* End of the physical line starting at s[pos]: just past its LF, CRLF or CR.
 * *content is set to the length without the terminator. */
static size_t line_end(const char *s, size_t n, size_t pos, size_t *content) {
    size_t i = pos;
    while (i < n && s[i] != '\n' && s[i] != '\r') i++;
    *content = i - pos;
    if (i == n) return n;
    if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') return i + 2;
    return i + 1;
}

/* Does libcsv see the start of a record here? It skips spaces, tabs and
 * line ends while no row has begun; anything else begins one. */
static bool starts_record(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return true;
    return false;
}

int nr_csv_read(const char *path, const char *name, const nr_csv_column *columns,
                size_t n_columns, nr_csv_row_fn fn, void *ctx, nr_diags *d) {
    struct reader r = {0};
    struct csv_parser p;
    bool parser_ready = false;
    char *buf = NULL;
    size_t n = 0;
    char label[32];
    r.name = name;
    r.columns = columns;
    r.n_columns = n_columns;
    r.fn = fn;
    r.ctx = ctx;
    r.d = d;

    int rc = slurp(&r, path, &buf, &n);
    if (rc < 0) goto cleanup;
    r.values = malloc((n_columns ? n_columns : 1) * sizeof *r.values);
    if (!r.values || start_parser(&p) != 0) {
        rc = NR_ENOMEM;
        goto cleanup;
    }
    parser_ready = true;

    size_t pos = 0;
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    /* Excel's "Unicode text": say so rather than report NUL bytes */
    if (n >= 2 && (memcmp(buf, "\xFF\xFE", 2) == 0 || memcmp(buf, "\xFE\xFF", 2) == 0)) {
        report(&r, 1, "the file is UTF-16: save it as CSV UTF-8");
        rc = NR_EINPUT;
        goto cleanup;
    }
    int line = 0;
    while (pos < n && !r.fatal && !r.header_bad) {
        size_t content;
        size_t end = line_end(buf, n, pos, &content);
        line++;
        if (content > NR_CSV_MAX_LINE) {
            report(&r, line, "line is longer than the limit of %zu MiB", NR_CSV_MAX_LINE >> 20);
            set_fatal(&r, NR_ELIMIT);
            break;
        }
        if (!r.in_record && starts_record(buf + pos, end - pos)) {
            r.in_record = true;
            r.rec_line = line;
            r.rec_bytes = 0;
        }
        if (r.in_record) {
            /* Measured like a line: up to, not including, its last line end. */
            if (r.rec_bytes + content > NR_CSV_MAX_LINE) {
                report(&r, r.rec_line, "record is longer than the limit of %zu MiB",
                       NR_CSV_MAX_LINE >> 20);
                set_fatal(&r, NR_ELIMIT);
                break;
            }
            r.rec_bytes += end - pos;
        }
        size_t used = csv_parse(&p, buf + pos, end - pos, on_field, on_record, &r);
        if (used < end - pos && !r.fatal) {
            if (csv_error(&p) != CSV_EPARSE) {
                set_fatal(&r, NR_ENOMEM);
                break;
            }
            report(&r, line, "%s: bad quoting (quote the whole field and write a '\"' inside it as '\"\"')",
                   field_label(&r, r.n_fields, label, sizeof label));
            /* Drop the broken record and go on with the next line; a broken
             * header leaves nothing to read the rows by. */
            if (!r.have_header) r.header_bad = true;
            csv_free(&p);
            start_parser(&p);
            reset_record(&r);
        }
        pos = end;
    }
    if (!r.fatal && !r.header_bad && csv_fini(&p, on_field, on_record, &r) != 0) {
        report(&r, r.rec_line, "%s: quoted field is not closed (a '\"' is missing)",
               field_label(&r, r.n_fields, label, sizeof label));
    }
    if (!r.fatal && !r.have_header && !r.errors)
        report(&r, 0, "empty file: expected a header row");
    rc = r.fatal ? r.fatal : r.errors ? NR_EINPUT : 0;
cleanup:
    if (parser_ready) csv_free(&p);
    for (size_t j = 0; r.header_names && j < r.n_header; j++) free(r.header_names[j]);
    free(r.header_names);
    free(r.map);
    free(r.values);
    free(r.text);
    free(r.off);
    free(r.len);
    free(buf);
    return rc;
}
