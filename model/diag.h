/*
 * diag.h - netrota's one error convention.
 *
 * Every function that can fail returns 0 on success or a negative NR_E* code,
 * and appends what went wrong to an nr_diags list that the caller passes in.
 * A diagnostic names the file, line (and column when known) and says what is
 * wrong, so that the CLI can print it as `FILE:LINE[:COL]: error: message`.
 * Readers report every problem they find, not just the first.
 *
 * Ownership: an nr_diags owns copies of every string added to it; the caller
 * owns the nr_diags and releases it with nr_diags_clear(). Only the CLI turns
 * codes into exit statuses and text.
 */
#ifndef NETROTA_MODEL_DIAG_H
#define NETROTA_MODEL_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum nr_error {
    NR_OK = 0,
    NR_EINPUT = -1,   /* bad input; details in the diagnostics */
    NR_ENOMEM = -2,   /* out of memory */
    NR_EIO = -3,      /* a file could not be read or written */
    NR_ELIMIT = -4,   /* input exceeds a hard limit (size, count, length) */
    NR_ESOLVER = -5,  /* the solver failed internally */
    NR_EINTERNAL = -6 /* a bug: an invariant did not hold */
};

enum nr_severity { NR_SEV_NOTE, NR_SEV_WARNING, NR_SEV_ERROR };

/* Where a thing came from. `file` is borrowed: it must outlive the holder
 * (regions keep their own copies of file names). line/col 0 = unknown. */
typedef struct nr_loc {
    const char *file;
    int line;
    int col;
} nr_loc;

typedef struct nr_diag {
    enum nr_severity severity;
    char *file; /* owned copy, may be NULL */
    int line;
    int col;
    char *message; /* owned */
} nr_diag;

typedef struct nr_diags {
    nr_diag *items;
    size_t count;
    size_t capacity;
    size_t errors;   /* number of NR_SEV_ERROR items */
    size_t warnings; /* number of NR_SEV_WARNING items */
} nr_diags;

#define NR_DIAGS_INIT {0}

#if defined(__GNUC__)
#define NR_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define NR_PRINTF(fmt, args)
#endif

/* Append a diagnostic. Returns NR_EINPUT for an error, 0 for a warning or
 * note, so that `return nr_diag_error(...)` reads naturally. On allocation
 * failure the diagnostic is counted but its text is lost. */
int nr_diag_add(nr_diags *d, enum nr_severity sev, nr_loc loc, const char *fmt, ...)
    NR_PRINTF(4, 5);
int nr_diag_addv(nr_diags *d, enum nr_severity sev, nr_loc loc, const char *fmt, va_list ap);
int nr_diag_error(nr_diags *d, nr_loc loc, const char *fmt, ...) NR_PRINTF(3, 4);
int nr_diag_warning(nr_diags *d, nr_loc loc, const char *fmt, ...) NR_PRINTF(3, 4);

/* Print every diagnostic as `file:line[:col]: severity: message` (compiler style). */
void nr_diags_print(const nr_diags *d, FILE *out);

/* Move all of src's items to the end of dst (src is left empty). */
int nr_diags_append(nr_diags *dst, nr_diags *src);

/* Sort by file, then line, then column, keeping insertion order for ties. */
void nr_diags_sort(nr_diags *d);

void nr_diags_clear(nr_diags *d);

/* Convenience: an nr_loc. */
static inline nr_loc nr_loc_at(const char *file, int line) {
    nr_loc l = {file, line, 0};
    return l;
}

/* Human name of an NR_E* code. */
const char *nr_error_name(int code);

#endif
