/* Fuzz target: a rota.csv read back against the fixed base scenario. */
#include "fuzz_common.h"
#include "import/plancsv.h"
#include "import/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static nr_region *base;
    if (!base) {
        nr_diags d0 = NR_DIAGS_INIT;
        if (nr_scenario_load(NR_FUZZ_DATA "/base", &base, &d0) != 0) {
            nr_diags_print(&d0, stderr);
            abort();
        }
        nr_diags_clear(&d0);
    }
    const char *path = fz_write("input", data, size);
    nr_plan *p = NULL;
    nr_diags d = NR_DIAGS_INIT;
    int rc = nr_plancsv_read(base, path, &p, &d);
    fz_check(rc, &d);
    if ((rc == 0) != (p != NULL)) abort();
    nr_plan_free(p);
    nr_diags_clear(&d);
    return 0;
}
