/* Fuzz target: an .ics leave file, expanded over a 26-week period. */
#include "fuzz_common.h"
#include "import/icsleave.h"

#include <libical/ical.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static nr_date from, to;
    static int ready;
    if (!ready) {
        ready = 1;
        if (!nr_date_parse("2027-01-04", &from)) abort();
        from -= 7;
        to = from + 26 * 7 + 14;
    }
    const char *path = fz_write("input", data, size);
    nr_region *r = nr_region_new();
    if (!r) return 0;
    nr_diags d = NR_DIAGS_INIT;
    int rc = nr_ics_read_leave(r, path, "P001", nr_loc_at("fuzz.yaml", 3), from, to, &d);
    fz_check(rc, &d);
    for (size_t i = 0; i < r->n_leave; i++)
        if (r->leave[i].end <= r->leave[i].start) abort();
    nr_region_free(r);
    nr_diags_clear(&d);
    /* libical keeps recent strings in a ring of buffers; freeing it here
     * balances each run's allocations, else libFuzzer's leak check (run
     * whenever they differ) scans the heap after every input. */
    icalmemory_free_ring();
    return 0;
}
