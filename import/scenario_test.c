/* Tests for nr_scenario_load(): a complete scenario, what-ifs, and one
 * fixture per kind of input error with its exact FILE:LINE:COL message. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/scenario.h"

#define DATA NR_TEST_DATA "/scenario/"

/* The diagnostics as the CLI prints them. */
static char *render(const nr_diags *d) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    nr_diags_print(d, f);
    fclose(f);
    return buf;
}

/* Load a scenario that must fail; its diagnostics must read exactly `want`. */
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

static nr_region *load_ok(const char *path, nr_diags *d) {
    nr_region *r = NULL;
    int rc = nr_scenario_load(path, &r, d);
    char *got = render(d);
    cr_assert_eq(rc, 0, "loading %s failed (%d):\n%s", path, rc, got);
    free(got);
    cr_assert_not_null(r);
    return r;
}

static nr_date ymd(int y, int m, int dd) {
    nr_date out = 0;
    cr_assert(nr_date_from_ymd(y, m, dd, &out));
    return out;
}

static size_t duties_of(const nr_region *r, const char *rota) {
    int k = nr_region_find_rota(r, rota);
    cr_assert_neq(k, NR_UNSET, "no rota %s", rota);
    size_t n = 0;
    for (size_t i = 0; i < r->n_duties; i++) n += r->duties[i].rota == k;
    return n;
}

static const nr_person *person(const nr_region *r, const char *id) {
    int p = nr_region_find_person(r, id);
    cr_assert_neq(p, NR_UNSET, "no person %s", id);
    return &r->people[p];
}

/* ---- the complete scenario ---- */

Test(scenario, complete_counts_and_period) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok(DATA "basic", &d);
    cr_expect_eq(d.errors, 0);
    cr_expect_eq(d.warnings, 0);
    cr_expect_str_eq(r->name, "Test Network");
    cr_expect_str_eq(r->timezone, "Europe/London");
    cr_expect_eq(r->period_start, ymd(2027, 5, 24));
    cr_expect_eq(r->period_days, 14);
    cr_expect_eq(r->period_loc.line, 5);
    cr_expect_eq(r->n_trusts, 2);
    cr_expect_eq(r->n_sites, 3);
    cr_expect_eq(r->n_shifts, 3);
    cr_expect_eq(r->n_rotas, 2);
    cr_expect_eq(r->n_people, 5);
    cr_expect_eq(r->n_travel, 3);
    cr_expect_eq(r->n_leave, 3); /* two CSV rows and one .ics event from leave/ */
    cr_expect_eq(r->n_requests, 2);
    cr_expect_eq(r->n_overrides, 2);
    cr_expect_str_eq(r->trusts[1].name, "Barnsley Hospital NHS Foundation Trust");
    cr_expect_str_eq(r->sites[2].name, "Barnsley Hospital");
    cr_expect_eq(r->sites[2].trust.index, 1);
    /* only the spring bank holiday falls within a week of the period */
    cr_assert_eq(r->n_bank_holidays, 1);
    cr_expect_eq(r->bank_holidays[0], ymd(2027, 5, 31));
    nr_region_free(r);
    nr_diags_clear(&d);
}

Test(scenario, shift_times) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok(DATA "basic", &d);
    const nr_shift *s = &r->shifts[nr_region_find_shift(r, "weeknight")];
    cr_expect_str_eq(s->name, "Weeknight");
    cr_expect_eq(s->days_mask, 1u << NR_MON | 1u << NR_TUE | 1u << NR_WED | 1u << NR_THU);
    cr_expect_eq(s->start_minute, 17 * 60);
    cr_expect_eq(s->end_day_offset, 1);
    cr_expect_eq(s->end_minute, 8 * 60);
    cr_expect_eq(s->bank_holidays, NR_BH_SKIP);
    cr_expect_eq(s->loc.line, 23);
    s = &r->shifts[nr_region_find_shift(r, "weekend")];
    cr_expect_null(s->name);
    cr_expect_eq(s->days_mask, 1u << NR_FRI);
    cr_expect_eq(s->start_minute, 17 * 60);
    cr_expect_eq(s->end_day_offset, 3);
    cr_expect_eq(s->end_minute, 8 * 60);
    cr_expect_eq(s->bank_holidays, NR_BH_NORMAL);
    s = &r->shifts[nr_region_find_shift(r, "bh-day")];
    cr_expect_eq(s->days_mask, 0x7fu);
    cr_expect_eq(s->start_minute, 8 * 60);
    cr_expect_eq(s->end_day_offset, 0);
    cr_expect_eq(s->end_minute, 17 * 60);
    cr_expect_eq(s->bank_holidays, NR_BH_ONLY);
    cr_expect_eq(s->loc.line, 26);
    nr_region_free(r);
    nr_diags_clear(&d);
}

Test(scenario, rotas_rules_and_references) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok(DATA "basic", &d);
    int south = nr_region_find_rota(r, "gi-south"), north = nr_region_find_rota(r, "gi-north");
    const nr_rota *k = &r->rotas[south];
    cr_expect_str_eq(k->name, "GI bleed (south)");
    cr_expect_str_eq(k->service, "GI bleed");
    cr_expect_eq(k->host.index, nr_region_find_trust(r, "STH"));
    cr_expect_eq(k->hub.index, nr_region_find_site(r, "NGH"));
    cr_assert_eq(k->covers.count, 2);
    cr_expect_eq(k->covers.items[1].index, nr_region_find_site(r, "RHH"));
    cr_expect_eq(k->covers.items[1].loc.line, 38);
    cr_expect_eq(k->covers.items[1].loc.col, 19);
    cr_assert_eq(k->shifts.count, 2);
    cr_expect_eq(k->shifts.items[1].index, nr_region_find_shift(r, "weekend"));
    cr_expect_eq(k->cover, 1);
    cr_expect_eq(k->rules.max_frequency, 3);
    cr_expect_eq(k->rules.min_days_between, 2);
    cr_expect_eq(k->rules.max_consecutive, 1);
    cr_expect_eq(k->rules.max_weekends, 1);
    cr_expect_eq(k->rules.min_duties, 0);
    cr_expect_float_eq(k->rules.max_hours, 120.0, 1e-9);
    cr_expect_float_eq(k->rules.min_rest_hours, 11.0, 1e-9);
    cr_expect_eq(k->loc.line, 33);
    k = &r->rotas[north];
    cr_expect_null(k->name);
    cr_expect_eq(k->cover, 2);
    cr_expect_eq(k->rules.max_frequency, 1);
    cr_expect_eq(k->rules.max_weekends, NR_UNSET);
    cr_expect(k->rules.max_hours < 0);

    /* people: memberships from the CSV's rotas column, in order */
    const nr_person *p = person(r, "P003");
    cr_assert_eq(p->rotas.count, 2);
    cr_expect_eq(p->rotas.items[0].index, north);
    cr_expect_eq(p->rotas.items[1].index, south);
    cr_expect_str_eq(person(r, "P005")->name, "Ede, Eve");

    /* overrides: one rota, and all rotas */
    int p2 = nr_region_find_person(r, "P002"), p4 = nr_region_find_person(r, "P004");
    cr_expect_eq(nr_region_rules_for(r, p2, south).max_weekends, 0);
    cr_expect_eq(nr_region_rules_for(r, p2, south).max_frequency, 3);
    cr_expect_float_eq(nr_region_rules_for(r, p4, north).max_hours, 60.5, 1e-9);

    /* travel: symmetric when one direction is given */
    int ngh = nr_region_find_site(r, "NGH"), bdh = nr_region_find_site(r, "BDH");
    cr_expect_eq(r->travel_minutes[ngh * (int)r->n_sites + bdh], 30);
    cr_expect_eq(r->travel_minutes[bdh * (int)r->n_sites + ngh], 30);
    nr_region_free(r);
    nr_diags_clear(&d);
}

Test(scenario, duties_expanded) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok(DATA "basic", &d);
    /* gi-south: weeknights Mon-Thu on 8 dates less bank-holiday Monday 31
     * May (skip) = 7, weekends from Fri 28 May and Fri 4 June = 2;
     * gi-north: those 2 weekends and the bank-holiday day shift = 3. */
    cr_expect_eq(r->n_duties, 12);
    cr_expect_eq(duties_of(r, "gi-south"), 9);
    cr_expect_eq(duties_of(r, "gi-north"), 3);
    int bh = nr_region_find_shift(r, "bh-day"), night = nr_region_find_shift(r, "weeknight");
    size_t bh_duties = 0;
    for (size_t i = 0; i < r->n_duties; i++) {
        const nr_duty *u = &r->duties[i];
        cr_expect_neq(u->shift == night && u->date == ymd(2027, 5, 31), true);
        if (u->shift == bh) {
            bh_duties++;
            cr_expect_eq(u->date, ymd(2027, 5, 31));
            cr_expect_eq(u->kind, NR_DUTY_BANK_HOLIDAY);
            cr_expect_eq(u->needed, 2);
        }
    }
    cr_expect_eq(bh_duties, 1);
    nr_region_free(r);
    nr_diags_clear(&d);
}

Test(scenario, leave_from_csv_and_ics_folder) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok(DATA "basic", &d);
    size_t from_ics = 0;
    int p3 = nr_region_find_person(r, "P003");
    for (size_t i = 0; i < r->n_leave; i++) {
        const nr_leave *l = &r->leave[i];
        if (strstr(l->loc.file, "/leave/P003.ics")) {
            from_ics++;
            cr_expect_eq(l->person.index, p3);
            cr_expect(l->all_day);
            cr_expect_eq(l->start, nr_london_to_utc(ymd(2027, 6, 3), 0));
            cr_expect_eq(l->end, nr_london_to_utc(ymd(2027, 6, 5), 0));
        }
    }
    cr_expect_eq(from_ics, 1);
    cr_expect(nr_region_on_leave(r, nr_region_find_person(r, "P001"),
                                 nr_london_to_utc(ymd(2027, 5, 28), 12 * 60),
                                 nr_london_to_utc(ymd(2027, 5, 28), 13 * 60)));
    nr_region_free(r);
    nr_diags_clear(&d);
}

/* Names in diagnostics and locations are the paths as the user wrote them,
 * joined with the YAML file's folder and cleaned of "dir/..". */
Test(scenario, paths_as_the_user_wrote_them) {
    cr_assert_eq(chdir(DATA), 0);
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok("basic/whatif/merge.yaml", &d);
    cr_expect_str_eq(r->rotas[0].loc.file, "basic/scenario.yaml");
    bool csv = false;
    for (size_t i = 0; i < r->n_leave; i++)
        csv |= strcmp(r->leave[i].loc.file, "basic/leave.csv") == 0;
    cr_expect(csv);
    cr_expect_str_eq(person(r, "P006")->loc.file, "basic/whatif/extra.csv");
    nr_region_free(r);
    nr_diags_clear(&d);
    expect_failure("errors/missing_file.yaml",
                   "errors/missing_file.yaml:4:11: error: people: file 'errors/nothere.csv' "
                   "does not exist\n");
}

/* ---- what-ifs ---- */

Test(whatif, merge_rotas_moves_members) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok(DATA "basic/whatif/merge.yaml", &d);
    cr_expect_str_eq(r->name, "Test Network (one GI rota)");
    cr_assert_eq(r->n_rotas, 1);
    int north = nr_region_find_rota(r, "gi-north");
    cr_assert_eq(north, 0);
    cr_expect_eq(nr_region_find_rota(r, "gi-south"), NR_UNSET);
    /* patched: covers replaced, one rule changed, the rest kept */
    const nr_rota *k = &r->rotas[north];
    cr_assert_eq(k->covers.count, 3);
    cr_expect_str_eq(k->covers.items[1].id, "NGH");
    cr_expect_eq(k->covers.items[2].index, nr_region_find_site(r, "RHH"));
    cr_expect_eq(k->rules.max_frequency, 2);
    cr_expect_eq(k->cover, 2);
    cr_expect_str_eq(k->service, "GI bleed");
    /* everyone left is on the merged rota, once */
    cr_expect_eq(r->n_people, 5);
    for (size_t i = 0; i < r->n_people; i++) {
        cr_expect_eq(r->people[i].rotas.count, 1, "%s", r->people[i].id);
        cr_expect(nr_region_is_member(r, (int)i, north));
    }
    cr_expect_eq(nr_region_find_person(r, "P005"), NR_UNSET);
    cr_expect_neq(nr_region_find_person(r, "P006"), NR_UNSET);
    /* P005's leave went with them; P002's override and request moved */
    cr_expect_eq(r->n_leave, 2);
    int p2 = nr_region_find_person(r, "P002");
    cr_expect_eq(nr_region_rules_for(r, p2, north).max_weekends, 0);
    bool moved = false;
    for (size_t i = 0; i < r->n_requests; i++)
        moved |= r->requests[i].person.index == p2 && r->requests[i].rota.index == north;
    cr_expect(moved);
    cr_expect_eq(r->n_duties, 3);
    nr_region_free(r);
    nr_diags_clear(&d);
}

Test(whatif, remove_rota_patch_shift_add_rota) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok(DATA "basic/whatif/remove.yaml", &d);
    cr_expect_eq(d.errors, 0);
    cr_assert_eq(r->n_rotas, 2);
    cr_expect_eq(nr_region_find_rota(r, "gi-north"), NR_UNSET);
    int south = nr_region_find_rota(r, "gi-south"), ent = nr_region_find_rota(r, "ent");
    cr_assert_neq(ent, NR_UNSET);
    /* covers defaults to the hub */
    cr_assert_eq(r->rotas[ent].covers.count, 1);
    cr_expect_eq(r->rotas[ent].covers.items[0].index, nr_region_find_site(r, "BDH"));
    cr_expect_eq(person(r, "P004")->rotas.count, 0);
    cr_assert_eq(person(r, "P003")->rotas.count, 1);
    cr_expect_eq(person(r, "P003")->rotas.items[0].index, south);
    cr_expect(nr_region_is_member(r, nr_region_find_person(r, "P007"), ent));
    /* only `to` was patched: still from Friday 17:00, now to Sunday 20:00 */
    const nr_shift *s = &r->shifts[nr_region_find_shift(r, "weekend")];
    cr_expect_eq(s->days_mask, 1u << NR_FRI);
    cr_expect_eq(s->start_minute, 17 * 60);
    cr_expect_eq(s->end_day_offset, 2);
    cr_expect_eq(s->end_minute, 20 * 60);
    /* period weeks patched, start kept; P004's override for all rotas kept,
     * gi-north's and nothing else dropped */
    cr_expect_eq(r->period_start, ymd(2027, 5, 24));
    cr_expect_eq(r->period_days, 7);
    /* gi-south 4 weeknights + 1 weekend, ent 4 weeknights */
    cr_expect_eq(duties_of(r, "gi-south"), 5);
    cr_expect_eq(duties_of(r, "ent"), 4);
    cr_expect_eq(r->n_duties, 9);
    /* sites: one renamed in place, one added */
    cr_assert_eq(r->n_sites, 4);
    int bdh = nr_region_find_site(r, "BDH");
    cr_expect_eq(bdh, 2);
    cr_expect_str_eq(r->sites[bdh].name, "Barnsley District General");
    cr_expect_eq(r->sites[bdh].trust.index, nr_region_find_trust(r, "BAR"));
    cr_expect_eq(r->sites[nr_region_find_site(r, "MTW")].trust.index, nr_region_find_trust(r, "BAR"));
    nr_region_free(r);
    nr_diags_clear(&d);
}

Test(whatif, chain_of_two) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok(DATA "basic/whatif/deeper.yaml", &d);
    cr_expect_eq(r->n_rotas, 1);
    cr_expect_eq(r->n_people, 4);
    cr_expect_eq(nr_region_find_person(r, "P001"), NR_UNSET);
    cr_expect_neq(nr_region_find_person(r, "P006"), NR_UNSET);
    /* P001's leave and request left with them */
    cr_expect_eq(r->n_leave, 1);
    cr_expect_eq(r->n_requests, 1);
    cr_expect_str_eq(r->name, "Test Network (one GI rota)");
    nr_region_free(r);
    nr_diags_clear(&d);
}

Test(whatif, unknown_ids_in_operations) {
    expect_failure(DATA "errors/bad_ops.yaml",
                   DATA "errors/bad_ops.yaml:2:16: error: remove_rotas: unknown rota 'gi-east'\n"
                   DATA "errors/bad_ops.yaml:3:17: error: remove_people: unknown person 'P404'\n"
                   DATA "errors/bad_ops.yaml:5:13: error: merge_rotas.into: unknown rota "
                        "'gi-west'\n"
                   DATA "errors/bad_ops.yaml:6:30: error: merge_rotas.from: rota 'gi-north' "
                        "cannot be merged into itself\n"
                   DATA "errors/bad_ops.yaml:6:40: error: merge_rotas.from: unknown rota "
                        "'gi-nowhere'\n");
}

Test(whatif, operations_refused_in_a_base) {
    expect_failure(DATA "errors/base_ops.yaml",
                   DATA "errors/base_ops.yaml:3:1: error: remove_rotas: only a what-if scenario "
                        "(one with extends:) may use this key\n");
}

Test(whatif, extends_cycle) {
    expect_failure(DATA "errors/cycle_a.yaml",
                   DATA "errors/cycle_b.yaml:2:10: error: extends: cycle: " DATA
                        "errors/cycle_a.yaml -> " DATA "errors/cycle_b.yaml -> " DATA
                        "errors/cycle_a.yaml\n");
}

Test(whatif, missing_base) {
    expect_failure(DATA "errors/no_base.yaml",
                   DATA "errors/no_base.yaml:2:10: error: extends: base scenario '" DATA
                        "errors/missing/base.yaml' does not exist\n");
}

/* ---- errors, one fixture each ---- */

Test(errors, unknown_site_in_covers) {
    expect_failure(DATA "errors/unknown_site.yaml",
                   DATA "errors/unknown_site.yaml:7:69: error: covers: unknown site 'XYZ'\n");
}

Test(errors, unknown_trust_in_people_csv) {
    expect_failure(DATA "errors/bad_people",
                   DATA "errors/bad_people/people.csv:3: error: trust: unknown trust 'XXX'\n");
}

Test(errors, bad_period) {
    expect_failure(DATA "errors/bad_period.yaml",
                   DATA "errors/bad_period.yaml:2:37: error: period.weeks: expected an integer "
                        "between 1 and 104, got 'abc'\n");
}

/* libyaml must print nothing itself: its message becomes a diagnostic, at
 * the place it names, with the construct it was reading. */
Test(errors, yaml_syntax, .init = cr_redirect_stderr) {
    expect_failure(DATA "errors/syntax.yaml",
                   DATA "errors/syntax.yaml:3:7: error: YAML syntax: did not find expected ',' "
                        "or '}' (while parsing a flow mapping at line 2)\n");
    fflush(stderr);
    cr_expect_stderr_eq_str("");
}

Test(errors, missing_file) {
    expect_failure(DATA "errors/missing_file.yaml",
                   DATA "errors/missing_file.yaml:4:11: error: people: file '" DATA
                        "errors/nothere.csv' does not exist\n");
}

Test(errors, folder_where_a_file_belongs) {
    expect_failure(DATA "errors/notafile.yaml",
                   DATA "errors/notafile.yaml:3:9: error: people: '" DATA
                        "errors/bad_people' is a folder, not a file\n");
}

/* An .ics named in the YAML is leave for the person its name gives; an
 * unknown person is reported at the YAML line that named the file. */
Test(errors, ics_for_unknown_person) {
    expect_failure(DATA "errors/ics_person.yaml",
                   DATA "errors/ics_person.yaml:4:5: error: person: unknown person 'P003'\n");
}

Test(errors, aliases_refused) {
    expect_failure(DATA "errors/alias.yaml",
                   DATA "errors/alias.yaml:3:9: error: aliases (*name) are not supported\n");
}

Test(errors, field_types_and_unknown_keys) {
    expect_failure(
        DATA "errors/fields.yaml",
        DATA "errors/fields.yaml:3:1: warning: unknown key 'colour' (ignored)\n"
        DATA "errors/fields.yaml:5:33: warning: unknown key 'beds' (ignored)\n"
        DATA "errors/fields.yaml:7:25: error: shifts.from: expected a time HH:MM or a day and "
             "time like \"Fri 17:00\", got '5pm'\n"
        DATA "errors/fields.yaml:8:62: error: shifts.days: not allowed when from names a day "
             "(the shift starts on that day)\n"
        DATA "errors/fields.yaml:15:12: error: rotas.cover: expected an integer between 1 and "
             "50, got '0'\n"
        DATA "errors/fields.yaml:16:30: error: rotas.rules.max_frequency: expected \"1 in N\" or "
             "a whole number N of at least 1, got 'one in six'\n"
        DATA "errors/fields.yaml:16:57: error: rotas.rules.max_weekends: expected a "
             "non-negative integer, got '-1'\n");
}

Test(errors, missing_scenario) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = NULL;
    int rc = nr_scenario_load(DATA "errors/nowhere", &r, &d);
    cr_expect_eq(rc, NR_EIO);
    cr_expect_null(r);
    char *got = render(&d);
    cr_expect_str_eq(got, DATA "errors/nowhere: error: cannot read scenario '" DATA
                              "errors/nowhere': No such file or directory\n");
    free(got);
    nr_diags_clear(&d);
}

Test(errors, shift_fields) {
    expect_failure(
        DATA "errors/shift_to.yaml",
        DATA "errors/shift_to.yaml:4:38: error: shifts.to: names a day but from does not (write "
             "e.g. \"Fri 17:00\")\n"
        DATA "errors/shift_to.yaml:5:52: error: shifts.days: the list is empty (the shift would "
             "never run)\n"
        DATA "errors/shift_to.yaml:6:56: error: shifts.days: expected a day Mon..Sun, got "
             "'Funday'\n"
        DATA "errors/shift_to.yaml:6:80: error: shifts.bank_holidays: expected normal, skip or "
             "only, got 'sometimes'\n");
}

/* ---- shift ends ---- */

static void expect_shift(const nr_region *r, const char *id, unsigned mask, int start, int offset,
                         int end) {
    int i = nr_region_find_shift(r, id);
    cr_assert_neq(i, NR_UNSET, "no shift %s", id);
    const nr_shift *s = &r->shifts[i];
    cr_expect_eq(s->days_mask, mask, "%s mask %x", id, s->days_mask);
    cr_expect_eq(s->start_minute, start, "%s start %d", id, s->start_minute);
    cr_expect_eq(s->end_day_offset, offset, "%s offset %d", id, s->end_day_offset);
    cr_expect_eq(s->end_minute, end, "%s end %d", id, s->end_minute);
}

Test(shifts, ends_worked_out) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok(DATA "misc/shifts.yaml", &d);
    /* same day and time: a whole week; a later time the same day: offset 0 */
    expect_shift(r, "week", 1u << NR_MON, 540, 7, 540);
    expect_shift(r, "hour", 1u << NR_MON, 540, 0, 600);
    /* 24:00 is midnight at the end of the day */
    expect_shift(r, "late", 1u << NR_SAT, 480, 1, 0);
    /* equal times without day names: 24 hours */
    expect_shift(r, "full", 1u << NR_SUN | 1u << NR_WED, 480, 1, 480);
    expect_shift(r, "sat-sun", 1u << NR_SAT, 480, 1, 1200);
    nr_region_free(r);
    nr_diags_clear(&d);
}

/* ---- bank holidays ---- */

Test(bank_holidays, table_with_additions_and_removals) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok(DATA "misc/bh_custom.yaml", &d);
    /* 2031 is beyond the table, but a 2031 date was given: no warning */
    cr_expect_eq(d.warnings, 0);
    cr_assert_eq(r->n_bank_holidays, 3);
    cr_expect_eq(r->bank_holidays[0], ymd(2030, 12, 25));
    cr_expect_eq(r->bank_holidays[1], ymd(2030, 12, 31));
    cr_expect_eq(r->bank_holidays[2], ymd(2031, 1, 1));
    nr_region_free(r);
    nr_diags_clear(&d);
}

Test(bank_holidays, list_and_none) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok(DATA "misc/bh_list.yaml", &d);
    cr_assert_eq(r->n_bank_holidays, 2);
    cr_expect(nr_region_is_bank_holiday(r, ymd(2027, 5, 25)));
    cr_expect_not(nr_region_is_bank_holiday(r, ymd(2027, 5, 31)));
    nr_region_free(r);
    r = load_ok(DATA "misc/bh_none.yaml", &d);
    cr_expect_eq(r->n_bank_holidays, 0);
    nr_region_free(r);
    nr_diags_clear(&d);
}

Test(bank_holidays, warns_beyond_the_table) {
    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = load_ok(DATA "misc/bh_2031.yaml", &d);
    char *got = render(&d);
    cr_expect_str_eq(got, DATA "misc/bh_2031.yaml:2:9: warning: bank_holidays: the built-in "
                               "england table covers 2024-2030 only and the period runs into "
                               "2031: list that year's bank holidays under bank_holidays.add\n");
    free(got);
    cr_expect_eq(r->n_bank_holidays, 0);
    nr_region_free(r);
    nr_diags_clear(&d);
}
