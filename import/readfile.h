/*
 * readfile.h - private to import/: read a whole input file into memory.
 *
 * Every importer (scenario YAML, CSV, iCalendar leave, benchmark
 * instances) reads its file whole and then parses the buffer; this is the
 * one place that opens, sizes and reads it. Only regular files are read:
 * a FIFO with no writer would wait for ever and a device such as /dev/zero
 * never ends, so the file is opened without blocking and refused unless it
 * is a regular file (pipes and <(...) too).
 *
 * Errors are errno values (positive, unlike the NR_E* codes: they are
 * private to import/ and each importer turns them into its own message
 * and code; nr_read_file_reason and nr_read_file_verb give the words).
 *
 * Ownership: *out is the caller's to free(); it holds *len bytes and a NUL
 * after them (the file may hold NUL bytes of its own).
 */
#ifndef NETROTA_IMPORT_READFILE_H
#define NETROTA_IMPORT_READFILE_H

#include <stddef.h>

/* Read the regular file at path, of at most max bytes. Returns 0, or an
 * errno value: open()'s or fstat()'s (ENOENT, EACCES, ...), EISDIR for a
 * folder, EINVAL for anything else that is not a regular file, EFBIG when
 * it is larger than max, EAGAIN when it grew while being read, ENOMEM, EIO
 * when reading fails. *out is NULL and
 * *len 0 on error. */
int nr_read_file(const char *path, size_t max, char **out, size_t *len);

/* Words for err after "cannot read: " in buf (size bytes): "it is a
 * folder", "not a regular file", "it changed while being read", or
 * strerror's text. Returns buf. */
const char *nr_read_file_reason(int err, char *buf, size_t size);

/* "read" when err means the file is there but could not be read (a folder,
 * not a regular file, a read error, it changed), else "open": for messages
 * "cannot open: ..." and "cannot read: ...". */
const char *nr_read_file_verb(int err);

#endif
