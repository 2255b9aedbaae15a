#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/diag.h"

static char *print_to_string(const nr_diags *d) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    nr_diags_print(d, f);
    fclose(f);
    return buf;
}

Test(diag, formats_compiler_style_and_counts) {
    nr_diags d = NR_DIAGS_INIT;
    int rc = nr_diag_error(&d, nr_loc_at("a.csv", 4), "trust: unknown trust '%s'", "XYZ");
    cr_assert_eq(rc, NR_EINPUT);
    rc = nr_diag_warning(&d, (nr_loc){"s.yaml", 7, 3}, "leave outside the period");
    cr_assert_eq(rc, 0);
    nr_diag_error(&d, (nr_loc){NULL, 0, 0}, "no file");
    cr_assert_eq(d.errors, 2);
    cr_assert_eq(d.warnings, 1);
    char *s = print_to_string(&d);
    cr_assert_str_eq(s, "a.csv:4: error: trust: unknown trust 'XYZ'\n"
                        "s.yaml:7:3: warning: leave outside the period\n"
                        "error: no file\n");
    free(s);
    nr_diags_clear(&d);
    cr_assert_eq(d.count, 0);
}

Test(diag, sort_is_by_file_then_line_and_stable) {
    nr_diags d = NR_DIAGS_INIT;
    nr_diag_error(&d, nr_loc_at("b", 2), "b2");
    nr_diag_error(&d, nr_loc_at("a", 9), "a9");
    nr_diag_error(&d, nr_loc_at("a", 1), "a1-first");
    nr_diag_error(&d, nr_loc_at("a", 1), "a1-second");
    nr_diags_sort(&d);
    cr_assert_str_eq(d.items[0].message, "a1-first");
    cr_assert_str_eq(d.items[1].message, "a1-second");
    cr_assert_str_eq(d.items[2].message, "a9");
    cr_assert_str_eq(d.items[3].message, "b2");
    nr_diags_clear(&d);
}

Test(diag, append_moves_items) {
    nr_diags a = NR_DIAGS_INIT, b = NR_DIAGS_INIT;
    nr_diag_error(&a, nr_loc_at("x", 1), "one");
    nr_diag_warning(&b, nr_loc_at("y", 2), "two");
    cr_assert_eq(nr_diags_append(&a, &b), 0);
    cr_assert_eq(a.count, 2);
    cr_assert_eq(a.warnings, 1);
    cr_assert_eq(b.count, 0);
    nr_diags_clear(&a);
}
