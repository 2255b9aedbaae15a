#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/csvfiles.h"

#define DIR NR_TEST_DATA "/csv/"

/* Diagnostics as printed, with the fixture folder cut from file names so
 * the expected text reads like what a user sees for `people.csv`. */
static char *diags_text(const nr_diags *d) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    nr_diags_print(d, f);
    fclose(f);
    size_t cut = strlen(DIR);
    char *w = buf;
    for (const char *p = buf; *p;) {
        if (strncmp(p, DIR, cut) == 0) {
            p += cut;
            continue;
        }
        *w++ = *p++;
    }
    *w = '\0';
    return buf;
}

static void expect_diags(const nr_diags *d, const char *expected) {
    char *text = diags_text(d);
    cr_expect_str_eq(text, expected);
    free(text);
}

typedef int (*reader_fn)(nr_region *, const char *, nr_diags *);

struct loaded {
    nr_region *r;
    nr_diags d;
    int rc;
};

static struct loaded load(reader_fn fn, const char *name) {
    struct loaded l = {nr_region_new(), NR_DIAGS_INIT, 0};
    cr_assert_not_null(l.r);
    l.rc = fn(l.r, name, &l.d);
    return l;
}

static void done(struct loaded *l) {
    nr_region_free(l->r);
    nr_diags_clear(&l->d);
}

static void expect_ref(nr_ref ref, const char *id, int line) {
    cr_expect_str_eq(ref.id, id);
    cr_expect_eq(ref.index, NR_UNSET, "references stay unresolved");
    cr_expect_eq(ref.loc.line, line);
    cr_expect_not_null(ref.loc.file);
}

static nr_date date_of(const char *s) {
    nr_date out = 0;
    cr_assert(nr_date_parse(s, &out));
    return out;
}

/* ---- people ---------------------------------------------------------- */

Test(csvfiles, people_bom_crlf_any_order_quoting_defaults) {
    struct loaded l = load(nr_csv_read_people, DIR "people.csv");
    cr_assert_eq(l.rc, 0);
    expect_diags(&l.d, "");
    cr_assert_eq(l.r->n_people, 3);

    const nr_person *a = &l.r->people[0];
    cr_expect_str_eq(a->id, "P001");
    cr_expect_str_eq(a->name, "Okafor, Ada");
    expect_ref(a->trust, "STH", 2);
    expect_ref(a->base_site, "NGH", 2);
    cr_expect_eq(a->share, 1.0, "empty share defaults to 1.0");
    cr_expect_str_eq(a->email, "ada.okafor@nhs.net");
    cr_expect_eq(a->loc.line, 2);
    cr_expect_str_eq(a->loc.file, DIR "people.csv");
    cr_assert_eq(a->rotas.count, 2, "spaces trimmed, empty items skipped");
    expect_ref(a->rotas.items[0], "gi-bleed-south", 2);
    expect_ref(a->rotas.items[1], "ent-hub-north", 2);

    const nr_person *b = &l.r->people[1];
    cr_expect_str_eq(b->name, "Ben Hall");
    cr_expect_eq(b->share, 0.5);
    cr_expect_null(b->email);
    cr_expect_eq(b->loc.line, 3);

    const nr_person *c = &l.r->people[2];
    cr_expect_str_eq(c->name, "Chen \"CJ\" Li");
    expect_ref(c->trust, "DBH", 5);
    expect_ref(c->base_site, "DRI", 5);
    cr_expect_eq(c->share, 2.0);
    cr_expect_eq(c->loc.line, 5, "the blank CRLF line still counts");
    cr_assert_eq(c->rotas.count, 1);
    expect_ref(c->rotas.items[0], "ent-hub-north", 5);
    done(&l);
}

Test(csvfiles, people_every_bad_row_reported) {
    struct loaded l = load(nr_csv_read_people, DIR "people_bad.csv");
    cr_expect_eq(l.rc, NR_EINPUT);
    expect_diags(&l.d,
                 "people_bad.csv:1: warning: unknown column 'colour' (ignored)\n"
                 "people_bad.csv:2: error: share: '1e308' is not a number between 0 and 2\n"
                 "people_bad.csv:3: error: share: '0' is not a number between 0 and 2\n"
                 "people_bad.csv:4: error: share: '2.5' is not a number between 0 and 2\n"
                 "people_bad.csv:5: error: name: missing value\n"
                 "people_bad.csv:5: error: base_site: missing value\n"
                 "people_bad.csv:5: error: share: 'abc' is not a number between 0 and 2\n"
                 "people_bad.csv:5: error: email: 'not-an-email' is not an email address\n"
                 "people_bad.csv:6: warning: rotas: 'gi' is listed twice\n"
                 "people_bad.csv:7: warning: rotas: none given: P006 is on no rota\n"
                 "people_bad.csv:8: error: row has 9 fields, more than the 8 of the header\n");
    /* The good rows are still read, so later checks see them. */
    cr_assert_eq(l.r->n_people, 2);
    cr_expect_str_eq(l.r->people[0].id, "P005");
    cr_expect_eq(l.r->people[0].share, 1.5);
    cr_expect_eq(l.r->people[0].rotas.count, 1);
    cr_expect_str_eq(l.r->people[1].id, "P006");
    cr_expect_eq(l.r->people[1].rotas.count, 0);
    done(&l);
}

Test(csvfiles, people_missing_required_columns) {
    struct loaded l = load(nr_csv_read_people, DIR "people_nocols.csv");
    cr_expect_eq(l.rc, NR_EINPUT);
    expect_diags(&l.d, "people_nocols.csv:1: warning: unknown column 'colour' (ignored)\n"
                       "people_nocols.csv:1: error: missing required column 'trust'\n"
                       "people_nocols.csv:1: error: missing required column 'rotas'\n");
    cr_expect_eq(l.r->n_people, 0);
    done(&l);
}

/* ---- leave ----------------------------------------------------------- */

/* Instants below were worked out by hand from the UK clock rules. */
Test(csvfiles, leave_dates_and_date_times) {
    struct loaded l = load(nr_csv_read_leave, DIR "leave.csv");
    cr_assert_eq(l.rc, 0);
    expect_diags(&l.d, "");
    cr_assert_eq(l.r->n_leave, 4);

    /* 2027-03-28 is the spring change: the local day is 23 hours long,
     * 00:00Z to 23:00Z. */
    const nr_leave *a = &l.r->leave[0];
    expect_ref(a->person, "P001", 2);
    cr_expect(a->all_day);
    cr_expect_eq(a->start, 1806192000);  /* 2027-03-28T00:00Z */
    cr_expect_eq(a->end, 1806274800);    /* 2027-03-28T23:00Z */
    cr_expect_str_eq(a->reason, "clock change day");

    /* End inclusive: Mon 4 to Fri 8 January is [4th 00:00, 9th 00:00). */
    const nr_leave *b = &l.r->leave[1];
    expect_ref(b->person, "P002", 3);
    cr_expect(b->all_day);
    cr_expect_eq(b->start, 1799020800);  /* 2027-01-04T00:00Z */
    cr_expect_eq(b->end, 1799452800);    /* 2027-01-09T00:00Z */
    cr_expect_str_eq(b->reason, "Annual leave,\nfamily");
    cr_expect_eq(b->loc.line, 3);

    /* 01:30 happens twice on 2027-10-31; the first (BST) is meant. */
    const nr_leave *c = &l.r->leave[2];
    expect_ref(c->person, "P003", 5);
    cr_expect_not(c->all_day);
    cr_expect_eq(c->start, 1824942600);  /* 2027-10-31T00:30Z */
    cr_expect_eq(c->end, 1824973200);    /* 2027-10-31T09:00Z */

    const nr_leave *e = &l.r->leave[3];
    expect_ref(e->person, "P001", 6);
    cr_expect_not(e->all_day);
    cr_expect_eq(e->start, 1814428800);  /* 2027-07-01T08:00Z (09:00 BST) */
    cr_expect_eq(e->end, 1814457600);    /* 2027-07-01T16:00Z (17:00 BST) */
    cr_expect_null(e->reason);
    done(&l);
}

Test(csvfiles, leave_every_bad_row_reported) {
    struct loaded l = load(nr_csv_read_leave, DIR "leave_bad.csv");
    cr_expect_eq(l.rc, NR_EINPUT);
    expect_diags(
        &l.d,
        "leave_bad.csv:2: error: start: '2027-02-30' is not a date (YYYY-MM-DD)\n"
        "leave_bad.csv:3: error: end: leave ends (2027-01-02) before it starts (2027-01-05)\n"
        "leave_bad.csv:4: error: end: '2027-01-05' and start '2027-01-05T10:00' must both be "
        "dates or both date-times\n"
        "leave_bad.csv:5: error: start: '2027-01-05T25:00' is not a local date-time "
        "(YYYY-MM-DDTHH:MM)\n"
        "leave_bad.csv:5: error: end: '2027-01-05T26:00' is not a local date-time "
        "(YYYY-MM-DDTHH:MM)\n"
        "leave_bad.csv:6: error: person: missing value\n"
        "leave_bad.csv:6: error: start: '05/01/2027' is not a date (YYYY-MM-DD)\n"
        "leave_bad.csv:6: error: end: missing value\n"
        "leave_bad.csv:7: error: end: leave ends (2027-01-05T10:00) when it starts: it has no "
        "length\n"
        "leave_bad.csv:8: error: end: leave ends (2027-01-05T09:00) before it starts "
        "(2027-01-05T10:00)\n");
    cr_assert_eq(l.r->n_leave, 1);
    expect_ref(l.r->leave[0].person, "P002", 9);
    cr_expect_eq(l.r->leave[0].end - l.r->leave[0].start, 86400, "one whole winter day");
    done(&l);
}

/* ---- requests -------------------------------------------------------- */

Test(csvfiles, requests_types_weights_and_optional_refs) {
    struct loaded l = load(nr_csv_read_requests, DIR "requests.csv");
    cr_assert_eq(l.rc, 0);
    expect_diags(&l.d, "");
    cr_assert_eq(l.r->n_requests, 3);

    const nr_request *a = &l.r->requests[0];
    expect_ref(a->person, "P001", 2);
    cr_expect_eq(a->date, date_of("2027-02-14"));
    cr_expect(a->want);
    cr_expect_eq(a->weight, 1.0, "empty weight defaults to 1");
    cr_expect_null(a->rota.id, "empty rota means any rota");
    cr_expect_eq(a->rota.index, NR_UNSET);
    cr_expect_null(a->shift.id);
    cr_expect_eq(a->loc.line, 2);

    const nr_request *b = &l.r->requests[1];
    cr_expect_eq(b->date, date_of("2027-02-15"));
    cr_expect_not(b->want, "AVOID in capitals is avoid");
    cr_expect_eq(b->weight, 2.5);
    expect_ref(b->rota, "gi-bleed-south", 3);
    expect_ref(b->shift, "weeknight", 3);

    const nr_request *c = &l.r->requests[2];
    cr_expect_eq(c->date, date_of("2027-12-25"));
    cr_expect_not(c->want);
    cr_expect_eq(c->weight, 0.25);
    cr_expect_null(c->rota.id);
    expect_ref(c->shift, "weekend", 4);
    done(&l);
}

Test(csvfiles, requests_every_bad_row_reported) {
    struct loaded l = load(nr_csv_read_requests, DIR "requests_bad.csv");
    cr_expect_eq(l.rc, NR_EINPUT);
    expect_diags(&l.d,
                 "requests_bad.csv:2: error: type: 'maybe' must be want or avoid\n"
                 "requests_bad.csv:3: error: date: '2027-13-01' is not a date (YYYY-MM-DD)\n"
                 "requests_bad.csv:3: error: weight: '0' is not a number greater than 0\n"
                 "requests_bad.csv:4: error: type: missing value\n"
                 "requests_bad.csv:4: error: weight: '-1' is not a number greater than 0\n"
                 "requests_bad.csv:5: error: weight: '1,5' is not a number greater than 0\n");
    cr_expect_eq(l.r->n_requests, 0);
    done(&l);
}

/* ---- travel ---------------------------------------------------------- */

Test(csvfiles, travel_rows_as_written) {
    struct loaded l = load(nr_csv_read_travel, DIR "travel.csv");
    cr_assert_eq(l.rc, 0);
    expect_diags(&l.d, "");
    cr_assert_eq(l.r->n_travel, 4);
    static const struct {
        const char *from, *to;
        int minutes;
    } want[4] = {{"NGH", "RHH", 15}, {"RHH", "NGH", 20}, {"NGH", "DRI", 0}, {"DRI", "BDH", 600}};
    for (int i = 0; i < 4; i++) {
        const nr_travel *t = &l.r->travel[i];
        expect_ref(t->from, want[i].from, i + 2);
        expect_ref(t->to, want[i].to, i + 2);
        cr_expect_eq(t->minutes, want[i].minutes, "row %d", i + 2);
        cr_expect_eq(t->loc.line, i + 2);
    }
    done(&l);
}

Test(csvfiles, travel_every_bad_row_reported) {
    struct loaded l = load(nr_csv_read_travel, DIR "travel_bad.csv");
    cr_expect_eq(l.rc, NR_EINPUT);
    expect_diags(&l.d,
                 "travel_bad.csv:2: error: minutes: '601' is not a whole number from 0 to 600\n"
                 "travel_bad.csv:3: error: minutes: 'abc' is not a whole number from 0 to 600\n"
                 "travel_bad.csv:4: error: minutes: '-5' is not a whole number from 0 to 600\n"
                 "travel_bad.csv:5: error: to: 'NGH' is the same site as from\n"
                 "travel_bad.csv:6: error: to: missing value\n"
                 "travel_bad.csv:7: error: minutes: '10.5' is not a whole number from 0 to "
                 "600\n");
    cr_expect_eq(l.r->n_travel, 0);
    done(&l);
}

/* ---- files ----------------------------------------------------------- */

Test(csvfiles, missing_file_is_an_io_error_for_every_reader) {
    static const reader_fn fns[4] = {nr_csv_read_people, nr_csv_read_leave,
                                     nr_csv_read_requests, nr_csv_read_travel};
    for (int i = 0; i < 4; i++) {
        struct loaded l = load(fns[i], DIR "no-such-file.csv");
        cr_expect_eq(l.rc, NR_EIO);
        expect_diags(&l.d, "no-such-file.csv: error: cannot open: No such file or directory\n");
        done(&l);
    }
}

Test(csvfiles, wrong_kind_of_file_names_the_missing_columns) {
    struct loaded l = load(nr_csv_read_travel, DIR "leave.csv");
    cr_expect_eq(l.rc, NR_EINPUT);
    expect_diags(&l.d, "leave.csv:1: warning: unknown column 'person' (ignored)\n"
                       "leave.csv:1: warning: unknown column 'start' (ignored)\n"
                       "leave.csv:1: warning: unknown column 'end' (ignored)\n"
                       "leave.csv:1: warning: unknown column 'reason' (ignored)\n"
                       "leave.csv:1: error: missing required column 'from'\n"
                       "leave.csv:1: error: missing required column 'to'\n"
                       "leave.csv:1: error: missing required column 'minutes'\n");
    done(&l);
}
