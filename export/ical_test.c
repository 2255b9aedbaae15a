/* iCalendar feeds: refolding around libical 3.0.16's fold bug, feed content
 * for the publish test region, SEQUENCE and cancellation through the state,
 * unsafe IDs, ambiguous local times, and failed writes keeping old files.
 * tests/publish/ checks the same feeds with independent parsers. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <libical/ical.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export/ical.h"
#include "import/scenario.h"
#include "tests/data/checker/fixture.h"
#include "tests/data/publish/greedy.h"

#define NOW 1800000000 /* 2027-01-15T08:00:00Z */

static char dir[64];

static void rm_tree(const char *path) {
    DIR *dh = opendir(path);
    if (!dh) {
        unlink(path);
        return;
    }
    struct dirent *e;
    char sub[512];
    while ((e = readdir(dh)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        rm_tree(sub);
    }
    closedir(dh);
    rmdir(path);
}

static void setup(void) {
    snprintf(dir, sizeof dir, "/tmp/nr_ical_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void) { rm_tree(dir); }

TestSuite(ical, .init = setup, .fini = teardown);

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = calloc(1, (size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return buf;
}

static char *feed(const char *key) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, key);
    return slurp(path);
}

static int count(const char *text, const char *needle) {
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle)) n++;
    return n;
}

/* Every line ends in CRLF, is at most 75 octets, no continuation line is
 * empty, none starts inside a UTF-8 sequence or ends inside an escape. */
static void assert_well_folded(const char *text) {
    const char *p = text;
    while (*p) {
        const char *e = strstr(p, "\r\n");
        cr_assert_not_null(e, "last line lacks CRLF");
        size_t len = (size_t)(e - p);
        cr_assert_leq(len, 75, "line of %zu octets: %.*s", len, (int)len, p);
        cr_assert_eq(memchr(p, '\r', len), NULL, "bare CR");
        cr_assert_eq(memchr(p, '\n', len), NULL, "bare LF");
        if (*p == ' ') {
            cr_assert_gt(len, 1, "empty continuation line");
            cr_assert_neq((unsigned char)p[1] & 0xC0, 0x80, "UTF-8 sequence split by a fold");
        }
        if (e[2] == ' ') {
            size_t bs = 0;
            while (bs < len && p[len - 1 - bs] == '\\') bs++;
            cr_assert_eq(bs % 2, 0, "escape split by a fold: %.*s", (int)len, p);
        }
        p = e + 2;
    }
}

/* Remove folds, for comparing content. */
static char *unfold(const char *text) {
    char *out = calloc(1, strlen(text) + 1), *o = out;
    for (const char *p = text; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
            p += 2;
            continue;
        }
        *o++ = *p;
    }
    return out;
}

static char *libical_text(const char *description) {
    icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    icalcomponent_add_property(ev, icalproperty_new_description(description));
    char *s = icalcomponent_as_ical_string_r(ev);
    icalcomponent_free(ev);
    return s;
}

Test(ical, refold_repairs_libical_fold_bug) {
    for (int tail = 60; tail <= 80; tail++) {
        char desc[400];
        memset(desc, 'a', sizeof desc);
        desc[75 + tail] = '\0'; /* "DESCRIPTION:" + 75 + tail: tails 73 and 74 trip libical */
        char *raw = libical_text(desc);
        char *fixed = nr_ical_refold(raw, NULL);
        cr_assert_not_null(fixed);
        assert_well_folded(fixed);
        char *u = unfold(fixed);
        char want[512];
        snprintf(want, sizeof want, "BEGIN:VEVENT\r\nDESCRIPTION:%s\r\nEND:VEVENT\r\n", desc);
        cr_assert_str_eq(u, want);
        free(u);
        free(fixed);
        free(raw);
    }
}

Test(ical, libical_bug_is_real) {
    /* The reason for refolding: 73 octets after the last fold give CR CR LF. */
    char desc[200];
    int found = 0;
    for (int n = 120; n < 160 && !found; n++) {
        memset(desc, 'a', sizeof desc);
        desc[n] = '\0';
        char *raw = libical_text(desc);
        found = strstr(raw, "\r\r\n") != NULL || strstr(raw, "\r\n \r\n") != NULL;
        free(raw);
    }
    cr_assert(found, "libical no longer folds badly: refolding could be dropped");
}

Test(ical, refold_keeps_utf8_and_escapes_whole) {
    char line[600] = "DESCRIPTION:";
    for (int i = 0; i < 100; i++) strcat(line, "é");
    strcat(line, "\r\n");
    char *fixed = nr_ical_refold(line, NULL);
    assert_well_folded(fixed);
    char *u = unfold(fixed);
    cr_assert_str_eq(u, line);
    free(u);
    free(fixed);
    /* Put "\n" at every position around the fold point. */
    for (int pad = 55; pad < 70; pad++) {
        char in[300] = "DESCRIPTION:";
        for (int i = 0; i < pad; i++) strcat(in, "x");
        strcat(in, "\\n\\\\\\;\\,tail and more text to fold again\r\n");
        fixed = nr_ical_refold(in, NULL);
        assert_well_folded(fixed);
        u = unfold(fixed);
        cr_assert_str_eq(u, in);
        free(u);
        free(fixed);
    }
}

typedef struct world {
    nr_region *r;
    nr_plan *p;
    nr_pubstate *s;
} world;

static world load(const char *scenario) {
    world w = {0};
    nr_diags d = NR_DIAGS_INIT;
    char path[512];
    snprintf(path, sizeof path, "%s/publish/%s", NR_TEST_DATA, scenario);
    cr_assert_eq(nr_scenario_load(path, &w.r, &d), 0);
    nr_diags_clear(&d);
    w.p = greedy_plan(w.r, "ent");
    cr_assert_not_null(w.p);
    w.s = nr_pubstate_new();
    return w;
}

static void unload(world *w) {
    nr_plan_free(w->p);
    nr_region_free(w->r);
    nr_pubstate_free(w->s);
}

static int publish(world *w, nr_instant now, nr_diags *d) {
    return nr_publish_ical(w->r, w->p, dir, w->s, now, d);
}

static int slots_held(const world *w, int person) {
    int n = 0;
    for (size_t i = 0; i < w->p->n_slots; i++) n += w->p->holder[i] == person;
    return n;
}

Test(ical, feeds_hold_each_slot_where_it_belongs) {
    world w = load("scenario.yaml");
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(publish(&w, NOW, &d), 0);
    cr_assert_eq(d.count, 0);
    /* gi covers T1 and T2 (64 slots), ent covers T2 (32 duties), T3 nothing. */
    char *t1 = feed("trusts/T1.ics"), *t2 = feed("trusts/T2.ics"), *t3 = feed("trusts/T3.ics");
    cr_assert_eq(count(t1, "BEGIN:VEVENT"), 64);
    cr_assert_eq(count(t2, "BEGIN:VEVENT"), 96);
    cr_assert_eq(count(t3, "BEGIN:VEVENT"), 0);
    cr_assert_eq(count(t2, "SUMMARY:UNCOVERED: ENT Wednesday night\r\n"), 1);
    cr_assert_eq(count(t1, "UNCOVERED"), 0);
    for (int i = 0; i < 4; i++) {
        char key[32];
        snprintf(key, sizeof key, "people/P%d.ics", i + 1);
        char *pf = feed(key);
        char id[8];
        snprintf(id, sizeof id, "P%d", i + 1);
        int person = nr_region_find_person(w.r, id);
        cr_assert_eq(count(pf, "BEGIN:VEVENT"), slots_held(&w, person), "%s", key);
        cr_assert_eq(count(pf, "UNCOVERED"), 0);
        assert_well_folded(pf);
        free(pf);
    }
    /* Calendar properties, once each. */
    const char *once[] = {"\r\nVERSION:2.0\r\n", "\r\nPRODID:" NR_ICAL_PRODID "\r\n",
                          "\r\nMETHOD:PUBLISH\r\n", "\r\nNAME:", "\r\nX-WR-CALNAME:",
                          "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT4H\r\n", "BEGIN:VTIMEZONE",
                          "\r\nTZID:Europe/London\r\n", "BEGIN:DAYLIGHT", "BEGIN:STANDARD"};
    for (size_t i = 0; i < sizeof once / sizeof *once; i++)
        cr_assert_eq(count(t1, once[i]), 1, "%s", once[i]);
    cr_assert_eq(count(t1, "freeassociation"), 0);
    /* The March night: 17:00 GMT to 08:00 BST, written in local time. */
    char *u1 = unfold(t1);
    cr_assert(strstr(u1, "UID:duty-gi.satnight.20270327.1-trust-T1@netrota\r\nDTSTAMP:20270115T080000Z\r\n"
                         "SEQUENCE:0\r\nSTATUS:CONFIRMED\r\n"
                         "DTSTART;TZID=Europe/London:20270327T170000\r\n"
                         "DTEND;TZID=Europe/London:20270328T080000\r\n") != NULL);
    /* Names keep accents; commas and semicolons are escaped. */
    cr_assert(strstr(u1, "SUMMARY:GI bleed Saturday night: Zoë Ångström\\, Jr.\\; FRCP (T1)\r\n") != NULL);
    cr_assert(strstr(u1, "X-WR-CALNAME:Alpha Trust\\, Sheffield\\; North: on-call consultants "
                         "(Publish test region)\r\n") != NULL);
    cr_assert(strstr(u1, "LOCATION:Alpha General (S1)\r\n") != NULL);
    cr_assert(strstr(u1, "Covers: Alpha General (S1)\\, Beta Royal\\, East Wing (S2)") != NULL);
    /* No UID names a person. */
    for (const char *p = u1; (p = strstr(p, "\r\nUID:")) != NULL; p += 6) {
        const char *e = strstr(p + 2, "\r\n");
        cr_assert_null(memchr(p, 'P', (size_t)(e - p)), "%.*s", (int)(e - p), p);
    }
    char *p1 = feed("people/P1.ics");
    cr_assert(strstr(p1, "-own@netrota\r\n") != NULL);
    cr_assert(strstr(p1, "-trust-") == NULL);
    free(p1);
    free(u1);
    free(t1);
    free(t2);
    free(t3);
    unload(&w);
}

Test(ical, republish_keeps_uids_and_sequence_then_change_raises_it) {
    world w = load("scenario.yaml");
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(publish(&w, NOW, &d), 0);
    char *before = feed("trusts/T1.ics");
    cr_assert_eq(publish(&w, NOW, &d), 0);
    char *again = feed("trusts/T1.ics");
    cr_assert_str_eq(before, again, "same plan, same now: same bytes");
    free(again);

    /* Give the first GI slot to someone else. */
    int gi = nr_region_find_rota(w.r, "gi");
    size_t duty = 0;
    while (w.r->duties[duty].rota != gi) duty++;
    size_t slot = w.p->first_slot[duty];
    int old = w.p->holder[slot], next = NR_UNSET;
    for (int who = 0; who < (int)w.r->n_people && next == NR_UNSET; who++)
        if (nr_region_is_member(w.r, who, gi) && !nr_plan_holds(w.p, duty, who)) next = who;
    cr_assert_neq(next, NR_UNSET);
    w.p->holder[slot] = next;
    cr_assert_eq(publish(&w, NOW + 60, &d), 0);
    const char *uid = "duty-gi.satnight.20270327.1-trust-T1@netrota";
    cr_assert_eq(nr_pubstate_get(w.s, "trusts/T1.ics", uid)->sequence, 1);
    cr_assert_eq(nr_pubstate_get(w.s, "trusts/T1.ics", "duty-gi.satnight.20270327.2-trust-T1@netrota")->sequence, 0);
    char key_old[64], key_new[64];
    snprintf(key_old, sizeof key_old, "people/%s.ics", w.r->people[old].id);
    snprintf(key_new, sizeof key_new, "people/%s.ics", w.r->people[next].id);
    const char *own = "duty-gi.satnight.20270327.1-own@netrota";
    const nr_pubrecord *rec = nr_pubstate_get(w.s, key_old, own);
    cr_assert(rec->cancelled);
    cr_assert_eq(rec->sequence, 1);
    cr_assert_eq(nr_pubstate_get(w.s, key_new, own)->sequence, 0);
    char *cancelled = feed(key_old);
    char *u = unfold(cancelled);
    char want[256];
    snprintf(want, sizeof want, "UID:%s\r\nDTSTAMP:20270115T080100Z\r\nSEQUENCE:1\r\nSTATUS:CANCELLED\r\n", own);
    cr_assert(strstr(u, want) != NULL, "no cancellation in %s", key_old);
    cr_assert(strstr(u, "SUMMARY:CANCELLED: On call: GI bleed Saturday night at S1\r\n") != NULL);
    cr_assert(strstr(u, "DTSTART;TZID=Europe/London:20270327T170000\r\n") != NULL);
    assert_well_folded(cancelled);
    free(u);
    free(cancelled);

    /* Next publish: the cancellation is gone from the feed and the state. */
    cr_assert_eq(publish(&w, NOW + 120, &d), 0);
    cr_assert_null(nr_pubstate_get(w.s, key_old, own));
    cancelled = feed(key_old);
    cr_assert_null(strstr(cancelled, own));
    free(cancelled);
    cr_assert_eq(d.count, 0);
    free(before);
    unload(&w);
}

Test(ical, unsafe_ids_are_refused_by_name) {
    world w = load("scenario.yaml");
    w.r->people[1].id = "../evil";
    w.r->trusts[2].id = "a/b";
    nr_diags d = NR_DIAGS_INIT;
    char out[128];
    snprintf(out, sizeof out, "%s/out", dir);
    cr_assert_eq(nr_publish_ical(w.r, w.p, out, w.s, NOW, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 2);
    cr_assert(strstr(d.items[0].message, "trust id 'a/b' cannot be a file name") != NULL, "%s",
              d.items[0].message);
    cr_assert(strstr(d.items[0].file, "scenario.yaml") != NULL);
    cr_assert(strstr(d.items[1].message, "person id '../evil' cannot be a file name") != NULL);
    cr_assert(strstr(d.items[1].file, "consultants.csv") != NULL);
    cr_assert_eq(d.items[1].line, 3);
    struct stat sb;
    cr_assert_neq(stat(out, &sb), 0, "nothing may be written");
    nr_diags_clear(&d);
    unload(&w);
}

Test(ical, ambiguous_local_time_is_written_in_utc) {
    world w = load("scenario.yaml");
    /* 01:30 GMT on 31 October 2027 is the second 01:30 of that night: in
     * local time a reader would take the first (00:30Z). */
    nr_instant second = 1824946200; /* 2027-10-31T01:30:00Z */
    int gi = nr_region_find_rota(w.r, "gi");
    size_t i = 0;
    while (w.r->duties[i].rota != gi) i++;
    w.r->duties[i].end = second;
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(publish(&w, NOW, &d), 0);
    char *t1 = feed("trusts/T1.ics");
    char *u = unfold(t1);
    cr_assert(strstr(u, "DTSTART;TZID=Europe/London:20270327T170000\r\nDTEND:20271031T013000Z\r\n") != NULL);
    free(u);
    free(t1);
    unload(&w);
}

Test(ical, plan_for_another_region_is_refused) {
    world w = load("scenario.yaml");
    w.p->n_duties--;
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(publish(&w, NOW, &d), NR_EINTERNAL);
    cr_assert_eq(d.errors, 1);
    w.p->n_duties++;
    nr_diags_clear(&d);
    unload(&w);
}

Test(ical, full_disk_keeps_previous_feeds_and_their_state) {
    world w = load("scenario.yaml");
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(publish(&w, NOW, &d), 0);
    char *t1 = feed("trusts/T1.ics"), *p2 = feed("people/P2.ics");
    w.p->holder[w.p->first_slot[1]] = NR_UNSET; /* a change the failed publish would carry */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit lim = {2048, 2048};
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
    cr_assert_eq(publish(&w, NOW + 60, &d), NR_EIO);
    /* T3 (empty, under the limit) is written; every other feed fails. */
    cr_assert_eq(d.errors, 6);
    for (size_t i = 0; i < d.count; i++)
        cr_assert(strstr(d.items[i].message, "write failed") != NULL, "%s", d.items[i].message);
    char *t1b = feed("trusts/T1.ics"), *p2b = feed("people/P2.ics");
    cr_assert_str_eq(t1, t1b);
    cr_assert_str_eq(p2, p2b);
    /* The state still says what the old files say. */
    const nr_pubrecord *rec = nr_pubstate_get(w.s, "trusts/T1.ics",
                                              "duty-gi.satnight.20270327.1-trust-T1@netrota");
    cr_assert_eq(rec->sequence, 0);
    DIR *dh;
    char sub[128];
    snprintf(sub, sizeof sub, "%s/trusts", dir);
    dh = opendir(sub);
    int files = 0;
    for (struct dirent *e; (e = readdir(dh)) != NULL;) files += e->d_name[0] != '.';
    closedir(dh);
    cr_assert_eq(files, 3, "no temporary file may be left behind");
    free(t1);
    free(p2);
    free(t1b);
    free(p2b);
    nr_diags_clear(&d);
    unload(&w);
}

/* gi needs 2 people and allows a third (cover 2, cover_max 3). */
static void gi_two_needed_one_optional(nr_region *r) {
    r->rotas[0].cover = 2;
    r->rotas[0].cover_max = 3;
}

/* A person beyond cover is an event like any holder; each uncovered slot
 * is an UNCOVERED event; an empty optional slot is nothing. */
Test(ical, surplus_is_published_and_empty_optional_slots_are_not) {
    fx_options o = {.hook = gi_two_needed_one_optional};
    nr_region *r = fx_region(o);
    nr_plan *p = nr_plan_new(r);
    cr_assert_not_null(p);
    fx_set(r, p, "gi", "2026-11-02", 0, "P001"); /* Mon: 3 of 2 needed */
    fx_set(r, p, "gi", "2026-11-02", 1, "P002");
    fx_set(r, p, "gi", "2026-11-02", 2, "P003");
    fx_set(r, p, "gi", "2026-11-03", 1, "P001"); /* Tue: covered, optional slot empty */
    fx_set(r, p, "gi", "2026-11-03", 2, "P004");
    fx_set(r, p, "gi", "2026-11-04", 1, "P002"); /* Wed: one missing */
    nr_pubstate *st = nr_pubstate_new();
    nr_diags d = NR_DIAGS_INIT;
    int rc = nr_publish_ical(r, p, dir, st, NOW, &d);
    nr_diags_print(&d, stderr);
    cr_assert_eq(rc, 0);
    char *t1 = feed("trusts/T1.ics");
    char *u1 = unfold(t1);
    /* 3 + 2 + 2 events Mon-Wed, then two uncovered a night Thu-Sun. */
    cr_expect_eq(count(u1, "BEGIN:VEVENT"), 3 + 2 + 2 + 4 * 2);
    cr_expect_eq(count(u1, "SUMMARY:UNCOVERED: gi night\r\n"), 1 + 4 * 2);
    cr_expect_eq(count(u1, "UID:duty-gi.night.20261102."), 3);
    cr_expect_eq(count(u1, "UID:duty-gi.night.20261103."), 2);
    cr_expect_eq(count(u1, "UID:duty-gi.night.20261103.1-"), 0, "Tue's empty optional slot");
    /* Wed: the holder's slot 2, and slot 1 uncovered; slot 3 optional. */
    cr_expect(strstr(u1, "UID:duty-gi.night.20261104.1-trust-T1@netrota\r\n"));
    cr_expect(strstr(u1, "UID:duty-gi.night.20261104.2-trust-T1@netrota\r\n"));
    cr_expect(!strstr(u1, "UID:duty-gi.night.20261104.3-"));
    cr_expect(strstr(u1, "\\nSlot 3 of up to 3 (2 needed)"), "slot text");
    char *p3 = feed("people/P003.ics");
    cr_expect_eq(count(p3, "BEGIN:VEVENT"), 1);
    cr_expect_eq(count(p3, "UNCOVERED"), 0);
    free(p3);
    free(u1);
    free(t1);
    nr_diags_clear(&d);
    nr_pubstate_free(st);
    nr_plan_free(p);
    nr_region_free(r);
}

Test(ical, an_organizer_is_on_every_event_and_naming_one_raises_sequence_once) {
    world w = load("scenario.yaml");
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(publish(&w, NOW, &d), 0);
    char *before = feed("trusts/T1.ics");
    cr_assert_eq(count(before, "ORGANIZER"), 0, "none unless the scenario names one");
    free(before);

    w.r->organizer_email = "rota@example.nhs.uk";
    w.r->organizer_name = "Rota office, South; Yorkshire";
    cr_assert_eq(publish(&w, NOW + 60, &d), 0);
    char *t1 = feed("trusts/T1.ics"), *p1 = feed("people/P1.ics");
    char *u1 = unfold(t1), *up = unfold(p1);
    int events = count(t1, "BEGIN:VEVENT");
    cr_assert_gt(events, 0);
    /* A CN holding , or ; is quoted (RFC 5545 3.2); the address is a URI. */
    const char *org = "\r\nORGANIZER;CN=\"Rota office, South; Yorkshire\":mailto:rota@example.nhs.uk\r\n";
    cr_expect_eq(count(u1, org), events, "one ORGANIZER per event in the trust feed");
    cr_expect_eq(count(up, org), count(p1, "BEGIN:VEVENT"), "and in the person's");
    cr_expect_eq(count(u1, "\r\nSEQUENCE:1\r\n"), events, "naming an organizer is a revision");
    assert_well_folded(t1);
    free(t1);
    free(u1);
    free(p1);
    free(up);

    /* Unchanged since: no further revision. */
    cr_assert_eq(publish(&w, NOW + 120, &d), 0);
    t1 = feed("trusts/T1.ics");
    u1 = unfold(t1);
    cr_expect_eq(count(u1, "\r\nSEQUENCE:1\r\n"), events);
    cr_expect_eq(d.count, 0);
    free(t1);
    free(u1);
    unload(&w);
}
