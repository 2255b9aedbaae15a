#include "model/diag.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c) memcpy(c, s, n);
    return c;
}

int nr_diag_addv(nr_diags *d, enum nr_severity sev, nr_loc loc, const char *fmt, va_list ap) {
    int rc = sev == NR_SEV_ERROR ? NR_EINPUT : 0;
    if (sev == NR_SEV_ERROR) d->errors++;
    if (sev == NR_SEV_WARNING) d->warnings++;
    if (d->count == d->capacity) {
        size_t cap = d->capacity ? d->capacity * 2 : 16;
        nr_diag *items = realloc(d->items, cap * sizeof *items);
        if (!items) return rc;
        d->items = items;
        d->capacity = cap;
    }
    va_list copy;
    va_copy(copy, ap);
    int len = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (len < 0) return rc;
    char *msg = malloc((size_t)len + 1);
    if (!msg) return rc;
    vsnprintf(msg, (size_t)len + 1, fmt, ap);
    nr_diag *item = &d->items[d->count++];
    item->severity = sev;
    item->file = dup_or_null(loc.file);
    item->line = loc.line;
    item->col = loc.col;
    item->message = msg;
    return rc;
}

int nr_diag_add(nr_diags *d, enum nr_severity sev, nr_loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = nr_diag_addv(d, sev, loc, fmt, ap);
    va_end(ap);
    return rc;
}

int nr_diag_error(nr_diags *d, nr_loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = nr_diag_addv(d, NR_SEV_ERROR, loc, fmt, ap);
    va_end(ap);
    return rc;
}

int nr_diag_warning(nr_diags *d, nr_loc loc, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = nr_diag_addv(d, NR_SEV_WARNING, loc, fmt, ap);
    va_end(ap);
    return rc;
}

static const char *severity_name(enum nr_severity s) {
    switch (s) {
    case NR_SEV_ERROR: return "error";
    case NR_SEV_WARNING: return "warning";
    default: return "note";
    }
}

void nr_diags_print(const nr_diags *d, FILE *out) {
    for (size_t i = 0; i < d->count; i++) {
        const nr_diag *g = &d->items[i];
        if (g->file && g->line > 0 && g->col > 0)
            fprintf(out, "%s:%d:%d: ", g->file, g->line, g->col);
        else if (g->file && g->line > 0)
            fprintf(out, "%s:%d: ", g->file, g->line);
        else if (g->file)
            fprintf(out, "%s: ", g->file);
        fprintf(out, "%s: %s\n", severity_name(g->severity), g->message);
    }
}

int nr_diags_append(nr_diags *dst, nr_diags *src) {
    if (src->count == 0) return 0;
    if (dst->count + src->count > dst->capacity) {
        size_t cap = dst->capacity ? dst->capacity : 16;
        while (cap < dst->count + src->count) cap *= 2;
        nr_diag *items = realloc(dst->items, cap * sizeof *items);
        if (!items) return NR_ENOMEM;
        dst->items = items;
        dst->capacity = cap;
    }
    memcpy(dst->items + dst->count, src->items, src->count * sizeof *src->items);
    dst->count += src->count;
    dst->errors += src->errors;
    dst->warnings += src->warnings;
    free(src->items);
    memset(src, 0, sizeof *src);
    return 0;
}

static int cmp_str(const char *a, const char *b) {
    if (!a || !b) return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

void nr_diags_sort(nr_diags *d) {
    /* insertion sort: stable, and diagnostic lists are short */
    for (size_t i = 1; i < d->count; i++) {
        nr_diag key = d->items[i];
        size_t j = i;
        while (j > 0) {
            const nr_diag *p = &d->items[j - 1];
            int c = cmp_str(p->file, key.file);
            if (c == 0) c = (p->line > key.line) - (p->line < key.line);
            if (c == 0) c = (p->col > key.col) - (p->col < key.col);
            if (c <= 0) break;
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = key;
    }
}

void nr_diags_clear(nr_diags *d) {
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    memset(d, 0, sizeof *d);
}

const char *nr_error_name(int code) {
    switch (code) {
    case NR_OK: return "ok";
    case NR_EINPUT: return "input error";
    case NR_ENOMEM: return "out of memory";
    case NR_EIO: return "I/O error";
    case NR_ELIMIT: return "limit exceeded";
    case NR_ESOLVER: return "solver failure";
    case NR_EINTERNAL: return "internal error";
    default: return "unknown error";
    }
}
