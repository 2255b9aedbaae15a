/* report.html: names escaped, the grid, charts and uncovered reasons, nothing
 * that reaches outside the page, balanced tags, and failed writes. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export/report.h"
#include "tests/data/checker/fixture.h"

/*
 * Period: Mon 2027-05-24 .. Sun 2027-06-06 (two weeks across May and June;
 * Mon 2027-05-31 is a bank holiday).
 * Trusts T1 "Sheffield & District", T2 "\"Quoted\" Trust"; sites S1, S2.
 * Rotas: gi (night 17:00-08:00 daily, cover 1), ent (day 08:00-17:00, cover 2).
 * People: P1 Zoë O'Brien (T1, gi, on leave 2027-06-02),
 *         P2 <script>alert(1)</script> (T1, gi), P3 Ann Smith (T2, gi and ent),
 *         P4 Bob<U+0001> Jones (T2, ent), P5 Émile Durand & Sons (T2, ent).
 * Plan: gi nights P1, P2, P3 in turn, 2027-06-02 uncovered; ent P4 + P5
 * every day except the second slot on 2027-05-31.
 */
static nr_region *region;
static nr_plan *plan;
static nr_solve_result result;

static nr_person_load person_loads[] = {
    {.person = 0, .rota = 0, .target = {3, 1, 0.5}, .duties = {3, 1, 0}},
    {.person = 1, .rota = 0, .target = {3, 1, 0.5}, .duties = {4, 2, 0}},
    {.person = 2, .rota = 0, .target = {3, 1, 0.5}, .duties = {2, 1, 1}},
    {.person = 2, .rota = 1, .target = {5, 2, 0.5}, .duties = {0, 0, 0}},
    {.person = 3, .rota = 1, .target = {5, 2, 0.5}, .duties = {9, 4, 1}},
    {.person = 4, .rota = 1, .target = {5, 2, 0.5}, .duties = {9, 4, 0}},
};
static nr_trust_load trust_loads[] = {
    {.trust = 0, .rota = 0, .fair_share = 9.5, .duties = 10},
    {.trust = 1, .rota = 0, .fair_share = 4.5, .duties = 4},
    {.trust = 1, .rota = 1, .fair_share = 27.0, .duties = 27},
};

static nr_loc at(int line) { return nr_loc_at("report.yaml", line); }

static nr_date date(const char *s) {
    nr_date d = 0;
    cr_assert(nr_date_parse(s, &d), "bad date %s", s);
    return d;
}

static void push(nr_refs *list, const char *id) {
    cr_assert_eq(nr_region_refs_push(region, list, nr_region_ref(region, id, at(1))), 0);
}

static void add_person(const char *id, const char *name, const char *trust, const char *site,
                       const char *rota1, const char *rota2) {
    nr_person *p = nr_region_add_person(region);
    cr_assert_not_null(p);
    p->id = id;
    p->name = name;
    p->trust = nr_region_ref(region, trust, at(20));
    p->base_site = nr_region_ref(region, site, at(20));
    push(&p->rotas, rota1);
    if (rota2) push(&p->rotas, rota2);
    p->share = 1.0;
}

static void add_shift(const char *id, int from, int to, int offset) {
    nr_shift *s = nr_region_add_shift(region);
    cr_assert_not_null(s);
    s->id = id;
    s->days_mask = 0x7f;
    s->start_minute = from * 60;
    s->end_minute = to * 60;
    s->end_day_offset = offset;
}

static void add_rota(const char *id, const char *name, const char *service, const char *host,
                     const char *hub, const char *shift, int cover) {
    nr_rota *k = nr_region_add_rota(region);
    cr_assert_not_null(k);
    k->id = id;
    k->name = name;
    k->service = service;
    k->host = nr_region_ref(region, host, at(9));
    k->hub = nr_region_ref(region, hub, at(9));
    push(&k->covers, hub);
    push(&k->shifts, shift);
    k->cover = cover;
    k->rules = nr_rules_unset();
}

static int duty_on(const char *rota, const char *day) {
    int k = nr_region_find_rota(region, rota);
    nr_date d = date(day);
    for (size_t i = 0; i < region->n_duties; i++)
        if (region->duties[i].rota == k && region->duties[i].date == d) return (int)i;
    cr_assert_fail("no %s duty on %s", rota, day);
    return -1;
}

static void setup(void) {
    region = nr_region_new();
    cr_assert_not_null(region);
    region->name = "Test <Network> & Co";
    region->timezone = "Europe/London";
    region->period_start = date("2027-05-24");
    region->period_days = 14;
    nr_date bh = date("2027-05-31");
    cr_assert_eq(nr_region_set_bank_holidays(region, &bh, 1), 0);

    nr_trust *t = nr_region_add_trust(region);
    t->id = "T1";
    t->name = "Sheffield & District";
    t = nr_region_add_trust(region);
    t->id = "T2";
    t->name = "\"Quoted\" Trust";
    nr_site *s = nr_region_add_site(region);
    s->id = "S1";
    s->trust = nr_region_ref(region, "T1", at(5));
    s = nr_region_add_site(region);
    s->id = "S2";
    s->trust = nr_region_ref(region, "T2", at(6));
    add_shift("night", 17, 8, 1);
    add_shift("day", 8, 17, 0);
    add_rota("gi", "GI bleed <south>", "GI bleed", "T1", "S1", "night", 1);
    add_rota("ent", NULL, "ENT", "T2", "S2", "day", 2);
    add_person("P1", "Zo\xC3\xAB O'Brien", "T1", "S1", "gi", NULL);
    add_person("P2", "<script>alert(1)</script>", "T1", "S1", "gi", NULL);
    add_person("P3", "Ann Smith", "T2", "S2", "gi", "ent");
    add_person("P4", "Bob\x01 Jones", "T2", "S2", "ent", NULL);
    add_person("P5", "\xC3\x89mile Durand & Sons", "T2", "S2", "ent", NULL);
    nr_leave *l = nr_region_add_leave(region);
    l->person = nr_region_ref(region, "P1", at(30));
    l->start = nr_london_to_utc(date("2027-06-02"), 0);
    l->end = nr_london_to_utc(date("2027-06-03"), 0);
    l->all_day = true;

    nr_diags d = NR_DIAGS_INIT;
    int rc = nr_region_resolve(region, &d);
    if (rc == 0) rc = nr_region_expand(region, &d);
    if (rc) nr_diags_print(&d, stderr);
    nr_diags_clear(&d);
    cr_assert_eq(rc, 0);
    cr_assert_eq(region->n_duties, 28);

    plan = nr_plan_new(region);
    cr_assert_not_null(plan);
    int night = 0;
    for (size_t i = 0; i < region->n_duties; i++) {
        const nr_duty *du = &region->duties[i];
        size_t s0 = plan->first_slot[i];
        if (du->rota == 0) plan->holder[s0] = night++ % 3;
        else {
            plan->holder[s0] = 3;
            plan->holder[s0 + 1] = 4;
        }
    }
    plan->holder[plan->first_slot[duty_on("gi", "2027-06-02")]] = NR_UNSET;
    plan->holder[plan->first_slot[duty_on("ent", "2027-05-31")] + 1] = NR_UNSET;

    memset(&result, 0, sizeof result);
    result.status = NR_SOLVE_GAPS;
    result.plan = plan;
    result.objective = 1234.5;
    result.bound = 1200;
    result.gap = 0.0279;
    result.seconds = 2.5;
    result.uncovered = 2;
    result.person_loads = person_loads;
    result.n_person_loads = sizeof person_loads / sizeof person_loads[0];
    result.trust_loads = trust_loads;
    result.n_trust_loads = sizeof trust_loads / sizeof trust_loads[0];
}

static void teardown(void) {
    nr_plan_free(plan);
    nr_region_free(region);
}

TestSuite(report, .init = setup, .fini = teardown);

/* The page as a string (caller frees), with its return code checked. */
static char *render(void) {
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    cr_assert_not_null(f);
    nr_diags d = NR_DIAGS_INIT;
    int rc = nr_report_html(f, region, &result, &d);
    if (rc) nr_diags_print(&d, stderr);
    cr_assert_eq(rc, 0);
    cr_assert_eq(d.count, 0);
    fclose(f);
    cr_assert_not_null(text);
    return text;
}

static size_t count(const char *text, const char *needle) {
    size_t n = 0;
    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

static bool contains_nocase(const char *text, const char *needle) {
    size_t n = strlen(needle);
    for (const char *p = text; *p; p++)
        if (strncasecmp(p, needle, n) == 0) return true;
    return false;
}

Test(report, names_are_escaped) {
    char *html = render();
    cr_expect(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped script name missing");
    cr_expect(!contains_nocase(html, "<script"), "raw <script in the page");
    cr_expect(strstr(html, "Zo\xC3\xAB O&#39;Brien"));
    cr_expect(strstr(html, "\xC3\x89mile Durand &amp; Sons"));
    cr_expect(strstr(html, "&quot;Quoted&quot; Trust"));
    cr_expect(strstr(html, "Sheffield &amp; District"));
    cr_expect(strstr(html, "<h1>Test &lt;Network&gt; &amp; Co"));
    cr_expect(strstr(html, "GI bleed &lt;south&gt;"));
    cr_expect(strstr(html, "Bob Jones"), "control character not dropped");
    cr_expect(!strchr(html, '\x01'));
    free(html);
}

Test(report, nothing_outside_the_page) {
    char *html = render();
    static const char *const banned[] = {"http://", "https://", "src=", "url(", "@import",
                                         "<link", "<img", "<iframe", "<object", "<embed",
                                         "<script", "//", "xlink:href"};
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
        cr_expect(!contains_nocase(html, banned[i]), "page contains %s", banned[i]);
    /* Every link is to an anchor in the page, and that anchor exists. */
    size_t links = 0;
    for (const char *p = strstr(html, "href=\""); p; p = strstr(p + 1, "href=\"")) {
        p += 6;
        cr_assert_eq(*p, '#', "link outside the page: %.40s", p);
        size_t n = strcspn(p + 1, "\"");
        cr_assert_lt(n, 64);
        char want[80];
        snprintf(want, sizeof want, "id=\"%.*s\"", (int)n, p + 1);
        cr_expect(strstr(html, want), "no target for %s", want);
        links++;
    }
    cr_expect_eq(links, 3); /* two uncovered cells and the title's count */
    cr_expect(strstr(html, "default-src 'none'"), "no Content-Security-Policy");
    free(html);
}

/* Tags nest properly: every element opened is closed in order, except the
 * void elements and self-closed SVG shapes. A stray '<' from an unescaped
 * name would break this too. */
Test(report, tags_are_balanced) {
    static const char *const void_tags[] = {"meta", "br", "hr", "img", "input", "link", "col", NULL};
    char *html = render();
    char stack[64][16];
    int depth = 0;
    size_t tables = 0, svgs = 0;
    const char *p = html;
    while ((p = strchr(p, '<')) != NULL) {
        if (p[1] == '!') {
            p = strchr(p, '>');
            cr_assert_not_null(p);
            continue;
        }
        bool closing = p[1] == '/';
        const char *name = p + (closing ? 2 : 1);
        size_t n = 0;
        while (isalnum((unsigned char)name[n])) n++;
        cr_assert(n > 0 && n < 16, "bad tag at: %.40s", p);
        const char *end = strchr(name, '>');
        cr_assert_not_null(end);
        char tag[16];
        memcpy(tag, name, n);
        tag[n] = '\0';
        if (closing) {
            cr_assert_gt(depth, 0, "</%s> closes nothing", tag);
            cr_assert_str_eq(stack[depth - 1], tag, "</%s> closes <%s>", tag, stack[depth - 1]);
            depth--;
        } else if (end[-1] != '/') {
            bool is_void = false;
            for (int i = 0; void_tags[i]; i++)
                if (strcmp(tag, void_tags[i]) == 0) is_void = true;
            if (!is_void) {
                cr_assert_lt(depth, 64);
                memcpy(stack[depth++], tag, sizeof tag);
            }
            if (strcmp(tag, "table") == 0) tables++;
            if (strcmp(tag, "svg") == 0) svgs++;
        }
        p = end + 1;
    }
    cr_expect_eq(depth, 0, "%d elements left open, innermost <%s>", depth, depth ? stack[depth - 1] : "");
    /* May and June grids, the trust-by-rota table, two reasons tables. */
    cr_expect_eq(tables, 5);
    /* One chart per rota and one for the trusts. */
    cr_expect_eq(svgs, 3);
    free(html);
}

Test(report, grid_months_weekends_bank_holidays) {
    char *html = render();
    cr_expect(strstr(html, ">May 2027</th>"));
    cr_expect(strstr(html, ">June 2027</th>"));
    cr_expect_eq(count(html, "<section class=\"month\""), 2);
    cr_expect_eq(count(html, "<colgroup><col class=\"cdate\"><col span=\"2\"></colgroup>"), 2);
    cr_expect(strstr(html, "<tr id=\"d-2027-05-31\" class=\"bh\"><th class=\"date\">Mon 2027-05-31"
                           "<span class=\"bhm\""));
    cr_expect(strstr(html, "<tr id=\"d-2027-05-29\" class=\"we\"><th class=\"date\">Sat 2027-05-29</th>"));
    cr_expect(strstr(html, "<tr id=\"d-2027-05-28\"><th class=\"date\">Fri 2027-05-28</th>"));
    cr_expect_eq(count(html, "<tr id=\"d-"), 14);
    /* Night of Mon 24 May: P1 on trust T1's colour, then ent's two slots
     * on T2's. */
    cr_expect(strstr(html, "<tr id=\"d-2027-05-24\"><th class=\"date\">Mon 2027-05-24</th>"
                           "<td><span class=\"d t0\" title=\"P1, T1\">Zo\xC3\xAB O&#39;Brien <small>night</small></span></td>"
                           "<td><span class=\"d t1\" title=\"P4, T2\">Bob Jones <small>day</small></span>"
                           "<span class=\"d t1\" title=\"P5, T2\">\xC3\x89mile Durand &amp; Sons <small>day</small></span></td></tr>"));
    /* The two uncovered slots, each linking to its reasons. */
    char want[160];
    snprintf(want, sizeof want, "<a class=\"d unc\" href=\"#u-%d\">UNCOVERED <small>night</small></a>",
             duty_on("gi", "2027-06-02"));
    cr_expect(strstr(html, want), "missing %s", want);
    snprintf(want, sizeof want, "<span class=\"d t1\" title=\"P4, T2\">Bob Jones <small>day</small></span>"
                                "<a class=\"d unc\" href=\"#u-%d\">UNCOVERED <small>day</small></a>",
             duty_on("ent", "2027-05-31"));
    cr_expect(strstr(html, want), "missing %s", want);
    cr_expect_eq(count(html, "class=\"d unc\""), 2);
    free(html);
}

Test(report, title_and_legend) {
    char *html = render();
    cr_expect(strstr(html, "<b>Period:</b> Mon 2027-05-24 to Sun 2027-06-06 (2 weeks, 28 duties, 42 slots)"));
    cr_expect(strstr(html, "<b>Status:</b> gaps"));
    cr_expect(strstr(html, "<b>Objective:</b> 1234.50"));
    cr_expect(strstr(html, "<b>Gap:</b> 2.79%"));
    cr_expect(strstr(html, "<b>Uncovered slots:</b> <a href=\"#uncovered\">2</a>"));
    cr_expect(strstr(html, "<li><span class=\"sw t0\"></span>T1 \xE2\x80\x94 Sheffield &amp; District</li>"));
    cr_expect(strstr(html, "<li><span class=\"sw t1\"></span>T2 \xE2\x80\x94 &quot;Quoted&quot; Trust</li>"));
    free(html);
}

Test(report, charts_scale_to_the_largest_load) {
    char *html = render();
    /* gi: P2 holds 6 (the largest), P1 4: bars of 420 and 280 units. */
    cr_expect(strstr(html, "<title>P2</title><text x=\"234\" y=\"34\" text-anchor=\"end\">&lt;script&gt;alert(1)"
                           "&lt;/script&gt;</text><rect x=\"240\" y=\"23\" width=\"420.0\""));
    cr_expect(strstr(html, "<title>P1</title><text x=\"234\" y=\"14\" text-anchor=\"end\">Zo\xC3\xAB O&#39;Brien</text>"
                           "<rect x=\"240\" y=\"3\" width=\"280.0\""));
    /* Target 4.5 of 6: the tick at 240 + 420 * 0.75. */
    cr_expect(strstr(html, "<line x1=\"555.0\" y1=\"1\" x2=\"555.0\" y2=\"19\""));
    cr_expect(strstr(html, ">6 (4 wd, 2 we, 0 bh) target 4.5</text>"));
    cr_expect(strstr(html, ">0 (0 wd, 0 we, 0 bh) target 7.5</text>"));
    /* Trusts: T1 10 of 9.5, T2 31 of 31.5 (both rotas). */
    cr_expect(strstr(html, ">10 duties, fair share 9.5 (+0.5)</text>"));
    cr_expect(strstr(html, ">31 duties, fair share 31.5 (-0.5)</text>"));
    cr_expect(strstr(html, "<td class=\"n\">27 / 27.0</td>"));
    /* ENT has no T1 load: a dash, not a zero. */
    cr_expect(strstr(html, "<tr><th>ent</th><td class=\"n\">\xE2\x80\x93</td><td class=\"n\">27 / 27.0</td></tr>"));
    free(html);
}

Test(report, uncovered_duties_with_reasons) {
    char *html = render();
    cr_expect(strstr(html, "<h2>Uncovered duties (2 slots)</h2>"));
    char want[200];
    int gi = duty_on("gi", "2027-06-02");
    snprintf(want, sizeof want, "<div class=\"ud\" id=\"u-%d\">\n<h3>Wed 2027-06-02 \xC2\xB7 GI bleed &lt;south&gt; "
                                "\xC2\xB7 night: 1 of 1 slot uncovered</h3>\n<p>2027-06-02 17:00 to 2027-06-03 08:00 "
                                "(15.0 h, weekday)</p>", gi);
    cr_expect(strstr(html, want), "missing %s", want);
    cr_expect(strstr(html, "<tr><td>Zo\xC3\xAB O&#39;Brien <small>(P1)</small></td><td><span class=\"sw t0\"></span> T1"
                           "</td><td class=\"reason\">On leave <small>(on_leave)</small></td><td>leave 2027-06-02"));
    int ent = duty_on("ent", "2027-05-31");
    snprintf(want, sizeof want, "<div class=\"ud\" id=\"u-%d\">\n<h3>Mon 2027-05-31 \xC2\xB7 ent \xC2\xB7 day: "
                                "1 of 2 slots uncovered</h3>", ent);
    cr_expect(strstr(html, want), "missing %s", want);
    cr_expect(strstr(html, "(9.0 h, bank_holiday)"));
    /* Each member of the rota gets a reason: P4 and P5 already hold the
     * duty's other slot or could take it; all three ent members listed. */
    const char *sec = strstr(html, want);
    cr_assert_not_null(sec);
    const char *end = strstr(sec, "</div>");
    cr_assert_not_null(end);
    size_t rows = 0;
    for (const char *q = strstr(sec, "<tr><td>"); q && q < end; q = strstr(q + 1, "<tr><td>")) rows++;
    cr_expect_eq(rows, 3);
    cr_expect(strstr(sec, "(already_on_duty)") && strstr(sec, "(already_on_duty)") < end);
    free(html);
}

Test(report, all_covered_says_so) {
    plan->holder[plan->first_slot[duty_on("gi", "2027-06-02")]] = 1;
    plan->holder[plan->first_slot[duty_on("ent", "2027-05-31")] + 1] = 4;
    result.uncovered = 0;
    result.status = NR_SOLVE_OPTIMAL;
    result.gap = HUGE_VAL;
    char *html = render();
    cr_expect(strstr(html, "<p>Every slot of every duty is covered.</p>"));
    cr_expect(strstr(html, "<b>Uncovered slots:</b> 0 "));
    cr_expect(strstr(html, "<b>Gap:</b> unknown"));
    cr_expect(!strstr(html, "UNCOVERED <small>"));
    free(html);
}

Test(report, same_result_same_bytes) {
    char *a = render();
    char *b = render();
    cr_expect_str_eq(a, b);
    free(a);
    free(b);
}

Test(report, plan_of_another_region_is_refused) {
    nr_plan small = {.n_duties = 3};
    result.plan = &small;
    FILE *f = fopen("/dev/null", "w");
    cr_assert_not_null(f);
    nr_diags d = NR_DIAGS_INIT;
    cr_expect_eq(nr_report_html(f, region, &result, &d), NR_EINTERNAL);
    fclose(f);
    cr_assert_eq(d.count, 1);
    cr_expect_str_eq(d.items[0].message, "report: the plan has 3 duties but the region has 28");
    nr_diags_clear(&d);
    result.plan = plan;

    plan->holder[0] = 5;
    cr_expect_eq(nr_report_write_html(region, &result, "/tmp/nr_report_never.html", &d), NR_EINTERNAL);
    cr_assert_eq(d.count, 1);
    cr_expect_str_eq(d.items[0].message, "report: slot 0 is held by person 5 of 5");
    cr_expect_neq(access("/tmp/nr_report_never.html", F_OK), 0);
    nr_diags_clear(&d);
}

Test(report, write_error_is_reported) {
    FILE *f = fopen("/dev/full", "w");
    if (!f) cr_skip_test("no /dev/full");
    nr_diags d = NR_DIAGS_INIT;
    cr_expect_eq(nr_report_html(f, region, &result, &d), NR_EIO);
    fclose(f);
    cr_assert_eq(d.count, 1);
    cr_expect_str_eq(d.items[0].message, "report: write error: No space left on device");
    nr_diags_clear(&d);
}

Test(report, written_atomically_to_a_path) {
    char dir[] = "/tmp/nr_report_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/report.html", dir);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_report_write_html(region, &result, path, &d), 0);
    cr_expect_eq(d.count, 0);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    char *disk = calloc(1, 1 << 20);
    size_t n = fread(disk, 1, (1 << 20) - 1, f);
    fclose(f);
    disk[n] = '\0';
    char *mem = render();
    cr_expect_str_eq(disk, mem);
    free(disk);
    free(mem);
    unlink(path);

    /* A folder that does not exist: an error naming the path, no file. */
    char missing[96];
    snprintf(missing, sizeof missing, "%s/no/such/report.html", dir);
    cr_expect_eq(nr_report_write_html(region, &result, missing, &d), NR_EIO);
    cr_assert_geq(d.count, 1);
    cr_expect_str_eq(d.items[0].file, missing);
    nr_diags_clear(&d);
    rmdir(dir);
}

/* A ninth trust reuses the first colour, outlined so that the two differ. */
Test(report, ninth_trust_is_outlined) {
    nr_region_free(region);
    nr_plan_free(plan);
    region = nr_region_new();
    region->name = "Nine";
    region->period_start = date("2027-01-04");
    region->period_days = 7;
    char ids[9][4];
    for (int i = 0; i < 9; i++) {
        snprintf(ids[i], sizeof ids[i], "T%d", i);
        nr_trust *t = nr_region_add_trust(region);
        t->id = nr_region_strdup(region, ids[i]);
    }
    cr_assert_eq(nr_region_resolve(region, &(nr_diags)NR_DIAGS_INIT), 0);
    cr_assert_eq(nr_region_expand(region, &(nr_diags)NR_DIAGS_INIT), 0);
    plan = nr_plan_new(region);
    memset(&result, 0, sizeof result);
    result.plan = plan;
    char *html = render();
    cr_expect(strstr(html, "<li><span class=\"sw t7\"></span>T7</li>"));
    cr_expect(strstr(html, "<li><span class=\"sw t0 x\"></span>T8</li>"));
    cr_expect(strstr(html, "<p>Every slot of every duty is covered.</p>"));
    free(html);
}

/* gi needs 2 people and allows a third (cover 2, cover_max 3). */
static void gi_two_needed_one_optional(nr_region *r) {
    r->rotas[0].cover = 2;
    r->rotas[0].cover_max = 3;
}

/* With optional slots: the title counts needed slots and the optional
 * people, cells say how many are on, a surplus is listed with everyone on
 * that duty, and only people missing below those needed are uncovered. */
Test(report, surplus_people_and_cover_counts) {
    nr_region_free(region);
    nr_plan_free(plan);
    fx_options o = {.hook = gi_two_needed_one_optional};
    region = fx_region(o);
    plan = nr_plan_new(region);
    for (int i = 0; i < 7; i++) fx_set(region, plan, "ent", fx_week[i], 0, "P005");
    for (int i = 0; i < 7; i++) {
        fx_set(region, plan, "gi", fx_week[i], 0, "P001");
        fx_set(region, plan, "gi", fx_week[i], 2, "P002");
    }
    fx_set(region, plan, "gi", "2026-11-02", 1, "P003"); /* Mon: one beyond cover */
    fx_set(region, plan, "gi", "2026-11-04", 2, NULL);  /* Wed: one missing */
    memset(&result, 0, sizeof result);
    result.status = NR_SOLVE_GAPS;
    result.plan = plan;
    result.uncovered = nr_plan_uncovered(plan);
    cr_assert_eq(result.uncovered, 1);
    char *html = render();
    cr_expect(strstr(html, "(1 weeks, 14 duties, 21 slots, up to 7 more people)</p>"), "title");
    cr_expect(strstr(html, "<b>Uncovered slots:</b> <a href=\"#uncovered\">1</a> \xC2\xB7 "
                           "<b>Beyond cover:</b> <a href=\"#surplus\">1</a>"));
    int mon = fx_duty(region, "gi", "2026-11-02"), wed = fx_duty(region, "gi", "2026-11-04");
    char want[400];
    snprintf(want, sizeof want,
             "<span class=\"d t0\" title=\"P002, T1\">P002 <small>night</small></span>"
             "<span class=\"cc sur\" title=\"3 on duty, 2 needed, up to 3\">3/2 "
             "<a href=\"#s-%d\">+1</a></span></td>", mon);
    cr_expect(strstr(html, want), "missing %s", want);
    snprintf(want, sizeof want,
             "<a class=\"d unc\" href=\"#u-%d\">UNCOVERED <small>night</small></a>"
             "<span class=\"cc\" title=\"1 on duty, 2 needed, up to 3\">1/2</span>", wed);
    cr_expect(strstr(html, want), "missing %s", want);
    /* Covered without the optional person: a count, no gap. */
    cr_expect_eq(count(html, "title=\"2 on duty, 2 needed, up to 3\">2/2</span>"), 5);
    cr_expect_eq(count(html, "class=\"d unc\""), 1);
    cr_expect(strstr(html, "<h2>Uncovered duties (1 slot)</h2>"));
    snprintf(want, sizeof want, "<div class=\"sd\" id=\"s-%d\">\n<h3>Mon 2026-11-02 \xC2\xB7 gi "
                                "\xC2\xB7 night: 3 on duty, 2 needed (+1)</h3>\n<p>P001 <small>(P001)"
                                "</small>, P003 <small>(P003)</small>, P002 <small>(P002)</small></p>", mon);
    cr_expect(strstr(html, want), "missing %s", want);
    cr_expect_eq(count(html, "<div class=\"sd\""), 1);
    free(html);
}
