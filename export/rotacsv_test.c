/* rota.csv: the exact text written, formula neutralisation, a round trip
 * through import/plancsv, and failed writes leaving the old file alone. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export/rotacsv.h"
#include "import/plancsv.h"
#include "tests/data/checker/fixture.h"

static char dir[64];

static void make_dir(void) {
    snprintf(dir, sizeof dir, "/tmp/nr_rotacsv_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void) {
    DIR *dh = opendir(dir);
    if (!dh) return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(dh)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(dh);
    rmdir(dir);
}

TestSuite(rotacsv, .init = make_dir, .fini = remove_dir);

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    char *buf = calloc(1, 1 << 16);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int files_in_dir(void) {
    DIR *dh = opendir(dir);
    cr_assert_not_null(dh);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dh)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(dh);
    return n;
}

/* The line of the text that starts with prefix (without its newline). */
static void line_starting(const char *text, const char *prefix, char *out, size_t size) {
    const char *p = text;
    while (p && *p) {
        if (strncmp(p, prefix, strlen(prefix)) == 0) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            cr_assert_lt(n, size);
            memcpy(out, p, n);
            out[n] = '\0';
            return;
        }
        p = strchr(p, '\n');
        if (p) p++;
    }
    cr_assert_fail("no line starting with %s", prefix);
}

Test(rotacsv, plain_rows_in_duty_order) {
    fx_options o = {.gi_rules = true};
    nr_region *r = fx_region(o);
    nr_plan *p = fx_baseline(r);
    fx_set(r, p, "gi", "2026-11-08", 0, NULL);
    char path[128];
    snprintf(path, sizeof path, "%s/rota.csv", dir);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_rotacsv_write(r, p, path, &d), 0);
    cr_assert_eq(d.count, 0);
    char *text = slurp(path);
    const char *want_head =
        "date,rota,shift,start,end,person,trust\n"
        "2026-11-02,ent,day,2026-11-02T08:00:00+00:00,2026-11-02T18:00:00+00:00,P005,T2\n"
        "2026-11-02,gi,night,2026-11-02T17:00:00+00:00,2026-11-03T08:00:00+00:00,P001,T1\n"
        "2026-11-03,ent,day,2026-11-03T08:00:00+00:00,2026-11-03T18:00:00+00:00,P005,T2\n";
    cr_assert_eq(strncmp(text, want_head, strlen(want_head)), 0, "got:\n%s", text);
    const char *want_tail =
        "2026-11-08,gi,night,2026-11-08T17:00:00+00:00,2026-11-09T08:00:00+00:00,,\n";
    size_t n = strlen(text);
    cr_assert_str_eq(text + n - strlen(want_tail), want_tail);
    int lines = 0;
    for (const char *c = text; *c; c++) lines += *c == '\n';
    cr_assert_eq(lines, 15); /* header + 14 duties */
    cr_assert_eq(files_in_dir(), 1, "the temporary file is gone");
    free(text);
    nr_plan_free(p);
    nr_region_free(r);
}

static fx_options hostile(void) {
    fx_options o = {.gi_rules = true,
                    .person_ids = {"=HYPERLINK(\"http://x.example\",\"click\")", "-P002", "@P003",
                                   "P,004", "'P005", "\tP006"},
                    .trust_ids = {"+T1", "T2"},
                    .gi_id = "gi \"a\""};
    return o;
}

Test(rotacsv, formulas_are_neutralised_and_quoted) {
    nr_region *r = fx_region(hostile());
    nr_plan *p = fx_baseline(r);
    fx_set(r, p, "ent", "2026-11-03", 0, "\tP006");
    char path[128];
    snprintf(path, sizeof path, "%s/rota.csv", dir);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_rotacsv_write(r, p, path, &d), 0);
    char *text = slurp(path);
    char line[512];
    line_starting(text, "2026-11-02,\"gi", line, sizeof line);
    cr_assert_str_eq(line, "2026-11-02,\"gi \"\"a\"\"\",night,2026-11-02T17:00:00+00:00,"
                           "2026-11-03T08:00:00+00:00,"
                           "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"click\"\")\",'+T1");
    line_starting(text, "2026-11-03,\"gi", line, sizeof line);
    cr_assert(strstr(line, ",'-P002,'+T1"), "%s", line);
    line_starting(text, "2026-11-04,\"gi", line, sizeof line);
    cr_assert(strstr(line, ",'@P003,'+T1"), "%s", line);
    line_starting(text, "2026-11-05,\"gi", line, sizeof line);
    cr_assert(strstr(line, ",\"P,004\",'+T1"), "%s", line);
    line_starting(text, "2026-11-02,ent", line, sizeof line);
    cr_assert(strstr(line, ",''P005,T2"), "%s", line);
    line_starting(text, "2026-11-03,ent", line, sizeof line);
    cr_assert(strstr(line, ",'\tP006,T2"), "%s", line);
    free(text);
    nr_plan_free(p);
    nr_region_free(r);
}

static void round_trip(fx_options o) {
    nr_region *r = fx_region(o);
    nr_plan *p = fx_baseline(r);
    fx_set(r, p, r->rotas[0].id, "2026-11-06", 0, NULL);
    fx_set(r, p, "ent", "2026-11-03", 0, r->people[5].id);
    char path[128];
    snprintf(path, sizeof path, "%s/rota.csv", dir);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_rotacsv_write(r, p, path, &d), 0);
    nr_plan *back = NULL;
    int rc = nr_plancsv_read(r, path, &back, &d);
    nr_diags_print(&d, stderr);
    cr_assert_eq(rc, 0);
    cr_assert_eq(d.errors, 0);
    cr_assert_eq(back->n_slots, p->n_slots);
    for (size_t s = 0; s < p->n_slots; s++)
        cr_assert_eq(back->holder[s], p->holder[s], "slot %zu: %d, want %d", s, back->holder[s],
                     p->holder[s]);
    nr_diags_clear(&d);
    nr_plan_free(back);
    nr_plan_free(p);
    nr_region_free(r);
}

Test(rotacsv, round_trip_plain) {
    fx_options o = {.gi_rules = true};
    round_trip(o);
}

Test(rotacsv, round_trip_hostile_ids) { round_trip(hostile()); }

Test(rotacsv, round_trip_cover_two) {
    fx_options o = {.gi_cover = 2};
    nr_region *r = fx_region(o);
    nr_plan *p = nr_plan_new(r);
    for (int i = 0; i < 7; i++) {
        fx_set(r, p, "gi", fx_week[i], 0, "P002");
        fx_set(r, p, "gi", fx_week[i], 1, i % 2 ? "P001" : NULL);
    }
    char path[128];
    snprintf(path, sizeof path, "%s/rota.csv", dir);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_rotacsv_write(r, p, path, &d), 0);
    nr_plan *back = NULL;
    cr_assert_eq(nr_plancsv_read(r, path, &back, &d), 0);
    cr_assert_eq(memcmp(back->holder, p->holder, p->n_slots * sizeof *p->holder), 0);
    nr_plan_free(back);
    nr_plan_free(p);
    nr_region_free(r);
}

Test(rotacsv, full_disk_is_an_error) {
    fx_options o = {.gi_rules = true};
    nr_region *r = fx_region(o);
    nr_plan *p = fx_baseline(r);
    FILE *f = fopen("/dev/full", "w");
    cr_assert_not_null(f);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_rotacsv_fwrite(r, p, f, "rota.csv", &d), NR_EIO);
    fclose(f);
    cr_assert_eq(d.errors, 1);
    cr_assert_str_eq(d.items[0].file, "rota.csv");
    cr_assert_str_eq(d.items[0].message, "cannot write: No space left on device");
    nr_diags_clear(&d);
    nr_plan_free(p);
    nr_region_free(r);
}

Test(rotacsv, failed_write_leaves_previous_file) {
    fx_options o = {.gi_rules = true};
    nr_region *r = fx_region(o);
    nr_plan *p = fx_baseline(r);
    char path[128];
    snprintf(path, sizeof path, "%s/rota.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("previous\n", f);
    fclose(f);
    p->n_duties--; /* a plan that does not fit the region */
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_rotacsv_write(r, p, path, &d), NR_EINTERNAL);
    p->n_duties++;
    char *text = slurp(path);
    cr_assert_str_eq(text, "previous\n");
    cr_assert_eq(files_in_dir(), 1, "the temporary file was removed");
    free(text);
    nr_diags_clear(&d);
    nr_plan_free(p);
    nr_region_free(r);
}

Test(rotacsv, missing_folder_is_an_io_error) {
    fx_options o = {.gi_rules = true};
    nr_region *r = fx_region(o);
    nr_plan *p = fx_baseline(r);
    char path[128];
    snprintf(path, sizeof path, "%s/no/such/rota.csv", dir);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_rotacsv_write(r, p, path, &d), NR_EIO);
    cr_assert_eq(d.errors, 1);
    cr_assert_str_eq(d.items[0].file, path);
    nr_diags_clear(&d);
    nr_plan_free(p);
    nr_region_free(r);
}

/* gi needs 2 people and allows a third (cover 2, cover_max 3). */
static void gi_two_needed_one_optional(nr_region *r) {
    r->rotas[0].cover = 2;
    r->rotas[0].cover_max = 3;
}

static size_t lines_of(const char *text, const char *prefix) {
    size_t n = 0;
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        n += strncmp(p, prefix, strlen(prefix)) == 0;
    return n;
}

/* Rows for held slots (a surplus person included) and for uncovered ones,
 * none for an empty optional slot; read back, every duty has the same
 * holders, the same uncovered count and the same surplus. */
Test(rotacsv, surplus_and_empty_optional_slots_round_trip) {
    fx_options o = {.hook = gi_two_needed_one_optional};
    nr_region *r = fx_region(o);
    int mon = fx_duty(r, "gi", "2026-11-02");
    cr_assert_eq(r->duties[mon].needed, 2);
    cr_assert_eq(r->duties[mon].optional, 1);
    nr_plan *p = nr_plan_new(r);
    cr_assert_eq(p->n_slots, 7 * 3 + 7);
    for (int i = 0; i < 7; i++) fx_set(r, p, "ent", fx_week[i], 0, "P005");
    fx_set(r, p, "gi", "2026-11-02", 0, "P001"); /* Mon: one beyond the two needed */
    fx_set(r, p, "gi", "2026-11-02", 1, "P002");
    fx_set(r, p, "gi", "2026-11-02", 2, "P003");
    fx_set(r, p, "gi", "2026-11-03", 0, "P001"); /* Tue: the optional slot empty */
    fx_set(r, p, "gi", "2026-11-03", 1, "P002");
    fx_set(r, p, "gi", "2026-11-04", 2, "P004"); /* Wed: one missing, empty slots first */
    fx_set(r, p, "gi", "2026-11-06", 1, "P004"); /* Fri: covered from the back */
    fx_set(r, p, "gi", "2026-11-06", 2, "P003");
    cr_assert_eq(nr_plan_surplus(p), 1);
    cr_assert_eq(nr_plan_uncovered(p), 1 + 3 * 2); /* Wed; Thu, Sat, Sun */

    char path[128];
    snprintf(path, sizeof path, "%s/rota.csv", dir);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_rotacsv_write(r, p, path, &d), 0);
    char *text = slurp(path);
    cr_expect_eq(lines_of(text, ""), 1 + 3 + 2 + 2 + 2 + 2 + 2 + 2 + 7, "%s", text);
    cr_expect_eq(lines_of(text, "2026-11-02,gi,"), 3);
    cr_expect_eq(lines_of(text, "2026-11-03,gi,"), 2);
    cr_expect(strstr(text, "2026-11-03,gi,night,2026-11-03T17:00:00+00:00,2026-11-04T08:00:00+00:00,"
                           "P002,T1\n2026-11-04,"), "%s", text);
    cr_expect(strstr(text, ",P004,T1\n2026-11-04,gi,night,2026-11-04T17:00:00+00:00,"
                           "2026-11-05T08:00:00+00:00,,\n"), "Wed: the holder, then the gap");
    cr_expect_eq(lines_of(text, "2026-11-05,gi,"), 2);
    cr_expect(strstr(text, ",P004,T1\n2026-11-06,gi,night,2026-11-06T17:00:00+00:00,"
                           "2026-11-07T08:00:00+00:00,P003,T1\n"), "Fri: holders in slot order");

    nr_plan *back = NULL;
    int rc = nr_plancsv_read(r, path, &back, &d);
    nr_diags_print(&d, stderr);
    cr_assert_eq(rc, 0);
    cr_assert_eq(d.count, 0);
    cr_assert_eq(back->n_slots, p->n_slots);
    cr_expect_eq(nr_plan_surplus(back), 1);
    cr_expect_eq(nr_plan_uncovered(back), 7);
    for (size_t i = 0; i < r->n_duties; i++) {
        cr_expect_eq(nr_plan_held(back, i), nr_plan_held(p, i), "duty %zu", i);
        for (size_t q = 0; q < r->n_people; q++)
            cr_expect_eq(nr_plan_holds(back, i, (int)q), nr_plan_holds(p, i, (int)q),
                         "duty %zu, person %zu", i, q);
    }
    /* Holders fill the first slots, so a plan laid out that way comes back
     * slot for slot: Mon and Tue did, Fri moved to the front. */
    cr_expect_eq(memcmp(&back->holder[back->first_slot[mon]], &p->holder[p->first_slot[mon]],
                        6 * sizeof *p->holder), 0);
    int fri = fx_duty(r, "gi", "2026-11-06");
    cr_expect_eq(back->holder[back->first_slot[fri]], nr_region_find_person(r, "P004"));
    cr_expect_eq(back->holder[back->first_slot[fri] + 1], nr_region_find_person(r, "P003"));
    cr_expect_eq(back->holder[back->first_slot[fri] + 2], NR_UNSET);
    free(text);
    nr_diags_clear(&d);
    nr_plan_free(back);
    nr_plan_free(p);
    nr_region_free(r);
}
