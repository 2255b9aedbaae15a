/* Content hashes of input files, and the list of files a region came from. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t fnv_update(uint64_t h, const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= FNV_PRIME;
    }
    return h;
}

static void fnv_hex(uint64_t h, char out[NR_HASH_HEX]) {
    snprintf(out, NR_HASH_HEX, "%016llx", (unsigned long long)h);
}

void nr_hash_bytes(const void *data, size_t n, char out[NR_HASH_HEX]) {
    fnv_hex(fnv_update(FNV_OFFSET, data, n), out);
}

int nr_file_hash(const char *path, char out[NR_HASH_HEX], nr_diags *d) {
    int rc = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        return nr_diag_error(d, nr_loc_at(path, 0), "cannot read: %s", strerror(errno)), NR_EIO;
    }
    uint64_t h = FNV_OFFSET;
    unsigned char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) h = fnv_update(h, buf, got);
    if (ferror(f)) {
        nr_diag_error(d, nr_loc_at(path, 0), "read error: %s", strerror(errno));
        rc = NR_EIO;
        goto cleanup;
    }
    fnv_hex(h, out);
cleanup:
    fclose(f);
    return rc;
}

typedef struct name_set {
    const char **items;
    size_t count, cap;
} name_set;

static int set_add(name_set *s, const char *name) {
    if (!name) return 0;
    /* File names are interned in the region, so the same pointer recurs;
     * checking the last few first makes the common case cheap. */
    for (size_t i = s->count; i-- > 0;)
        if (s->items[i] == name || strcmp(s->items[i], name) == 0) return 0;
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        const char **items = realloc(s->items, cap * sizeof *items);
        if (!items) return NR_ENOMEM;
        s->items = items;
        s->cap = cap;
    }
    s->items[s->count++] = name;
    return 0;
}

static int cmp_name(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int nr_store_region_files(const nr_region *r, nr_store_file **out, size_t *n_out, nr_diags *d) {
    int rc = 0;
    name_set s = {0};
    nr_store_file *files = NULL;
    *out = NULL;
    *n_out = 0;

#define ADD_ALL(arr, n)                                                                  \
    for (size_t i = 0; i < (n) && rc == 0; i++) rc = set_add(&s, (arr)[i].loc.file)
    rc = set_add(&s, r->period_loc.file);
    ADD_ALL(r->trusts, r->n_trusts);
    ADD_ALL(r->sites, r->n_sites);
    ADD_ALL(r->travel, r->n_travel);
    ADD_ALL(r->people, r->n_people);
    ADD_ALL(r->overrides, r->n_overrides);
    ADD_ALL(r->shifts, r->n_shifts);
    ADD_ALL(r->rotas, r->n_rotas);
    ADD_ALL(r->leave, r->n_leave);
    ADD_ALL(r->requests, r->n_requests);
#undef ADD_ALL
    if (rc) goto cleanup;
    if (s.count == 0) goto cleanup;
    qsort(s.items, s.count, sizeof *s.items, cmp_name);
    files = calloc(s.count, sizeof *files);
    if (!files) {
        rc = NR_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < s.count; i++) {
        files[i].path = s.items[i];
        int hrc = nr_file_hash(s.items[i], files[i].hash, d);
        if (hrc && !rc) rc = hrc; /* go on: report every unreadable file */
    }
    if (rc) goto cleanup;
    *out = files;
    *n_out = s.count;
    files = NULL;
cleanup:
    free(files);
    free(s.items);
    return rc;
}
