/* summary.json: the penalty figures when fairness is off, the new terms,
 * surplus and uncovered counts with optional slots, and the changes of a
 * re-solve; every text parsed back with jansson. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export/summary.h"
#include "tests/data/checker/fixture.h"

/* gi needs 2 people and allows a third (cover 2, cover_max 3). */
static void gi_two_needed_one_optional(nr_region *r) {
    r->rotas[0].cover = 2;
    r->rotas[0].cover_max = 3;
}

/* gi Mon: three holders (one surplus); Tue: two (optional slot empty);
 * Wed: one (one uncovered); the rest of gi and all of ent empty. */
static nr_region *region_and_result(bool fairness_off, nr_solve_result *res) {
    fx_options o = {.hook = gi_two_needed_one_optional};
    nr_region *r = fx_region(o);
    r->fairness_off = fairness_off;
    nr_plan *p = nr_plan_new(r);
    cr_assert_not_null(p);
    fx_set(r, p, "gi", "2026-11-02", 0, "P001");
    fx_set(r, p, "gi", "2026-11-02", 1, "P002");
    fx_set(r, p, "gi", "2026-11-02", 2, "P003");
    fx_set(r, p, "gi", "2026-11-03", 1, "P001");
    fx_set(r, p, "gi", "2026-11-03", 2, "P004");
    fx_set(r, p, "gi", "2026-11-04", 0, "P002");
    memset(res, 0, sizeof *res);
    res->status = NR_SOLVE_GAPS;
    res->plan = p;
    res->objective = 6070.0 + 12.5;
    res->bound = 6000.0;
    res->gap = (6082.5 - 6000.0) / 6082.5;
    res->seconds = 1.5;
    res->uncovered = nr_plan_uncovered(p);
    res->terms.uncovered = (double)res->uncovered;
    res->terms.surplus = 1;
    res->terms.under_cost = 600;
    res->terms.over_cost = 2;
    res->terms.requests = 5;
    res->terms.min_hours_short = 3.5;
    res->terms.travel = 12.5;
    res->penalty = 607;
    res->penalty_bound = fairness_off ? 600 : NAN;
    return r;
}

static json_t *parse(char *text) {
    cr_assert_not_null(text);
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);
    cr_assert_not_null(root, "invalid JSON at line %d: %s\n%s", err.line, err.text, text);
    free(text);
    return root;
}

static double num(const json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    cr_assert(json_is_number(v), "%s is not a number", key);
    return json_number_value(v);
}

Test(summary, fairness_off_reports_the_penalty_as_objective) {
    nr_solve_result res;
    nr_region *r = region_and_result(true, &res);
    json_t *root = parse(nr_summary_json(r, &res));
    cr_expect_str_eq(json_string_value(json_object_get(root, "objective_kind")), "penalty");
    cr_expect_eq(num(root, "objective"), 607);
    cr_expect_eq(num(root, "bound"), 600);
    cr_expect_float_eq(num(root, "gap"), 7.0 / 607.0, 1e-9);
    cr_expect_eq(num(root, "penalty"), 607);
    cr_expect_eq(num(root, "penalty_bound"), 600);
    json_t *w = json_object_get(root, "weighted");
    cr_assert(json_is_object(w), "no weighted figures");
    cr_expect_eq(num(w, "objective"), 6082.5);
    cr_expect_eq(num(w, "bound"), 6000);
    cr_expect_float_eq(num(w, "gap"), 82.5 / 6082.5, 1e-9);
    json_t *t = json_object_get(root, "objective_terms");
    cr_expect_eq(num(t, "surplus"), 1);
    cr_expect_eq(num(t, "under_cost"), 600);
    cr_expect_eq(num(t, "over_cost"), 2);
    cr_expect_eq(num(t, "min_hours_short"), 3.5);
    cr_expect_eq(num(t, "requests"), 5);
    cr_expect(!json_object_get(root, "changes"));
    json_decref(root);

    /* The bound reached: proven, gap 0. Nothing proven: null, not 0. */
    res.penalty_bound = 607;
    root = parse(nr_summary_json(r, &res));
    cr_expect_eq(num(root, "gap"), 0);
    json_decref(root);
    res.penalty_bound = NAN;
    res.bound = -HUGE_VAL;
    root = parse(nr_summary_json(r, &res));
    cr_expect(json_is_null(json_object_get(root, "bound")));
    cr_expect(json_is_null(json_object_get(root, "gap")));
    cr_expect(json_is_null(json_object_get(root, "penalty_bound")));
    cr_expect(json_is_null(json_object_get(json_object_get(root, "weighted"), "bound")));
    cr_expect_eq(num(root, "objective"), 607);
    json_decref(root);
    nr_plan_free(res.plan);
    nr_region_free(r);
}

Test(summary, fairness_on_keeps_the_weighted_objective) {
    nr_solve_result res;
    nr_region *r = region_and_result(false, &res);
    json_t *root = parse(nr_summary_json(r, &res));
    cr_expect_str_eq(json_string_value(json_object_get(root, "objective_kind")), "weighted");
    cr_expect_eq(num(root, "objective"), 6082.5);
    cr_expect_eq(num(root, "bound"), 6000);
    cr_expect_eq(num(root, "penalty"), 607);
    cr_expect(json_is_null(json_object_get(root, "penalty_bound")));
    cr_expect(!json_object_get(root, "weighted"));
    json_decref(root);
    nr_plan_free(res.plan);
    nr_region_free(r);
}

/* Uncovered people are counted against needed: Wed lacks one, Thu-Sun two
 * each on gi, ent one a day; Tue's empty optional slot is not a gap. */
Test(summary, counts_uncovered_against_needed_and_the_surplus) {
    nr_solve_result res;
    nr_region *r = region_and_result(true, &res);
    json_t *root = parse(nr_summary_json(r, &res));
    cr_expect_eq(num(root, "uncovered"), 1 + 4 * 2 + 7);
    cr_expect_eq(num(root, "surplus"), 1);
    json_t *list = json_object_get(root, "uncovered_duties");
    cr_assert_eq(json_array_size(list), 5 + 7);
    size_t i;
    json_t *u;
    bool wed = false;
    json_array_foreach(list, i, u) {
        const char *date = json_string_value(json_object_get(u, "date"));
        const char *rota = json_string_value(json_object_get(u, "rota"));
        cr_expect(strcmp(rota, "gi") != 0 || strcmp(date, "2026-11-04") >= 0,
                  "%s %s listed as uncovered", rota, date);
        if (strcmp(rota, "gi") == 0 && strcmp(date, "2026-11-04") == 0) {
            wed = true;
            cr_expect_eq(num(u, "slots_uncovered"), 1);
        }
    }
    cr_expect(wed);
    json_decref(root);
    nr_plan_free(res.plan);
    nr_region_free(r);
}

/* The changes of a re-solve are part of the object (valid JSON, written
 * atomically), "nobody" as null. */
Test(summary, changes_of_a_resolve_are_written_with_the_rest) {
    nr_solve_result res;
    nr_region *r = region_and_result(true, &res);
    nr_plan_change ch[2] = {
        {.duty = (size_t)fx_duty(r, "gi", "2026-11-02"), .from = 3, .to = 2},
        {.duty = (size_t)fx_duty(r, "ent", "2026-11-05"), .from = 4, .to = NR_UNSET},
    };
    nr_summary_changes sc = {.from_run = 7, .list = ch, .n = 2};
    char path[] = "/tmp/nr_summary_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_summary_write_json_ex(r, &res, &sc, path, &d), 0);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    cr_assert_not_null(root, "%s:%d: %s", path, err.line, err.text);
    json_t *c = json_object_get(root, "changes");
    cr_expect_eq(num(c, "from_run"), 7);
    cr_expect_eq(num(c, "count"), 2);
    json_t *l = json_object_get(c, "list");
    cr_assert_eq(json_array_size(l), 2);
    json_t *a = json_array_get(l, 0), *b = json_array_get(l, 1);
    cr_expect_str_eq(json_string_value(json_object_get(a, "date")), "2026-11-02");
    cr_expect_str_eq(json_string_value(json_object_get(a, "rota")), "gi");
    cr_expect_str_eq(json_string_value(json_object_get(a, "shift")), "night");
    cr_expect_str_eq(json_string_value(json_object_get(a, "from")), "P004");
    cr_expect_str_eq(json_string_value(json_object_get(a, "to")), "P003");
    cr_expect_str_eq(json_string_value(json_object_get(b, "from")), "P005");
    cr_expect(json_is_null(json_object_get(b, "to")));
    /* The last key, so that the rest reads as before. */
    const char *last = NULL, *key;
    json_t *v;
    json_object_foreach(root, key, v) last = key;
    cr_expect_str_eq(last, "changes");
    json_decref(root);

    /* Without: no key at all. */
    cr_assert_eq(nr_summary_write_json(r, &res, path, &d), 0);
    root = json_load_file(path, 0, &err);
    cr_assert_not_null(root);
    cr_expect(!json_object_get(root, "changes"));
    json_decref(root);
    unlink(path);
    nr_diags_clear(&d);
    nr_plan_free(res.plan);
    nr_region_free(r);
}

/* The readable summary names the penalty and the people beyond cover. */
Test(summary, printed_summary_shows_penalty_and_surplus) {
    nr_solve_result res;
    nr_region *r = region_and_result(true, &res);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    nr_summary_print(r, &res, f);
    fclose(f);
    cr_expect(strstr(buf, "Status: gaps (gap 1.15%) in 1.5 s; penalty 607.00, bound 600.00\n"), "%s", buf);
    cr_expect(strstr(buf, "Duties: 14, uncovered slots: 16, people beyond cover: 1\n"), "%s", buf);
    cr_expect(strstr(buf, "  2026-11-04 gi night: 1 slot uncovered\n"), "%s", buf);
    cr_expect(!strstr(buf, "2026-11-03 gi night"), "%s", buf);
    free(buf);
    nr_plan_free(res.plan);
    nr_region_free(r);
}

/* A holder who has left the scenario since the run is named by the id the
 * run stored, with "from_left": true; other changes have no such key. */
Test(summary, a_change_from_a_holder_who_left_names_them) {
    nr_solve_result res;
    nr_region *r = region_and_result(true, &res);
    nr_plan_change ch[3] = {
        {.duty = (size_t)fx_duty(r, "gi", "2026-11-02"), .from = NR_UNSET, .to = 2,
         .from_left = "P099"},
        {.duty = (size_t)fx_duty(r, "gi", "2026-11-03"), .from = NR_UNSET, .to = NR_UNSET,
         .from_left = "P099"},
        {.duty = (size_t)fx_duty(r, "ent", "2026-11-05"), .from = NR_UNSET, .to = 4},
    };
    nr_summary_changes sc = {.from_run = 3, .list = ch, .n = 3};
    json_t *root = parse(nr_summary_json_ex(r, &res, &sc));
    json_t *l = json_object_get(json_object_get(root, "changes"), "list");
    cr_assert_eq(json_array_size(l), 3);
    json_t *a = json_array_get(l, 0), *b = json_array_get(l, 1), *c = json_array_get(l, 2);
    cr_expect_str_eq(json_string_value(json_object_get(a, "from")), "P099");
    cr_expect(json_is_true(json_object_get(a, "from_left")));
    cr_expect_str_eq(json_string_value(json_object_get(a, "to")), "P003");
    cr_expect_str_eq(json_string_value(json_object_get(b, "from")), "P099");
    cr_expect(json_is_true(json_object_get(b, "from_left")));
    cr_expect(json_is_null(json_object_get(b, "to")));
    cr_expect(json_is_null(json_object_get(c, "from")));
    cr_expect(!json_object_get(c, "from_left"));
    json_decref(root);
    nr_plan_free(res.plan);
    nr_region_free(r);
}
