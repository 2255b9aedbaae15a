/*
 * fuzz_common.h - what every fuzz target shares. The readers take paths, so
 * each input is written to a file in a private temporary folder made once
 * per process (and removed at exit); the folder also holds links to the
 * fixed scenario in fuzz/data/base so that names in a fuzzed YAML resolve.
 */
#ifndef NETROTA_FUZZ_COMMON_H
#define NETROTA_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/diag.h"

#ifndef NR_FUZZ_DATA
#error "NR_FUZZ_DATA must name fuzz/data"
#endif

static char fz_dir[64];

static inline void fz_remove_dir(void) {
    static const char *const names[] = {"input",        "scenario.yaml", "base",
                                        "consultants.csv", "people.csv", "leave.csv",
                                        "requests.csv", "travel.csv",    "leave",
                                        "P001.ics",     NULL};
    char path[128];
    for (const char *const *n = names; *n; n++) {
        snprintf(path, sizeof path, "%s/%s", fz_dir, *n);
        unlink(path);
    }
    rmdir(fz_dir);
}

/* Make the folder (once) and return it. Links the base scenario's files in. */
static inline const char *fz_folder(void) {
    if (fz_dir[0]) return fz_dir;
    /* tmpfs: each execution writes a file, and a disk would be the bottleneck */
    const char *tmp = getenv("NR_FUZZ_TMP");
    if (!tmp || !*tmp || strlen(tmp) > 40) tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(fz_dir, sizeof fz_dir, "%s/nrfuzz.XXXXXX", tmp);
    if (!mkdtemp(fz_dir)) {
        perror("mkdtemp");
        abort();
    }
    static const struct {
        const char *link, *target;
    } links[] = {
        {"base", NR_FUZZ_DATA "/base"},
        {"consultants.csv", NR_FUZZ_DATA "/base/consultants.csv"},
        {"people.csv", NR_FUZZ_DATA "/base/consultants.csv"},
        {"leave.csv", NR_FUZZ_DATA "/base/leave.csv"},
        {"requests.csv", NR_FUZZ_DATA "/base/requests.csv"},
        {"travel.csv", NR_FUZZ_DATA "/base/travel.csv"},
        {"leave", NR_FUZZ_DATA "/base/leave"},
        {"P001.ics", NR_FUZZ_DATA "/base/leave/P001.ics"},
    };
    char path[128];
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", fz_dir, links[i].link);
        if (symlink(links[i].target, path) != 0) {
            perror("symlink");
            abort();
        }
    }
    atexit(fz_remove_dir);
    return fz_dir;
}

/* Write the input to <folder>/<name> and return that path (static buffer). */
static inline const char *fz_write(const char *name, const uint8_t *data, size_t size) {
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", fz_folder(), name);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(path);
        abort();
    }
    return path;
}

/* Every reader must say why it failed: a failure without an error
 * diagnostic is a bug, and so is success with errors. */
static inline void fz_check(int rc, const nr_diags *d) {
    if (rc == NR_EINTERNAL) abort();
    if (rc < 0 && rc != NR_ENOMEM && d->errors == 0) abort();
    if (rc == 0 && d->errors != 0) abort();
}

#endif
