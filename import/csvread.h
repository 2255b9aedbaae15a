/*
 * csvread.h - private to import/: read one CSV file with libcsv and hand each
 * record to a callback, with its columns looked up by header name.
 *
 * The file is read whole (at most NR_CSV_MAX_FILE bytes), a UTF-8 byte order
 * mark is dropped and libcsv parses it strictly. The first non-empty record
 * is the header: names are trimmed and matched case-insensitively against
 * the caller's columns. An unknown column draws a warning, a missing
 * required column or a repeated one an error (and no rows are read then).
 *
 * Each later record reaches the callback as an nr_csv_row whose values are
 * given in the order of the caller's columns, trimmed, "" where the column
 * is absent or the record is short. Before that the reader itself rejects,
 * with an error at the record's line: more fields than the header, a NUL
 * byte, text that is not UTF-8, a byte order mark in the middle of the file,
 * broken quoting; a UTF-16 file is named as such. Records whose fields are
 * all empty are skipped without a word. Hard limits (NR_ELIMIT with a
 * message): the file size, a line or record over 1 MiB, more than 1,000
 * fields in a record, more than 500,000 rows (docs/reliability.md).
 *
 * Lines: a record's line is the physical line (1-based) where it starts; LF,
 * CRLF and a lone CR each end one line, also inside quoted fields.
 *
 * Ownership: the row and its strings live only during the callback; copy
 * what you keep. `name` (used in diagnostics and in row->file) is borrowed.
 */
#ifndef NETROTA_IMPORT_CSVREAD_H
#define NETROTA_IMPORT_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "model/diag.h"

#define NR_CSV_MAX_FILE ((size_t)64 * 1024 * 1024)
#define NR_CSV_MAX_LINE ((size_t)1024 * 1024) /* also the limit for one record */

typedef struct nr_csv_column {
    const char *name; /* lower case */
    bool required;    /* the header must name it */
} nr_csv_column;

typedef struct nr_csv_row {
    const char *file;
    int line;
    const char *const *values; /* values[i] belongs to columns[i] */
    const nr_csv_column *columns;
    size_t n_columns;
} nr_csv_row;

/* Return 0, NR_EINPUT (the row was bad and reported; reading goes on) or
 * another negative code, which stops the reading and is returned. */
typedef int (*nr_csv_row_fn)(const nr_csv_row *row, void *ctx, nr_diags *d);

/* Read `path`, reporting problems as `name:LINE`. Returns 0, NR_EINPUT if
 * any error was reported, NR_EIO (cannot open or read), NR_ELIMIT (file or
 * line too long: reading stops there), NR_ENOMEM, or the callback's code. */
int nr_csv_read(const char *path, const char *name, const nr_csv_column *columns,
                size_t n_columns, nr_csv_row_fn fn, void *ctx, nr_diags *d);

#endif
