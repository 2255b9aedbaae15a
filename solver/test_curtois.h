/*
 * test_curtois.h - private to the solver tests that build the solver's own
 * data from the Curtois instances in tests/data/curtois and call GLPK
 * directly: loading an instance, and a suite's GLPK set-up and tear-down.
 */
#ifndef NETROTA_SOLVER_TEST_CURTOIS_H
#define NETROTA_SOLVER_TEST_CURTOIS_H

#include <criterion/criterion.h>
#include <glpk.h>
#include <stdio.h>

#include "import/curtois.h"

/* tests/data/curtois/<name>.txt, loaded and expanded. */
static inline nr_region *load_curtois(const char *name) {
    char path[512];
    snprintf(path, sizeof path, "%s/curtois/%s.txt", NR_TEST_DATA, name);
    nr_region *r = NULL;
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_curtois_load(path, &r, &d), 0, "cannot load %s", path);
    nr_diags_clear(&d);
    return r;
}

static inline void glpk_quiet(void) { glp_term_out(GLP_OFF); }
static inline void glpk_done(void) { glp_free_env(); }

#endif
