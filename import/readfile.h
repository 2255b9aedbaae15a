/*
 * readfile.h - private to import/: read a whole input file into memory.
 *
 * Every importer (scenario YAML, CSV, iCalendar leave, benchmark
 * instances) reads its file whole and then parses the buffer; this is the
 * one place that opens, sizes and reads it. Only regular files are read:
 * the file is stat()ed before it is opened, because opening a FIFO with no
 * writer would wait for ever, and a device such as /dev/zero never ends.
 *
 * Errors are errno values, so that each importer says them in its own
 * words (nr_read_file_reason gives the common ones).
 *
 * Ownership: *out is the caller's to free(); it holds *len bytes and a NUL
 * after them (the file may hold NUL bytes of its own).
 */
#ifndef NETROTA_IMPORT_READFILE_H
#define NETROTA_IMPORT_READFILE_H

#include <stddef.h>

/* Read the regular file at path, of at most max bytes. Returns 0, or an
 * errno value: stat()'s or fopen()'s (ENOENT, EACCES, ...), EISDIR for a
 * folder, EINVAL for anything else that is not a regular file, EFBIG when
 * it is larger than max, EAGAIN when it grew while being read, ENOMEM, EIO
 * when reading fails. *out is NULL and
 * *len 0 on error. */
int nr_read_file(const char *path, size_t max, char **out, size_t *len);

/* Words for err after "cannot read: " in buf (size bytes): "it is a
 * folder", "not a regular file", "it changed while being read", or
 * strerror's text. Returns buf. */
const char *nr_read_file_reason(int err, char *buf, size_t size);

#endif
