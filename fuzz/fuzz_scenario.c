/* Fuzz target: a scenario.yaml (also a what-if: the folder holds a fixed
 * base scenario, so `extends: base` resolves) loaded end to end. */
#include "fuzz_common.h"
#include "import/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *path = fz_write("scenario.yaml", data, size);
    nr_region *r = NULL;
    nr_diags d = NR_DIAGS_INIT;
    int rc = nr_scenario_load(path, &r, &d);
    fz_check(rc, &d);
    /* nothing half-done: a failed load hands back no region */
    if ((rc == 0) != (r != NULL)) abort();
    nr_region_free(r);
    nr_diags_clear(&d);
    return 0;
}
