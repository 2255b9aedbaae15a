/* curtois.c - nr_curtois_load(): a Curtois & Qu benchmark instance into a region. */
#include "import/curtois.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/readfile.h"
#include "model/validate.h"

enum sec { S_HORIZON, S_SHIFTS, S_STAFF, S_DAYS_OFF, S_ON, S_OFF, S_COVER, N_SECTIONS };

static const char *const sec_name[N_SECTIONS] = {
    "SECTION_HORIZON",           "SECTION_SHIFTS",             "SECTION_STAFF",
    "SECTION_DAYS_OFF",          "SECTION_SHIFT_ON_REQUESTS",  "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER"};
static const bool sec_required[N_SECTIONS] = {true, true, true, false, false, false, true};

/* Missing cover rows are listed one by one up to this many, then counted. */
enum { MAX_MISSING_LISTED = 10 };

typedef struct cq_line {
    int no;     /* 1-based line number */
    char *text; /* NUL-terminated, CR dropped, inside the file buffer */
} cq_line;

typedef struct cq_lines {
    cq_line *items;
    size_t n, cap;
} cq_lines;

typedef struct cq_field {
    char *s; /* trimmed, NUL-terminated */
    int col; /* 1-based column of its first character */
} cq_field;

/* String -> index, open addressing; keys are region strings. */
typedef struct cq_index {
    const char **keys;
    int *vals;
    size_t cap, n;
} cq_index;

typedef struct cq {
    nr_region *r;
    nr_diags *d;
    const char *file; /* the region's copy, for locations */
    int rc;           /* first fatal code (NR_ENOMEM, NR_ELIMIT), else 0 */
    size_t errors;    /* errors reported here */
    bool stop;        /* too many errors or a fatal code: read no more */

    int header_line[N_SECTIONS]; /* 0: section absent */
    cq_lines sec[N_SECTIONS];

    int days;                  /* H, 0 until read */
    cq_index shift_ix, staff_ix;
    int *shift_line;           /* per shift: its line */
    int *staff_line;           /* per person: its line */
    int *days_off_line;        /* per person: line of their days-off row, 0 */
    int *req_line[2];          /* per (person, day, shift): line of the off/on request, 0 */
    int *cover_line;           /* per (day, shift): line of its cover row, 0 */

    cq_field *fields;
    size_t fields_cap;
} cq;

/* ---- diagnostics ------------------------------------------------------ */

static void note_fatal(cq *c, int rc) {
    if (!c->rc) c->rc = rc;
    c->stop = true;
}

static void err(cq *c, int line, int col, const char *fmt, ...) NR_PRINTF(4, 5);
static void err(cq *c, int line, int col, const char *fmt, ...) {
    if (c->stop) return;
    nr_loc loc = {c->file, line, col};
    va_list ap;
    va_start(ap, fmt);
    nr_diag_addv(c->d, NR_SEV_ERROR, loc, fmt, ap);
    va_end(ap);
    if (++c->errors >= NR_CURTOIS_MAX_ERRORS) {
        nr_diag_error(c->d, loc, "too many errors (%d); stopped reading here",
                      NR_CURTOIS_MAX_ERRORS);
        c->stop = true;
    }
}

static void warn(cq *c, int line, int col, const char *fmt, ...) NR_PRINTF(4, 5);
static void warn(cq *c, int line, int col, const char *fmt, ...) {
    nr_loc loc = {c->file, line, col};
    va_list ap;
    va_start(ap, fmt);
    nr_diag_addv(c->d, NR_SEV_WARNING, loc, fmt, ap);
    va_end(ap);
}

static void limit(cq *c, int line, const char *fmt, ...) NR_PRINTF(3, 4);
static void limit(cq *c, int line, const char *fmt, ...) {
    if (c->stop) return;
    nr_loc loc = {c->file, line, 0};
    va_list ap;
    va_start(ap, fmt);
    nr_diag_addv(c->d, NR_SEV_ERROR, loc, fmt, ap);
    va_end(ap);
    note_fatal(c, NR_ELIMIT);
}

static void nomem(cq *c) { note_fatal(c, NR_ENOMEM); }

/* ---- the ID index ----------------------------------------------------- */

static size_t hash_str(const char *s) {
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

static int index_get(const cq_index *ix, const char *key) {
    if (!ix->cap) return NR_UNSET;
    for (size_t i = hash_str(key) & (ix->cap - 1);; i = (i + 1) & (ix->cap - 1)) {
        if (!ix->keys[i]) return NR_UNSET;
        if (strcmp(ix->keys[i], key) == 0) return ix->vals[i];
    }
}

/* Adds key (which must not be there yet); false on out of memory. */
static bool index_put(cq_index *ix, const char *key, int val) {
    if (2 * (ix->n + 1) > ix->cap) {
        size_t cap = ix->cap ? 2 * ix->cap : 64;
        const char **keys = calloc(cap, sizeof *keys);
        int *vals = calloc(cap, sizeof *vals);
        if (!keys || !vals) {
            free(keys);
            free(vals);
            return false;
        }
        for (size_t i = 0; i < ix->cap; i++) {
            if (!ix->keys[i]) continue;
            size_t j = hash_str(ix->keys[i]) & (cap - 1);
            while (keys[j]) j = (j + 1) & (cap - 1);
            keys[j] = ix->keys[i];
            vals[j] = ix->vals[i];
        }
        free(ix->keys);
        free(ix->vals);
        ix->keys = keys;
        ix->vals = vals;
        ix->cap = cap;
    }
    size_t i = hash_str(key) & (ix->cap - 1);
    while (ix->keys[i]) i = (i + 1) & (ix->cap - 1);
    ix->keys[i] = key;
    ix->vals[i] = val;
    ix->n++;
    return true;
}

static void index_free(cq_index *ix) {
    free(ix->keys);
    free(ix->vals);
}

/* ---- reading the file ------------------------------------------------- */

/* Whole file, at most NR_CURTOIS_MAX_FILE bytes; reported on failure. */
static int read_file(cq *c, const char *path, char **out, size_t *len) {
    char why[128];
    int err = nr_read_file(path, NR_CURTOIS_MAX_FILE, out, len);
    if (err == 0) return 0;
    if (err == ENOMEM) return NR_ENOMEM;
    if (err == EFBIG) {
        nr_diag_error(c->d, nr_loc_at(c->file, 0), "file is larger than %zu MiB",
                      NR_CURTOIS_MAX_FILE / (1024 * 1024));
        return NR_ELIMIT;
    }
    nr_diag_error(c->d, nr_loc_at(c->file, 0), "cannot read: %s%s",
                  nr_read_file_reason(err, why, sizeof why),
                  err == EISDIR ? ", not a benchmark file" : "");
    return NR_EIO;
}

static bool is_blank(char ch) { return ch == ' ' || ch == '\t'; }

static bool push_line(cq *c, cq_lines *l, int no, char *text) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        cq_line *items = realloc(l->items, cap * sizeof *items);
        if (!items) {
            nomem(c);
            return false;
        }
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = (cq_line){no, text};
    return true;
}

/* A data or header line holds printable ASCII only; the column of the first
 * other byte is reported. */
static bool check_bytes(cq *c, int no, const char *text, size_t len) {
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if ((ch < 0x20 && ch != '\t') || ch >= 0x7f) {
            err(c, no, (int)i + 1, "unexpected byte 0x%02X (the file must be plain ASCII text)", ch);
            return false;
        }
    }
    return true;
}

/* Split the buffer into lines and hand each data line to its section. */
static void split_sections(cq *c, char *buf, size_t len) {
    int no = 0;
    int cur = -1; /* section being read, -1 between sections */
    char *p = buf, *end = buf + len;
    while (p < end && !c->stop) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *stop = nl ? nl : end;
        if (++no > NR_CURTOIS_MAX_LINES) {
            limit(c, no, "more than %d lines", NR_CURTOIS_MAX_LINES);
            return;
        }
        size_t n = (size_t)(stop - p);
        if (n > 0 && p[n - 1] == '\r') n--;
        if (n > NR_CURTOIS_MAX_LINE) {
            limit(c, no, "line is longer than %zu bytes", NR_CURTOIS_MAX_LINE);
            return;
        }
        p[n] = '\0';
        char *text = p;
        p = nl ? nl + 1 : end;
        size_t lead = 0;
        while (lead < n && is_blank(text[lead])) lead++;
        if (text[lead] == '#' && lead < n) continue;
        if (lead == n) { /* blank: the end of a section */
            cur = -1;
            continue;
        }
        if (!check_bytes(c, no, text, n)) continue;
        if (strncmp(text + lead, "SECTION_", 8) == 0) {
            char *name = text + lead;
            size_t k = n - lead;
            while (k > 0 && is_blank(name[k - 1])) name[--k] = '\0';
            int s = -1;
            for (int i = 0; i < N_SECTIONS; i++)
                if (strcmp(name, sec_name[i]) == 0) s = i;
            if (s < 0) {
                err(c, no, (int)lead + 1, "unknown section '%s'", name);
                cur = -1;
            } else if (c->header_line[s]) {
                err(c, no, (int)lead + 1, "%s appears twice (first at line %d)", sec_name[s],
                    c->header_line[s]);
                cur = -1;
            } else {
                c->header_line[s] = no;
                cur = s;
            }
            continue;
        }
        if (cur < 0) {
            err(c, no, (int)lead + 1,
                "text outside a section (a blank line ends a section; a SECTION_ line starts one)");
            continue;
        }
        if (!push_line(c, &c->sec[cur], no, text)) return;
    }
}

/* Split text at sep into trimmed fields (into c->fields); base_col is the
 * column of text[0]. Returns the count, or 0 on out of memory. */
static size_t split(cq *c, char *text, char sep, int base_col) {
    size_t n = 1;
    for (const char *q = text; *q; q++) n += *q == sep;
    if (n > c->fields_cap) {
        size_t cap = n < 16 ? 16 : n;
        cq_field *f = realloc(c->fields, cap * sizeof *f);
        if (!f) {
            nomem(c);
            return 0;
        }
        c->fields = f;
        c->fields_cap = cap;
    }
    size_t k = 0;
    char *q = text;
    for (;;) {
        char *e = strchr(q, sep);
        if (e) *e = '\0';
        char *s = q;
        while (is_blank(*s)) s++;
        size_t l = strlen(s);
        while (l > 0 && is_blank(s[l - 1])) s[--l] = '\0';
        c->fields[k].s = s;
        c->fields[k].col = base_col + (int)(s - text);
        if (!*s) c->fields[k].col = base_col + (int)(q - text);
        k++;
        if (!e) break;
        q = e + 1;
    }
    return k;
}

/* Plain decimal digits in [min, max]. */
static bool parse_num(const char *s, long min, long max, long *out) {
    if (!*s) return false;
    long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return false;
        if (v <= max) v = v * 10 + (*s - '0'); /* stops growing once past max */
    }
    if (v < min || v > max) return false;
    *out = v;
    return true;
}

static bool num(cq *c, int line, const cq_field *f, const char *sec, const char *field, long min,
                long max, long *out) {
    if (parse_num(f->s, min, max, out)) return true;
    err(c, line, f->col, "%s: %s: expected a whole number from %ld to %ld, got '%s'", sec, field,
        min, max, f->s);
    return false;
}

static bool valid_id(const char *s) {
    if (!*s) return false;
    for (; *s; s++)
        if (*s == ' ' || *s == '\t' || *s == '|' || *s == '=' || *s == ';' || *s == '"') return false;
    return true;
}

static bool id(cq *c, int line, const cq_field *f, const char *sec, const char *field) {
    if (valid_id(f->s)) return true;
    err(c, line, f->col, "%s: %s: '%s' is not a valid id (empty, or holds a space, '|', '=', ';' or '\"')",
        sec, field, f->s);
    return false;
}

static bool count_ok(cq *c, const cq_line *l, size_t got, size_t want, const char *sec,
                     const char *fields) {
    if (got == want) return true;
    err(c, l->no, 1, "%s: expected %zu fields (%s), got %zu", sec, want, fields, got);
    return false;
}

/* A reference to a known shift or person; NR_UNSET (reported) otherwise. */
static int lookup(cq *c, const cq_index *ix, int line, const cq_field *f, const char *sec,
                  const char *field, const char *what) {
    int i = index_get(ix, f->s);
    if (i == NR_UNSET) err(c, line, f->col, "%s: %s: unknown %s '%s'", sec, field, what, f->s);
    return i;
}

static nr_loc at(const cq *c, int line, int col) {
    nr_loc l = {c->file, line, col};
    return l;
}

/* ---- sections ----------------------------------------------------------- */

static void read_horizon(cq *c) {
    const char *S = sec_name[S_HORIZON];
    cq_lines *L = &c->sec[S_HORIZON];
    if (L->n == 0) {
        err(c, c->header_line[S_HORIZON], 1, "%s: expected a line with the number of days", S);
        return;
    }
    for (size_t i = 1; i < L->n; i++)
        err(c, L->items[i].no, 1, "%s: more than one line (the horizon is one number)", S);
    const cq_line *l = &L->items[0];
    size_t n = split(c, l->text, ',', 1);
    if (!n || !count_ok(c, l, n, 1, S, "H")) return;
    long h;
    if (!num(c, l->no, &c->fields[0], S, "H", 1, NR_CURTOIS_MAX_DAYS, &h)) return;
    if (h % 7 != 0) {
        err(c, l->no, c->fields[0].col,
            "%s: H: %ld days is not a whole number of weeks (the weekend rule needs weeks)", S, h);
        return;
    }
    c->days = (int)h;
    c->r->period_days = (int)h;
    c->r->period_loc = at(c, l->no, c->fields[0].col);
}

static void read_shifts(cq *c) {
    const char *S = sec_name[S_SHIFTS];
    cq_lines *L = &c->sec[S_SHIFTS];
    if (L->n > NR_CURTOIS_MAX_SHIFTS) {
        limit(c, L->items[NR_CURTOIS_MAX_SHIFTS].no, "%s: more than %d shift types", S,
              NR_CURTOIS_MAX_SHIFTS);
        return;
    }
    c->shift_line = calloc(L->n ? L->n : 1, sizeof *c->shift_line);
    if (!c->shift_line) {
        nomem(c);
        return;
    }
    /* The cannot-follow lists name shifts defined further down: kept as
     * text until every shift is known. */
    char **follow = calloc(L->n ? L->n : 1, sizeof *follow);
    int *follow_col = calloc(L->n ? L->n : 1, sizeof *follow_col);
    int *owner = calloc(L->n ? L->n : 1, sizeof *owner);
    size_t *listed = calloc(L->n ? L->n : 1, sizeof *listed); /* per shift: 1 + the row listing it */
    if (!follow || !follow_col || !owner || !listed) {
        nomem(c);
        goto cleanup;
    }
    for (size_t i = 0; i < L->n && !c->stop; i++) {
        const cq_line *l = &L->items[i];
        owner[i] = NR_UNSET;
        size_t n = split(c, l->text, ',', 1);
        if (!n) break;
        /* "D,480" without the trailing comma says the same as "D,480," */
        bool counted = n == 2 || count_ok(c, l, n, 3, S, "ShiftID,LengthMins,CannotFollow");
        cq_field *f = c->fields;
        /* A bad row still defines its shift (the region is dropped anyway),
         * so that the lines naming it do not draw "unknown shift" on top. */
        long len = 480;
        if (counted)
            (void)num(c, l->no, &f[1], S, "LengthMins", 1, 1440 - NR_CURTOIS_START_MINUTE, &len);
        if (!(counted ? id(c, l->no, &f[0], S, "ShiftID") : valid_id(f[0].s))) continue;
        int first = index_get(&c->shift_ix, f[0].s);
        if (first != NR_UNSET) {
            err(c, l->no, f[0].col, "%s: ShiftID: duplicate shift '%s' (first at line %d)", S,
                f[0].s, c->shift_line[first]);
            continue;
        }
        nr_shift *s = nr_region_add_shift(c->r);
        const char *sid = s ? nr_region_strdup(c->r, f[0].s) : NULL;
        if (!sid) {
            nomem(c);
            break;
        }
        int k = (int)(c->r->n_shifts - 1);
        s->id = sid;
        s->days_mask = 0x7fu;
        s->start_minute = NR_CURTOIS_START_MINUTE;
        int end = NR_CURTOIS_START_MINUTE + (int)len;
        s->end_day_offset = end == 1440 ? 1 : 0;
        s->end_minute = end == 1440 ? 0 : end;
        s->bank_holidays = NR_BH_NORMAL;
        s->loc = at(c, l->no, f[0].col);
        c->shift_line[k] = l->no;
        if (!index_put(&c->shift_ix, sid, k)) {
            nomem(c);
            break;
        }
        owner[i] = k;
        if (counted && n == 3 && f[2].s[0]) {
            follow[i] = f[2].s;
            follow_col[i] = f[2].col;
        }
    }
    for (size_t i = 0; i < L->n && !c->stop; i++) {
        if (!follow[i] || owner[i] == NR_UNSET) continue;
        const cq_line *l = &L->items[i];
        size_t n = split(c, follow[i], '|', follow_col[i]);
        for (size_t j = 0; j < n && !c->stop; j++) {
            const cq_field *f = &c->fields[j];
            if (!f->s[0]) {
                err(c, l->no, f->col, "%s: CannotFollow: empty shift id between '|'", S);
                continue;
            }
            int b = lookup(c, &c->shift_ix, l->no, f, S, "CannotFollow", "shift");
            if (b == NR_UNSET) continue;
            if (listed[b] == i + 1) {
                warn(c, l->no, f->col, "%s: CannotFollow: shift '%s' listed twice", S, f->s);
                continue;
            }
            listed[b] = i + 1;
            nr_shift *s = &c->r->shifts[owner[i]];
            nr_ref ref = nr_region_ref(c->r, f->s, at(c, l->no, f->col));
            if (!ref.id || nr_region_refs_push(c->r, &s->not_followed_by, ref) != 0) nomem(c);
        }
    }
    if (c->r->n_shifts == 0 && !c->stop && c->errors == 0)
        err(c, c->header_line[S_SHIFTS], 1, "%s: no shift types", S);
cleanup:
    free(follow);
    free(follow_col);
    free(owner);
    free(listed);
}

static void add_cap(cq *c, int person, int shift, long cap, nr_loc loc) {
    nr_override *o = nr_region_add_override(c->r);
    if (!o) {
        nomem(c);
        return;
    }
    o->person = nr_region_ref(c->r, c->r->people[person].id, loc);
    o->rota = nr_region_ref(c->r, NR_CURTOIS_ROTA, loc);
    o->shift = nr_region_ref(c->r, c->r->shifts[shift].id, loc);
    o->rules = nr_rules_unset();
    o->rules.max_duties = (int)cap;
    o->loc = loc;
    if (!o->person.id || !o->rota.id || !o->shift.id) nomem(c);
}

/* MaxShifts: "D=14|E=3", one cap per shift type, every type given. */
static void read_max_shifts(cq *c, int line, cq_field field, int person) {
    const char *S = sec_name[S_STAFF];
    size_t n_shifts = c->r->n_shifts;
    int *seen = calloc(n_shifts ? n_shifts : 1, sizeof *seen);
    long *cap = calloc(n_shifts ? n_shifts : 1, sizeof *cap);
    int *col = calloc(n_shifts ? n_shifts : 1, sizeof *col);
    if (!seen || !cap || !col) {
        nomem(c);
        goto cleanup;
    }
    size_t n = split(c, field.s, '|', field.col);
    bool ok = true;
    for (size_t j = 0; j < n && !c->stop; j++) {
        cq_field f = c->fields[j];
        char *eq = strchr(f.s, '=');
        if (!eq) {
            err(c, line, f.col, "%s: MaxShifts: expected ShiftID=max, got '%s'", S, f.s);
            ok = false;
            continue;
        }
        *eq = '\0';
        cq_field sf = {f.s, f.col}, vf = {eq + 1, f.col + (int)(eq + 1 - f.s)};
        int k = lookup(c, &c->shift_ix, line, &sf, S, "MaxShifts", "shift");
        long v = 0;
        bool good = num(c, line, &vf, S, "MaxShifts", 0, NR_CURTOIS_MAX_DAYS, &v);
        if (k == NR_UNSET || !good) {
            ok = false;
            continue;
        }
        if (seen[k]) {
            err(c, line, f.col, "%s: MaxShifts: shift '%s' given twice", S, sf.s);
            ok = false;
            continue;
        }
        seen[k] = 1;
        cap[k] = v;
        col[k] = f.col;
    }
    for (size_t k = 0; k < n_shifts && ok && !c->stop; k++)
        if (!seen[k]) {
            err(c, line, field.col, "%s: MaxShifts: no maximum for shift '%s' (every shift type needs one)",
                S, c->r->shifts[k].id);
            ok = false;
        }
    if (ok && person != NR_UNSET)
        for (size_t k = 0; k < n_shifts && !c->stop; k++) add_cap(c, person, (int)k, cap[k], at(c, line, col[k]));
cleanup:
    free(seen);
    free(cap);
    free(col);
}

/* A member of the rota; its index, or NR_UNSET on out of memory. */
static int add_person(cq *c, int line, cq_field f) {
    nr_person *person = nr_region_add_person(c->r);
    const char *pid = person ? nr_region_strdup(c->r, f.s) : NULL;
    if (!pid) {
        nomem(c);
        return NR_UNSET;
    }
    nr_loc loc = at(c, line, f.col);
    int p = (int)(c->r->n_people - 1);
    person->id = pid;
    person->name = pid;
    person->trust = nr_region_ref(c->r, NR_CURTOIS_TRUST, loc);
    person->base_site = nr_region_ref(c->r, NR_CURTOIS_TRUST, loc);
    person->share = 1.0;
    person->loc = loc;
    nr_ref rota = nr_region_ref(c->r, NR_CURTOIS_ROTA, loc);
    if (!person->trust.id || !person->base_site.id || !rota.id ||
        nr_region_refs_push(c->r, &person->rotas, rota) != 0 || !index_put(&c->staff_ix, pid, p)) {
        nomem(c);
        return NR_UNSET;
    }
    c->staff_line[p] = line;
    return p;
}

static void read_staff(cq *c) {
    const char *S = sec_name[S_STAFF];
    static const char fields[] = "ID,MaxShifts,MaxTotalMinutes,MinTotalMinutes,MaxConsecutiveShifts,"
                                 "MinConsecutiveShifts,MinConsecutiveDaysOff,MaxWeekends";
    cq_lines *L = &c->sec[S_STAFF];
    if (L->n > NR_CURTOIS_MAX_STAFF) {
        limit(c, L->items[NR_CURTOIS_MAX_STAFF].no, "%s: more than %d staff", S, NR_CURTOIS_MAX_STAFF);
        return;
    }
    c->staff_line = calloc(L->n ? L->n : 1, sizeof *c->staff_line);
    if (!c->staff_line) {
        nomem(c);
        return;
    }
    const long max_minutes = (long)NR_CURTOIS_MAX_DAYS * 1440;
    for (size_t i = 0; i < L->n && !c->stop; i++) {
        const cq_line *l = &L->items[i];
        size_t n = split(c, l->text, ',', 1);
        if (!n) break;
        /* MaxShifts is split again below, which reuses the field array */
        cq_field f[8];
        memset(f, 0, sizeof f);
        memcpy(f, c->fields, (n < 8 ? n : 8) * sizeof *f);
        long v[8] = {0};
        bool ok = id(c, l->no, &f[0], S, "ID");
        if (!count_ok(c, l, n, 8, S, fields)) {
            /* still an employee, so that the lines naming them do not draw
             * "unknown employee" on top */
            if (ok && index_get(&c->staff_ix, f[0].s) == NR_UNSET) (void)add_person(c, l->no, f[0]);
            continue;
        }
        ok = num(c, l->no, &f[2], S, "MaxTotalMinutes", 0, max_minutes, &v[2]) && ok;
        ok = num(c, l->no, &f[3], S, "MinTotalMinutes", 0, max_minutes, &v[3]) && ok;
        ok = num(c, l->no, &f[4], S, "MaxConsecutiveShifts", 0, NR_CURTOIS_MAX_DAYS, &v[4]) && ok;
        ok = num(c, l->no, &f[5], S, "MinConsecutiveShifts", 0, NR_CURTOIS_MAX_DAYS, &v[5]) && ok;
        ok = num(c, l->no, &f[6], S, "MinConsecutiveDaysOff", 0, NR_CURTOIS_MAX_DAYS, &v[6]) && ok;
        ok = num(c, l->no, &f[7], S, "MaxWeekends", 0, NR_CURTOIS_MAX_DAYS, &v[7]) && ok;
        if (ok && v[3] > v[2]) {
            err(c, l->no, f[3].col, "%s: MinTotalMinutes: %ld is more than MaxTotalMinutes %ld", S,
                v[3], v[2]);
            ok = false;
        }
        int p = NR_UNSET;
        if (valid_id(f[0].s)) {
            int first = index_get(&c->staff_ix, f[0].s);
            if (first != NR_UNSET) {
                err(c, l->no, f[0].col, "%s: ID: duplicate employee '%s' (first at line %d)", S,
                    f[0].s, c->staff_line[first]);
                ok = false;
            }
        }
        /* A row with a bad field still defines its employee (the region is
         * dropped anyway), so that the lines naming them do not draw
         * "unknown employee" on top. */
        if (valid_id(f[0].s) && index_get(&c->staff_ix, f[0].s) == NR_UNSET) {
            p = add_person(c, l->no, f[0]);
            if (p == NR_UNSET) break;
        }
        if (ok && p != NR_UNSET) {
            nr_loc loc = at(c, l->no, f[0].col);
            const char *pid = c->r->people[p].id;
            nr_override *o = nr_region_add_override(c->r);
            if (!o) {
                nomem(c);
                break;
            }
            o->person = nr_region_ref(c->r, pid, loc);
            o->rota = nr_region_ref(c->r, NR_CURTOIS_ROTA, loc);
            o->loc = loc;
            o->rules = nr_rules_unset();
            o->rules.max_hours = (double)v[2] / 60.0;
            /* a minimum of nothing is no rule: no shortfall term for it */
            if (v[3] > 0) o->rules.min_hours = (double)v[3] / 60.0;
            /* windows of one day with no shift in them: no shifts at all
             * (netrota reads a max_consecutive below 1 as no rule) */
            if (v[4] >= 1) o->rules.max_consecutive = (int)v[4];
            else o->rules.max_duties = 0;
            if (v[5] > 1) o->rules.min_consecutive = (int)v[5];
            if (v[6] > 1) o->rules.min_days_off = (int)v[6];
            o->rules.max_weekends = (int)v[7];
            if (!o->person.id || !o->rota.id) {
                nomem(c);
                break;
            }
        }
        /* checked even for a bad row, to report its problems too */
        read_max_shifts(c, l->no, f[1], ok ? p : NR_UNSET);
    }
    if (c->r->n_people == 0 && !c->stop && c->errors == 0)
        err(c, c->header_line[S_STAFF], 1, "%s: no staff", S);
}

static void add_day_off(cq *c, int p, long day, nr_loc loc) {
    nr_leave *lv = nr_region_add_leave(c->r);
    if (!lv) {
        nomem(c);
        return;
    }
    nr_date date = c->r->period_start + (nr_date)day;
    lv->person = nr_region_ref(c->r, c->r->people[p].id, loc);
    lv->start = nr_london_to_utc(date, 0);
    lv->end = nr_london_to_utc(date + 1, 0);
    lv->all_day = true;
    lv->reason = "day off";
    lv->loc = loc;
    if (!lv->person.id) nomem(c);
}

static void read_days_off(cq *c) {
    const char *S = sec_name[S_DAYS_OFF];
    cq_lines *L = &c->sec[S_DAYS_OFF];
    size_t n_people = c->r->n_people;
    c->days_off_line = calloc(n_people ? n_people : 1, sizeof *c->days_off_line);
    bool *off = calloc(c->days ? (size_t)c->days : 1, sizeof *off);
    if (!c->days_off_line || !off) {
        nomem(c);
        goto cleanup;
    }
    for (size_t i = 0; i < L->n && !c->stop; i++) {
        const cq_line *l = &L->items[i];
        size_t n = split(c, l->text, ',', 1);
        if (!n) break;
        int p = lookup(c, &c->staff_ix, l->no, &c->fields[0], S, "EmployeeID", "employee");
        if (p != NR_UNSET && c->days_off_line[p]) {
            err(c, l->no, c->fields[0].col,
                "%s: EmployeeID: a second line for '%s' (first at line %d)", S, c->fields[0].s,
                c->days_off_line[p]);
            p = NR_UNSET;
        }
        if (p != NR_UNSET) c->days_off_line[p] = l->no;
        memset(off, 0, (c->days ? (size_t)c->days : 1) * sizeof *off);
        for (size_t j = 1; j < n && !c->stop; j++) {
            const cq_field *f = &c->fields[j];
            long day;
            if (!num(c, l->no, f, S, "DayIndex", 0, c->days - 1, &day)) continue;
            if (off[day]) {
                warn(c, l->no, f->col, "%s: DayIndex: day %ld listed twice", S, day);
                continue;
            }
            off[day] = true;
            if (p != NR_UNSET) add_day_off(c, p, day, at(c, l->no, f->col));
        }
    }
cleanup:
    free(off);
}

static size_t cell3(const cq *c, int p, long day, int shift) {
    return ((size_t)p * (size_t)c->days + (size_t)day) * c->r->n_shifts + (size_t)shift;
}

static void read_requests(cq *c, enum sec which) {
    const char *S = sec_name[which];
    bool want = which == S_ON;
    cq_lines *L = &c->sec[which];
    if (L->n == 0) return;
    size_t cells = c->r->n_people * (size_t)c->days * c->r->n_shifts;
    int *seen = calloc(cells ? cells : 1, sizeof *seen);
    if (!seen) {
        nomem(c);
        return;
    }
    c->req_line[want] = seen;
    for (size_t i = 0; i < L->n && !c->stop; i++) {
        const cq_line *l = &L->items[i];
        size_t n = split(c, l->text, ',', 1);
        if (!n || !count_ok(c, l, n, 4, S, "EmployeeID,Day,ShiftID,Weight")) continue;
        const cq_field *f = c->fields;
        long day = 0, weight = 0;
        int p = lookup(c, &c->staff_ix, l->no, &f[0], S, "EmployeeID", "employee");
        bool ok = num(c, l->no, &f[1], S, "Day", 0, c->days - 1, &day);
        int s = lookup(c, &c->shift_ix, l->no, &f[2], S, "ShiftID", "shift");
        ok = num(c, l->no, &f[3], S, "Weight", 1, 1000000, &weight) && ok;
        if (!ok || p == NR_UNSET || s == NR_UNSET) continue;
        size_t cell = cell3(c, p, day, s);
        if (seen[cell]) {
            err(c, l->no, 1, "%s: a second request by '%s' for day %ld, shift '%s' (first at line %d)",
                S, f[0].s, day, f[2].s, seen[cell]);
            continue;
        }
        seen[cell] = l->no;
        nr_request *q = nr_region_add_request(c->r);
        if (!q) {
            nomem(c);
            return;
        }
        nr_loc loc = at(c, l->no, f[0].col);
        q->person = nr_region_ref(c->r, f[0].s, loc);
        q->date = c->r->period_start + (nr_date)day;
        q->rota = nr_region_ref(c->r, NR_CURTOIS_ROTA, loc);
        q->shift = nr_region_ref(c->r, f[2].s, at(c, l->no, f[2].col));
        q->want = want;
        q->weight = (double)weight;
        q->loc = loc;
        if (!q->person.id || !q->rota.id || !q->shift.id) {
            nomem(c);
            return;
        }
    }
}

static void read_cover(cq *c) {
    const char *S = sec_name[S_COVER];
    cq_lines *L = &c->sec[S_COVER];
    size_t n_shifts = c->r->n_shifts;
    size_t cells = (size_t)c->days * n_shifts;
    c->cover_line = calloc(cells ? cells : 1, sizeof *c->cover_line);
    if (!c->cover_line) {
        nomem(c);
        return;
    }
    int staff = (int)c->r->n_people;
    size_t errors_before = c->errors;
    for (size_t i = 0; i < L->n && !c->stop; i++) {
        const cq_line *l = &L->items[i];
        size_t n = split(c, l->text, ',', 1);
        if (!n || !count_ok(c, l, n, 5, S, "Day,ShiftID,Requirement,WeightUnder,WeightOver"))
            continue;
        const cq_field *f = c->fields;
        long day = 0, need = 0, under = 0, over = 0;
        bool ok = num(c, l->no, &f[0], S, "Day", 0, c->days - 1, &day);
        int s = lookup(c, &c->shift_ix, l->no, &f[1], S, "ShiftID", "shift");
        ok = num(c, l->no, &f[2], S, "Requirement", 0, NR_CURTOIS_MAX_STAFF, &need) && ok;
        ok = num(c, l->no, &f[3], S, "WeightUnder", 0, 1000000, &under) && ok;
        ok = num(c, l->no, &f[4], S, "WeightOver", 0, 1000000, &over) && ok;
        if (!ok || s == NR_UNSET) continue;
        size_t cell = (size_t)day * n_shifts + (size_t)s;
        if (c->cover_line[cell]) {
            err(c, l->no, 1, "%s: a second row for day %ld, shift '%s' (first at line %d)", S, day,
                f[1].s, c->cover_line[cell]);
            continue;
        }
        c->cover_line[cell] = l->no;
        nr_cover *cv = nr_region_add_cover(c->r);
        if (!cv) {
            nomem(c);
            return;
        }
        nr_loc loc = at(c, l->no, f[0].col);
        cv->rota = nr_region_ref(c->r, NR_CURTOIS_ROTA, loc);
        cv->shift = nr_region_ref(c->r, f[1].s, at(c, l->no, f[1].col));
        cv->date = c->r->period_start + (nr_date)day;
        cv->needed = (int)need;
        /* anyone may work beyond the requirement, at WeightOver each */
        cv->max = staff > (int)need ? staff : (int)need;
        cv->under_weight = (double)under;
        cv->over_weight = (double)over;
        cv->loc = loc;
        if (!cv->rota.id || !cv->shift.id) {
            nomem(c);
            return;
        }
    }
    /* a row that was refused would show up again as a missing pair */
    if (c->stop || c->errors > errors_before) return;
    size_t missing = 0;
    for (size_t cell = 0; cell < cells; cell++) {
        if (c->cover_line[cell]) continue;
        if (++missing <= MAX_MISSING_LISTED)
            err(c, c->header_line[S_COVER], 1,
                "%s: no row for day %zu, shift '%s' (every day and shift needs one)", S,
                cell / n_shifts, c->r->shifts[cell % n_shifts].id);
    }
    if (missing > MAX_MISSING_LISTED)
        err(c, c->header_line[S_COVER], 1, "%s: %zu more (day, shift) pairs have no row", S,
            missing - MAX_MISSING_LISTED);
}

/* The fixed frame: one trust, one site, one rota running every shift. */
static void add_frame(cq *c, const char *path) {
    nr_region *r = c->r;
    nr_loc loc = at(c, c->header_line[S_SHIFTS], 1);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t blen = strcspn(base, ".");
    char name[160];
    snprintf(name, sizeof name, "Curtois & Qu %.*s", (int)(blen ? blen : strlen(base)), base);
    r->name = nr_region_strdup(r, name);
    r->fairness_off = true;
    nr_date_from_ymd(2024, 1, 1, &r->period_start);
    nr_trust *t = nr_region_add_trust(r);
    if (!t) {
        nomem(c);
        return;
    }
    t->id = NR_CURTOIS_TRUST;
    t->name = "Curtois & Qu benchmark";
    t->loc = loc;
    nr_site *s = nr_region_add_site(r);
    if (!s) {
        nomem(c);
        return;
    }
    s->id = NR_CURTOIS_TRUST;
    s->name = "Curtois & Qu benchmark";
    s->trust = nr_region_ref(r, NR_CURTOIS_TRUST, loc);
    s->loc = loc;
    nr_rota *k = nr_region_add_rota(r);
    if (!k) {
        nomem(c);
        return;
    }
    k->id = NR_CURTOIS_ROTA;
    k->name = "Curtois & Qu benchmark";
    k->service = "staff scheduling benchmark";
    k->host = nr_region_ref(r, NR_CURTOIS_TRUST, loc);
    k->hub = nr_region_ref(r, NR_CURTOIS_TRUST, loc);
    k->loc = loc;
    nr_ref site = nr_region_ref(r, NR_CURTOIS_TRUST, loc);
    if (!r->name || !s->trust.id || !k->host.id || !k->hub.id || !site.id ||
        nr_region_refs_push(r, &k->covers, site) != 0)
        nomem(c);
}

static void add_rota_shifts(cq *c) {
    nr_rota *k = &c->r->rotas[0];
    for (size_t i = 0; i < c->r->n_shifts && !c->stop; i++) {
        const nr_shift *s = &c->r->shifts[i];
        nr_ref ref = nr_region_ref(c->r, s->id, s->loc);
        if (!ref.id || nr_region_refs_push(c->r, &k->shifts, ref) != 0) nomem(c);
    }
}

static void read_all(cq *c, const char *path, char *buf, size_t len) {
    split_sections(c, buf, len);
    if (c->stop) return;
    for (int s = 0; s < N_SECTIONS; s++)
        if (sec_required[s] && !c->header_line[s]) err(c, 0, 0, "missing section %s", sec_name[s]);
    if (c->stop || c->errors) return; /* what follows reads sections in terms of others */
    add_frame(c, path);
    if (c->stop) return;
    read_horizon(c);
    read_shifts(c);
    if (c->stop || c->errors) return;
    size_t cells = (size_t)c->days * c->r->n_shifts;
    size_t staff = c->sec[S_STAFF].n;
    if (staff > 0 && cells > (size_t)NR_CURTOIS_MAX_CELLS / staff) {
        limit(c, c->header_line[S_STAFF],
              "%d days x %zu shift types x %zu staff is more than %ld (day, shift, employee) cells",
              c->days, c->r->n_shifts, staff, NR_CURTOIS_MAX_CELLS);
        return;
    }
    add_rota_shifts(c);
    read_staff(c);
    read_days_off(c);
    read_requests(c, S_ON);
    read_requests(c, S_OFF);
    read_cover(c);
}

int nr_curtois_load(const char *path, nr_region **out, nr_diags *d) {
    *out = NULL;
    cq c;
    memset(&c, 0, sizeof c);
    c.d = d;
    char *buf = NULL;
    size_t len = 0;
    size_t errors_before = d->errors;
    int rc = 0;
    c.r = nr_region_new();
    if (!c.r) return NR_ENOMEM;
    c.file = nr_region_file(c.r, path);
    if (!c.file) {
        rc = NR_ENOMEM;
        goto cleanup;
    }
    rc = read_file(&c, path, &buf, &len);
    if (rc) goto cleanup;
    read_all(&c, path, buf, len);
    if (c.rc) {
        rc = c.rc;
        goto cleanup;
    }
    if (c.errors || d->errors > errors_before) {
        rc = NR_EINPUT;
        goto cleanup;
    }
    rc = nr_region_resolve(c.r, d);
    if (rc == 0) rc = nr_region_expand(c.r, d);
    if (rc == 0) rc = nr_region_validate(c.r, d);
    if (rc == 0 && d->errors > errors_before) rc = NR_EINPUT;
    if (rc) goto cleanup;
    *out = c.r;
    c.r = NULL;
cleanup:
    for (int s = 0; s < N_SECTIONS; s++) free(c.sec[s].items);
    index_free(&c.shift_ix);
    index_free(&c.staff_ix);
    free(c.shift_line);
    free(c.staff_line);
    free(c.days_off_line);
    free(c.req_line[0]);
    free(c.req_line[1]);
    free(c.cover_line);
    free(c.fields);
    free(buf);
    nr_region_free(c.r);
    return rc;
}
