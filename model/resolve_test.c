#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "model/region.h"

/* A small region built in code: two trusts, three sites, two shifts, two
 * rotas, two people, each line number distinct so locations can be checked. */
static const char *F = "scenario.yaml";
static const char *P = "people.csv";

static nr_loc at(const char *file, int line) { return nr_loc_at(file, line); }

static nr_trust *trust(nr_region *r, const char *id, int line) {
    nr_trust *t = nr_region_add_trust(r);
    cr_assert_not_null(t);
    t->id = nr_region_strdup(r, id);
    t->name = t->id;
    t->loc = at(F, line);
    return t;
}

static nr_site *site(nr_region *r, const char *id, const char *tr, int line) {
    nr_site *s = nr_region_add_site(r);
    cr_assert_not_null(s);
    s->id = nr_region_strdup(r, id);
    s->name = s->id;
    s->loc = at(F, line);
    s->trust = nr_region_ref(r, tr, at(F, line));
    return s;
}

static nr_shift *shift(nr_region *r, const char *id, int line) {
    nr_shift *s = nr_region_add_shift(r);
    cr_assert_not_null(s);
    s->id = nr_region_strdup(r, id);
    s->days_mask = 0x7f;
    s->start_minute = 17 * 60;
    s->end_day_offset = 1;
    s->end_minute = 8 * 60;
    s->loc = at(F, line);
    return s;
}

/* covers and shifts are comma-free lists separated by spaces. */
static void push_words(nr_region *r, nr_refs *list, const char *words, const char *file,
                       int line) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s", words);
    char *save = NULL;
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
        cr_assert_eq(nr_region_refs_push(r, list, nr_region_ref(r, w, at(file, line))), 0);
}

static nr_rota *rota(nr_region *r, const char *id, const char *host, const char *hub,
                     const char *covers, const char *shifts, int line) {
    nr_rota *k = nr_region_add_rota(r);
    cr_assert_not_null(k);
    k->id = nr_region_strdup(r, id);
    k->service = "GI bleed";
    k->loc = at(F, line);
    k->host = nr_region_ref(r, host, at(F, line + 1));
    k->hub = nr_region_ref(r, hub, at(F, line + 2));
    push_words(r, &k->covers, covers, F, line + 3);
    push_words(r, &k->shifts, shifts, F, line + 4);
    return k;
}

static nr_person *person(nr_region *r, const char *id, const char *tr, const char *base,
                         const char *rotas, int line) {
    nr_person *p = nr_region_add_person(r);
    cr_assert_not_null(p);
    p->id = nr_region_strdup(r, id);
    p->name = p->id;
    p->loc = at(P, line);
    p->trust = nr_region_ref(r, tr, at(P, line));
    p->base_site = nr_region_ref(r, base, at(P, line));
    push_words(r, &p->rotas, rotas, P, line);
    return p;
}

static nr_travel *travel(nr_region *r, const char *from, const char *to, int minutes, int line) {
    nr_travel *t = nr_region_add_travel(r);
    cr_assert_not_null(t);
    t->from = nr_region_ref(r, from, at("travel.csv", line));
    t->to = nr_region_ref(r, to, at("travel.csv", line));
    t->minutes = minutes;
    t->loc = at("travel.csv", line);
    return t;
}

static nr_region *base_region(void) {
    nr_region *r = nr_region_new();
    cr_assert_not_null(r);
    trust(r, "STH", 3);
    trust(r, "BHNFT", 4);
    site(r, "NGH", "STH", 7);
    site(r, "RHH", "STH", 8);
    site(r, "BDGH", "BHNFT", 9);
    shift(r, "weeknight", 12);
    shift(r, "weekend", 13);
    rota(r, "gi-south", "STH", "NGH", "NGH RHH", "weeknight weekend", 20);
    rota(r, "gi-north", "BHNFT", "BDGH", "BDGH", "weeknight", 30);
    person(r, "P001", "STH", "NGH", "gi-south", 2);
    /* Base site in another trust than the person: allowed. */
    person(r, "P002", "BHNFT", "RHH", "gi-north gi-south", 3);
    return r;
}

/* The diagnostic that says exactly msg, or NULL. */
static const nr_diag *find(const nr_diags *d, const char *msg) {
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].message && strcmp(d->items[i].message, msg) == 0) return &d->items[i];
    return NULL;
}

static void expect_diag(const nr_diags *d, enum nr_severity sev, const char *file, int line,
                        const char *msg) {
    const nr_diag *g = find(d, msg);
    cr_assert_not_null(g, "missing diagnostic '%s'", msg);
    cr_assert_eq(g->severity, sev, "severity of '%s'", msg);
    cr_assert_str_eq(g->file, file, "file of '%s'", msg);
    cr_assert_eq(g->line, line, "line of '%s'", msg);
}

Test(resolve, valid_region_resolves_every_reference) {
    nr_region *r = base_region();
    nr_override *o = nr_region_add_override(r);
    o->person = nr_region_ref(r, "P002", at(F, 40));
    o->loc = at(F, 40);
    nr_leave *l = nr_region_add_leave(r);
    l->person = nr_region_ref(r, "P001", at("leave.csv", 2));
    nr_request *q = nr_region_add_request(r);
    q->person = nr_region_ref(r, "P002", at("requests.csv", 2));
    q->rota = nr_region_ref(r, "gi-south", at("requests.csv", 2));
    q->shift = nr_region_ref(r, "weekend", at("requests.csv", 2));
    nr_request *q2 = nr_region_add_request(r);
    q2->person = nr_region_ref(r, "P001", at("requests.csv", 3));

    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_resolve(r, &d), 0);
    cr_assert_eq(d.count, 0);
    cr_assert_eq(r->sites[2].trust.index, 1);
    cr_assert_eq(r->people[1].trust.index, 1);
    cr_assert_eq(r->people[1].base_site.index, 1);
    cr_assert_eq(r->people[1].rotas.items[0].index, 1);
    cr_assert_eq(r->people[1].rotas.items[1].index, 0);
    cr_assert_eq(r->rotas[0].host.index, 0);
    cr_assert_eq(r->rotas[1].hub.index, 2);
    cr_assert_eq(r->rotas[0].covers.items[1].index, 1);
    cr_assert_eq(r->rotas[0].shifts.items[1].index, 1);
    cr_assert_eq(r->overrides[0].person.index, 1);
    cr_assert_eq(r->overrides[0].rota.index, NR_UNSET, "optional rota stays unset");
    cr_assert_eq(r->leave[0].person.index, 0);
    cr_assert_eq(r->requests[0].rota.index, 0);
    cr_assert_eq(r->requests[0].shift.index, 1);
    cr_assert_eq(r->requests[1].rota.index, NR_UNSET);
    cr_assert_eq(r->requests[1].shift.index, NR_UNSET);
    cr_assert(nr_region_is_member(r, 1, 0));
    cr_assert_not(nr_region_is_member(r, 0, 1));
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(resolve, duplicate_ids_reported_at_the_duplicate) {
    nr_region *r = base_region();
    trust(r, "STH", 5);
    site(r, "RHH", "STH", 10);
    shift(r, "weekend", 14);
    rota(r, "gi-north", "STH", "NGH", "NGH", "weekend", 50);
    person(r, "P001", "STH", "NGH", "gi-south", 4);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_resolve(r, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 5);
    expect_diag(&d, NR_SEV_ERROR, F, 5,
                "duplicate trust id 'STH' (first defined at scenario.yaml:3)");
    expect_diag(&d, NR_SEV_ERROR, F, 10,
                "duplicate site id 'RHH' (first defined at scenario.yaml:8)");
    expect_diag(&d, NR_SEV_ERROR, F, 14,
                "duplicate shift id 'weekend' (first defined at scenario.yaml:13)");
    expect_diag(&d, NR_SEV_ERROR, F, 50,
                "duplicate rota id 'gi-north' (first defined at scenario.yaml:30)");
    expect_diag(&d, NR_SEV_ERROR, P, 4,
                "duplicate person id 'P001' (first defined at people.csv:2)");
    /* References resolve to the first definition. */
    cr_assert_eq(r->people[2].rotas.items[0].index, 0);
    cr_assert_eq(r->rotas[2].hub.index, 0);
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(resolve, missing_ids_are_errors) {
    nr_region *r = base_region();
    trust(r, "", 6);
    nr_person *p = person(r, "P009", "STH", "NGH", "gi-south", 9);
    p->id = NULL;
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_resolve(r, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 2);
    expect_diag(&d, NR_SEV_ERROR, F, 6, "trust without an id");
    expect_diag(&d, NR_SEV_ERROR, P, 9, "person without an id");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(resolve, every_unknown_reference_reported_at_its_location) {
    nr_region *r = base_region();
    site(r, "CRH", "QQQ", 60);
    person(r, "P003", "NOPE", "XSITE", "gi-south foo", 7);
    rota(r, "ent", "NOTRUST", "NOHUB", "NGH XYZ", "weeknight noshift", 70);
    nr_override *o = nr_region_add_override(r);
    o->person = nr_region_ref(r, "P404", at(F, 80));
    o->rota = nr_region_ref(r, "norota", at(F, 81));
    nr_leave *l = nr_region_add_leave(r);
    l->person = nr_region_ref(r, "P405", at("leave.csv", 5));
    nr_request *q = nr_region_add_request(r);
    q->person = nr_region_ref(r, "P406", at("requests.csv", 6));
    q->rota = nr_region_ref(r, "r-x", at("requests.csv", 7));
    q->shift = nr_region_ref(r, "s-x", at("requests.csv", 8));
    travel(r, "NGH", "FAR", 20, 3);
    travel(r, "NEAR", "RHH", 20, 4);

    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_resolve(r, &d), NR_EINPUT);
    expect_diag(&d, NR_SEV_ERROR, F, 60, "trust: unknown trust 'QQQ'");
    expect_diag(&d, NR_SEV_ERROR, P, 7, "trust: unknown trust 'NOPE'");
    expect_diag(&d, NR_SEV_ERROR, P, 7, "base_site: unknown site 'XSITE'");
    expect_diag(&d, NR_SEV_ERROR, P, 7, "rotas: unknown rota 'foo'");
    expect_diag(&d, NR_SEV_ERROR, F, 71, "host: unknown trust 'NOTRUST'");
    expect_diag(&d, NR_SEV_ERROR, F, 72, "hub: unknown site 'NOHUB'");
    expect_diag(&d, NR_SEV_ERROR, F, 73, "covers: unknown site 'XYZ'");
    expect_diag(&d, NR_SEV_ERROR, F, 74, "shifts: unknown shift 'noshift'");
    expect_diag(&d, NR_SEV_ERROR, F, 80, "person: unknown person 'P404'");
    expect_diag(&d, NR_SEV_ERROR, F, 81, "rota: unknown rota 'norota'");
    expect_diag(&d, NR_SEV_ERROR, "leave.csv", 5, "person: unknown person 'P405'");
    expect_diag(&d, NR_SEV_ERROR, "requests.csv", 6, "person: unknown person 'P406'");
    expect_diag(&d, NR_SEV_ERROR, "requests.csv", 7, "rota: unknown rota 'r-x'");
    expect_diag(&d, NR_SEV_ERROR, "requests.csv", 8, "shift: unknown shift 's-x'");
    expect_diag(&d, NR_SEV_ERROR, "travel.csv", 3, "to: unknown site 'FAR'");
    expect_diag(&d, NR_SEV_ERROR, "travel.csv", 4, "from: unknown site 'NEAR'");
    cr_assert_eq(d.errors, 16, "all in one pass, nothing else");
    cr_assert_eq(d.warnings, 0);
    /* What could be resolved was. */
    cr_assert_eq(r->people[2].rotas.items[0].index, 0);
    cr_assert_eq(r->people[2].rotas.items[1].index, NR_UNSET);
    cr_assert_eq(r->rotas[2].covers.items[0].index, 0);
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(resolve, missing_required_reference_is_an_error) {
    nr_region *r = base_region();
    nr_rota *k = rota(r, "ent", "STH", "NGH", "NGH", "weeknight", 90);
    k->hub = nr_region_ref(r, NULL, (nr_loc){0});
    nr_leave *l = nr_region_add_leave(r);
    l->loc = at("leave.csv", 9);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_resolve(r, &d), NR_EINPUT);
    cr_assert_eq(d.errors, 2);
    expect_diag(&d, NR_SEV_ERROR, F, 90, "hub: missing site");
    expect_diag(&d, NR_SEV_ERROR, "leave.csv", 9, "person: missing person");
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(resolve, repeated_list_entries_are_warnings) {
    nr_region *r = base_region();
    person(r, "P004", "STH", "NGH", "gi-south gi-north gi-south", 11);
    rota(r, "ent", "STH", "NGH", "NGH RHH NGH", "weeknight weeknight", 100);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_resolve(r, &d), 0);
    cr_assert_eq(d.errors, 0);
    cr_assert_eq(d.warnings, 3);
    expect_diag(&d, NR_SEV_WARNING, P, 11, "rotas: rota 'gi-south' listed more than once");
    expect_diag(&d, NR_SEV_WARNING, F, 103, "covers: site 'NGH' listed more than once");
    expect_diag(&d, NR_SEV_WARNING, F, 104, "shifts: shift 'weeknight' listed more than once");
    nr_diags_clear(&d);
    nr_region_free(r);
}

static int minutes(const nr_region *r, const char *a, const char *b) {
    int i = nr_region_find_site(r, a), j = nr_region_find_site(r, b);
    cr_assert(i >= 0 && j >= 0);
    return r->travel_minutes[(size_t)i * r->n_sites + (size_t)j];
}

Test(resolve, travel_matrix) {
    nr_region *r = base_region();
    site(r, "CRH", "STH", 11);
    travel(r, "NGH", "RHH", 15, 2);         /* one row: both directions */
    travel(r, "NGH", "BDGH", 30, 3);        /* both directions given: */
    travel(r, "BDGH", "NGH", 35, 4);        /* each keeps its own */
    travel(r, "RHH", "BDGH", 40, 5);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_resolve(r, &d), 0);
    cr_assert_eq(d.count, 0);
    cr_assert_not_null(r->travel_minutes);
    cr_assert_eq(minutes(r, "NGH", "RHH"), 15);
    cr_assert_eq(minutes(r, "RHH", "NGH"), 15);
    cr_assert_eq(minutes(r, "NGH", "BDGH"), 30);
    cr_assert_eq(minutes(r, "BDGH", "NGH"), 35);
    cr_assert_eq(minutes(r, "BDGH", "RHH"), 40);
    cr_assert_eq(minutes(r, "CRH", "NGH"), NR_UNSET);
    cr_assert_eq(minutes(r, "RHH", "CRH"), NR_UNSET);
    for (size_t i = 0; i < r->n_sites; i++)
        cr_assert_eq(r->travel_minutes[i * r->n_sites + i], 0);
    nr_diags_clear(&d);
    nr_region_free(r);
}

Test(resolve, travel_row_given_twice_warns_and_last_wins) {
    nr_region *r = base_region();
    travel(r, "NGH", "RHH", 15, 2);
    travel(r, "NGH", "RHH", 18, 7);
    nr_diags d = NR_DIAGS_INIT;
    cr_assert_eq(nr_region_resolve(r, &d), 0);
    expect_diag(&d, NR_SEV_WARNING, "travel.csv", 7,
                "travel from 'NGH' to 'RHH' given more than once (first at travel.csv:2)");
    cr_assert_eq(minutes(r, "NGH", "RHH"), 18);
    cr_assert_eq(minutes(r, "RHH", "NGH"), 18);
    /* Resolving again rebuilds the matrix rather than leaking it. */
    nr_diags_clear(&d);
    cr_assert_eq(nr_region_resolve(r, &d), 0);
    cr_assert_eq(minutes(r, "RHH", "NGH"), 18);
    nr_diags_clear(&d);
    nr_region_free(r);
}

/* 20,000 people in 2,000 rotas: a linear look-up per reference would make
 * this take seconds; the index keeps it well under one. */
Test(resolve, scales_to_many_people, .timeout = 30) {
    nr_region *r = base_region();
    char id[32], rotas[128];
    for (int k = 0; k < 2000; k++) {
        snprintf(id, sizeof id, "rota-%04d", k);
        rota(r, id, "STH", "NGH", "NGH RHH", "weeknight", 1000 + k);
    }
    for (int i = 0; i < 20000; i++) {
        snprintf(id, sizeof id, "Q%05d", i);
        snprintf(rotas, sizeof rotas, "rota-%04d rota-%04d gi-south", i % 2000, (i * 7 + 1) % 2000);
        person(r, id, i % 2 ? "STH" : "BHNFT", "NGH", rotas, 10 + i);
    }
    nr_diags d = NR_DIAGS_INIT;
    clock_t t0 = clock();
    cr_assert_eq(nr_region_resolve(r, &d), 0);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    cr_assert_eq(d.count, 0);
    cr_assert_lt(secs, 1.0, "resolve took %.3f s", secs);
    const nr_person *p = &r->people[2 + 12345];
    cr_assert_str_eq(r->rotas[p->rotas.items[0].index].id, "rota-0345");
    cr_assert_str_eq(r->rotas[p->rotas.items[1].index].id, "rota-0416");
    cr_assert_eq(p->rotas.items[2].index, 0);
    nr_diags_clear(&d);
    nr_region_free(r);
}
