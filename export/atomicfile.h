/*
 * atomicfile.h - write a file so that a reader never sees half of it.
 *
 * Output goes to a temporary file beside the target (same folder, so the
 * rename cannot cross file systems); nr_atomic_commit() flushes, syncs,
 * checks every error (a full disk is an error, not a success) and renames it
 * over the target. On any failure, or on nr_atomic_abort(), the temporary
 * file is removed and the previous target is left as it was.
 *
 * Ownership: the struct is the caller's; open fills it, commit/abort release
 * everything it holds (both accept a struct that failed to open).
 */
#ifndef NETROTA_EXPORT_ATOMICFILE_H
#define NETROTA_EXPORT_ATOMICFILE_H

#include <stdio.h>

#include "model/diag.h"

typedef struct nr_atomic_file {
    FILE *f;     /* write here between open and commit */
    char *path;  /* the target */
    char *tmp;   /* the temporary file */
} nr_atomic_file;

int nr_atomic_open(nr_atomic_file *af, const char *path, nr_diags *d);
int nr_atomic_commit(nr_atomic_file *af, nr_diags *d);
void nr_atomic_abort(nr_atomic_file *af);

/* Is name safe as one path component (no '/', '\\', NUL, not "." or "..",
 * not empty, no control characters)? For file names derived from IDs. */
int nr_safe_file_name(const char *name);

#endif
