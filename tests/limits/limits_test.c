/* Every limit a hostile or broken input meets (docs/reliability.md): each
 * test builds a small scenario in a fresh folder, spoils one thing, and
 * checks the exact FILE:LINE message and that nothing was loaded. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "import/csvfiles.h"
#include "import/icsleave.h"
#include "import/scenario.h"
#include "import/yaml_tree.h"

static char dir[64];

static void make_dir(void) {
    snprintf(dir, sizeof dir, "/tmp/nrlimits.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(limits, .init = make_dir, .fini = remove_dir);

/* Path of `name` in the test folder (a rotating static buffer). */
static const char *in_dir(const char *name) {
    static char bufs[4][256];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, sizeof bufs[0], "%s/%s", dir, name);
    return b;
}

static void write_bytes(const char *name, const void *data, size_t n) {
    FILE *f = fopen(in_dir(name), "wb");
    cr_assert_not_null(f, "cannot write %s", name);
    cr_assert_eq(fwrite(data, 1, n, f), n);
    cr_assert_eq(fclose(f), 0);
}

static void write_text(const char *name, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    cr_assert_geq(n, 0);
    char *s = malloc((size_t)n + 1);
    cr_assert_not_null(s);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    write_bytes(name, s, (size_t)n);
    free(s);
}

/* A valid scenario: `extra` is appended to scenario.yaml. */
static const char base_yaml[] =
    "region: Limits\n"                                        /* 1 */
    "period: { start: 2027-01-04, weeks: 2 }\n"               /* 2 */
    "trusts: [ { id: STH } ]\n"                               /* 3 */
    "sites: [ { id: NGH, trust: STH }, { id: RHH, trust: STH } ]\n"
    "people: people.csv\n"                                    /* 5 */
    "shifts: [ { id: night, from: \"17:00\", to: \"08:00\" } ]\n"
    "rotas:\n"                                                /* 7 */
    "  - { id: gi, service: GI, host: STH, hub: NGH, shifts: [night] }\n";

static void write_scenario(const char *extra) {
    write_text("scenario.yaml", "%s%s", base_yaml, extra);
    write_text("people.csv", "id,name,trust,base_site,rotas,share\n"
                             "P1,A,STH,NGH,gi,1\nP2,B,STH,NGH,gi,1\nP3,C,STH,RHH,gi,1\n"
                             "P4,D,STH,NGH,gi,1\nP5,E,STH,NGH,gi,1\nP6,F,STH,NGH,gi,1\n");
}

typedef struct result {
    int rc;
    nr_region *r;
    nr_diags d;
    double seconds;
} result;

static result load(const char *name) {
    result x = {0};
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    x.r = (nr_region *)&x; /* must come back NULL on failure */
    x.rc = nr_scenario_load(in_dir(name), &x.r, &x.d);
    clock_gettime(CLOCK_MONOTONIC, &b);
    x.seconds = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    return x;
}

static void done(result *x) {
    nr_region_free(x->r);
    nr_diags_clear(&x->d);
}

/* The load failed with rc, kept nothing, and said `msg` at file:line. */
static void expect_refused(result *x, int rc, const char *file, int line, const char *msg) {
    cr_expect_eq(x->rc, rc, "rc %d, want %d", x->rc, rc);
    cr_expect_null(x->r, "a failed load handed back a region");
    bool found = false;
    for (size_t i = 0; i < x->d.count && !found; i++) {
        const nr_diag *g = &x->d.items[i];
        found = g->severity == NR_SEV_ERROR && g->file && strcmp(g->file, file) == 0 &&
                g->line == line && g->message && strstr(g->message, msg);
    }
    if (!found) nr_diags_print(&x->d, stderr);
    cr_expect(found, "no error '%s' at %s:%d", msg, file, line);
    cr_expect_lt(x->seconds, 2.0, "took %.2f s", x->seconds);
}

Test(limits, the_base_scenario_loads) {
    write_scenario("");
    result x = load("scenario.yaml");
    cr_assert_eq(x.rc, 0);
    cr_assert_eq(x.r->n_people, 6);
    done(&x);
}

/* ---- YAML --------------------------------------------------------------- */

Test(limits, yaml_alias_bomb_is_refused_not_expanded) {
    /* nine levels of ten aliases each: 10^9 strings if expanded */
    write_scenario("l0: &l0 [lol]\n"); /* line 9 */
    FILE *f = fopen(in_dir("scenario.yaml"), "a");
    for (int i = 1; i <= 9; i++) {
        fprintf(f, "l%d: &l%d [", i, i);
        for (int k = 0; k < 10; k++) fprintf(f, "%s*l%d", k ? "," : "", i - 1);
        fputs("]\n", f);
    }
    fclose(f);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("scenario.yaml"), 10, "aliases (*name) are not supported");
    done(&x);
}

Test(limits, yaml_more_than_100000_values) {
    write_scenario("");
    FILE *f = fopen(in_dir("scenario.yaml"), "a");
    fputs("holidays: [", f);
    for (int i = 0; i < 100001; i++) fputs("x,", f);
    fputs("x]\n", f);
    fclose(f);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_ELIMIT, in_dir("scenario.yaml"), 9,
                   "more than 100000 values in one file");
    done(&x);
}

Test(limits, yaml_nesting_deeper_than_64) {
    char deep[80];
    memset(deep, '[', sizeof deep);
    memcpy(deep, "deep: ", 6);
    deep[sizeof deep - 2] = '\n';
    deep[sizeof deep - 1] = '\0';
    write_scenario(deep);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_ELIMIT, in_dir("scenario.yaml"), 9, "nesting deeper than 64 levels");
    done(&x);
}

Test(limits, yaml_larger_than_8_mib) {
    write_scenario("");
    int fd = open(in_dir("scenario.yaml"), O_WRONLY);
    cr_assert_geq(fd, 0);
    cr_assert_eq(ftruncate(fd, 9 << 20), 0); /* sparse: cheap to make */
    close(fd);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_ELIMIT, in_dir("scenario.yaml"), 0, "is larger than 8388608 bytes");
    done(&x);
}

Test(limits, yaml_invalid_utf8_is_reported_at_its_line) {
    write_scenario("# caf\xE9 (Latin-1)\n");
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("scenario.yaml"), 9, "not valid UTF-8 (byte 0xE9)");
    done(&x);
}

Test(limits, yaml_nul_byte_is_reported_at_its_line) {
    write_scenario("");
    static const char tail[] = "x: a\0b\n";
    FILE *f = fopen(in_dir("scenario.yaml"), "a");
    fwrite(tail, 1, sizeof tail - 1, f);
    fclose(f);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("scenario.yaml"), 9, "a NUL byte is not allowed");
    done(&x);
}

Test(limits, yaml_bom_in_the_middle_is_reported) {
    write_scenario("\xEF\xBB\xBFregion2: x\n");
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("scenario.yaml"), 9, "a byte order mark (U+FEFF)");
    done(&x);
}

Test(limits, yaml_cr_only_line_ends_keep_line_numbers) {
    /* old Mac line ends: the bad byte is on line 3 */
    write_scenario("");
    write_text("scenario.yaml", "region: x\rperiod: { start: 2027-01-04, weeks: 2 }\r# \xFF\r");
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("scenario.yaml"), 3, "not valid UTF-8 (byte 0xFF)");
    done(&x);
}

Test(limits, yaml_directive_with_bad_utf8_does_not_hang) {
    /* libfyaml 0.7 looped for ever on this (found by fuzz_yaml) */
    write_bytes("scenario.yaml", "%: \x8c", 4);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("scenario.yaml"), 1, "not valid UTF-8 (byte 0x8C)");
    done(&x);
}

Test(limits, yaml_tab_after_a_complex_key_is_a_syntax_error) {
    /* libfyaml 0.7.12 crashed freeing its parser after this (found by
     * fuzz_yaml in CI); libyaml stops at the tab's line with its message */
    static const char text[] = "ri:\n? ~ankri:\n? ~ank_hol:\n? -i[.ri:\t? ~le.ri:\n"
                               "? ~anki_hol:\n? c-";
    write_bytes("scenario.yaml", text, sizeof text - 1);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("scenario.yaml"), 4, "YAML syntax: ");
    done(&x);
}

/* yt_parse refuses text with exactly one error, at line:col, whose message
 * holds `said` and, when given, not `not_said`. */
static void expect_one_yaml_error(size_t i, const char *text, int line, int col, const char *said,
                                  const char *not_said) {
    yt_node *root = (yt_node *)&root;
    nr_diags d = NR_DIAGS_INIT;
    int rc = yt_parse(text, strlen(text), "y.yaml", &root, &d);
    cr_expect_eq(rc, NR_EINPUT, "case %zu", i);
    cr_expect_null(root);
    cr_assert_eq(d.count, 1, "case %zu", i);
    const nr_diag *g = &d.items[0];
    cr_expect_eq(g->line, line, "case %zu: line %d", i, g->line);
    cr_expect_eq(g->col, col, "case %zu: column %d", i, g->col);
    cr_expect(strstr(g->message, said) != NULL, "case %zu: %s", i, g->message);
    if (not_said) cr_expect(strstr(g->message, not_said) == NULL, "case %zu: %s", i, g->message);
    nr_diags_clear(&d);
}

Test(limits, yaml_control_character_is_reported_at_its_line_and_column) {
    /* libyaml's reader gives a byte offset; the line and column are worked
     * out from it (a multi-byte character counts as one column, and a CR LF
     * as one line end) */
    static const struct {
        const char *text;
        int line, col;
    } cases[] = {
        {"region: x\nperiod: a\x07" "b\n", 2, 10},
        {"region: x\r\nname: \xC3\xA9t\xC3\xA9 \x1B\r\n", 2, 11},
        {"\x7F", 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_one_yaml_error(i, cases[i].text, cases[i].line, cases[i].col,
                              "control characters are not allowed", NULL);
}

Test(limits, yaml_syntax_errors_say_what_to_do) {
    /* libyaml's words, then a hint for its two commonest complaints; the
     * second tab is found past CR LF line ends and after spaces */
    static const struct {
        const char *text;
        int line, col;
        const char *said, *not_said;
    } cases[] = {
        {"region: x\nperiod:\n\tstart: 2027-01-04\n", 3, 1,
         "found character that cannot start any token (while scanning for the next token at "
         "line 3): a tab, and YAML is indented with spaces only", NULL},
        {"region: \xC3\xA9\r\nperiod:\r\n  \tstart: 1\r\n", 3, 3,
         "cannot start any token (while scanning for the next token at line 3): a tab", NULL},
        {"region: Dr: Smith\n", 1, 11,
         "mapping values are not allowed in this context: put quotes round a value that "
         "holds ': ', or line the key up with the keys beside it", NULL},
        /* no hint where the cause is not a tab */
        {"region: x\nperiod: @b\n", 2, 9,
         "cannot start any token (while scanning for the next token at line 2)", "tab"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_one_yaml_error(i, cases[i].text, cases[i].line, cases[i].col, cases[i].said,
                              cases[i].not_said);
}

Test(limits, yaml_mapping_cut_after_a_key_frees_the_key) {
    /* found by fuzz_yaml: the key was leaked (the sanitizer build checks),
     * and freeing it when it was itself a mapping read freed memory */
    static const char *const inputs[] = {": N\x8c", "{ {a: b}: [ {c: d}: \n", "a: { b: { c"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        yt_node *root = (yt_node *)&root;
        nr_diags d = NR_DIAGS_INIT;
        int rc = yt_parse(inputs[i], strlen(inputs[i]), "k.yaml", &root, &d);
        cr_expect_eq(rc, NR_EINPUT, "input %zu", i);
        cr_expect_null(root);
        cr_expect_gt(d.errors, 0);
        nr_diags_clear(&d);
    }
}

/* ---- numbers out of range ------------------------------------------------- */

Test(limits, negative_cover_is_refused) {
    write_scenario("overrides: []\n");
    write_text("scenario.yaml", "%s", base_yaml);
    FILE *f = fopen(in_dir("scenario.yaml"), "a");
    fputs("  - { id: gi2, service: GI, host: STH, hub: NGH, shifts: [night], cover: -1 }\n", f);
    fclose(f);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("scenario.yaml"), 9,
                   "rotas.cover: expected an integer between 1 and 50, got '-1'");
    done(&x);
}

Test(limits, period_of_400_weeks_is_refused) {
    write_scenario("");
    const char *w = strstr(base_yaml, "weeks: 2 ");
    write_text("scenario.yaml", "%.*sweeks: 400%s", (int)(w - base_yaml), base_yaml, w + 8);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("scenario.yaml"), 2,
                   "period.weeks: expected an integer between 1 and 104, got '400'");
    done(&x);
}

Test(limits, shift_time_of_400_hours_is_refused) {
    write_scenario("shifts2: x\n");
    char *y = strdup(base_yaml);
    char *t = strstr(y, "\"08:00\"");
    memcpy(t, "\"400:0\"", 7);
    write_text("scenario.yaml", "%s", y);
    free(y);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("scenario.yaml"), 6,
                   "shifts.to: expected a time HH:MM");
    done(&x);
}

Test(limits, max_hours_of_1e308_is_refused) {
    write_scenario("overrides: [ { person: P1, rules: { max_hours: 1e308 } } ]\n");
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("scenario.yaml"), 9,
                   "overrides.rules.max_hours: expected a number between 0 and 100000");
    done(&x);
}

Test(limits, share_of_1e308_is_refused) {
    write_scenario("");
    write_text("people.csv", "id,name,trust,base_site,rotas,share\nP1,A,STH,NGH,gi,1e308\n"
                             "P2,B,STH,NGH,gi,1%0300d\n", 0);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("people.csv"), 2,
                   "share: '1e308' is not a number between 0 and 2");
    expect_refused(&x, NR_EINPUT, in_dir("people.csv"), 3, "share: '1000");
    done(&x);
}

Test(limits, travel_minutes_out_of_range_are_refused) {
    write_scenario("travel: travel.csv\n");
    write_text("travel.csv", "from,to,minutes\nNGH,RHH,601\nRHH,NGH,-5\n");
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("travel.csv"), 2,
                   "minutes: '601' is not a whole number from 0 to 600");
    expect_refused(&x, NR_EINPUT, in_dir("travel.csv"), 3,
                   "minutes: '-5' is not a whole number from 0 to 600");
    done(&x);
}

/* ---- CSV ------------------------------------------------------------------ */

Test(limits, csv_10_mib_single_line_is_refused_quickly) {
    write_scenario("");
    size_t n = 10u << 20;
    char *big = malloc(n + 1);
    cr_assert_not_null(big);
    memset(big, 'a', n);
    big[n] = '\n';
    FILE *f = fopen(in_dir("people.csv"), "ab");
    fwrite(big, 1, n + 1, f);
    fclose(f);
    free(big);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_ELIMIT, in_dir("people.csv"), 8,
                   "line is longer than the limit of 1 MiB");
    done(&x);
}

Test(limits, csv_larger_than_64_mib_is_refused) {
    write_scenario("");
    int fd = open(in_dir("people.csv"), O_WRONLY);
    cr_assert_eq(ftruncate(fd, (off_t)65 << 20), 0);
    close(fd);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_ELIMIT, in_dir("people.csv"), 0,
                   "file is larger than the limit of 64 MiB");
    done(&x);
}

Test(limits, csv_more_than_1000_fields_is_refused) {
    write_scenario("");
    FILE *f = fopen(in_dir("people.csv"), "a");
    fputs("P9,X,STH,NGH,gi", f);
    for (int i = 0; i < 1000; i++) fputc(',', f);
    fputc('\n', f);
    fclose(f);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_ELIMIT, in_dir("people.csv"), 8, "record has more than 1000 fields");
    done(&x);
}

Test(limits, csv_more_than_500000_rows_is_refused, .timeout = 60) {
    write_scenario("travel: travel.csv\n");
    FILE *f = fopen(in_dir("travel.csv"), "w");
    fputs("from,to,minutes\n", f);
    for (int i = 0; i < 500001; i++) fputs("NGH,RHH,5\n", f);
    fclose(f);
    result x = load("scenario.yaml");
    x.seconds = 0; /* the time limit is about hostile bytes, not a big honest file */
    expect_refused(&x, NR_ELIMIT, in_dir("travel.csv"), 500002,
                   "more than 500000 rows in one file");
    done(&x);
}

Test(limits, csv_bad_bytes_are_reported_at_their_lines) {
    write_scenario("");
    static const char csv[] = "id,name,trust,base_site,rotas\n"
                              "P1,Caf\xE9,STH,NGH,gi\n"             /* 2: Latin-1 */
                              "P2,A\0B,STH,NGH,gi\n"                /* 3: NUL */
                              "\xEF\xBB\xBFid,name,trust,base_site,rotas\n" /* 4: 2nd BOM */
                              "P3,C,STH,NGH,gi\n";
    write_bytes("people.csv", csv, sizeof csv - 1);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("people.csv"), 2, "name: not valid UTF-8");
    expect_refused(&x, NR_EINPUT, in_dir("people.csv"), 3, "name: contains a NUL byte");
    expect_refused(&x, NR_EINPUT, in_dir("people.csv"), 4, "id: a byte order mark (U+FEFF)");
    done(&x);
}

Test(limits, csv_cr_only_line_ends_keep_line_numbers) {
    write_scenario("");
    write_text("people.csv", "id,name,trust,base_site,rotas,share\rP1,A,STH,NGH,gi,1\r"
                             "P2,B,STH,NGH,gi,9\r");
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("people.csv"), 3,
                   "share: '9' is not a number between 0 and 2");
    done(&x);
}

Test(limits, random_bytes_as_csv_give_a_line) {
    write_scenario("");
    unsigned char buf[65536];
    unsigned v = 12345;
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)((v = v * 1103515245u + 12345u) >> 16);
    write_bytes("people.csv", buf, sizeof buf);
    result x = load("scenario.yaml");
    cr_expect_lt(x.rc, 0);
    cr_expect_null(x.r);
    cr_expect_gt(x.d.errors, 0);
    bool located = false;
    for (size_t i = 0; i < x.d.count; i++)
        located = located || (x.d.items[i].file && strcmp(x.d.items[i].file, in_dir("people.csv")) == 0);
    cr_expect(located, "no error names people.csv");
    cr_expect_lt(x.seconds, 2.0);
    done(&x);
}

/* ---- files -------------------------------------------------------------- */

Test(limits, extends_cycle_and_missing_base) {
    write_scenario("");
    write_text("a.yaml", "extends: b.yaml\n");
    write_text("b.yaml", "extends: a.yaml\n");
    write_text("c.yaml", "extends: nowhere/scenario.yaml\n");
    result x = load("a.yaml");
    char want[300];
    snprintf(want, sizeof want, "extends: cycle: %s -> %s -> %s", in_dir("a.yaml"),
             in_dir("b.yaml"), in_dir("a.yaml"));
    expect_refused(&x, NR_EINPUT, in_dir("b.yaml"), 1, want);
    done(&x);
    x = load("c.yaml");
    snprintf(want, sizeof want, "extends: base scenario '%s' does not exist",
             in_dir("nowhere/scenario.yaml"));
    expect_refused(&x, NR_EINPUT, in_dir("c.yaml"), 1, want);
    done(&x);
}

Test(limits, a_file_outside_the_folder_must_be_a_regular_file) {
    write_scenario("requests: /dev/zero\ntravel: /nonexistent/travel.csv\n");
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("scenario.yaml"), 9,
                   "requests: '/dev/zero' is not a regular file");
    expect_refused(&x, NR_EINPUT, in_dir("scenario.yaml"), 10,
                   "travel: file '/nonexistent/travel.csv' does not exist");
    done(&x);
    /* a regular file elsewhere is read */
    char other[80];
    snprintf(other, sizeof other, "%s.travel.csv", dir);
    FILE *f = fopen(other, "w");
    fputs("from,to,minutes\nNGH,RHH,5\n", f);
    fclose(f);
    char extra[120];
    snprintf(extra, sizeof extra, "travel: %s\n", other);
    write_scenario(extra);
    x = load("scenario.yaml");
    unlink(other);
    cr_expect_eq(x.rc, 0);
    cr_expect_eq(x.r ? x.r->n_travel : 0, 1);
    done(&x);
}

/* ---- .ics ----------------------------------------------------------------- */

static const char ics_head[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n";

Test(limits, ics_rrule_without_end_stops_at_the_period_end) {
    /* daily since 1900, no COUNT or UNTIL: only the period's days are leave */
    write_scenario("leave: P1.ics\n");
    write_text("P1.ics", "%sBEGIN:VEVENT\r\nUID:u1\r\nDTSTAMP:20270101T000000Z\r\n"
                         "DTSTART;VALUE=DATE:19000101\r\nRRULE:FREQ=DAILY\r\n"
                         "END:VEVENT\r\nEND:VCALENDAR\r\n", ics_head);
    result x = load("scenario.yaml");
    cr_assert_eq(x.rc, 0);
    /* the window is the period (14 days) and a week either side */
    cr_expect_eq(x.r->n_leave, 28);
    nr_instant last = 0;
    for (size_t i = 0; i < x.r->n_leave; i++)
        if (x.r->leave[i].end > last) last = x.r->leave[i].end;
    cr_expect_leq(last, nr_london_to_utc(x.r->period_start + x.r->period_days + 7, 0));
    cr_expect_lt(x.seconds, 2.0);
    done(&x);
}

Test(limits, ics_bad_bytes_are_reported_at_their_lines) {
    write_scenario("leave: P1.ics\n");
    static const char ics[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                              "X-A:caf\xE9\r\n"           /* 3 */
                              "X-B:a\0b\r\n"              /* 4 */
                              "\xEF\xBB\xBFX-C:c\r\n"     /* 5 */
                              "END:VCALENDAR\r\n";
    write_bytes("P1.ics", ics, sizeof ics - 1);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("P1.ics"), 3, "not valid UTF-8");
    expect_refused(&x, NR_EINPUT, in_dir("P1.ics"), 4, "a NUL byte is not allowed");
    expect_refused(&x, NR_EINPUT, in_dir("P1.ics"), 5, "a byte order mark (U+FEFF)");
    done(&x);
}

Test(limits, ics_larger_than_16_mib_is_refused) {
    write_scenario("leave: P1.ics\n");
    write_text("P1.ics", "%s", ics_head);
    int fd = open(in_dir("P1.ics"), O_WRONLY);
    cr_assert_eq(ftruncate(fd, (off_t)17 << 20), 0);
    close(fd);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_ELIMIT, in_dir("P1.ics"), 0, "larger than 16 MiB");
    done(&x);
}

Test(limits, ics_more_than_20000_events_is_refused) {
    write_scenario("leave: P1.ics\n");
    FILE *f = fopen(in_dir("P1.ics"), "w");
    fputs(ics_head, f); /* 3 lines */
    for (int i = 0; i < 20001; i++)
        fprintf(f, "BEGIN:VEVENT\r\nUID:%d\r\nDTSTART;VALUE=DATE:20270105\r\nEND:VEVENT\r\n", i);
    fputs("END:VCALENDAR\r\n", f);
    fclose(f);
    result x = load("scenario.yaml");
    /* event 20001 begins on line 3 + 20000 * 4 + 1 */
    expect_refused(&x, NR_ELIMIT, in_dir("P1.ics"), 80004, "more than 20000 events in one file");
    done(&x);
}

Test(limits, csv_in_utf16_is_named_as_such) {
    write_scenario("");
    static const char csv[] = "\xFF\xFEi\0d\0,\0n\0\n\0";
    write_bytes("people.csv", csv, sizeof csv - 1);
    result x = load("scenario.yaml");
    expect_refused(&x, NR_EINPUT, in_dir("people.csv"), 1,
                   "the file is UTF-16: save it as CSV UTF-8");
    cr_expect_eq(x.d.errors, 1);
    done(&x);
}
