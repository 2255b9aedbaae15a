/* The store on real database files in a scratch folder: round trips,
 * migration from the first schema, refusal of newer schemas and foreign
 * files, rollback of failed writes, locking between connections and
 * processes, and a writer killed mid-transaction. Regions are built in
 * code; raw SQLite is used only to inspect or prepare files. */
#include <criterion/criterion.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* usleep is gone from POSIX 2008; nanosleep is the replacement. */
static void sleep_us(long us) {
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&ts, NULL);
}

#include "store/store.h"

static char DIR_[64];
static char DB[128];
static nr_region *R;
static nr_diags D = NR_DIAGS_INIT;
static nr_store *S;
/* Most people a gi duty may have (NR_UNSET: its cover); tests set it
 * before make_region. */
static int GI_COVER_MAX = NR_UNSET;

static void rm_db(const char *path) {
    char buf[160];
    const char *suffix[] = {"", "-wal", "-shm", "-journal"};
    for (int i = 0; i < 4; i++) {
        snprintf(buf, sizeof buf, "%s%s", path, suffix[i]);
        unlink(buf);
    }
}

static void setup(void) {
    snprintf(DIR_, sizeof DIR_, "/tmp/nrstore.XXXXXX");
    cr_assert_not_null(mkdtemp(DIR_));
    snprintf(DB, sizeof DB, "%s/netrota.db", DIR_);
}

static void teardown(void) {
    GI_COVER_MAX = NR_UNSET;
    nr_store_close(S);
    S = NULL;
    nr_region_free(R);
    R = NULL;
    nr_diags_clear(&D);
    rm_db(DB);
    char other[160];
    snprintf(other, sizeof other, "%s/other.db", DIR_);
    rm_db(other);
    snprintf(other, sizeof other, "%s/file.txt", DIR_);
    unlink(other);
    rmdir(DIR_);
}

TestSuite(store, .init = setup, .fini = teardown);

/* ---- a small region ---------------------------------------------------- */

static nr_loc here(void) { return nr_loc_at("test", 1); }

static nr_date date(const char *s) {
    nr_date d = 0;
    cr_assert(nr_date_parse(s, &d), "bad date %s", s);
    return d;
}

static void push(nr_region *r, nr_refs *list, const char *a, const char *b) {
    cr_assert_eq(nr_region_refs_push(r, list, nr_region_ref(r, a, here())), 0);
    if (b) cr_assert_eq(nr_region_refs_push(r, list, nr_region_ref(r, b, here())), 0);
}

static void shift(nr_region *r, const char *id, unsigned days, int from, int offset, int to) {
    nr_shift *sh = nr_region_add_shift(r);
    sh->id = nr_region_strdup(r, id);
    sh->days_mask = days;
    sh->start_minute = from;
    sh->end_day_offset = offset;
    sh->end_minute = to;
    sh->loc = here();
}

static void rota(nr_region *r, const char *id, const char *sh1, const char *sh2, int cover) {
    nr_rota *k = nr_region_add_rota(r);
    k->id = nr_region_strdup(r, id);
    if (strcmp(id, "gi") == 0) k->cover_max = GI_COVER_MAX;
    k->service = "test";
    k->host = nr_region_ref(r, "T1", here());
    k->hub = nr_region_ref(r, "S1", here());
    k->cover = cover;
    k->loc = here();
    push(r, &k->covers, "S1", NULL);
    push(r, &k->shifts, sh1, sh2);
}

/* Two rotas (gi: nights and weekends, two people a duty; ent: days), six
 * people in both, over `weeks` weeks from `start` with England's bank
 * holidays. */
static nr_region *make_region(const char *start, int weeks, int people) {
    nr_region *r = nr_region_new();
    cr_assert_not_null(r);
    r->name = nr_region_strdup(r, "Store test region");
    r->timezone = "Europe/London";
    r->period_start = date(start);
    r->period_days = weeks * 7;
    r->period_loc = here();
    nr_date bh[32];
    int n = nr_bank_holidays_england(r->period_start, r->period_start + r->period_days, bh, 32);
    cr_assert_eq(nr_region_set_bank_holidays(r, bh, (size_t)n), 0);
    nr_trust *t = nr_region_add_trust(r);
    t->id = nr_region_strdup(r, "T1");
    t->name = t->id;
    t->loc = here();
    nr_site *s = nr_region_add_site(r);
    s->id = nr_region_strdup(r, "S1");
    s->name = s->id;
    s->trust = nr_region_ref(r, "T1", here());
    s->loc = here();
    shift(r, "night", 0x1f, 17 * 60, 1, 8 * 60);
    shift(r, "weekend", 1u << NR_FRI, 17 * 60, 3, 8 * 60);
    shift(r, "day", 0x7f, 8 * 60, 0, 17 * 60);
    rota(r, "gi", "night", "weekend", 2);
    rota(r, "ent", "day", NULL, 1);
    for (int i = 0; i < people; i++) {
        char id[16];
        snprintf(id, sizeof id, "P%d", i + 1);
        nr_person *p = nr_region_add_person(r);
        p->id = nr_region_strdup(r, id);
        p->name = p->id;
        p->trust = nr_region_ref(r, "T1", here());
        p->base_site = nr_region_ref(r, "S1", here());
        p->loc = here();
        push(r, &p->rotas, "gi", "ent");
    }
    cr_assert_eq(nr_region_resolve(r, &D), 0);
    cr_assert_eq(nr_region_expand(r, &D), 0);
    cr_assert_gt(r->n_duties, 0);
    return r;
}

/* A made-up result whose holders follow `seed`: every 11th slot uncovered. */
static nr_solve_result make_result(const nr_region *r, unsigned seed) {
    nr_solve_result res = {0};
    res.plan = nr_plan_new(r);
    cr_assert_not_null(res.plan);
    for (size_t k = 0; k < res.plan->n_slots; k++)
        res.plan->holder[k] = (k + seed) % 11 == 0 ? NR_UNSET : (int)((k * 7 + seed) % r->n_people);
    res.uncovered = nr_plan_uncovered(res.plan);
    res.status = res.uncovered ? NR_SOLVE_GAPS : NR_SOLVE_OPTIMAL;
    res.objective = 1000.0 * (double)res.uncovered + 12.5;
    res.bound = -HUGE_VAL;
    res.gap = HUGE_VAL;
    res.seconds = 1.25;
    res.terms = (nr_objective_terms){.uncovered = (double)res.uncovered, .trust_deviation = 2,
                                     .person_deviation = 3.5, .requests = 4, .travel = 5,
                                     .min_duties_short = 6, .total_deviation = 7,
                                     .band_excess = 8};
    return res;
}

static nr_store_run_info make_info(nr_solve_options *o, unsigned seed) {
    static const nr_store_file files[] = {{"b/people.csv", "00000000000000bb"},
                                          {"a/scenario.yaml", "00000000000000aa"}};
    *o = nr_solve_options_default();
    o->time_limit = 30;
    o->seed = seed;
    nr_store_run_info info = {"scen", files, 2, o, "5.0"};
    return info;
}

static int64_t record(nr_store *s, const nr_region *r, unsigned seed) {
    nr_solve_options o;
    nr_store_run_info info = make_info(&o, seed);
    nr_solve_result res = make_result(r, seed);
    int64_t id = 0;
    int rc = nr_store_record_run(s, r, &info, &res, &id, &D);
    nr_plan_free(res.plan);
    cr_assert_eq(rc, 0, "record_run: %s", D.count ? D.items[D.count - 1].message : "?");
    return id;
}

/* ---- raw inspection ---------------------------------------------------- */

static long long query_int(const char *path, const char *sql) {
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s", sql);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static char *query_text(const char *path, const char *sql) {
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s", sql);
    char *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

static void raw_exec(const char *path, const char *sql) {
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    char *err = NULL;
    cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &err), SQLITE_OK, "%s", err ? err : "?");
    sqlite3_close(db);
}

static char *slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    cr_assert_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
    buf[len] = 0;
    fclose(f);
    *n = (size_t)len;
    return buf;
}

static void expect_diag(const char *file, const char *message) {
    for (size_t i = 0; i < D.count; i++)
        if (strcmp(D.items[i].message, message) == 0) {
            cr_expect_str_eq(D.items[i].file ? D.items[i].file : "(null)", file);
            return;
        }
    for (size_t i = 0; i < D.count; i++)
        cr_log_error("have: %s: %s", D.items[i].file, D.items[i].message);
    cr_assert_fail("no diagnostic \"%s\"", message);
}

static void expect_diag_containing(const char *part) {
    for (size_t i = 0; i < D.count; i++)
        if (strstr(D.items[i].message, part)) return;
    for (size_t i = 0; i < D.count; i++) cr_log_error("have: %s", D.items[i].message);
    cr_assert_fail("no diagnostic containing \"%s\"", part);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- hashes and paths -------------------------------------------------- */

Test(store, fnv1a_known_values) {
    char h[NR_HASH_HEX];
    nr_hash_bytes("", 0, h);
    cr_expect_str_eq(h, "cbf29ce484222325");
    nr_hash_bytes("a", 1, h);
    cr_expect_str_eq(h, "af63dc4c8601ec8c");
    nr_hash_bytes("foobar", 6, h);
    cr_expect_str_eq(h, "85944171f73967e8");
}

Test(store, file_hash_matches_bytes_and_reports_missing_file) {
    char h[NR_HASH_HEX], want[NR_HASH_HEX];
    const char *path = NR_TEST_DATA "/store/v1.sql";
    size_t n = 0;
    char *bytes = slurp(path, &n);
    nr_hash_bytes(bytes, n, want);
    free(bytes);
    cr_assert_eq(nr_file_hash(path, h, &D), 0);
    cr_expect_str_eq(h, want);
    char missing[160];
    snprintf(missing, sizeof missing, "%s/nope.csv", DIR_);
    cr_expect_eq(nr_file_hash(missing, h, &D), NR_EIO);
    expect_diag(missing, "cannot read: No such file or directory");
}

Test(store, region_files_are_distinct_sorted_and_hashed) {
    R = make_region("2027-01-04", 1, 3);
    const char *yaml = nr_region_file(R, NR_TEST_DATA "/store/v1.sql");
    const char *csv = nr_region_file(R, NR_SOURCE_DIR "/store/store.h");
    R->period_loc = nr_loc_at(yaml, 3);
    for (size_t i = 0; i < R->n_people; i++) R->people[i].loc = nr_loc_at(csv, (int)i + 2);
    for (size_t i = 0; i < R->n_rotas; i++) R->rotas[i].loc = nr_loc_at(yaml, 9);
    R->trusts[0].loc = R->sites[0].loc = nr_loc_at(yaml, 5);
    for (size_t i = 0; i < R->n_shifts; i++) R->shifts[i].loc = nr_loc_at(yaml, 7);
    nr_store_file *files = NULL;
    size_t n = 0;
    cr_assert_eq(nr_store_region_files(R, &files, &n, &D), 0);
    cr_assert_eq(n, 2);
    cr_expect_str_eq(files[0].path, NR_SOURCE_DIR "/store/store.h");
    cr_expect_str_eq(files[1].path, NR_TEST_DATA "/store/v1.sql");
    char h[NR_HASH_HEX];
    cr_assert_eq(nr_file_hash(files[1].path, h, &D), 0);
    cr_expect_str_eq(files[1].hash, h);
    free(files);
}

Test(store, default_path_is_in_the_scenario_folder) {
    char buf[256];
    char slashed[96];
    snprintf(slashed, sizeof slashed, "%s/", DIR_);
    cr_assert_eq(nr_store_default_path(DIR_, buf, sizeof buf, &D), 0);
    cr_expect_str_eq(buf, DB);
    cr_assert_eq(nr_store_default_path(slashed, buf, sizeof buf, &D), 0);
    cr_expect_str_eq(buf, DB);
    cr_assert_eq(nr_store_default_path("examples/sy/whatif/merge.yaml", buf, sizeof buf, &D), 0);
    cr_expect_str_eq(buf, "examples/sy/whatif/netrota.db");
    cr_assert_eq(nr_store_default_path("scenario.yaml", buf, sizeof buf, &D), 0);
    cr_expect_str_eq(buf, "netrota.db");
    cr_expect_eq(nr_store_default_path(DIR_, buf, 12, &D), NR_ELIMIT);
    expect_diag(DIR_, "database path too long");
}

/* ---- creating, recording, reading back --------------------------------- */

Test(store, creates_a_wal_database_at_the_current_version) {
    cr_assert_eq(nr_store_open(DB, &S, &D), 0);
    cr_expect_str_eq(nr_store_path(S), DB);
    cr_expect_eq(query_int(DB, "PRAGMA user_version"), NR_STORE_SCHEMA_VERSION);
    cr_expect_eq(query_int(DB, "PRAGMA application_id"), 0x4E52544F);
    char *mode = query_text(DB, "PRAGMA journal_mode");
    cr_expect_str_eq(mode, "wal");
    free(mode);
    nr_store_close(S);
    S = NULL;
    cr_assert_eq(nr_store_open(DB, &S, &D), 0, "reopen");
    cr_expect_eq(D.count, 0);
}

static int collect_run(const nr_store_run *run, void *ctx) {
    nr_store_run *out = ctx;
    *out = *run;
    /* Strings die with the callback: keep copies the test frees. */
    out->created = strdup(run->created);
    out->scenario_path = strdup(run->scenario_path);
    out->scenario_name = strdup(run->scenario_name);
    out->inputs_hash = strdup(run->inputs_hash);
    out->period_start = strdup(run->period_start);
    out->params_json = strdup(run->params_json);
    out->glpk_version = run->glpk_version ? strdup(run->glpk_version) : NULL;
    out->status = strdup(run->status);
    return 0;
}

static void free_run(nr_store_run *r) {
    free((char *)r->created);
    free((char *)r->scenario_path);
    free((char *)r->scenario_name);
    free((char *)r->inputs_hash);
    free((char *)r->period_start);
    free((char *)r->params_json);
    free((char *)r->glpk_version);
    free((char *)r->status);
}

Test(store, run_round_trip_keeps_every_field_and_assignment) {
    R = make_region("2027-12-20", 2, 6);
    cr_assert_eq(nr_store_open(DB, &S, &D), 0);
    nr_solve_options o;
    nr_store_run_info info = make_info(&o, 3);
    nr_solve_result res = make_result(R, 3);
    int64_t id = 0;
    cr_assert_eq(nr_store_record_run(S, R, &info, &res, &id, &D), 0);
    cr_expect_eq(id, 1);

    nr_store_run run = {0};
    cr_assert_eq(nr_store_list_runs(S, collect_run, &run, &D), 0);
    cr_expect_eq(run.id, 1);
    cr_expect_str_eq(run.scenario_path, "scen");
    cr_expect_str_eq(run.scenario_name, "Store test region");
    cr_expect_str_eq(run.period_start, "2027-12-20");
    cr_expect_eq(run.period_days, 14);
    cr_expect_str_eq(run.params_json, "{\"time_limit\":30,\"mip_gap\":0.0050000000000000001,\"seed\":3}");
    cr_expect_str_eq(run.glpk_version, "5.0");
    cr_expect_str_eq(run.status, "gaps");
    cr_expect_eq(run.objective, res.objective);
    cr_expect(isnan(run.bound) && isnan(run.gap), "non-finite bound and gap read back as NAN");
    cr_expect_eq(run.seconds, 1.25);
    cr_expect_eq(run.terms.person_deviation, 3.5);
    cr_expect_eq(run.terms.min_duties_short, 6);
    cr_expect_eq(run.terms.total_deviation, 7);
    cr_expect_eq(run.terms.band_excess, 8);
    cr_expect_eq(run.uncovered, (long)res.uncovered);
    cr_expect_eq(run.n_slots, (long)res.plan->n_slots);
    cr_expect_eq(strlen(run.created), 20);
    /* The inputs hash is over (path, hash) in path order, whatever the given order. */
    char want[NR_HASH_HEX];
    const char joined[] = "a/scenario.yaml\0" "00000000000000aa\0" "b/people.csv\0" "00000000000000bb";
    nr_hash_bytes(joined, sizeof joined, want);
    cr_expect_str_eq(run.inputs_hash, want);
    free_run(&run);
    cr_expect_eq(query_int(DB, "SELECT count(*) FROM assignments WHERE run_id = 1"),
                 (long long)res.plan->n_slots);
    cr_expect_eq(query_int(DB, "SELECT count(*) FROM assignments WHERE person IS NULL"),
                 (long long)res.uncovered);
    cr_expect_eq(query_int(DB, "SELECT count(*) FROM scenario_files WHERE scenario_id = 1"), 2);

    nr_plan *back = NULL;
    cr_assert_eq(nr_store_load_plan(S, id, R, &back, &D), 0);
    cr_assert_eq(back->n_slots, res.plan->n_slots);
    cr_expect_arr_eq(back->holder, res.plan->holder, res.plan->n_slots * sizeof *back->holder);
    nr_plan_free(back);

    /* Same inputs: the scenario row is reused; the next run gets the next id. */
    cr_expect_eq(record(S, R, 4), 2);
    cr_expect_eq(query_int(DB, "SELECT count(*) FROM scenarios"), 1);
    nr_plan_free(res.plan);
}

static int holds_of(const nr_plan *p, size_t duty, char *out, size_t size) {
    size_t n = 0;
    out[0] = '\0';
    for (size_t k = p->first_slot[duty]; k < p->first_slot[duty + 1]; k++) {
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%d,", p->holder[k]);
        n += p->holder[k] != NR_UNSET;
    }
    return (int)n;
}

/* gi needs 2 and allows a third: every slot is a row (empty optional ones
 * too); a surplus holder and an empty optional slot come back where they
 * were, and the penalty with the new terms round-trips (no schema change). */
Test(store, surplus_and_empty_optional_slots_round_trip) {
    GI_COVER_MAX = 3;
    R = make_region("2027-01-04", 1, 6);
    size_t gi = 0;
    while (R->rotas[R->duties[gi].rota].id[0] != 'g') gi++;
    cr_assert_eq(R->duties[gi].needed, 2);
    cr_assert_eq(R->duties[gi].optional, 1);
    cr_assert_eq(nr_store_open(DB, &S, &D), 0);
    nr_solve_options o;
    nr_store_run_info info = make_info(&o, 1);
    nr_solve_result res = make_result(R, 1);
    nr_plan *p = res.plan;
    for (size_t k = 0; k < p->n_slots; k++) p->holder[k] = NR_UNSET;
    size_t g = p->first_slot[gi];
    p->holder[g] = 0, p->holder[g + 1] = 1, p->holder[g + 2] = 2; /* one beyond cover */
    size_t gi2 = gi + 1;
    while (R->duties[gi2].rota != R->duties[gi].rota) gi2++;
    p->holder[p->first_slot[gi2] + 1] = 3; /* an empty slot before a holder */
    p->holder[p->first_slot[gi2] + 2] = 4;
    res.uncovered = nr_plan_uncovered(p);
    res.terms.surplus = 1;
    res.terms.under_cost = 1e4 * (double)res.uncovered;
    res.terms.over_cost = 1;
    res.terms.min_hours_short = 2.5;
    res.penalty = res.terms.under_cost + 1 + res.terms.requests;
    res.penalty_bound = NAN;
    int64_t id = 0;
    cr_assert_eq(nr_store_record_run(S, R, &info, &res, &id, &D), 0);
    cr_expect_eq(query_int(DB, "SELECT count(*) FROM assignments"), (long long)p->n_slots);
    cr_expect_eq(query_int(DB, "SELECT n_slots FROM runs"), (long long)p->n_slots);
    cr_expect_eq(query_int(DB, "SELECT uncovered FROM runs"), (long long)res.uncovered);

    nr_store_run run = {0};
    cr_assert_eq(nr_store_list_runs(S, collect_run, &run, &D), 0);
    cr_expect_eq(run.terms.surplus, 1);
    cr_expect_eq(run.terms.under_cost, res.terms.under_cost);
    cr_expect_eq(run.terms.over_cost, 1);
    cr_expect_eq(run.terms.min_hours_short, 2.5);
    cr_expect_eq(run.penalty, res.penalty);
    cr_expect(isnan(run.penalty_bound), "an unknown bound reads back as NAN");
    free_run(&run);

    nr_plan *back = NULL;
    cr_assert_eq(nr_store_load_plan(S, id, R, &back, &D), 0);
    cr_expect_arr_eq(back->holder, p->holder, p->n_slots * sizeof *p->holder);
    cr_expect_eq(nr_plan_surplus(back), 1);
    nr_plan_free(back);

    /* The same run against the scenario with gi's optional person gone:
     * the second duty's holders move into the two slots it has; the first
     * has three holders for two slots, reported. */
    GI_COVER_MAX = NR_UNSET;
    nr_region *strict = make_region("2027-01-04", 1, 6);
    cr_expect_eq(nr_store_load_plan(S, id, strict, &back, &D), NR_EINPUT);
    cr_expect_null(back);
    char want[160], date[16];
    nr_date_format(R->duties[gi].date, date);
    snprintf(want, sizeof want, "run 1: gi %s on %s has more holders than the 2 people it takes "
                                "in this scenario", R->shifts[R->duties[gi].shift].id, date);
    expect_diag(DB, want);
    cr_expect_eq(D.errors, 1);
    nr_diags_clear(&D);
    p->holder[g + 2] = NR_UNSET;
    res.uncovered = nr_plan_uncovered(p);
    cr_assert_eq(nr_store_record_run(S, R, &info, &res, &id, &D), 0);
    cr_assert_eq(nr_store_load_plan(S, id, strict, &back, &D), 0);
    char held[64];
    cr_expect_eq(holds_of(back, gi, held, sizeof held), 2);
    cr_expect_str_eq(held, "0,1,");
    cr_expect_eq(holds_of(back, gi2, held, sizeof held), 2);
    cr_expect_str_eq(held, "4,3,");
    nr_plan_free(back);

    /* A plan with only the needed slots is refused before writing. */
    nr_solve_result old = make_result(strict, 1);
    cr_expect_eq(nr_store_record_run(S, R, &info, &old, &id, &D), NR_EINTERNAL);
    snprintf(want, sizeof want, "the plan does not belong to this scenario (duty %zu has 2 slots, "
                                "takes 2 needed + 1 optional)", gi);
    expect_diag(DB, want);
    nr_plan_free(old.plan);
    nr_region_free(strict);
    nr_plan_free(res.plan);
}

Test(store, loading_a_run_into_another_scenario_names_what_differs) {
    R = make_region("2027-01-04", 1, 4);
    cr_assert_eq(nr_store_open(DB, &S, &D), 0);
    int64_t id = record(S, R, 1);
    nr_region *later = make_region("2027-01-11", 1, 4);
    nr_plan *p = NULL;
    cr_expect_eq(nr_store_load_plan(S, id, later, &p, &D), NR_EINPUT);
    cr_expect_null(p);
    expect_diag(DB, "run 1: ent day on 2027-01-04 (slot 0) is not a duty of this scenario");
    expect_diag_containing("more problems; it was made for another scenario");
    nr_diags_clear(&D);
    /* A person who is not in the scenario any more. */
    nr_region *fewer = make_region("2027-01-04", 1, 3);
    cr_expect_eq(nr_store_load_plan(S, id, fewer, &p, &D), NR_EINPUT);
    expect_diag_containing("P4 on ");
    expect_diag_containing("is not in this scenario");
    nr_diags_clear(&D);
    cr_expect_eq(nr_store_load_plan(S, 42, R, &p, &D), NR_EINPUT);
    expect_diag(DB, "no run 42 in this database");
    nr_region_free(later);
    nr_region_free(fewer);
}

/* ---- failed writes change nothing -------------------------------------- */

static void expect_empty(void) {
    cr_expect_eq(query_int(DB, "SELECT count(*) FROM scenarios"), 0);
    cr_expect_eq(query_int(DB, "SELECT count(*) FROM scenario_files"), 0);
    cr_expect_eq(query_int(DB, "SELECT count(*) FROM runs"), 0);
    cr_expect_eq(query_int(DB, "SELECT count(*) FROM assignments"), 0);
}

Test(store, constraint_violation_mid_run_rolls_everything_back) {
    R = make_region("2027-01-04", 2, 4);
    cr_assert_eq(nr_store_open(DB, &S, &D), 0);
    /* Two duties with one key: the insert fails half way through the
     * assignments, after the scenario, its files and the run were written. */
    size_t last = R->n_duties - 1;
    R->duties[last] = R->duties[last - 1];
    nr_solve_options o;
    nr_store_run_info info = make_info(&o, 1);
    nr_solve_result res = make_result(R, 1);
    int64_t id = -7;
    cr_expect_eq(nr_store_record_run(S, R, &info, &res, &id, &D), NR_EINTERNAL);
    cr_expect_eq(id, -7);
    expect_diag_containing("recording an assignment: UNIQUE constraint failed: assignments.");
    expect_empty();
    nr_plan_free(res.plan);
    /* The connection is usable afterwards. */
    nr_region *ok = make_region("2027-01-04", 1, 4);
    cr_expect_eq(record(S, ok, 1), 1);
    nr_region_free(ok);
}

Test(store, plan_for_another_region_is_refused_before_writing) {
    R = make_region("2027-01-04", 2, 4);
    nr_region *small = make_region("2027-01-04", 1, 4);
    cr_assert_eq(nr_store_open(DB, &S, &D), 0);
    nr_solve_options o;
    nr_store_run_info info = make_info(&o, 1);
    nr_solve_result res = make_result(small, 1);
    int64_t id = 0;
    cr_expect_eq(nr_store_record_run(S, R, &info, &res, &id, &D), NR_EINTERNAL);
    char want[128];
    snprintf(want, sizeof want, "the plan does not belong to this scenario (%zu duties, scenario has %zu)",
             small->n_duties, R->n_duties);
    expect_diag(DB, want);
    expect_empty();
    nr_plan_free(res.plan);
    nr_region_free(small);
}

/* ---- migrations and foreign files -------------------------------------- */

static void load_v1(const char *path) {
    size_t n = 0;
    char *sql = slurp(NR_TEST_DATA "/store/v1.sql", &n);
    raw_exec(path, sql);
    free(sql);
}

/* A ledger query's end far beyond every period here. */
#define FAR date("2100-01-01")

/* count_ledger's text: "P1/gi:w,we,bh,x/periods;" per entry. */
#define LEDGER_TEXT 1024

static int count_ledger(const nr_ledger_entry *e, void *ctx) {
    char *out = ctx;
    size_t len = strlen(out);
    cr_assert_lt(len, LEDGER_TEXT - 64, "count_ledger's buffer is full");
    snprintf(out + len, LEDGER_TEXT - len, "%s/%s:%d,%d,%d,%d/%d;", e->person, e->rota, e->duties[0],
             e->duties[1], e->duties[2], e->duties[3], e->periods);
    return 0;
}

Test(store, migrates_a_version_1_database_keeping_its_data) {
    load_v1(DB);
    cr_assert_eq(query_int(DB, "PRAGMA user_version"), 1);
    cr_assert_eq(nr_store_open(DB, &S, &D), 0);
    cr_expect_eq(query_int(DB, "PRAGMA user_version"), 2);
    nr_store_run run = {0};
    cr_assert_eq(nr_store_list_runs(S, collect_run, &run, &D), 0);
    cr_expect_eq(run.id, 1);
    cr_expect_str_eq(run.scenario_name, "Tiny");
    cr_expect_str_eq(run.status, "gaps");
    cr_expect_eq(run.n_slots, 4);
    cr_expect_eq(run.uncovered, 1);
    cr_expect_eq(run.terms.person_deviation, 10.5);
    cr_expect(isnan(run.terms.band_excess), "a term version 1 did not record reads as NAN");
    free_run(&run);
    char ledger[LEDGER_TEXT] = "";
    /* The duties come from the run's assignments, classified when read:
     * 24 December counts as Christmas, which version 1 did not know. */
    cr_assert_eq(nr_store_ledger(S, date("2026-01-01"), FAR, count_ledger, ledger, &D), 0);
    cr_expect_str_eq(ledger, "P1/gi:1,0,0,1/1;P2/gi:1,0,0,0/1;");
    /* v2's additions work on the migrated file. */
    nr_publication pub = {.feed = "all.ics", .uid = "u1@netrota", .content_hash = "1111"};
    cr_assert_eq(nr_store_publish(S, 1, &pub, 1, &D), 0);
    ledger[0] = 0;
    cr_assert_eq(nr_store_ledger(S, date("2026-01-01"), FAR, count_ledger, ledger, &D), 0);
    /* Republished: the same. */
    cr_expect_str_eq(ledger, "P1/gi:1,0,0,1/1;P2/gi:1,0,0,0/1;");
    char *ok = query_text(DB, "PRAGMA integrity_check");
    cr_expect_str_eq(ok, "ok");
    free(ok);

    /* The migrated schema is exactly a fresh database's schema. */
    char fresh[160];
    snprintf(fresh, sizeof fresh, "%s/other.db", DIR_);
    nr_store *f = NULL;
    cr_assert_eq(nr_store_open(fresh, &f, &D), 0);
    nr_store_close(f);
    const char *q = "SELECT group_concat(type || ' ' || name || ': ' || sql, char(10)) FROM "
                    "(SELECT * FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name)";
    char *a = query_text(DB, q), *b = query_text(fresh, q);
    cr_assert_not_null(a);
    cr_expect_str_eq(a, b);
    free(a);
    free(b);
}

Test(store, refuses_a_newer_schema_and_leaves_the_file_alone) {
    raw_exec(DB, "PRAGMA application_id = 1314018383; CREATE TABLE future(x); "
                 "PRAGMA user_version = 99;");
    size_t n0 = 0, n1 = 0;
    char *before = slurp(DB, &n0);
    cr_expect_eq(nr_store_open(DB, &S, &D), NR_EINPUT);
    cr_expect_null(S);
    expect_diag(DB, "database schema version 99 is newer than this netrota understands (2); "
                    "upgrade netrota");
    char *after = slurp(DB, &n1);
    cr_expect_eq(n0, n1);
    cr_expect_eq(memcmp(before, after, n0), 0, "the file changed");
    free(before);
    free(after);
    char wal[160];
    snprintf(wal, sizeof wal, "%s-wal", DB);
    cr_expect_neq(access(wal, F_OK), 0, "no WAL was started on a refused file");
}

Test(store, refuses_files_that_are_not_netrota_databases) {
    char path[160];
    snprintf(path, sizeof path, "%s/file.txt", DIR_);
    FILE *f = fopen(path, "w");
    fputs("people,name\nthis is not a database but it is long enough to have a header page\n", f);
    fclose(f);
    cr_expect_eq(nr_store_open(path, &S, &D), NR_EINPUT);
    expect_diag(path, "not a netrota database (not an SQLite file)");
    nr_diags_clear(&D);

    snprintf(path, sizeof path, "%s/other.db", DIR_);
    raw_exec(path, "CREATE TABLE contacts(name TEXT);");
    cr_expect_eq(nr_store_open(path, &S, &D), NR_EINPUT);
    expect_diag(path, "not a netrota database (it holds other tables)");
    nr_diags_clear(&D);
    raw_exec(path, "PRAGMA application_id = 42;");
    cr_expect_eq(nr_store_open(path, &S, &D), NR_EINPUT);
    expect_diag(path, "not a netrota database (application_id 42)");
    cr_expect_eq(query_int(path, "SELECT count(*) FROM sqlite_master"), 1);
}

Test(store, unwritable_location_is_a_clear_error) {
    char path[160];
    snprintf(path, sizeof path, "%s/no/such/dir/netrota.db", DIR_);
    cr_expect_eq(nr_store_open(path, &S, &D), NR_EIO);
    expect_diag(path, "cannot open database: unable to open database file");
}

/* ---- locking ----------------------------------------------------------- */

Test(store, a_held_write_lock_gives_the_locked_message_after_the_timeout) {
    R = make_region("2027-01-04", 1, 4);
    cr_assert_eq(nr_store_open(DB, &S, &D), 0);
    nr_store_close(S);
    S = NULL;
    sqlite3 *other = NULL;
    cr_assert_eq(sqlite3_open(DB, &other), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(other, "BEGIN IMMEDIATE; INSERT INTO scenarios(path, name, "
                                     "inputs_hash, created) VALUES ('x', 'x', 'x', 'x')",
                              NULL, NULL, NULL),
                 SQLITE_OK);
    /* Readers are not blocked in WAL mode: opening an up-to-date file works. */
    cr_assert_eq(nr_store_open_ex(DB, 300, &S, &D), 0);
    nr_solve_options o;
    nr_store_run_info info = make_info(&o, 1);
    nr_solve_result res = make_result(R, 1);
    int64_t id = 0;
    double t0 = now();
    cr_expect_eq(nr_store_record_run(S, R, &info, &res, &id, &D), NR_EIO);
    double waited = now() - t0;
    cr_expect_geq(waited, 0.25, "gave up after %.3f s", waited);
    cr_expect_lt(waited, 3.0);
    expect_diag(DB, "database is locked by another netrota process (waited 0.3 s); try again "
                    "when it has finished");
    nr_diags_clear(&D);
    nr_publication pub = {.feed = "f", .uid = "u", .content_hash = "0"};
    cr_expect_eq(nr_store_publish(S, 1, &pub, 1, &D), NR_EIO);
    expect_diag_containing("database is locked by another netrota process");
    nr_diags_clear(&D);
    /* Once the other writer commits, the same handle writes. */
    cr_assert_eq(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    cr_expect_eq(nr_store_record_run(S, R, &info, &res, &id, &D), 0);
    cr_expect_eq(query_int(DB, "SELECT count(*) FROM runs"), 1);
    sqlite3_close(other);
    nr_plan_free(res.plan);
}

/* Runs child(k, path) in n processes at once, each opening path with its
 * own store handle; returns how many did not exit 0 (a child prints its
 * diagnostics). */
static int failed_children(int n, const char *path, int (*child)(int k, nr_store *s, nr_diags *d)) {
    pid_t pids[8];
    cr_assert_leq(n, 8);
    for (int k = 0; k < n; k++) {
        pids[k] = fork();
        cr_assert_geq(pids[k], 0);
        if (pids[k] == 0) {
            nr_diags d = NR_DIAGS_INIT;
            nr_store *s = NULL;
            int bad = nr_store_open(path, &s, &d) != 0 || child(k, s, &d) != 0;
            if (bad) nr_diags_print(&d, stderr);
            nr_store_close(s);
            nr_diags_clear(&d);
            _exit(bad);
        }
    }
    int failed = 0;
    for (int k = 0; k < n; k++) {
        int status = 0;
        cr_assert_eq(waitpid(pids[k], &status, 0), pids[k]);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed++;
    }
    return failed;
}

enum { WRITER_RUNS = 12 };

static int write_runs(int k, nr_store *s, nr_diags *d) {
    nr_region *r = make_region("2027-01-04", 4, 5);
    int bad = 0;
    for (int i = 0; i < WRITER_RUNS && !bad; i++) {
        nr_solve_options o;
        nr_store_run_info info = make_info(&o, (unsigned)(k * 100 + i));
        nr_solve_result res = make_result(r, (unsigned)(k * 100 + i));
        int64_t id;
        bad = nr_store_record_run(s, r, &info, &res, &id, d) != 0;
        nr_plan_free(res.plan);
    }
    nr_region_free(r);
    return bad;
}

/* Two processes create the same new database at once and write runs
 * interleaved: all of them arrive, whole. */
Test(store, two_processes_writing_at_once_both_succeed) {
    enum { PROCS = 2 };
    int failed = failed_children(PROCS, DB, write_runs);
    cr_expect_eq(failed, 0, "%d of %d writers failed", failed, PROCS);
    cr_expect_eq(query_int(DB, "SELECT count(*) FROM runs"), PROCS * WRITER_RUNS);
    cr_expect_eq(query_int(DB, "SELECT count(*) FROM runs r WHERE n_slots != (SELECT count(*) "
                               "FROM assignments a WHERE a.run_id = r.id)"),
                 0);
    char *ok = query_text(DB, "PRAGMA integrity_check");
    cr_expect_str_eq(ok, "ok");
    free(ok);
}

static int open_only(int k, nr_store *s, nr_diags *d) {
    (void)k, (void)s, (void)d;
    return 0;
}

/* Creating a new database switches it to WAL, which SQLite refuses at
 * once, busy handler or not, while another opener holds a lock, and reads
 * the schema version while another may be writing the schema: several
 * processes creating one file together must all open it. */
Test(store, processes_creating_one_database_together_all_open_it) {
    enum { ROUNDS = 100, PROCS = 4 };
    int failed = 0;
    for (int round = 0; round < ROUNDS; round++) {
        char path[160];
        snprintf(path, sizeof path, "%s/race-%d.db", DIR_, round);
        failed += failed_children(PROCS, path, open_only);
        cr_expect_eq(query_int(path, "PRAGMA user_version"), NR_STORE_SCHEMA_VERSION);
        rm_db(path);
    }
    cr_expect_eq(failed, 0, "%d of %d openers failed", failed, ROUNDS * PROCS);
}

/* ---- a writer killed mid-write ----------------------------------------- */

static unsigned seed_of(const char *params) {
    const char *at = strstr(params, "\"seed\":");
    cr_assert_not_null(at);
    return (unsigned)strtoul(at + 7, NULL, 10);
}

typedef struct run_list {
    int64_t ids[4096];
    unsigned seeds[4096];
    size_t n;
} run_list;

static int note_run(const nr_store_run *run, void *ctx) {
    run_list *l = ctx;
    if (l->n < 4096) {
        l->ids[l->n] = run->id;
        l->seeds[l->n] = seed_of(run->params_json);
        l->n++;
    }
    return 0;
}

Test(store, killed_writer_leaves_a_sound_database_with_every_committed_run, .timeout = 120) {
    enum { ROUNDS = 8 };
    R = make_region("2027-01-04", 104, 8); /* 1,976 slots a run */
    unsigned rng = (unsigned)time(NULL);
    cr_log_info("kill test seed %u", rng);
    nr_plan *shape = nr_plan_new(R);
    size_t slots = shape->n_slots, before = 0;
    nr_plan_free(shape);
    cr_assert_gt(slots, 1500);
    int mid_write = 0;
    for (int round = 0; round < ROUNDS; round++) {
        /* The writer says 'R' when open, 'B' before and 'C' after each run. */
        int tell[2];
        cr_assert_eq(pipe(tell), 0);
        pid_t pid = fork();
        cr_assert_geq(pid, 0);
        if (pid == 0) {
            close(tell[0]);
            nr_diags d = NR_DIAGS_INIT;
            nr_store *s = NULL;
            if (nr_store_open(DB, &s, &d) != 0) _exit(2);
            if (write(tell[1], "R", 1) != 1) _exit(3);
            for (unsigned i = 0;; i++) {
                nr_solve_options o;
                unsigned seed = (unsigned)round * 100000u + i;
                nr_store_run_info info = make_info(&o, seed);
                nr_solve_result res = make_result(R, seed);
                int64_t id;
                if (write(tell[1], "B", 1) != 1) _exit(3);
                if (nr_store_record_run(s, R, &info, &res, &id, &d) != 0) _exit(4);
                if (write(tell[1], "C", 1) != 1) _exit(3);
                nr_plan_free(res.plan);
            }
        }
        close(tell[1]);
        /* Let it complete round % 3 runs first (so that slow builds commit
         * some too), then kill it at a random moment. */
        size_t done = 0;
        char last = 0, buf[4096];
        while (done < (size_t)(round % 3) || last == 0) {
            cr_assert_eq(read(tell[0], &last, 1), 1, "writer stopped");
            done += last == 'C';
        }
        rng = rng * 1103515245u + 12345u;
        sleep_us((long)((rng >> 8) % 200000));
        cr_assert_eq(kill(pid, SIGKILL), 0);
        int status = 0;
        cr_assert_eq(waitpid(pid, &status, 0), pid);
        cr_assert(WIFSIGNALED(status), "the writer ended by itself (status %d)", status);
        ssize_t got;
        while ((got = read(tell[0], buf, sizeof buf)) > 0)
            for (ssize_t i = 0; i < got; i++) {
                done += buf[i] == 'C';
                last = buf[i];
            }
        close(tell[0]);
        if (last == 'B') mid_write++;

        char *ok = query_text(DB, "PRAGMA integrity_check");
        cr_assert_str_eq(ok, "ok", "round %d", round);
        free(ok);
        cr_assert_eq(query_int(DB, "SELECT count(*) FROM runs r WHERE n_slots != (SELECT "
                                   "count(*) FROM assignments a WHERE a.run_id = r.id)"),
                     0, "a run with missing assignments after round %d", round);
        cr_assert_eq(query_int(DB, "SELECT count(*) FROM assignments WHERE run_id NOT IN "
                                   "(SELECT id FROM runs)"),
                     0, "orphan assignments after round %d", round);

        /* Through the store: every run the writer saw committed is there
         * (one more if it died between COMMIT and telling us), and the last
         * one reads back as written. */
        cr_assert_eq(nr_store_open(DB, &S, &D), 0);
        run_list *runs = calloc(1, sizeof *runs);
        cr_assert_eq(nr_store_list_runs(S, note_run, runs, &D), 0);
        size_t added = runs->n - before;
        cr_assert(added == done || (last == 'B' && added == done + 1),
                  "round %d: writer committed %zu runs, database gained %zu", round, done, added);
        if (runs->n) {
            nr_plan *back = NULL;
            cr_assert_eq(nr_store_load_plan(S, runs->ids[runs->n - 1], R, &back, &D), 0);
            nr_solve_result want = make_result(R, runs->seeds[runs->n - 1]);
            cr_expect_arr_eq(back->holder, want.plan->holder, slots * sizeof *back->holder);
            nr_plan_free(want.plan);
            nr_plan_free(back);
        }
        cr_log_info("round %d: %zu runs committed, killed %s", round, added,
                    last == 'B' ? "inside a write" : "between writes");
        before = runs->n;
        free(runs);
        nr_store_close(S);
        S = NULL;
    }
    cr_expect_gt(before, 0, "no run was ever committed");
    cr_log_info("kills inside a write: %d of %d", mid_write, ROUNDS);
    cr_expect_gt(mid_write, 0, "no kill landed inside a write");
}

/* ---- publications and the ledger --------------------------------------- */

static int collect_pub(const nr_publication *p, void *ctx) {
    char *out = ctx;
    size_t len = strlen(out);
    snprintf(out + len, 256 - len, "%s %s=%d:%s:%s:%d:%lld;", p->feed, p->uid, p->sequence,
             p->content_hash, p->text ? p->text : "-", p->cancelled, (long long)p->run_id);
    return 0;
}

static void expect_seq(const char *feed, const char *uid, const char *hash, int seq, bool changed) {
    int got = -1;
    bool ch = !changed;
    cr_assert_eq(nr_store_publication_sequence(S, feed, uid, hash, &got, &ch, &D), 0);
    cr_expect(got == seq && ch == changed, "%s %s %s: SEQUENCE %d changed %d, want %d %d", feed,
              uid, hash, got, ch, seq, changed);
}

Test(store, publication_sequence_follows_content_changes) {
    R = make_region("2027-01-04", 1, 4);
    cr_assert_eq(nr_store_open(DB, &S, &D), 0);
    int64_t run = record(S, R, 1);
    expect_seq("trusts/T1.ics", "a@x", "aaaa", 0, true);
    /* One UID in two feeds: each keeps its own state. */
    nr_publication pubs[3] = {
        {.feed = "trusts/T1.ics", .uid = "a@x", .content_hash = "aaaa", .text = "BEGIN:VEVENT"},
        {.feed = "people/P1.ics", .uid = "a@x", .sequence = 4, .content_hash = "aaaa"},
        {.feed = "trusts/T1.ics", .uid = "b@x", .content_hash = "bbbb"},
    };
    cr_assert_eq(nr_store_publish(S, run, pubs, 3, &D), 0);
    expect_seq("trusts/T1.ics", "a@x", "aaaa", 0, false); /* unchanged: same SEQUENCE */
    expect_seq("people/P1.ics", "a@x", "aaaa", 4, false);
    expect_seq("trusts/T1.ics", "a@x", "cccc", 1, true); /* changed: SEQUENCE + 1 */

    pubs[0] = (nr_publication){.feed = "trusts/T1.ics", .uid = "a@x", .sequence = 1, .content_hash = "cccc"};
    pubs[1] = (nr_publication){.feed = "trusts/T1.ics", .uid = "b@x", .sequence = 1,
                               .content_hash = "bbbb", .cancelled = true};
    cr_assert_eq(nr_store_publish(S, run, pubs, 2, &D), 0);
    expect_seq("trusts/T1.ics", "b@x", "bbbb", 2, true); /* cancelled: sent again, + 1 */
    /* The state is what was published last: P1's feed was not, so it is forgotten. */
    expect_seq("people/P1.ics", "a@x", "aaaa", 0, true);
    char list[256] = "";
    cr_assert_eq(nr_store_list_publications(S, collect_pub, list, &D), 0);
    cr_expect_str_eq(list, "trusts/T1.ics a@x=1:cccc:-:0:1;trusts/T1.ics b@x=1:bbbb:-:1:1;");

    /* A lower SEQUENCE is refused, every one reported, and nothing is kept. */
    pubs[0] = (nr_publication){.feed = "trusts/T1.ics", .uid = "c@x", .content_hash = "dddd"};
    pubs[1] = (nr_publication){.feed = "trusts/T1.ics", .uid = "a@x", .content_hash = "eeee"};
    pubs[2] = (nr_publication){.feed = "trusts/T1.ics", .uid = "b@x", .content_hash = "ffff"};
    cr_expect_eq(nr_store_publish(S, run, pubs, 3, &D), NR_EINPUT);
    expect_diag(DB, "trusts/T1.ics a@x: SEQUENCE 0 is lower than the 1 already published");
    expect_diag(DB, "trusts/T1.ics b@x: SEQUENCE 0 is lower than the 1 already published");
    list[0] = 0;
    cr_assert_eq(nr_store_list_publications(S, collect_pub, list, &D), 0);
    cr_expect_str_eq(list, "trusts/T1.ics a@x=1:cccc:-:0:1;trusts/T1.ics b@x=1:bbbb:-:1:1;");
    nr_diags_clear(&D);
    cr_expect_eq(nr_store_publish(S, 99, pubs, 1, &D), NR_EINPUT);
    expect_diag(DB, "no run 99 in this database");
}

/* Expected ledger for a plan, computed from the region without SQL. */
static void tally(const nr_region *r, const nr_plan *p, int person, int rota, int out[NR_LEDGER_KINDS]) {
    memset(out, 0, NR_LEDGER_KINDS * sizeof *out);
    for (size_t i = 0; i < r->n_duties; i++) {
        if (r->duties[i].rota != rota) continue;
        int y, m, dd;
        nr_date_to_ymd(r->duties[i].date, &y, &m, &dd);
        bool xmas = (m == 12 && dd >= 24) || (m == 1 && dd == 1);
        for (size_t k = p->first_slot[i]; k < p->first_slot[i + 1]; k++)
            if (p->holder[k] == person)
                out[xmas ? NR_LEDGER_CHRISTMAS : (int)r->duties[i].kind]++;
    }
}

/* (person, rota) pairs that hold at least one duty in p. */
static int pairs_with_duties(const nr_region *r, const nr_plan *p) {
    int n = 0, t[NR_LEDGER_KINDS];
    for (size_t person = 0; person < r->n_people; person++)
        for (size_t k = 0; k < r->n_rotas; k++) {
            tally(r, p, (int)person, (int)k, t);
            n += t[0] + t[1] + t[2] + t[3] > 0;
        }
    return n;
}

typedef struct ledger_check {
    const nr_region *r;
    const nr_plan *p;
    int factor; /* periods summed */
    int entries;
} ledger_check;

static int check_entry(const nr_ledger_entry *e, void *ctx) {
    ledger_check *c = ctx;
    int want[NR_LEDGER_KINDS];
    tally(c->r, c->p, nr_region_find_person(c->r, e->person), nr_region_find_rota(c->r, e->rota), want);
    for (int k = 0; k < NR_LEDGER_KINDS; k++)
        cr_expect_eq(e->duties[k], c->factor * want[k], "%s %s %s: %d, want %d", e->person, e->rota,
                     nr_ledger_kind_name(k), e->duties[k], c->factor * want[k]);
    cr_expect_eq(e->periods, c->factor);
    c->entries++;
    return 0;
}

Test(store, ledger_counts_published_duties_by_kind_across_periods) {
    /* 20 Dec 2027 - 2 Jan 2028: weekdays, weekends, bank holidays 27-28
     * December, and the Christmas window. */
    R = make_region("2027-12-20", 2, 6);
    int kinds[NR_DUTY_KINDS] = {0};
    for (size_t i = 0; i < R->n_duties; i++) kinds[R->duties[i].kind]++;
    cr_assert(kinds[0] && kinds[1] && kinds[2], "the period has every kind of duty");
    cr_assert_eq(nr_store_open(DB, &S, &D), 0);
    int64_t first = record(S, R, 5), second = record(S, R, 6);
    nr_publication pub = {.feed = "f", .uid = "x", .content_hash = "1"};

    cr_assert_eq(nr_store_publish(S, first, &pub, 1, &D), 0);
    nr_solve_result r5 = make_result(R, 5), r6 = make_result(R, 6);
    ledger_check c = {R, r5.plan, 1, 0};
    cr_assert_eq(nr_store_ledger(S, date("2027-01-01"), FAR, check_entry, &c, &D), 0);
    cr_expect_eq(c.entries, pairs_with_duties(R, r5.plan));
    cr_expect_gt(c.entries, 6);

    /* A revised rota for the same period replaces the first in the ledger. */
    pub.sequence = 1;
    cr_assert_eq(nr_store_publish(S, second, &pub, 1, &D), 0);
    c = (ledger_check){R, r6.plan, 1, 0};
    cr_assert_eq(nr_store_ledger(S, date("2027-01-01"), FAR, check_entry, &c, &D), 0);
    cr_expect_eq(c.entries, pairs_with_duties(R, r6.plan));

    /* The next period adds up with this one; the query's start date
     * selects which periods count. */
    nr_region *next = make_region("2028-12-18", 2, 6);
    int64_t third = record(S, next, 6);
    pub.sequence = 2;
    cr_assert_eq(nr_store_publish(S, third, &pub, 1, &D), 0);
    nr_solve_result n6 = make_result(next, 6);
    int a[NR_LEDGER_KINDS], b[NR_LEDGER_KINDS];
    /* P1 on ent (rotas sort by id: ent before gi). */
    tally(R, r6.plan, 0, 1, a);
    tally(next, n6.plan, 0, 1, b);
    cr_assert_gt(a[0] + a[3], 0);
    cr_assert_gt(b[0] + b[3], 0);
    char want[256], got[LEDGER_TEXT] = "";
    snprintf(want, sizeof want, "P1/ent:%d,%d,%d,%d/2;", a[0] + b[0], a[1] + b[1], a[2] + b[2],
             a[3] + b[3]);
    cr_assert_eq(nr_store_ledger(S, date("2027-01-01"), FAR, count_ledger, got, &D), 0);
    got[strlen(want)] = 0;
    cr_expect_str_eq(got, want);
    c = (ledger_check){next, n6.plan, 1, 0};
    cr_assert_eq(nr_store_ledger(S, date("2028-01-03"), FAR, check_entry, &c, &D), 0);
    cr_expect_eq(c.entries, pairs_with_duties(next, n6.plan));
    /* Up to the next period's start: the first period alone. */
    c = (ledger_check){R, r6.plan, 1, 0};
    cr_assert_eq(nr_store_ledger(S, date("2027-01-01"), date("2028-12-18"), check_entry, &c, &D), 0);
    cr_expect_eq(c.entries, pairs_with_duties(R, r6.plan));
    c.entries = 0;
    cr_assert_eq(nr_store_ledger(S, date("2029-01-01"), FAR, check_entry, &c, &D), 0);
    cr_expect_eq(c.entries, 0);
    nr_plan_free(r5.plan);
    nr_plan_free(r6.plan);
    nr_plan_free(n6.plan);
    nr_region_free(next);
}

/* The holder of duty `duty`'s slot `slot` in p, by person id ("-" if empty). */
static const char *holder_id(const nr_region *r, const nr_plan *p, size_t duty, size_t slot) {
    int who = p->holder[p->first_slot[duty] + slot];
    return who == NR_UNSET ? "-" : r->people[who].id;
}

/* Compare, slot by slot, every duty of a that b has too (same rota, shift
 * and date); a slot a gave to `except` must be open in b. Returns how many
 * slots were compared and agree. */
/* Every leaver in c is `who` on a duty of b that a holds with `who` in pa
 * (same rota, shift and date), and every such holding is listed once.
 * Returns how many there are. */
static size_t expect_leavers(const nr_region *a, const nr_plan *pa, const nr_region *b,
                             const nr_store_carry *c, const char *who) {
    size_t held = 0;
    for (size_t j = 0; j < b->n_duties; j++) {
        size_t listed = 0, have = 0;
        for (size_t k = 0; k < c->n_left; k++) listed += c->left[k].duty == j;
        for (size_t i = 0; i < a->n_duties; i++) {
            if (a->duties[i].date != b->duties[j].date ||
                strcmp(a->rotas[a->duties[i].rota].id, b->rotas[b->duties[j].rota].id) ||
                strcmp(a->shifts[a->duties[i].shift].id, b->shifts[b->duties[j].shift].id))
                continue;
            for (size_t k = pa->first_slot[i]; k < pa->first_slot[i + 1]; k++)
                have += strcmp(holder_id(a, pa, i, k - pa->first_slot[i]), who) == 0;
        }
        cr_expect_eq(listed, have, "duty %zu: %zu leavers listed, %s held %zu", j, listed, who, have);
        held += have;
    }
    for (size_t k = 0; k < c->n_left; k++) cr_expect_str_eq(c->left[k].person, who);
    cr_expect_eq(c->n_left, held);
    return c->n_left;
}

static size_t count_same_holders(const nr_region *a, const nr_plan *pa, const nr_region *b,
                                 const nr_plan *pb, const char *except) {
    size_t same = 0;
    for (size_t i = 0; i < a->n_duties; i++)
        for (size_t j = 0; j < b->n_duties; j++) {
            if (a->duties[i].date != b->duties[j].date ||
                strcmp(a->rotas[a->duties[i].rota].id, b->rotas[b->duties[j].rota].id) ||
                strcmp(a->shifts[a->duties[i].shift].id, b->shifts[b->duties[j].shift].id))
                continue;
            size_t n = pa->first_slot[i + 1] - pa->first_slot[i];
            cr_assert_eq(n, pb->first_slot[j + 1] - pb->first_slot[j]);
            for (size_t k = 0; k < n; k++) {
                const char *x = holder_id(a, pa, i, k), *y = holder_id(b, pb, j, k);
                if (except && strcmp(x, except) == 0) {
                    cr_expect_str_eq(y, "-", "a slot of %s stays open", except);
                    continue;
                }
                cr_expect_str_eq(y, x, "duty %zu slot %zu", i, k);
                same++;
            }
        }
    return same;
}

Test(store, carrying_a_run_into_a_changed_scenario_keeps_what_fits) {
    R = make_region("2027-01-04", 1, 4);
    cr_assert_eq(nr_store_open(DB, &S, &D), 0);
    int64_t id = record(S, R, 1);
    nr_solve_result stored = make_result(R, 1);
    size_t p4_slots = 0, filled = 0;
    for (size_t k = 0; k < stored.plan->n_slots; k++) {
        if (stored.plan->holder[k] == 3) p4_slots++;
        if (stored.plan->holder[k] != NR_UNSET) filled++;
    }
    cr_assert_gt(p4_slots, 0, "the made-up plan gives P4 some duties");

    /* P4 left: their slots open, everyone else where they were. */
    nr_region *fewer = make_region("2027-01-04", 1, 3);
    nr_plan *p = NULL;
    nr_store_carry c;
    cr_assert_eq(nr_store_carry_plan(S, id, fewer, &p, &c, &D), 0);
    cr_expect_eq(c.n_left, p4_slots);
    cr_expect_eq(c.duties_gone, 0);
    cr_expect_eq(c.duties_new, 0);
    cr_expect_eq(c.holders_dropped, 0);
    cr_expect_eq(count_same_holders(R, stored.plan, fewer, p, "P4"), stored.plan->n_slots - p4_slots);
    /* Each of P4's holdings is listed with its duty, for the change list. */
    cr_expect_eq(expect_leavers(R, stored.plan, fewer, &c, "P4"), p4_slots);
    cr_expect_eq(D.errors, 0);
    char want[160];
    snprintf(want, sizeof want, "run 1: P4 is not in this scenario; the %zu duties they held are "
                                "open again", p4_slots);
    expect_diag(DB, want);
    nr_plan_free(p);
    nr_store_carry_clear(&c);
    cr_expect(c.left == NULL && c.n_left == 0);
    nr_diags_clear(&D);

    /* A second week added: its duties start open; the first week is kept. */
    nr_region *longer = make_region("2027-01-04", 2, 4);
    cr_assert_eq(nr_store_carry_plan(S, id, longer, &p, &c, &D), 0);
    cr_expect_eq(c.duties_new, longer->n_duties - R->n_duties);
    cr_expect_eq(c.n_left + c.duties_gone + c.holders_dropped, 0);
    cr_expect_eq(count_same_holders(R, stored.plan, longer, p, NULL), stored.plan->n_slots);
    size_t held = 0;
    for (size_t k = 0; k < p->n_slots; k++) held += p->holder[k] != NR_UNSET;
    cr_expect_eq(held, filled);
    snprintf(want, sizeof want, "run 1: %zu duties of this scenario are not in the run; they start "
                                "open", longer->n_duties - R->n_duties);
    expect_diag(DB, want);
    cr_expect_eq(c.n_left, 0);
    nr_plan_free(p);
    nr_store_carry_clear(&c);
    nr_diags_clear(&D);

    /* The other way round: a two-week run into one week leaves week 2 out. */
    int64_t id2 = record(S, longer, 2);
    cr_assert_eq(nr_store_carry_plan(S, id2, R, &p, &c, &D), 0);
    cr_expect_eq(c.duties_gone, longer->n_duties - R->n_duties);
    cr_expect_eq(c.duties_new + c.n_left + c.holders_dropped, 0);
    snprintf(want, sizeof want, "run 2: %zu of its duties are not duties of this scenario (a rota, "
                                "shift or date no longer in it); they are not carried over",
             longer->n_duties - R->n_duties);
    expect_diag(DB, want);
    cr_expect_eq(c.n_left, 0);
    nr_plan_free(p);
    nr_store_carry_clear(&c);
    nr_diags_clear(&D);

    /* P4 left and week 2 is gone: only P4's week-1 holdings are listed; a
     * duty not in the scenario is counted as before, whoever held it. */
    nr_solve_result stored2 = make_result(longer, 2);
    size_t p4_week1 = 0;
    for (size_t i = 0; i < longer->n_duties; i++)
        for (size_t k = stored2.plan->first_slot[i]; k < stored2.plan->first_slot[i + 1]; k++)
            if (stored2.plan->holder[k] == 3 && longer->duties[i].date < date("2027-01-11")) p4_week1++;
    cr_assert_gt(p4_week1, 0);
    cr_assert_eq(nr_store_carry_plan(S, id2, fewer, &p, &c, &D), 0);
    cr_expect_eq(c.duties_gone, longer->n_duties - R->n_duties);
    cr_expect_eq(c.n_left, p4_week1);
    cr_expect_eq(expect_leavers(longer, stored2.plan, fewer, &c, "P4"), p4_week1);
    nr_plan_free(p);
    nr_plan_free(stored2.plan);
    nr_store_carry_clear(&c);
    nr_diags_clear(&D);

    /* Nothing in common: refused, no plan. */
    nr_region *later = make_region("2027-01-11", 1, 4);
    cr_expect_eq(nr_store_carry_plan(S, id, later, &p, &c, &D), NR_EINPUT);
    cr_expect_null(p);
    cr_expect(c.left == NULL && c.n_left == 0);
    expect_diag(DB, "run 1 shares no duty with this scenario (another period or another "
                    "scenario?); nothing to carry over");
    nr_diags_clear(&D);
    cr_expect_eq(nr_store_carry_plan(S, 42, R, &p, NULL, &D), NR_EINPUT);
    expect_diag(DB, "no run 42 in this database");

    nr_plan_free(stored.plan);
    nr_region_free(fewer);
    nr_region_free(longer);
    nr_region_free(later);
}

/* Duties of person on rota in p dated in [from, to), by ledger kind. */
static void tally_between(const nr_region *r, const nr_plan *p, int person, int rota, nr_date from,
                          nr_date to, int out[NR_LEDGER_KINDS]) {
    memset(out, 0, NR_LEDGER_KINDS * sizeof *out);
    for (size_t i = 0; i < r->n_duties; i++) {
        if (r->duties[i].rota != rota || r->duties[i].date < from || r->duties[i].date >= to) continue;
        int y, m, dd;
        nr_date_to_ymd(r->duties[i].date, &y, &m, &dd);
        bool xmas = (m == 12 && dd >= 24) || (m == 1 && dd == 1);
        for (size_t k = p->first_slot[i]; k < p->first_slot[i + 1]; k++)
            if (p->holder[k] == person) out[xmas ? NR_LEDGER_CHRISTMAS : (int)r->duties[i].kind]++;
    }
}

/* The ledger entry "Pn/rota:w,we,bh,x/periods;" of person index `person`
 * on rota index `rota` of r, from counts by kind; "" when nothing held. */
static void entry_of(const nr_region *r, int person, int rota, const int n[NR_LEDGER_KINDS],
                     int periods, char *out, size_t size) {
    if (n[0] + n[1] + n[2] + n[3] == 0) {
        snprintf(out, size, "P%d/%s:", person + 1, r->rotas[rota].id);
        return;
    }
    snprintf(out, size, "P%d/%s:%d,%d,%d,%d/%d;", person + 1, r->rotas[rota].id, n[0], n[1], n[2],
             n[3], periods);
}

/* got must hold want, or (want ending in ':') no entry for that pair. */
static void expect_entry(const char *got, const char *want) {
    if (want[strlen(want) - 1] == ':') cr_expect(strstr(got, want) == NULL, "no %s in %s", want, got);
    else cr_expect(strstr(got, want) != NULL, "want %s in %s", want, got);
}

Test(store, ledger_counts_each_date_once_when_published_periods_overlap) {
    /* Three weeks from 20 December 2027, then one re-planned week from 27
     * December published over its middle week, then the three weeks again. */
    R = make_region("2027-12-20", 3, 6);
    nr_region *mid = make_region("2027-12-27", 1, 6);
    cr_assert_eq(nr_store_open(DB, &S, &D), 0);
    int64_t whole = record(S, R, 5), part = record(S, mid, 6);
    nr_publication pub = {.feed = "f", .uid = "x", .content_hash = "1"};
    cr_assert_eq(nr_store_publish(S, whole, &pub, 1, &D), 0);
    pub.sequence = 1;
    cr_assert_eq(nr_store_publish(S, part, &pub, 1, &D), 0);
    nr_solve_result a = make_result(R, 5), b = make_result(mid, 6);
    nr_date from = date("2027-12-20"), cut = date("2027-12-27"), back = date("2028-01-03"),
            end = date("2028-01-10");
    /* Weeks 1 and 3 from the three-week plan, week 2 from the re-plan; the
     * plan's own week 2 not at all. Every person and rota. */
    int shadowed = 0;
    char got[LEDGER_TEXT] = "";
    cr_assert_eq(nr_store_ledger(S, date("2027-01-01"), FAR, count_ledger, got, &D), 0);
    for (int person = 0; person < 6; person++)
        for (int rota = 0; rota < 2; rota++) {
            int w1[NR_LEDGER_KINDS], w2[NR_LEDGER_KINDS], w3[NR_LEDGER_KINDS], old[NR_LEDGER_KINDS];
            tally_between(R, a.plan, person, rota, from, cut, w1);
            tally_between(mid, b.plan, person, rota, cut, back, w2);
            tally_between(R, a.plan, person, rota, back, end, w3);
            tally_between(R, a.plan, person, rota, cut, back, old);
            shadowed += old[0] + old[1] + old[2] + old[3];
            int sum[NR_LEDGER_KINDS], periods = (w1[0] + w1[1] + w1[2] + w1[3] + w3[0] + w3[1] +
                                                  w3[2] + w3[3] > 0) + (w2[0] + w2[1] + w2[2] + w2[3] > 0);
            for (int k = 0; k < NR_LEDGER_KINDS; k++) sum[k] = w1[k] + w2[k] + w3[k];
            char want[128];
            entry_of(R, person, rota, sum, periods, want, sizeof want);
            expect_entry(got, want);
        }
    cr_assert_gt(shadowed, 0, "the first plan held duties in the re-planned week: the test can fail");

    /* Until the re-plan's start: the first week only. */
    got[0] = 0;
    cr_assert_eq(nr_store_ledger(S, date("2027-01-01"), cut, count_ledger, got, &D), 0);
    for (int person = 0; person < 6; person++)
        for (int rota = 0; rota < 2; rota++) {
            int w1[NR_LEDGER_KINDS];
            tally_between(R, a.plan, person, rota, from, cut, w1);
            char want[128];
            entry_of(R, person, rota, w1, 1, want, sizeof want);
            expect_entry(got, want);
        }

    /* The three weeks published again: now they are the last word on
     * every date, the re-planned week included. */
    pub.sequence = 2;
    cr_assert_eq(nr_store_publish(S, whole, &pub, 1, &D), 0);
    got[0] = 0;
    cr_assert_eq(nr_store_ledger(S, date("2027-01-01"), FAR, count_ledger, got, &D), 0);
    for (int person = 0; person < 6; person++)
        for (int rota = 0; rota < 2; rota++) {
            int all[NR_LEDGER_KINDS];
            tally_between(R, a.plan, person, rota, from, end, all);
            char want[128];
            entry_of(R, person, rota, all, 1, want, sizeof want);
            expect_entry(got, want);
        }
    nr_plan_free(a.plan);
    nr_plan_free(b.plan);
    nr_region_free(mid);
}

Test(store, carrying_drops_holders_past_the_slots_a_duty_has_now) {
    GI_COVER_MAX = 3; /* two needed and one optional person on gi */
    R = make_region("2027-01-04", 1, 6);
    GI_COVER_MAX = NR_UNSET;
    nr_region *strict = make_region("2027-01-04", 1, 6);
    size_t gi = 0;
    while (R->rotas[R->duties[gi].rota].id[0] != 'g') gi++;
    cr_assert_eq(nr_store_open(DB, &S, &D), 0);
    nr_solve_options o;
    nr_store_run_info info = make_info(&o, 1);
    nr_solve_result res = make_result(R, 1);
    for (size_t k = 0; k < res.plan->n_slots; k++) res.plan->holder[k] = NR_UNSET;
    size_t g = res.plan->first_slot[gi];
    res.plan->holder[g] = 0, res.plan->holder[g + 1] = 1, res.plan->holder[g + 2] = 2;
    res.uncovered = nr_plan_uncovered(res.plan);
    int64_t id = 0;
    cr_assert_eq(nr_store_record_run(S, R, &info, &res, &id, &D), 0);

    nr_plan *p = NULL;
    nr_store_carry c;
    cr_assert_eq(nr_store_carry_plan(S, id, strict, &p, &c, &D), 0);
    cr_expect_eq(c.holders_dropped, 1);
    cr_expect_eq(c.n_left + c.duties_gone + c.duties_new, 0);
    cr_expect_str_eq(holder_id(strict, p, gi, 0), "P1");
    cr_expect_str_eq(holder_id(strict, p, gi, 1), "P2");
    cr_expect_eq(c.n_left, 0, "a holder past the slots is no leaver");
    char want[160], date[16];
    nr_date_format(R->duties[gi].date, date);
    snprintf(want, sizeof want, "run 1: gi %s on %s takes 2 people now; P3 is not carried over",
             R->shifts[R->duties[gi].shift].id, date);
    expect_diag(DB, want);
    cr_expect_eq(D.errors, 0);
    nr_plan_free(p);
    nr_store_carry_clear(&c);
    nr_plan_free(res.plan);
    nr_region_free(strict);
}
