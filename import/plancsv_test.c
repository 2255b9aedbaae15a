/* rota.csv reader: rows to slots, and every bad row reported at FILE:LINE. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/plancsv.h"
#include "tests/data/checker/fixture.h"

#define DATA NR_TEST_DATA "/checker/"

static nr_region *region(void) {
    fx_options o = {.gi_rules = true};
    return fx_region(o);
}

static void expect_diag(const nr_diags *d, size_t i, enum nr_severity sev, const char *file,
                        int line, const char *message) {
    cr_assert_lt(i, d->count, "only %zu diagnostics", d->count);
    const nr_diag *g = &d->items[i];
    cr_assert_eq(g->severity, sev, "diagnostic %zu: severity %d", i, (int)g->severity);
    cr_assert_str_eq(g->file, file);
    cr_assert_eq(g->line, line, "diagnostic %zu (%s) at line %d, want %d", i, g->message, g->line,
                 line);
    cr_assert_str_eq(g->message, message);
}

Test(plancsv, every_bad_row_reported_with_its_line) {
    nr_region *r = region();
    nr_diags d = NR_DIAGS_INIT;
    nr_plan *p = (nr_plan *)&d; /* must be reset to NULL */
    const char *f = DATA "bad-rows.csv";
    cr_assert_eq(nr_plancsv_read(r, f, &p, &d), NR_EINPUT);
    cr_assert_null(p);
    nr_diags_print(&d, stderr);
    size_t i = 0;
    expect_diag(&d, i++, NR_SEV_WARNING, f, 1, "unknown column 'note' (ignored)");
    expect_diag(&d, i++, NR_SEV_ERROR, f, 3, "rota: unknown rota 'cardio'");
    expect_diag(&d, i++, NR_SEV_ERROR, f, 4, "shift: unknown shift 'late'");
    expect_diag(&d, i++, NR_SEV_ERROR, f, 5, "person: unknown person 'P999'");
    expect_diag(&d, i++, NR_SEV_ERROR, f, 6, "date: no gi night duty starts on 2026-11-09");
    expect_diag(&d, i++, NR_SEV_ERROR, f, 7,
                "person: gi night 2026-11-02 needs 1 person; this row is one too many");
    expect_diag(&d, i++, NR_SEV_ERROR, f, 8,
                "start: 2026-11-05T18:00:00+00:00 is not the duty's start "
                "2026-11-05T17:00:00+00:00");
    expect_diag(&d, i++, NR_SEV_ERROR, f, 9,
                "end: 'tomorrow' is not a date and time with offset (YYYY-MM-DDTHH:MM:SS+HH:MM)");
    expect_diag(&d, i++, NR_SEV_ERROR, f, 10, "date: '2026-13-01' is not a date (YYYY-MM-DD)");
    expect_diag(&d, i++, NR_SEV_ERROR, f, 13, "date: no ent night duty starts on 2026-11-08");
    expect_diag(&d, i++, NR_SEV_WARNING, f, 14, "trust: P002 belongs to T1, not T2");
    cr_assert_eq(d.count, i, "%zu diagnostics, expected %zu", d.count, i);
    cr_assert_eq(d.errors, 9);
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(plancsv, bom_crlf_any_column_order_offsets_and_apostrophes) {
    nr_region *r = region();
    nr_diags d = NR_DIAGS_INIT;
    nr_plan *p = NULL;
    int rc = nr_plancsv_read(r, DATA "good-crlf-bom.csv", &p, &d);
    nr_diags_print(&d, stderr);
    cr_assert_eq(rc, 0);
    cr_assert_eq(d.count, 0);
    cr_assert_not_null(p);
    int gi_mon = fx_duty(r, "gi", "2026-11-02"), gi_tue = fx_duty(r, "gi", "2026-11-03");
    int ent_tue = fx_duty(r, "ent", "2026-11-03"), gi_wed = fx_duty(r, "gi", "2026-11-04");
    cr_assert_eq(p->holder[p->first_slot[gi_mon]], nr_region_find_person(r, "P001"));
    cr_assert_eq(p->holder[p->first_slot[gi_tue]], NR_UNSET); /* empty person */
    cr_assert_eq(p->holder[p->first_slot[ent_tue]], nr_region_find_person(r, "P005"));
    cr_assert_eq(p->holder[p->first_slot[gi_wed]], nr_region_find_person(r, "P006"));
    /* Three slots filled; the 11 duties no row names stay uncovered. */
    cr_assert_eq(nr_plan_uncovered(p), 14 - 3);
    nr_plan_free(p);
    nr_region_free(r);
}

Test(plancsv, header_only_gives_an_empty_plan) {
    nr_region *r = region();
    nr_diags d = NR_DIAGS_INIT;
    nr_plan *p = NULL;
    cr_assert_eq(nr_plancsv_read(r, DATA "header-only.csv", &p, &d), 0);
    cr_assert_eq(nr_plan_uncovered(p), 14);
    nr_plan_free(p);
    nr_region_free(r);
}

Test(plancsv, missing_required_columns) {
    nr_region *r = region();
    nr_diags d = NR_DIAGS_INIT;
    nr_plan *p = NULL;
    const char *f = DATA "missing-columns.csv";
    cr_assert_eq(nr_plancsv_read(r, f, &p, &d), NR_EINPUT);
    cr_assert_null(p);
    nr_diags_print(&d, stderr);
    cr_assert_eq(d.errors, 2);
    for (size_t i = 0; i < d.count; i++) {
        if (d.items[i].severity != NR_SEV_ERROR) continue;
        cr_assert_str_eq(d.items[i].file, f);
        cr_assert_eq(d.items[i].line, 1);
        cr_assert(strstr(d.items[i].message, "shift") || strstr(d.items[i].message, "person"),
                  "%s", d.items[i].message);
    }
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(plancsv, missing_file_is_an_io_error) {
    nr_region *r = region();
    nr_diags d = NR_DIAGS_INIT;
    nr_plan *p = NULL;
    cr_assert_eq(nr_plancsv_read(r, DATA "no-such-rota.csv", &p, &d), NR_EIO);
    cr_assert_null(p);
    cr_assert_eq(d.errors, 1);
    cr_assert_str_eq(d.items[0].file, DATA "no-such-rota.csv");
    nr_diags_clear(&d);
    nr_region_free(r);
}

/* gi needs 2 people and allows a third (cover 2, cover_max 3). */
static void gi_two_needed_one_optional(nr_region *r) {
    r->rotas[0].cover = 2;
    r->rotas[0].cover_max = 3;
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* Holders fill a duty's needed and optional slots in row order (a surplus
 * is fine); the fourth holder of a 2 + 1 duty is one too many, reported
 * at its line; a duty with no rows, or only a row for the gap, is
 * uncovered. */
Test(plancsv, holders_fill_needed_then_optional_slots) {
    fx_options o = {.hook = gi_two_needed_one_optional};
    nr_region *r = fx_region(o);
    char path[] = "/tmp/nr_plancsv_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    write_file(path, "date,rota,shift,person\n"
                     "2026-11-02,gi,night,P001\n"
                     "2026-11-02,gi,night,\n"
                     "2026-11-02,gi,night,P002\n"
                     "2026-11-03,gi,night,P001\n"
                     "2026-11-03,gi,night,P002\n"
                     "2026-11-03,gi,night,P003\n"
                     "2026-11-04,gi,night,P004\n"
                     "2026-11-04,gi,night,\n");
    nr_diags d = NR_DIAGS_INIT;
    nr_plan *p = NULL;
    int rc = nr_plancsv_read(r, path, &p, &d);
    nr_diags_print(&d, stderr);
    cr_assert_eq(rc, 0);
    cr_assert_eq(d.count, 0);
    int mon = fx_duty(r, "gi", "2026-11-02"), tue = fx_duty(r, "gi", "2026-11-03");
    int wed = fx_duty(r, "gi", "2026-11-04");
    cr_expect_eq(p->holder[p->first_slot[mon]], nr_region_find_person(r, "P001"));
    cr_expect_eq(p->holder[p->first_slot[mon] + 1], nr_region_find_person(r, "P002"));
    cr_expect_eq(p->holder[p->first_slot[mon] + 2], NR_UNSET);
    cr_expect_eq(nr_plan_held(p, (size_t)tue), 3);
    cr_expect_eq(nr_plan_held(p, (size_t)wed), 1);
    cr_expect_eq(nr_plan_surplus(p), 1);
    /* Wed 1, Thu-Sun 2 each, ent's 7 days 1 each. */
    cr_expect_eq(nr_plan_uncovered(p), 1 + 4 * 2 + 7);
    nr_plan_free(p);

    write_file(path, "date,rota,shift,person\n"
                     "2026-11-02,gi,night,P001\n"
                     "2026-11-02,gi,night,P002\n"
                     "2026-11-02,gi,night,P003\n"
                     "2026-11-02,gi,night,P004\n"
                     "2026-11-03,gi,night,P001\n"
                     "2026-11-02,gi,night,\n"
                     "2026-11-02,ent,day,P005\n"
                     "2026-11-02,ent,day,P006\n");
    p = (nr_plan *)&d;
    cr_assert_eq(nr_plancsv_read(r, path, &p, &d), NR_EINPUT);
    cr_assert_null(p);
    cr_assert_eq(d.errors, 3);
    expect_diag(&d, 0, NR_SEV_ERROR, path, 5,
                "person: gi night 2026-11-02 takes at most 3 people (2 needed + 1 optional); "
                "this row is one too many");
    expect_diag(&d, 1, NR_SEV_ERROR, path, 7,
                "person: gi night 2026-11-02 takes at most 3 people (2 needed + 1 optional); "
                "this row is one too many");
    expect_diag(&d, 2, NR_SEV_ERROR, path, 9,
                "person: ent day 2026-11-02 needs 1 person; this row is one too many");
    nr_diags_clear(&d);
    unlink(path);
    nr_region_free(r);
}
