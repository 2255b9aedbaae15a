/* Fuzz target: the scenario's CSV files. The first byte of the input picks
 * the kind (people, leave, requests, travel); the rest is the file. One
 * target for the four keeps the shared reader's coverage in one corpus. */
#include "fuzz_common.h"
#include "import/csvfiles.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef int (*reader_fn)(nr_region *r, const char *path, nr_diags *d);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const reader_fn readers[] = {nr_csv_read_people, nr_csv_read_leave,
                                        nr_csv_read_requests, nr_csv_read_travel};
    if (size == 0) return 0;
    reader_fn reader = readers[data[0] % 4];
    const char *path = fz_write("input", data + 1, size - 1);
    nr_region *r = nr_region_new();
    if (!r) return 0;
    nr_diags d = NR_DIAGS_INIT;
    int rc = reader(r, path, &d);
    fz_check(rc, &d);
    /* what was read must survive the model's own pass */
    if (rc == 0) {
        nr_diags more = NR_DIAGS_INIT;
        (void)nr_region_resolve(r, &more);
        nr_diags_clear(&more);
    }
    nr_region_free(r);
    nr_diags_clear(&d);
    return 0;
}
