/* Tests for the general rules in scenario.yaml: the rules max_duties,
 * min_hours, min_consecutive and min_days_off, shift caps (overrides with
 * shift:), not_followed_by, a rota's cover_max and weights, per-date
 * cover_on entries and the objective; in a base, in what-ifs, and every bad
 * value with its exact FILE:LINE:COL message. Also: the format document
 * names every key the examples use. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/scenario.h"
#include "import/yaml_tree.h"

#define DATA NR_TEST_DATA "/scenario/"
#define RULES DATA "rules/"

static char *render(const nr_diags *d) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    nr_diags_print(d, f);
    fclose(f);
    return buf;
}

static void expect_failure(const char *path, const char *want) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = (nr_region *)&d; /* must be reset to NULL */
    int rc = nr_scenario_load(path, &r, &d);
    char *got = render(&d);
    cr_expect_eq(rc, NR_EINPUT, "rc %d for %s", rc, path);
    cr_expect_null(r);
    cr_expect_str_eq(got, want);
    free(got);
    nr_diags_clear(&d);
}

/* A load that must succeed without a single diagnostic. */
static nr_region *load_clean(const char *path) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = NULL;
    int rc = nr_scenario_load(path, &r, &d);
    char *got = render(&d);
    cr_assert_eq(rc, 0, "loading %s failed (%d):\n%s", path, rc, got);
    cr_expect_str_eq(got, "", "diagnostics loading %s", path);
    free(got);
    nr_diags_clear(&d);
    cr_assert_not_null(r);
    return r;
}

static nr_date ymd(int y, int m, int dd) {
    nr_date out = 0;
    cr_assert(nr_date_from_ymd(y, m, dd, &out));
    return out;
}

static int idx(int i, const char *what) {
    cr_assert_neq(i, NR_UNSET, "no %s", what);
    return i;
}
#define ROTA(r, id) idx(nr_region_find_rota((r), (id)), id)
#define SHIFT(r, id) idx(nr_region_find_shift((r), (id)), id)
#define PERSON(r, id) idx(nr_region_find_person((r), (id)), id)

static const nr_duty *duty(const nr_region *r, const char *rota, const char *shift, nr_date date) {
    int k = ROTA(r, rota), s = SHIFT(r, shift);
    for (size_t i = 0; i < r->n_duties; i++)
        if (r->duties[i].rota == k && r->duties[i].shift == s && r->duties[i].date == date)
            return &r->duties[i];
    cr_assert_fail("no duty %s %s on day %ld", rota, shift, (long)date);
    return NULL;
}

static void expect_cover(const nr_duty *u, int needed, int optional, double under, double over) {
    cr_expect_eq(u->needed, needed, "needed %d", u->needed);
    cr_expect_eq(u->optional, optional, "optional %d", u->optional);
    cr_expect_float_eq(u->under_weight, under, 1e-9, "under %g", u->under_weight);
    cr_expect_float_eq(u->over_weight, over, 1e-9, "over %g", u->over_weight);
}

/* ---- a base scenario ---- */

Test(rules, rota_rules_and_person_overrides) {
    nr_region *r = load_clean(RULES "scenario.yaml");
    int ward = ROTA(r, "ward");
    const nr_rules *k = &r->rotas[ward].rules;
    cr_expect_eq(k->max_duties, 20);
    cr_expect_float_eq(k->min_hours, 40.5, 1e-9);
    cr_expect_eq(k->min_consecutive, 2);
    cr_expect_eq(k->min_days_off, 2);
    /* P1: every rule overridden on this rota */
    nr_rules p1 = nr_region_rules_for(r, PERSON(r, "P1"), ward);
    cr_expect_eq(p1.max_duties, 5);
    cr_expect_float_eq(p1.min_hours, 10.0, 1e-9);
    cr_expect_eq(p1.min_consecutive, 1);
    cr_expect_eq(p1.min_days_off, 3);
    /* P2: an override for all rotas; their shift cap changes no rule */
    nr_rules p2 = nr_region_rules_for(r, PERSON(r, "P2"), ward);
    cr_expect_eq(p2.max_duties, 6);
    cr_expect_float_eq(p2.min_hours, 40.5, 1e-9);
    nr_rules p3 = nr_region_rules_for(r, PERSON(r, "P3"), ward);
    cr_expect_eq(p3.max_duties, 20);
    nr_region_free(r);
}

Test(rules, shift_caps) {
    nr_region *r = load_clean(RULES "scenario.yaml");
    int ward = ROTA(r, "ward"), night = SHIFT(r, "night"), late = SHIFT(r, "late");
    int early = SHIFT(r, "early");
    int p2 = PERSON(r, "P2"), p3 = PERSON(r, "P3");
    cr_expect_eq(nr_region_shift_cap(r, p2, ward, night), 0);
    cr_expect_eq(nr_region_shift_cap(r, p2, ward, early), NR_UNSET);
    cr_expect_eq(nr_region_shift_cap(r, p3, ward, late), 4);
    cr_expect_eq(nr_region_shift_cap(r, p3, ward, night), NR_UNSET);
    cr_expect_eq(nr_region_shift_cap(r, PERSON(r, "P1"), ward, night), NR_UNSET);
    cr_assert_eq(r->n_overrides, 4);
    const nr_override *o = &r->overrides[2];
    cr_expect_str_eq(o->shift.id, "night");
    cr_expect_eq(o->shift.index, night);
    cr_expect_null(o->rota.id);
    cr_expect_eq(o->shift.loc.line, 37);
    cr_expect_eq(o->shift.loc.col, 26);
    cr_expect_eq(r->overrides[3].rota.index, ward);
    cr_expect_null(r->overrides[0].shift.id);
    nr_region_free(r);
}

Test(rules, not_followed_by) {
    nr_region *r = load_clean(RULES "scenario.yaml");
    int early = SHIFT(r, "early"), late = SHIFT(r, "late"), night = SHIFT(r, "night");
    const nr_refs *n = &r->shifts[night].not_followed_by;
    cr_assert_eq(n->count, 2);
    cr_expect_eq(n->items[0].index, early);
    cr_expect_eq(n->items[1].index, late);
    cr_expect_eq(n->items[1].loc.line, 15);
    cr_expect_eq(n->items[1].loc.col, 71);
    cr_expect_eq(r->shifts[late].not_followed_by.count, 1);
    cr_expect_eq(r->shifts[early].not_followed_by.count, 0);
    cr_expect(nr_region_forbids_succession(r, night, late));
    cr_expect(nr_region_forbids_succession(r, late, early));
    cr_expect_not(nr_region_forbids_succession(r, late, night));
    cr_expect_not(nr_region_forbids_succession(r, early, late));
    nr_region_free(r);
}

Test(cover, rota_cover_and_dated_entries) {
    nr_region *r = load_clean(RULES "scenario.yaml");
    cr_expect(r->fairness_off);
    int ward = ROTA(r, "ward"), night = SHIFT(r, "night");
    const nr_rota *k = &r->rotas[ward];
    cr_expect_eq(k->cover, 1);
    cr_expect_eq(k->cover_max, 2);
    cr_expect_float_eq(k->under_weight, 100.0, 1e-9);
    cr_expect_float_eq(k->over_weight, 2.5, 1e-9);

    cr_assert_eq(r->n_covers, 3);
    const nr_cover *c = &r->covers[0];
    cr_expect_eq(c->rota.index, ward);
    cr_expect_null(c->shift.id);
    cr_expect_eq(c->date, ymd(2027, 5, 30));
    cr_expect_eq(c->needed, 0);
    cr_expect_eq(c->max, NR_UNSET);
    cr_expect(c->under_weight < 0 && c->over_weight < 0);
    cr_expect_eq(c->loc.line, 29);
    cr_expect_eq(c->loc.col, 9);
    c = &r->covers[1];
    cr_expect_eq(c->shift.index, night);
    cr_expect_eq(c->date, ymd(2027, 5, 30));
    cr_expect_eq(c->needed, 2);
    cr_expect_eq(c->max, 3);
    cr_expect_float_eq(c->under_weight, 50.0, 1e-9);
    cr_expect_float_eq(c->over_weight, 0.0, 1e-9);
    c = &r->covers[2];
    cr_expect_eq(c->needed, NR_UNSET);
    cr_expect_eq(c->max, 1);

    /* the duties they make: a plain day; 30 May (none needed, the night
     * shift two to three); 1 June (nobody beyond the one needed) */
    expect_cover(duty(r, "ward", "early", ymd(2027, 5, 24)), 1, 1, 100, 2.5);
    expect_cover(duty(r, "ward", "early", ymd(2027, 5, 30)), 0, 2, 100, 2.5);
    expect_cover(duty(r, "ward", "late", ymd(2027, 5, 30)), 0, 2, 100, 2.5);
    expect_cover(duty(r, "ward", "night", ymd(2027, 5, 30)), 2, 1, 50, 0);
    expect_cover(duty(r, "ward", "night", ymd(2027, 6, 1)), 1, 0, 100, 2.5);
    nr_region_free(r);
}

/* Nothing stated: the defaults of the model, and the fair objective. */
Test(cover, defaults_when_unstated) {
    nr_region *r = load_clean(DATA "basic");
    cr_expect_not(r->fairness_off);
    cr_expect_eq(r->n_covers, 0);
    for (size_t i = 0; i < r->n_rotas; i++) {
        cr_expect_eq(r->rotas[i].cover_max, NR_UNSET);
        cr_expect(r->rotas[i].under_weight < 0 && r->rotas[i].over_weight < 0);
        cr_expect_eq(r->rotas[i].rules.max_duties, NR_UNSET);
        cr_expect(r->rotas[i].rules.min_hours < 0);
        cr_expect_eq(r->rotas[i].rules.min_consecutive, NR_UNSET);
        cr_expect_eq(r->rotas[i].rules.min_days_off, NR_UNSET);
    }
    for (size_t i = 0; i < r->n_shifts; i++) cr_expect_eq(r->shifts[i].not_followed_by.count, 0);
    for (size_t i = 0; i < r->n_duties; i++)
        expect_cover(&r->duties[i], r->rotas[r->duties[i].rota].cover, 0, NR_DEFAULT_UNDER_WEIGHT,
                     NR_DEFAULT_OVER_WEIGHT);
    nr_region_free(r);
}

/* ---- what-ifs ---- */

Test(whatif_rules, patch_every_new_key) {
    nr_region *r = load_clean(RULES "whatif.yaml");
    cr_expect_not(r->fairness_off);
    int ward = ROTA(r, "ward"), early = SHIFT(r, "early"), night = SHIFT(r, "night");
    /* not_followed_by replaced as a whole; [] lifts it */
    cr_assert_eq(r->shifts[night].not_followed_by.count, 1);
    cr_expect_eq(r->shifts[night].not_followed_by.items[0].index, early);
    cr_expect_eq(r->shifts[SHIFT(r, "late")].not_followed_by.count, 0);
    const nr_rota *k = &r->rotas[ward];
    cr_expect_eq(k->cover_max, 3);
    cr_expect_float_eq(k->over_weight, 1.0, 1e-9);
    cr_expect_float_eq(k->under_weight, 100.0, 1e-9); /* kept */
    cr_expect_eq(k->rules.min_days_off, NR_UNSET);   /* removed with ~ */
    cr_expect_eq(k->rules.min_consecutive, 3);
    cr_expect_eq(k->rules.max_duties, 20); /* kept */
    /* the what-if's cover entry is added after the base's and wins */
    cr_expect_eq(r->n_covers, 4);
    expect_cover(duty(r, "ward", "night", ymd(2027, 5, 30)), 1, 2, 50, 0);
    expect_cover(duty(r, "ward", "night", ymd(2027, 5, 31)), 1, 2, 100, 1);
    cr_expect_eq(r->n_overrides, 5);
    cr_expect_eq(nr_region_shift_cap(r, PERSON(r, "P4"), ward, early), 2);
    cr_expect_eq(nr_region_shift_cap(r, PERSON(r, "P2"), ward, night), 0);
    nr_region_free(r);
}

Test(whatif_rules, organizer_named_for_the_feeds) {
    nr_region *r = load_clean(RULES "whatif_organizer.yaml");
    cr_expect_str_eq(r->organizer_email, "rota-office@example.nhs.uk");
    cr_expect_str_eq(r->organizer_name, "Rota office, Ward; Clinic");
    nr_region_free(r);
    r = load_clean(RULES "scenario.yaml");
    cr_expect_null(r->organizer_email, "none unless named");
    cr_expect_null(r->organizer_name);
    nr_region_free(r);
}

/* Load a what-if of the rules scenario naming organizer email `email`;
 * the load's return code. */
static int load_with_email(const char *email) {
    char dir[] = "/tmp/nr_organizer_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/o.yaml", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "extends: %s\norganizer: { email: '%s' }\n", RULES "scenario.yaml", email);
    fclose(f);
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = NULL;
    int rc = nr_scenario_load(path, &r, &d);
    if (rc == 0) cr_expect_str_eq(r->organizer_email, email);
    nr_region_free(r);
    nr_diags_clear(&d);
    remove(path);
    rmdir(dir);
    return rc;
}

Test(rules_errors, organizer_addresses) {
    const char *good[] = {"rota@example.nhs.uk", "a.b+c_d-e@x-y.org", "R1@a.b"};
    const char *bad[] = {"rota", "@example.org", "rota@", "rota@example", "a b@example.org",
                         ".a@example.org", "a.@example.org", "a..b@example.org", "a@b..org",
                         "a@-b.org", "a@b-.org", "a@b@c.org", "a?subject=x@b.org", "a%41@b.org",
                         "a#b@c.org", "a/b@c.org", "a&b@c.org", "a@b.org.", "\"a\"@b.org",
                         "a@[10.0.0.1]", "a;b@c.org", "a,b@c.org", "a:b@c.org"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        cr_expect_eq(load_with_email(good[i]), 0, "%s should be accepted", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        cr_expect_eq(load_with_email(bad[i]), NR_EINPUT, "%s should be refused", bad[i]);
}

#define E DATA "errors/"
Test(rules_errors, organizer) {
    expect_failure(E "organizer.yaml",
                   E "organizer.yaml:2:21: error: organizer.name: a double quote or control "
                     "character cannot go into a calendar\n"
                   E "organizer.yaml:2:51: error: organizer.email: 'rota office@example' is not a "
                     "plain e-mail address like rota@example.nhs.uk\n");
    expect_failure(E "organizer_shape.yaml",
                   E "organizer_shape.yaml:2:12: error: organizer: expected a mapping like { "
                     "name: Rota office, email: rota@example.nhs.uk }, got a string\n");
    expect_failure(E "organizer_noemail.yaml",
                   E "organizer_noemail.yaml:2:12: error: organizer.email: missing (required)\n"
                   E "organizer_noemail.yaml:2:33: warning: unknown key 'phone' (ignored)\n");
}
#undef E

/* A removed rota takes its cover entries and overrides with it. */
Test(whatif_rules, removed_rota_takes_its_cover) {
    nr_region *r = load_clean(RULES "whatif_remove.yaml");
    cr_expect_eq(nr_region_find_rota(r, "ward"), NR_UNSET);
    int clinic = ROTA(r, "clinic");
    cr_assert_eq(r->n_covers, 1);
    cr_expect_eq(r->covers[0].rota.index, clinic);
    cr_expect_eq(r->n_overrides, 2); /* P2's two, which name no rota */
    expect_cover(duty(r, "clinic", "early", ymd(2027, 5, 25)), 0, 0, NR_DEFAULT_UNDER_WEIGHT,
                 NR_DEFAULT_OVER_WEIGHT);
    expect_cover(duty(r, "clinic", "early", ymd(2027, 5, 26)), 1, 0, NR_DEFAULT_UNDER_WEIGHT,
                 NR_DEFAULT_OVER_WEIGHT);
    nr_region_free(r);
}

Test(whatif_rules, nights_rest_example_loads) {
    nr_region *r = load_clean(NR_SOURCE_DIR "/examples/south-yorkshire/whatif/nights-rest.yaml");
    const nr_rules *k = &r->rotas[ROTA(r, "gi-bleed-sheffield")].rules;
    cr_expect_eq(k->min_days_off, 2);
    cr_expect_eq(k->max_consecutive, 3);
    cr_expect_eq(k->min_days_between, NR_UNSET);
    cr_expect_eq(k->max_frequency, 6); /* from the base */
    cr_expect_eq(r->rotas[ROTA(r, "stroke-sheffield")].rules.min_days_off, 2);
    cr_expect_eq(r->rotas[ROTA(r, "gi-bleed-doncaster")].rules.min_days_off, NR_UNSET);
    int weeknight = SHIFT(r, "weeknight"), bh = SHIFT(r, "bh-day");
    cr_expect(nr_region_forbids_succession(r, weeknight, bh));
    cr_expect_not(nr_region_forbids_succession(r, bh, weeknight));
    cr_expect_eq(r->shifts[SHIFT(r, "weekend")].not_followed_by.count, 0);
    cr_expect_not(r->fairness_off);
    nr_region_free(r);
}

/* ---- errors ---- */

#define E DATA "errors/rules.yaml:"
Test(rules_errors, every_bad_value) {
    expect_failure(
        DATA "errors/rules.yaml",
        E "3:12: error: objective: expected fair or penalties, got 'cheapest'\n"
        E "8:63: error: shifts.not_followed_by: expected a list of ids, got a mapping\n"
        E "9:70: error: not_followed_by: unknown shift 'nosuch'\n"
        E "16:16: error: rotas.cover_max: expected an integer between 1 and 50, got '0'\n"
        E "17:19: error: rotas.under_weight: expected a number between 0 and 100000, got '-5'\n"
        E "18:18: error: rotas.over_weight: expected a number between 0 and 100000, got 'lots'\n"
        E "19:26: error: rotas.rules.max_duties: expected a non-negative integer, got '-1'\n"
        E "19:41: error: rotas.rules.min_hours: expected a number between 0 and 100000, got "
          "'-2'\n"
        E "19:62: error: rotas.rules.min_consecutive: expected a positive integer, got '0'\n"
        E "19:79: error: rotas.rules.min_days_off: expected a positive integer, got 'a list'\n"
        E "21:9: error: rotas.cover_on.date: missing (required)\n"
        E "22:17: error: rotas.cover_on.date: expected a date YYYY-MM-DD, got '2027-02-30'\n"
        E "22:37: error: rotas.cover_on.needed: expected an integer between 0 and 50, got '-1'\n"
        E "23:45: error: rotas.cover_on.max: must be at least needed (2), got 1\n"
        E "23:61: error: rotas.cover_on.over_weight: expected a number between 0 and 100000, "
          "got '-1'\n"
        E "24:37: error: rotas.cover_on.shift: an id cannot be empty or contain spaces, ',' or "
          "';' (got 'a b')\n"
        E "25:9: error: rotas.cover_on: each entry must be a mapping ({ date: ..., needed: ... "
          "}), got a string\n"
        E "32:16: error: rotas.cover_max: must be at least cover (3), got 2\n"
        E "34:57: error: overrides.rules.max_hours: an override with shift: caps that shift's "
          "duties, so only max_duties is allowed\n"
        E "35:51: error: overrides.rules.max_duties: missing (required with shift:)\n"
        E "35:53: error: overrides.rules.min_days_off: an override with shift: caps that "
          "shift's duties, so only max_duties is allowed\n"
        E "36:53: error: overrides.rules.max_duties: expected a non-negative integer, got "
          "'-3'\n");
}
#undef E

/* Entries that cannot apply are judged after expansion (model/validate.c):
 * warnings at the entry, and an error for a maximum below what the rota
 * needs; the loader adds a warning for an entry that states nothing. */
#define E DATA "errors/cover_checks.yaml:"
Test(rules_errors, cover_entries_judged_after_expansion) {
    expect_failure(
        DATA "errors/cover_checks.yaml",
        E "17:9: warning: cover for rota 'ward' shift 'late' on 2027-05-24: the rota runs no "
          "duty of that shift that date; it changes nothing\n"
        E "18:9: warning: cover for rota 'ward' on 2027-06-24 is outside the period (2027-05-24 "
          "to 2027-05-30); it changes nothing\n"
        E "19:9: warning: rotas.cover_on: the entry states none of needed, max, under_weight, "
          "over_weight (it changes nothing)\n"
        E "20:9: error: cover for rota 'ward' on 2027-05-26: max 1 is less than the rota's "
          "cover 2\n");
}
#undef E

/* The same checks apply in a what-if, reported at the what-if's lines. */
#define E DATA "errors/whatif_rules.yaml:"
Test(rules_errors, in_a_whatif) {
    expect_failure(
        DATA "errors/whatif_rules.yaml",
        E "2:12: error: objective: expected a string, got a list\n"
        E "5:15: error: rotas.cover_on: expected a list like [{ date: 2027-12-25, needed: 2 }], "
          "got a mapping\n"
        E "7:57: error: overrides.rules.min_hours: an override with shift: caps that shift's "
          "duties, so only max_duties is allowed\n");
}
#undef E

/* ---- the format document names every key the examples use ---- */

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    cr_assert_not_null(m);
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) fwrite(chunk, 1, got, m);
    fclose(f);
    fclose(m);
    return buf;
}

/* Each mapping key under n must appear in the document as `key`. */
static int undocumented(const yt_node *n, const char *doc, const char *file) {
    if (!n) return 0;
    int missing = 0;
    if (n->type == YT_MAP)
        for (size_t i = 0; i < n->n; i++) {
            char quoted[128];
            snprintf(quoted, sizeof quoted, "`%s`", yt_key(n, i)->text);
            if (!strstr(doc, quoted)) {
                cr_expect_fail("%s:%d: key %s is not in docs/scenario-format.md", file,
                               yt_key(n, i)->line, quoted);
                missing++;
            }
        }
    if (n->type != YT_SCALAR)
        for (size_t i = 0; i < (n->type == YT_MAP ? 2 * n->n : n->n); i++)
            missing += undocumented(n->kids[i], doc, file);
    return missing;
}

static int check_file_keys(const char *path, const char *doc) {
    char *text = slurp(path);
    nr_diags d = NR_DIAGS_INIT;
    yt_node *root = NULL;
    cr_assert_eq(yt_parse(text, strlen(text), path, &root, &d), 0, "parsing %s", path);
    cr_assert_not_null(root);
    int missing = undocumented(root, doc, path);
    yt_free(root);
    free(text);
    nr_diags_clear(&d);
    return missing;
}

Test(docs, every_example_key_is_documented) {
    char *doc = slurp(NR_SOURCE_DIR "/docs/scenario-format.md");
    int files = 0, missing = 0;
    const char *folders[] = {NR_SOURCE_DIR "/examples/south-yorkshire",
                             NR_SOURCE_DIR "/examples/south-yorkshire/whatif", DATA "rules"};
    for (size_t f = 0; f < sizeof folders / sizeof folders[0]; f++) {
        DIR *dp = opendir(folders[f]);
        cr_assert_not_null(dp, "cannot open %s", folders[f]);
        struct dirent *e;
        while ((e = readdir(dp)) != NULL) {
            size_t n = strlen(e->d_name);
            if (n < 5 || strcmp(e->d_name + n - 5, ".yaml") != 0) continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", folders[f], e->d_name);
            missing += check_file_keys(path, doc);
            files++;
        }
        closedir(dp);
    }
    /* scenario.yaml, two what-ifs, and the three rules fixtures at least */
    cr_expect_geq(files, 6);
    cr_expect_eq(missing, 0);
    free(doc);
}
