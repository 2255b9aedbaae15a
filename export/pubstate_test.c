/* Publication state: put/get/remove, the JSON file round trip, and every
 * kind of bad state file reported with its file (and line where known). */
#include <criterion/criterion.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export/pubstate.h"

static char dir[64];
static char path[128];

static void setup(void) {
    snprintf(dir, sizeof dir, "/tmp/nr_pubstate_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/%s", dir, NR_PUBSTATE_FILE);
}

static void teardown(void) {
    unlink(path);
    rmdir(dir);
}

TestSuite(pubstate, .init = setup, .fini = teardown);

static void write_text(const char *text) {
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static int count_one(const nr_pubrecord *rec, void *ctx) {
    (void)rec;
    (*(int *)ctx)++;
    return 0;
}

Test(pubstate, put_get_replace_remove) {
    nr_pubstate *s = nr_pubstate_new();
    nr_pubrecord a = {"trusts/T1.ics", "u1@x", 0, "h1", false, "BEGIN:VEVENT\r\nEND:VEVENT\r\n"};
    nr_pubrecord b = {"people/P1.ics", "u1@x", 3, "h2", true, NULL};
    cr_assert_eq(nr_pubstate_put(s, &a), 0);
    cr_assert_eq(nr_pubstate_put(s, &b), 0);
    cr_assert_eq(nr_pubstate_count(s), 2);
    /* The same UID in two feeds is two records. */
    const nr_pubrecord *g = nr_pubstate_get(s, "people/P1.ics", "u1@x");
    cr_assert_not_null(g);
    cr_assert_eq(g->sequence, 3);
    cr_assert(g->cancelled);
    cr_assert_null(g->event);
    cr_assert_null(nr_pubstate_get(s, "people/P2.ics", "u1@x"));

    a.sequence = 1;
    a.hash = "h9";
    cr_assert_eq(nr_pubstate_put(s, &a), 0);
    cr_assert_eq(nr_pubstate_count(s), 2);
    g = nr_pubstate_get(s, "trusts/T1.ics", "u1@x");
    cr_assert_eq(g->sequence, 1);
    cr_assert_str_eq(g->hash, "h9");

    nr_pubstate_remove(s, "trusts/T1.ics", "u1@x");
    nr_pubstate_remove(s, "trusts/T1.ics", "absent");
    cr_assert_null(nr_pubstate_get(s, "trusts/T1.ics", "u1@x"));
    cr_assert_eq(nr_pubstate_count(s), 1);
    int n = 0;
    nr_pubstate_foreach(s, count_one, &n);
    cr_assert_eq(n, 1);
    /* A removed key comes back with a put. */
    cr_assert_eq(nr_pubstate_put(s, &a), 0);
    cr_assert_eq(nr_pubstate_count(s), 2);

    nr_pubrecord bad = {"f", "u", -1, "h", false, NULL};
    cr_assert_eq(nr_pubstate_put(s, &bad), NR_EINPUT);
    bad.sequence = 0;
    bad.hash = NULL;
    cr_assert_eq(nr_pubstate_put(s, &bad), NR_EINPUT);
    nr_pubstate_free(s);
    nr_pubstate_free(NULL);
}

Test(pubstate, many_records_are_found) {
    nr_pubstate *s = nr_pubstate_new();
    char uid[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(uid, sizeof uid, "u%d", i);
        nr_pubrecord r = {i % 2 ? "a.ics" : "b.ics", uid, i, "h", false, NULL};
        cr_assert_eq(nr_pubstate_put(s, &r), 0);
    }
    for (int i = 0; i < 5000; i++) {
        snprintf(uid, sizeof uid, "u%d", i);
        const nr_pubrecord *g = nr_pubstate_get(s, i % 2 ? "a.ics" : "b.ics", uid);
        cr_assert_not_null(g, "%s", uid);
        cr_assert_eq(g->sequence, i);
        cr_assert_null(nr_pubstate_get(s, i % 2 ? "b.ics" : "a.ics", uid));
    }
    nr_pubstate_free(s);
}

Test(pubstate, save_and_load_round_trip) {
    nr_pubstate *s = nr_pubstate_new();
    nr_pubrecord r1 = {"trusts/T1.ics", "z@x", 2, "abc", false,
                       "BEGIN:VEVENT\r\nSUMMARY:Zoë\\, Jr.\r\nEND:VEVENT\r\n"};
    nr_pubrecord r2 = {"people/P1.ics", "a@x", 0, "def", true, NULL};
    cr_assert_eq(nr_pubstate_put(s, &r1), 0);
    cr_assert_eq(nr_pubstate_put(s, &r2), 0);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_pubstate_save(s, path, &d), 0);
    nr_pubstate *t = nr_pubstate_new();
    cr_assert_eq(nr_pubstate_load(t, path, &d), 0);
    cr_assert_eq(d.count, 0);
    cr_assert_eq(nr_pubstate_count(t), 2);
    const nr_pubrecord *g = nr_pubstate_get(t, "trusts/T1.ics", "z@x");
    cr_assert_not_null(g);
    cr_assert_eq(g->sequence, 2);
    cr_assert_str_eq(g->hash, "abc");
    cr_assert_not(g->cancelled);
    cr_assert_str_eq(g->event, r1.event);
    g = nr_pubstate_get(t, "people/P1.ics", "a@x");
    cr_assert(g->cancelled);
    cr_assert_null(g->event);
    /* Sorted by feed: people/ before trusts/, whatever the insertion order. */
    FILE *f = fopen(path, "r");
    char text[2048] = {0};
    cr_assert_gt(fread(text, 1, sizeof text - 1, f), 0);
    fclose(f);
    cr_assert_lt(strstr(text, "people/P1.ics"), strstr(text, "trusts/T1.ics"));
    nr_pubstate_free(s);
    nr_pubstate_free(t);
}

Test(pubstate, missing_file_is_an_empty_state) {
    nr_pubstate *s = nr_pubstate_new();
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_pubstate_load(s, path, &d), 0);
    cr_assert_eq(d.count, 0);
    cr_assert_eq(nr_pubstate_count(s), 0);
    nr_pubstate_free(s);
}

Test(pubstate, invalid_json_names_file_and_line) {
    write_text("{\n \"format\": \"netrota-published\",\n \"version\": 1,\n \"events\": [ oops ]\n}\n");
    nr_pubstate *s = nr_pubstate_new();
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_pubstate_load(s, path, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 1);
    cr_assert_str_eq(d.items[0].file, path);
    cr_assert_eq(d.items[0].line, 4);
    cr_assert(strstr(d.items[0].message, "not valid JSON") != NULL, "%s", d.items[0].message);
    nr_diags_clear(&d);
    nr_pubstate_free(s);
}

Test(pubstate, wrong_format_is_refused) {
    write_text("{\"format\": \"something-else\", \"version\": 1, \"events\": []}");
    nr_pubstate *s = nr_pubstate_new();
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_pubstate_load(s, path, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 1);
    cr_assert(strstr(d.items[0].message, "not a netrota publication state") != NULL);
    nr_diags_clear(&d);
    nr_pubstate_free(s);
}

Test(pubstate, every_bad_record_is_reported) {
    write_text("{\"format\": \"netrota-published\", \"version\": 1, \"events\": ["
               "{\"feed\": \"f\", \"uid\": \"a\", \"sequence\": 0, \"hash\": \"h\", \"cancelled\": false},"
               "{\"feed\": \"f\", \"uid\": \"b\", \"sequence\": \"1\", \"hash\": \"h\", \"cancelled\": false},"
               "{\"feed\": \"f\", \"uid\": \"c\", \"sequence\": -2, \"hash\": \"h\", \"cancelled\": false},"
               "{\"feed\": \"f\", \"uid\": \"a\", \"sequence\": 1, \"hash\": \"h\", \"cancelled\": false},"
               "{\"feed\": \"f\", \"uid\": \"d\", \"sequence\": 1, \"hash\": \"h\", \"cancelled\": false, \"x\": 1}"
               "]}");
    nr_pubstate *s = nr_pubstate_new();
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_pubstate_load(s, path, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 4);
    cr_assert(strncmp(d.items[0].message, "events[1]: ", 11) == 0, "%s", d.items[0].message);
    cr_assert_str_eq(d.items[1].message, "events[2]: negative sequence -2");
    cr_assert_str_eq(d.items[2].message, "events[3]: a in f appears twice");
    cr_assert(strncmp(d.items[3].message, "events[4]: ", 11) == 0, "%s", d.items[3].message);
    for (size_t i = 0; i < d.count; i++) cr_assert_str_eq(d.items[i].file, path);
    nr_diags_clear(&d);
    nr_pubstate_free(s);
}

Test(pubstate, failed_save_keeps_previous_file) {
    write_text("previous");
    nr_pubstate *s = nr_pubstate_new();
    char uid[32];
    for (int i = 0; i < 200; i++) {
        snprintf(uid, sizeof uid, "u%d", i);
        nr_pubrecord r = {"trusts/T1.ics", uid, 0, "h", false, NULL};
        cr_assert_eq(nr_pubstate_put(s, &r), 0);
    }
    nr_diags d = NR_DIAGS_INIT;
    /* A file-size limit fails writes the way a full disk does; Criterion
     * runs each test in its own process. */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim = {1024, 1024};
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    cr_assert_eq(nr_pubstate_save(s, path, &d), NR_EIO);
    cr_assert_eq(d.errors, 1);
    cr_assert_str_eq(d.items[0].file, path);
    cr_assert(strstr(d.items[0].message, "write failed") != NULL, "%s", d.items[0].message);
    FILE *f = fopen(path, "r");
    char text[32] = {0};
    cr_assert_gt(fread(text, 1, sizeof text - 1, f), 0);
    fclose(f);
    cr_assert_str_eq(text, "previous");
    nr_diags_clear(&d);
    nr_pubstate_free(s);
}
