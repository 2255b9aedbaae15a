#include "export/compare.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export/summary.h"

static char *dup_str(const char *s) { return s ? strdup(s) : NULL; }

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static nr_compare_freq freq_of(double *v, size_t n) {
    nr_compare_freq f = {n, 0, 0, 0};
    if (!n) return f;
    qsort(v, n, sizeof *v, cmp_double);
    f.min = v[0];
    f.max = v[n - 1];
    f.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return f;
}

static void group_clear(nr_compare_group *g) {
    free(g->name);
    free(g->service);
    for (size_t i = 0; i < g->n_trusts; i++) free(g->trusts[i].trust);
    free(g->trusts);
    memset(g, 0, sizeof *g);
}

void nr_compare_scenario_clear(nr_compare_scenario *s) {
    if (!s) return;
    free(s->label);
    free(s->path);
    free(s->status);
    group_clear(&s->all);
    for (size_t i = 0; i < s->n_services; i++) group_clear(&s->services[i]);
    for (size_t i = 0; i < s->n_rotas; i++) group_clear(&s->rotas[i]);
    free(s->services);
    free(s->rotas);
    memset(s, 0, sizeof *s);
}

/* Scratch space shared by the groups of one scenario. */
typedef struct scratch {
    int *held;            /* slots held per person */
    unsigned char *wkend; /* [person * n_weeks + week]: on duty that weekend */
    int *trust_duties;
    double *trust_fair;
    bool *trust_seen;
    double *values;
    size_t n_weeks;
    nr_date first_saturday;
} scratch;

static int measure_group(const nr_region *r, const nr_solve_result *res, const bool *in_group,
                         scratch *w, nr_compare_group *g) {
    const nr_plan *p = res->plan;
    size_t np = r->n_people;
    memset(w->held, 0, (np ? np : 1) * sizeof *w->held);
    memset(w->wkend, 0, (np ? np : 1) * w->n_weeks);
    memset(w->trust_duties, 0, (r->n_trusts ? r->n_trusts : 1) * sizeof *w->trust_duties);
    memset(w->trust_fair, 0, (r->n_trusts ? r->n_trusts : 1) * sizeof *w->trust_fair);
    memset(w->trust_seen, 0, (r->n_trusts ? r->n_trusts : 1) * sizeof *w->trust_seen);
    for (size_t k = 0; k < r->n_rotas; k++) g->rotas += in_group[k];
    for (size_t i = 0; i < r->n_duties; i++) {
        const nr_duty *du = &r->duties[i];
        if (!in_group[du->rota]) continue;
        g->duties++;
        int hub = r->rotas[du->rota].hub.index;
        size_t held = nr_plan_held(p, i), needed = (size_t)p->needed[i];
        g->slots += needed;
        g->uncovered += held < needed ? needed - held : 0;
        g->surplus += held > needed ? held - needed : 0;
        g->optional += du->optional > 0 ? (size_t)du->optional : 0;
        for (size_t s = p->first_slot[i]; s < p->first_slot[i + 1]; s++) {
            int q = p->holder[s];
            if (q == NR_UNSET) continue;
            w->held[q]++;
            if (du->weekend != NR_UNSET && du->weekend >= w->first_saturday) {
                size_t week = (size_t)(du->weekend - w->first_saturday) / 7;
                if (week < w->n_weeks) w->wkend[(size_t)q * w->n_weeks + week] = 1;
            }
            int base = r->people[q].base_site.index;
            if (r->travel_minutes && base >= 0 && hub >= 0) {
                int m = r->travel_minutes[(size_t)base * r->n_sites + (size_t)hub];
                if (m > 0) g->travel_minutes += m;
            }
            int t = r->people[q].trust.index;
            if (t >= 0) {
                w->trust_duties[t]++;
                w->trust_seen[t] = true;
            }
        }
    }
    for (size_t i = 0; i < res->n_trust_loads; i++) {
        const nr_trust_load *tl = &res->trust_loads[i];
        if (tl->rota < 0 || !in_group[tl->rota] || tl->trust < 0) continue;
        w->trust_fair[tl->trust] += tl->fair_share;
        w->trust_seen[tl->trust] = true;
    }

    size_t n = 0;
    for (size_t q = 0; q < np; q++) {
        bool member = false;
        for (size_t k = 0; k < r->n_rotas && !member; k++)
            member = in_group[k] && nr_region_is_member(r, (int)q, (int)k);
        if (!member) continue;
        g->people++;
        if (w->held[q] == 0) g->idle++;
        else w->values[n++] = (double)r->period_days / w->held[q];
    }
    g->on_call = freq_of(w->values, n);
    n = 0;
    for (size_t q = 0; q < np; q++) {
        size_t on = 0;
        for (size_t k = 0; k < w->n_weeks; k++) on += w->wkend[q * w->n_weeks + k];
        if (on) w->values[n++] = (double)w->n_weeks / (double)on;
    }
    g->weekends = freq_of(w->values, n);

    size_t nt = 0;
    for (size_t t = 0; t < r->n_trusts; t++) nt += w->trust_seen[t];
    g->trusts = calloc(nt ? nt : 1, sizeof *g->trusts);
    if (!g->trusts) return NR_ENOMEM;
    for (size_t t = 0; t < r->n_trusts; t++) {
        if (!w->trust_seen[t]) continue;
        nr_compare_trust *ct = &g->trusts[g->n_trusts++];
        ct->trust = dup_str(r->trusts[t].id);
        if (!ct->trust) return NR_ENOMEM;
        ct->duties = w->trust_duties[t];
        ct->fair_share = w->trust_fair[t];
    }
    return 0;
}

int nr_compare_measure(const nr_region *r, const nr_solve_result *res, const char *label,
                       nr_compare_scenario *out) {
    memset(out, 0, sizeof *out);
    const nr_plan *p = res->plan;
    if (!p || p->n_duties != r->n_duties || p->first_slot[p->n_duties] != p->n_slots)
        return NR_EINTERNAL;
    for (size_t s = 0; s < p->n_slots; s++)
        if (p->holder[s] != NR_UNSET && (p->holder[s] < 0 || (size_t)p->holder[s] >= r->n_people))
            return NR_EINTERNAL;

    int rc = NR_ENOMEM;
    scratch w = {0};
    bool *in_group = NULL;
    size_t nk = r->n_rotas;
    /* Weekends are counted by their Saturday: every Saturday in the period. */
    nr_date sat = r->period_start;
    while (nr_date_weekday(sat) != NR_SAT) sat++;
    w.first_saturday = sat;
    w.n_weeks = sat < r->period_start + r->period_days
                    ? (size_t)(r->period_start + r->period_days - 1 - sat) / 7 + 1
                    : 0;
    size_t np = r->n_people ? r->n_people : 1, nt = r->n_trusts ? r->n_trusts : 1;
    w.held = calloc(np, sizeof *w.held);
    w.wkend = calloc(np * (w.n_weeks ? w.n_weeks : 1), 1);
    w.trust_duties = calloc(nt, sizeof *w.trust_duties);
    w.trust_fair = calloc(nt, sizeof *w.trust_fair);
    w.trust_seen = calloc(nt, sizeof *w.trust_seen);
    w.values = calloc(np, sizeof *w.values);
    in_group = calloc(nk ? nk : 1, sizeof *in_group);
    out->rotas = calloc(nk ? nk : 1, sizeof *out->rotas);
    out->services = calloc(nk ? nk : 1, sizeof *out->services);
    out->label = dup_str(label);
    out->status = dup_str(nr_solve_status_name(res->status));
    out->all.name = dup_str("all rotas");
    if (!w.held || !w.wkend || !w.trust_duties || !w.trust_fair || !w.trust_seen || !w.values ||
        !in_group || !out->rotas || !out->services || (label && !out->label) || !out->status ||
        !out->all.name)
        goto cleanup;
    nr_summary_figures head = nr_summary_headline(r, res);
    out->objective = head.objective;
    out->bound = head.bound;
    out->gap = head.gap;
    out->objective_kind = head.kind;
    out->penalty = res->penalty;
    out->penalty_bound = res->penalty_bound;
    out->seconds = res->seconds;
    out->period_days = r->period_days;
    out->weekends = (int)w.n_weeks;

    for (size_t k = 0; k < nk; k++) in_group[k] = true;
    if ((rc = measure_group(r, res, in_group, &w, &out->all))) goto cleanup;
    rc = NR_ENOMEM;

    for (size_t k = 0; k < nk; k++) {
        memset(in_group, 0, nk * sizeof *in_group);
        in_group[k] = true;
        nr_compare_group *g = &out->rotas[out->n_rotas++];
        g->name = dup_str(r->rotas[k].id);
        g->service = dup_str(r->rotas[k].service);
        if (!g->name || (r->rotas[k].service && !g->service)) goto cleanup;
        if ((rc = measure_group(r, res, in_group, &w, g))) goto cleanup;
        rc = NR_ENOMEM;
    }
    for (size_t k = 0; k < nk; k++) {
        const char *svc = r->rotas[k].service ? r->rotas[k].service : r->rotas[k].id;
        bool seen = false;
        for (size_t i = 0; i < out->n_services && !seen; i++)
            seen = strcmp(out->services[i].name, svc) == 0;
        if (seen) continue;
        for (size_t j = 0; j < nk; j++) {
            const char *sj = r->rotas[j].service ? r->rotas[j].service : r->rotas[j].id;
            in_group[j] = strcmp(sj, svc) == 0;
        }
        nr_compare_group *g = &out->services[out->n_services++];
        g->name = dup_str(svc);
        g->service = dup_str(svc);
        if (!g->name || !g->service) goto cleanup;
        if ((rc = measure_group(r, res, in_group, &w, g))) goto cleanup;
        rc = NR_ENOMEM;
    }
    rc = 0;
cleanup:
    free(w.held);
    free(w.wkend);
    free(w.trust_duties);
    free(w.trust_fair);
    free(w.trust_seen);
    free(w.values);
    free(in_group);
    if (rc) nr_compare_scenario_clear(out);
    return rc;
}

/* ---- text ---- */

static const nr_compare_group *find_group(const nr_compare_group *gs, size_t n, const char *name) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(gs[i].name, name) == 0) return &gs[i];
    return NULL;
}

enum metric {
    M_ROTAS, M_DUTIES, M_UNCOVERED, M_PEOPLE, M_IDLE, M_ONCALL, M_WEEKENDS, M_TRAVEL, M_SURPLUS
};
static const char *const metric_label[] = {
    "rotas", "duties", "uncovered slots", "people", "people with no duty",
    "on call 1 in N (min/med/max)", "weekends 1 in N (min/med/max)", "travel minutes",
    "people beyond cover"};

static void format_metric(const nr_compare_group *g, enum metric m, char *buf, size_t n) {
    if (!g) {
        snprintf(buf, n, "-");
        return;
    }
    const nr_compare_freq *f = NULL;
    switch (m) {
    case M_ROTAS: snprintf(buf, n, "%zu", g->rotas); return;
    case M_DUTIES:
        if (g->slots != g->duties) snprintf(buf, n, "%zu (%zu slots)", g->duties, g->slots);
        else snprintf(buf, n, "%zu", g->duties);
        return;
    case M_UNCOVERED: snprintf(buf, n, "%zu", g->uncovered); return;
    case M_SURPLUS: snprintf(buf, n, "%zu", g->surplus); return;
    case M_PEOPLE: snprintf(buf, n, "%zu", g->people); return;
    case M_IDLE: snprintf(buf, n, "%zu", g->idle); return;
    case M_ONCALL: f = &g->on_call; break;
    case M_WEEKENDS: f = &g->weekends; break;
    case M_TRAVEL: snprintf(buf, n, "%.0f", g->travel_minutes); return;
    }
    if (!f->n) snprintf(buf, n, "-");
    else snprintf(buf, n, "%.1f / %.1f / %.1f", f->min, f->median, f->max);
}

typedef const nr_compare_group *(*group_of_fn)(const nr_compare_scenario *s, const char *name);

static const nr_compare_group *all_of(const nr_compare_scenario *s, const char *name) {
    (void)name;
    return &s->all;
}
static const nr_compare_group *service_of(const nr_compare_scenario *s, const char *name) {
    return find_group(s->services, s->n_services, name);
}
static const nr_compare_group *rota_of(const nr_compare_scenario *s, const char *name) {
    return find_group(s->rotas, s->n_rotas, name);
}

#define LABEL_W 32

/* A column of the table; the last is not padded (no trailing blanks). */
static void cell(FILE *out, int width, const char *text, bool last) {
    if (last) fprintf(out, "  %s", text);
    else fprintf(out, "  %-*s", width, text);
}

static void text_section(FILE *out, const nr_compare_scenario *s, size_t n, int colw,
                         const char *title, const char *name, group_of_fn of, bool brief) {
    char buf[96];
    fprintf(out, "\n%s\n", title);
    static const enum metric full[] = {M_ROTAS, M_DUTIES, M_UNCOVERED, M_PEOPLE, M_IDLE,
                                       M_ONCALL, M_WEEKENDS, M_TRAVEL};
    static const enum metric rota[] = {M_DUTIES, M_UNCOVERED, M_PEOPLE, M_IDLE, M_ONCALL,
                                       M_WEEKENDS, M_TRAVEL};
    const enum metric *ms = brief ? rota : full;
    size_t nm = brief ? sizeof rota / sizeof *rota : sizeof full / sizeof *full;
    /* Only where some duty may take more people than it needs, so that
     * other tables read as they always did. */
    bool surplus = false;
    for (size_t i = 0; i < n; i++) {
        const nr_compare_group *g = of(&s[i], name);
        surplus |= g && (g->surplus || g->optional);
    }
    for (size_t m = 0; m < nm + surplus; m++) {
        enum metric me = m < nm ? ms[m] : M_SURPLUS;
        fprintf(out, "  %-*s", LABEL_W - 2, metric_label[me]);
        for (size_t i = 0; i < n; i++) {
            format_metric(of(&s[i], name), me, buf, sizeof buf);
            cell(out, colw, buf, i + 1 == n);
        }
        fputc('\n', out);
    }
    /* Trust lines: the union of the trusts of every scenario, first seen first. */
    bool header = false;
    for (size_t i = 0; i < n; i++) {
        const nr_compare_group *g = of(&s[i], name);
        for (size_t t = 0; g && t < g->n_trusts; t++) {
            bool done = false;
            for (size_t j = 0; j < i && !done; j++) {
                const nr_compare_group *h = of(&s[j], name);
                for (size_t u = 0; h && u < h->n_trusts && !done; u++)
                    done = strcmp(h->trusts[u].trust, g->trusts[t].trust) == 0;
            }
            for (size_t u = 0; u < t && !done; u++)
                done = strcmp(g->trusts[u].trust, g->trusts[t].trust) == 0;
            if (done) continue;
            if (!header) {
                fprintf(out, "  trust load / fair share\n");
                header = true;
            }
            fprintf(out, "    %-*s", LABEL_W - 4, g->trusts[t].trust);
            for (size_t j = 0; j < n; j++) {
                const nr_compare_group *h = of(&s[j], name);
                const nr_compare_trust *ct = NULL;
                for (size_t u = 0; h && u < h->n_trusts && !ct; u++)
                    if (strcmp(h->trusts[u].trust, g->trusts[t].trust) == 0) ct = &h->trusts[u];
                double diff = ct ? ct->duties - ct->fair_share : 0;
                if (fabs(diff) < 0.05) diff = 0; /* no "-0.0" */
                if (ct)
                    snprintf(buf, sizeof buf, "%d / %.1f (%+.1f)", ct->duties, ct->fair_share,
                             diff);
                else snprintf(buf, sizeof buf, "-");
                cell(out, colw, buf, j + 1 == n);
            }
            fputc('\n', out);
        }
    }
}

int nr_compare_write_text(FILE *out, const nr_compare_scenario *s, size_t n) {
    int colw = 22;
    for (size_t i = 0; i < n; i++)
        if (s[i].label && (int)strlen(s[i].label) > colw) colw = (int)strlen(s[i].label);
    char buf[96];
    fprintf(out, "%-*s", LABEL_W, "");
    for (size_t i = 0; i < n; i++) cell(out, colw, s[i].label ? s[i].label : "?", i + 1 == n);
    fputc('\n', out);
    fprintf(out, "%-*s", LABEL_W, "run");
    for (size_t i = 0; i < n; i++) {
        if (s[i].run > 0)
            snprintf(buf, sizeof buf, "%lld (%s)", (long long)s[i].run,
                     s[i].reused ? "stored" : "solved now");
        else snprintf(buf, sizeof buf, "-");
        cell(out, colw, buf, i + 1 == n);
    }
    fputc('\n', out);
    fprintf(out, "%-*s", LABEL_W, "status, gap");
    for (size_t i = 0; i < n; i++) {
        if (isfinite(s[i].gap)) snprintf(buf, sizeof buf, "%s, %.2f%%", s[i].status, 100 * s[i].gap);
        else snprintf(buf, sizeof buf, "%s, -", s[i].status);
        cell(out, colw, buf, i + 1 == n);
    }
    fputc('\n', out);
    fprintf(out, "%-*s", LABEL_W, "objective");
    for (size_t i = 0; i < n; i++) {
        bool penalty = s[i].objective_kind && strcmp(s[i].objective_kind, "penalty") == 0;
        snprintf(buf, sizeof buf, "%.2f%s", s[i].objective, penalty ? " (penalty)" : "");
        cell(out, colw, buf, i + 1 == n);
    }
    fputc('\n', out);
    fprintf(out, "%-*s", LABEL_W, "period");
    for (size_t i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "%d days, %d weekends", s[i].period_days, s[i].weekends);
        cell(out, colw, buf, i + 1 == n);
    }
    fputc('\n', out);

    text_section(out, s, n, colw, "All rotas", NULL, all_of, false);
    /* Services, then rotas: the union over the scenarios, first seen first. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            const nr_compare_group *gs = pass ? s[i].rotas : s[i].services;
            size_t ng = pass ? s[i].n_rotas : s[i].n_services;
            for (size_t k = 0; k < ng; k++) {
                bool done = false;
                for (size_t j = 0; j < i && !done; j++)
                    done = (pass ? rota_of : service_of)(&s[j], gs[k].name) != NULL;
                if (done) continue;
                char title[256];
                if (pass) snprintf(title, sizeof title, "Rota %s (%s)", gs[k].name,
                                   gs[k].service ? gs[k].service : "-");
                else snprintf(title, sizeof title, "Service: %s", gs[k].name);
                text_section(out, s, n, colw, title, gs[k].name, pass ? rota_of : service_of,
                             pass != 0);
            }
        }
    }
    fflush(out);
    return ferror(out) ? NR_EIO : 0;
}

/* ---- CSV ---- */

static void csv_field(FILE *out, const char *v) {
    if (!v) return;
    if (!strpbrk(v, ",\"\r\n") && !strchr("=+-@\t'", v[0] ? v[0] : 'x')) {
        fputs(v, out);
        return;
    }
    fputc('"', out);
    if (strchr("=+-@\t'", v[0])) fputc('\'', out); /* not a spreadsheet formula */
    for (const char *c = v; *c; c++) {
        if (*c == '"') fputc('"', out);
        fputc(*c, out);
    }
    fputc('"', out);
}

static void csv_row(FILE *out, const char *scenario, const char *section, const char *group,
                    const char *metric, const char *value) {
    csv_field(out, scenario);
    fputc(',', out);
    csv_field(out, section);
    fputc(',', out);
    csv_field(out, group);
    fputc(',', out);
    csv_field(out, metric);
    fputc(',', out);
    fputs(value, out); /* numbers and status names only */
    fputc('\n', out);
}

static void csv_num(FILE *out, const char *sc, const char *section, const char *group,
                    const char *metric, double v) {
    char buf[64];
    if (isfinite(v)) snprintf(buf, sizeof buf, "%.10g", v);
    else buf[0] = '\0';
    csv_row(out, sc, section, group, metric, buf);
}

static void csv_group(FILE *out, const char *sc, const char *section, const nr_compare_group *g) {
    csv_num(out, sc, section, g->name, "rotas", (double)g->rotas);
    csv_num(out, sc, section, g->name, "duties", (double)g->duties);
    csv_num(out, sc, section, g->name, "slots", (double)g->slots);
    csv_num(out, sc, section, g->name, "uncovered", (double)g->uncovered);
    csv_num(out, sc, section, g->name, "surplus", (double)g->surplus);
    csv_num(out, sc, section, g->name, "optional", (double)g->optional);
    csv_num(out, sc, section, g->name, "people", (double)g->people);
    csv_num(out, sc, section, g->name, "people_without_duty", (double)g->idle);
    const nr_compare_freq *f[2] = {&g->on_call, &g->weekends};
    static const char *const fn[2] = {"on_call_1_in", "weekends_1_in"};
    for (int i = 0; i < 2; i++) {
        char m[64];
        double nan = NAN;
        snprintf(m, sizeof m, "%s_min", fn[i]);
        csv_num(out, sc, section, g->name, m, f[i]->n ? f[i]->min : nan);
        snprintf(m, sizeof m, "%s_median", fn[i]);
        csv_num(out, sc, section, g->name, m, f[i]->n ? f[i]->median : nan);
        snprintf(m, sizeof m, "%s_max", fn[i]);
        csv_num(out, sc, section, g->name, m, f[i]->n ? f[i]->max : nan);
    }
    csv_num(out, sc, section, g->name, "travel_minutes", g->travel_minutes);
    for (size_t t = 0; t < g->n_trusts; t++) {
        char m[128];
        snprintf(m, sizeof m, "trust_duties:%s", g->trusts[t].trust);
        csv_num(out, sc, section, g->name, m, g->trusts[t].duties);
        snprintf(m, sizeof m, "trust_fair_share:%s", g->trusts[t].trust);
        csv_num(out, sc, section, g->name, m, g->trusts[t].fair_share);
    }
}

int nr_compare_write_csv(FILE *out, const nr_compare_scenario *s, size_t n) {
    fputs("scenario,section,group,metric,value\n", out);
    for (size_t i = 0; i < n; i++) {
        const char *sc = s[i].label;
        csv_num(out, sc, "run", "", "run", (double)s[i].run);
        csv_row(out, sc, "run", "", "source", s[i].reused ? "stored" : "solved");
        csv_row(out, sc, "run", "", "status", s[i].status);
        csv_num(out, sc, "run", "", "objective", s[i].objective);
        csv_num(out, sc, "run", "", "bound", s[i].bound);
        csv_num(out, sc, "run", "", "gap", s[i].gap);
        csv_row(out, sc, "run", "", "objective_kind",
                s[i].objective_kind ? s[i].objective_kind : "weighted");
        csv_num(out, sc, "run", "", "penalty", s[i].penalty);
        csv_num(out, sc, "run", "", "penalty_bound", s[i].penalty_bound);
        csv_num(out, sc, "run", "", "seconds", s[i].seconds);
        csv_num(out, sc, "run", "", "period_days", s[i].period_days);
        csv_num(out, sc, "run", "", "weekends", s[i].weekends);
        csv_group(out, sc, "all", &s[i].all);
        for (size_t k = 0; k < s[i].n_services; k++) csv_group(out, sc, "service", &s[i].services[k]);
        for (size_t k = 0; k < s[i].n_rotas; k++) csv_group(out, sc, "rota", &s[i].rotas[k]);
    }
    fflush(out);
    return ferror(out) ? NR_EIO : 0;
}

/* ---- JSON ---- */

static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *freq_json(const nr_compare_freq *f) {
    if (!f->n) return json_pack("{s:i, s:n, s:n, s:n}", "people", 0, "min", "median", "max");
    return json_pack("{s:i, s:f, s:f, s:f}", "people", (int)f->n, "min", f->min, "median",
                     f->median, "max", f->max);
}

static json_t *group_json(const nr_compare_group *g) {
    json_t *trusts = json_array();
    for (size_t t = 0; t < g->n_trusts; t++)
        json_array_append_new(trusts, json_pack("{s:s, s:i, s:f}", "trust", g->trusts[t].trust,
                                                "duties", g->trusts[t].duties, "fair_share",
                                                g->trusts[t].fair_share));
    json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:f, s:o}", "name",
                          g->name, "rotas", (json_int_t)g->rotas, "duties", (json_int_t)g->duties,
                          "slots", (json_int_t)g->slots, "uncovered", (json_int_t)g->uncovered,
                          "people", (json_int_t)g->people, "people_without_duty",
                          (json_int_t)g->idle, "on_call_1_in", freq_json(&g->on_call),
                          "weekends_1_in", freq_json(&g->weekends), "travel_minutes",
                          g->travel_minutes, "trusts", trusts);
    if (o) {
        json_object_set_new(o, "surplus", json_integer((json_int_t)g->surplus));
        json_object_set_new(o, "optional", json_integer((json_int_t)g->optional));
    }
    if (o && g->service) json_object_set_new(o, "service", json_string(g->service));
    return o;
}

int nr_compare_write_json(FILE *out, const nr_compare_scenario *s, size_t n) {
    json_t *list = json_array();
    int rc = NR_ENOMEM;
    if (!list) return rc;
    for (size_t i = 0; i < n; i++) {
        json_t *services = json_array(), *rotas = json_array();
        for (size_t k = 0; k < s[i].n_services; k++)
            json_array_append_new(services, group_json(&s[i].services[k]));
        for (size_t k = 0; k < s[i].n_rotas; k++)
            json_array_append_new(rotas, group_json(&s[i].rotas[k]));
        json_t *o = json_pack("{s:s?, s:s?, s:I, s:b, s:s, s:o, s:o, s:o, s:o, s:i, s:i, s:o, "
                              "s:o, s:o}",
                              "label", s[i].label, "path", s[i].path, "run", (json_int_t)s[i].run,
                              "reused", s[i].reused, "status", s[i].status, "objective",
                              num(s[i].objective), "bound", num(s[i].bound), "gap", num(s[i].gap),
                              "seconds", num(s[i].seconds), "period_days", s[i].period_days,
                              "weekends", s[i].weekends, "all", group_json(&s[i].all),
                              "services", services, "rotas", rotas);
        if (!o) goto cleanup;
        json_object_set_new(o, "objective_kind",
                            json_string(s[i].objective_kind ? s[i].objective_kind : "weighted"));
        json_object_set_new(o, "penalty", num(s[i].penalty));
        json_object_set_new(o, "penalty_bound", num(s[i].penalty_bound));
        json_array_append_new(list, o);
    }
    json_t *root = json_pack("{s:o}", "scenarios", list);
    list = NULL;
    if (!root) goto cleanup;
    rc = json_dumpf(root, out, JSON_INDENT(2)) ? NR_EIO : 0;
    json_decref(root);
    fputc('\n', out);
    fflush(out);
    if (ferror(out)) rc = NR_EIO;
cleanup:
    json_decref(list);
    return rc;
}
