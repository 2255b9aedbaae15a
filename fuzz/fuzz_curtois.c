/* Fuzz target: a Curtois & Qu benchmark instance (import/curtois.h). The
 * input is the file; a region that loads must also survive the checks a
 * solve starts with: a plan for it and the rule checker on that plan. */
#include "fuzz_common.h"
#include "import/curtois.h"
#include "model/checker.h"
#include "model/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *path = fz_write("input", data, size);
    nr_region *r = NULL;
    nr_diags d = NR_DIAGS_INIT;
    int rc = nr_curtois_load(path, &r, &d);
    fz_check(rc, &d);
    /* never a half region */
    if ((rc == 0) != (r != NULL)) abort();
    if (r) {
        nr_plan *p = nr_plan_new(r);
        nr_violation *v = NULL;
        size_t n = 0;
        if (p && nr_check_plan(r, p, &v, &n) == NR_EINTERNAL) abort();
        nr_violations_free(v, n);
        nr_plan_free(p);
    }
    nr_region_free(r);
    nr_diags_clear(&d);
    return 0;
}
