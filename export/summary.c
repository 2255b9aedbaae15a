#include "export/summary.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export/atomicfile.h"

static const char *const kind_keys[NR_DUTY_KINDS] = {"weekday", "weekend", "bank_holiday"};

/* JSON has no infinity: unknown figures are null. */
static json_t *number_or_null(double v) { return isfinite(v) ? json_real(v) : json_null(); }

/* People a duty lacks: an empty optional slot is not one. */
static size_t missing(const nr_plan *p, size_t duty) {
    size_t held = nr_plan_held(p, duty);
    return held < (size_t)p->needed[duty] ? (size_t)p->needed[duty] - held : 0;
}

nr_summary_figures nr_summary_headline(const nr_region *r, const nr_solve_result *res) {
    nr_summary_figures f = {"weighted", res->objective, res->bound, res->gap};
    if (!r->fairness_off) return f;
    /* The benchmark's own terms: its objective is the penalty, and the
     * solver's bound on it is what was proven. */
    f.kind = "penalty";
    f.objective = res->penalty;
    f.bound = res->penalty_bound;
    f.gap = NAN;
    if (isfinite(f.objective) && isfinite(f.bound)) {
        double g = (f.objective - f.bound) / fmax(fabs(f.objective), 1e-9);
        f.gap = g > 1e-9 ? g : 0.0;
    }
    return f;
}

static json_t *changes_json(const nr_region *r, const nr_summary_changes *c) {
    json_t *list = json_array();
    for (size_t i = 0; i < c->n; i++) {
        const nr_plan_change *ch = &c->list[i];
        const nr_duty *du = &r->duties[ch->duty];
        char date[11];
        /* A holder who has left the scenario since is named by their id
         * (from_left is set only then, with from NR_UNSET). */
        json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:s?}", "date", nr_date_format(du->date, date),
                              "rota", r->rotas[du->rota].id, "shift", r->shifts[du->shift].id,
                              "from", ch->from_left           ? ch->from_left
                                      : ch->from == NR_UNSET ? NULL
                                                             : r->people[ch->from].id,
                              "to", ch->to == NR_UNSET ? NULL : r->people[ch->to].id);
        if (o && ch->from_left) json_object_set_new(o, "from_left", json_true());
        json_array_append_new(list, o);
    }
    return json_pack("{s:I, s:I, s:o}", "from_run", (json_int_t)c->from_run, "count",
                     (json_int_t)c->n, "list", list);
}

static json_t *uncovered_json(const nr_region *r, const nr_solve_result *res) {
    json_t *list = json_array();
    const nr_plan *p = res->plan;
    for (size_t i = 0; i < p->n_duties; i++) {
        size_t empty = missing(p, i);
        if (!empty) continue;
        const nr_duty *du = &r->duties[i];
        char date[11], start[32], end[32];
        nr_london_format(du->start, start);
        nr_london_format(du->end, end);
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "date", nr_date_format(du->date, date),
                              "rota", r->rotas[du->rota].id, "shift", r->shifts[du->shift].id,
                              "start", start, "end", end, "slots_uncovered", (int)empty);
        json_t *reasons = json_array();
        nr_unavailable *why = NULL;
        size_t n_why = 0;
        if (nr_explain_uncovered(r, p, i, &why, &n_why) == 0) {
            for (size_t k = 0; k < n_why; k++)
                json_array_append_new(reasons,
                    json_pack("{s:s, s:s, s:s}", "person", r->people[why[k].person].id,
                              "reason", nr_unavailable_reason_name(why[k].reason),
                              "detail", why[k].detail));
        }
        free(why);
        json_object_set_new(o, "reasons", reasons);
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *rotas_json(const nr_region *r, const nr_solve_result *res) {
    json_t *rotas = json_array();
    for (size_t k = 0; k < r->n_rotas; k++) {
        json_t *people = json_array();
        for (size_t i = 0; i < res->n_person_loads; i++) {
            const nr_person_load *pl = &res->person_loads[i];
            if (pl->rota != (int)k) continue;
            json_t *duties = json_object(), *targets = json_object();
            int total = 0;
            double total_target = 0;
            for (int t = 0; t < NR_DUTY_KINDS; t++) {
                json_object_set_new(duties, kind_keys[t], json_integer(pl->duties[t]));
                json_object_set_new(targets, kind_keys[t], json_real(pl->target[t]));
                total += pl->duties[t];
                total_target += pl->target[t];
            }
            json_object_set_new(duties, "total", json_integer(total));
            json_object_set_new(targets, "total", json_real(total_target));
            const nr_person *pe = &r->people[pl->person];
            json_array_append_new(people,
                json_pack("{s:s, s:s, s:s, s:f, s:o, s:o}", "id", pe->id, "name", pe->name,
                          "trust", r->trusts[pe->trust.index].id, "share", pe->share,
                          "duties", duties, "targets", targets));
        }
        size_t n_duties = 0;
        for (size_t i = 0; i < r->n_duties; i++)
            if (r->duties[i].rota == (int)k) n_duties++;
        json_array_append_new(rotas, json_pack("{s:s, s:s, s:i, s:o}", "id", r->rotas[k].id,
                                               "service", r->rotas[k].service ? r->rotas[k].service : "",
                                               "duties", (int)n_duties, "people", people));
    }
    return rotas;
}

static json_t *trusts_json(const nr_region *r, const nr_solve_result *res) {
    json_t *trusts = json_array();
    for (size_t t = 0; t < r->n_trusts; t++) {
        json_t *loads = json_array();
        int duties = 0;
        double fair = 0;
        for (size_t i = 0; i < res->n_trust_loads; i++) {
            const nr_trust_load *tl = &res->trust_loads[i];
            if (tl->trust != (int)t) continue;
            duties += tl->duties;
            fair += tl->fair_share;
            json_array_append_new(loads, json_pack("{s:s, s:i, s:f}", "rota", r->rotas[tl->rota].id,
                                                   "duties", tl->duties, "fair_share", tl->fair_share));
        }
        json_array_append_new(trusts, json_pack("{s:s, s:s, s:i, s:f, s:o}", "id", r->trusts[t].id,
                                                "name", r->trusts[t].name ? r->trusts[t].name : "",
                                                "duties", duties, "fair_share", fair, "rotas", loads));
    }
    return trusts;
}

char *nr_summary_json_ex(const nr_region *r, const nr_solve_result *res,
                         const nr_summary_changes *changes) {
    nr_summary_figures head = nr_summary_headline(r, res);
    json_t *root = json_object();
    json_object_set_new(root, "status", json_string(nr_solve_status_name(res->status)));
    json_object_set_new(root, "objective_kind", json_string(head.kind));
    json_object_set_new(root, "objective", number_or_null(head.objective));
    json_object_set_new(root, "bound", number_or_null(head.bound));
    json_object_set_new(root, "gap", number_or_null(head.gap));
    json_object_set_new(root, "penalty", number_or_null(res->penalty));
    json_object_set_new(root, "penalty_bound", number_or_null(res->penalty_bound));
    if (r->fairness_off)
        json_object_set_new(root, "weighted",
            json_pack("{s:o, s:o, s:o}", "objective", number_or_null(res->objective), "bound",
                      number_or_null(res->bound), "gap", number_or_null(res->gap)));
    json_object_set_new(root, "seconds", json_real(res->seconds));
    json_object_set_new(root, "uncovered", json_integer((json_int_t)res->uncovered));
    json_object_set_new(root, "surplus", json_integer((json_int_t)nr_plan_surplus(res->plan)));
    json_object_set_new(root, "uncovered_duties", uncovered_json(r, res));
    json_t *terms = json_object();
    const struct {
        const char *name;
        double value;
    } term[] = {
        {"uncovered", res->terms.uncovered},
        {"min_duties_short", res->terms.min_duties_short},
        {"min_hours_short", res->terms.min_hours_short},
        {"band_excess", res->terms.band_excess},
        {"total_deviation", res->terms.total_deviation},
        {"trust_deviation", res->terms.trust_deviation},
        {"person_deviation", res->terms.person_deviation},
        {"requests", res->terms.requests},
        {"travel", res->terms.travel},
        {"changes", res->terms.changes},
        {"christmas_repeats", res->terms.christmas_repeats},
        {"surplus", res->terms.surplus},
        {"under_cost", res->terms.under_cost},
        {"over_cost", res->terms.over_cost},
    };
    for (size_t i = 0; i < sizeof term / sizeof *term; i++)
        json_object_set_new(terms, term[i].name, number_or_null(term[i].value));
    json_object_set_new(root, "objective_terms", terms);
    json_object_set_new(root, "model",
        json_pack("{s:i, s:i, s:i, s:i}", "duties", (int)r->n_duties, "components",
                  (int)res->n_components, "variables", (int)res->n_variables, "rows",
                  (int)res->n_rows));
    json_object_set_new(root, "rotas", rotas_json(r, res));
    json_object_set_new(root, "trusts", trusts_json(r, res));
    if (changes) json_object_set_new(root, "changes", changes_json(r, changes));
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(root);
    return text;
}

char *nr_summary_json(const nr_region *r, const nr_solve_result *res) {
    return nr_summary_json_ex(r, res, NULL);
}

int nr_summary_write_json_ex(const nr_region *r, const nr_solve_result *res,
                             const nr_summary_changes *changes, const char *path, nr_diags *d) {
    char *text = nr_summary_json_ex(r, res, changes);
    if (!text) {
        nr_diag_error(d, nr_loc_at(path, 0), "out of memory");
        return NR_ENOMEM;
    }
    nr_atomic_file af;
    int rc = nr_atomic_open(&af, path, d);
    if (rc == 0) {
        fputs(text, af.f);
        fputc('\n', af.f);
        rc = nr_atomic_commit(&af, d);
    }
    free(text);
    return rc;
}

int nr_summary_write_json(const nr_region *r, const nr_solve_result *res, const char *path,
                          nr_diags *d) {
    return nr_summary_write_json_ex(r, res, NULL, path, d);
}

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

void nr_summary_print(const nr_region *r, const nr_solve_result *res, FILE *out) {
    nr_summary_figures head = nr_summary_headline(r, res);
    fprintf(out, "Status: %s", nr_solve_status_name(res->status));
    if (isfinite(head.gap)) fprintf(out, " (gap %.2f%%)", 100.0 * head.gap);
    fprintf(out, " in %.1f s; %s %.2f, bound ", res->seconds,
            r->fairness_off ? "penalty" : "objective", head.objective);
    if (isfinite(head.bound)) fprintf(out, "%.2f\n", head.bound);
    else fputs("unknown\n", out);
    fprintf(out, "Duties: %zu, uncovered slots: %zu", r->n_duties, res->uncovered);
    size_t surplus = nr_plan_surplus(res->plan);
    if (surplus) fprintf(out, ", people beyond cover: %zu", surplus);
    fputs("\n\n", out);

    fprintf(out, "%-28s %6s %7s  %-22s\n", "Rota", "Duties", "People", "Duties per person (min/median/max)");
    int *counts = malloc((r->n_people ? r->n_people : 1) * sizeof *counts);
    for (size_t k = 0; counts && k < r->n_rotas; k++) {
        size_t n = 0, duties = 0;
        for (size_t i = 0; i < r->n_duties; i++)
            if (r->duties[i].rota == (int)k) duties++;
        for (size_t i = 0; i < res->n_person_loads; i++) {
            const nr_person_load *pl = &res->person_loads[i];
            if (pl->rota != (int)k) continue;
            counts[n++] = pl->duties[0] + pl->duties[1] + pl->duties[2];
        }
        if (n == 0) {
            fprintf(out, "%-28s %6zu %7zu\n", r->rotas[k].id, duties, n);
            continue;
        }
        qsort(counts, n, sizeof *counts, cmp_int);
        fprintf(out, "%-28s %6zu %7zu  %d / %d / %d\n", r->rotas[k].id, duties, n, counts[0],
                counts[n / 2], counts[n - 1]);
    }
    free(counts);

    fprintf(out, "\n%-8s %8s %11s %8s\n", "Trust", "Duties", "Fair share", "Diff");
    for (size_t t = 0; t < r->n_trusts; t++) {
        int duties = 0;
        double fair = 0;
        for (size_t i = 0; i < res->n_trust_loads; i++)
            if (res->trust_loads[i].trust == (int)t) {
                duties += res->trust_loads[i].duties;
                fair += res->trust_loads[i].fair_share;
            }
        fprintf(out, "%-8s %8d %11.1f %+8.1f\n", r->trusts[t].id, duties, fair, duties - fair);
    }

    if (res->uncovered) {
        fprintf(out, "\nUncovered duties:\n");
        const nr_plan *p = res->plan;
        for (size_t i = 0; i < p->n_duties; i++) {
            size_t empty = missing(p, i);
            if (!empty) continue;
            const nr_duty *du = &r->duties[i];
            char date[11];
            fprintf(out, "  %s %s %s: %zu slot%s uncovered\n", nr_date_format(du->date, date),
                    r->rotas[du->rota].id, r->shifts[du->shift].id, empty, empty == 1 ? "" : "s");
            nr_unavailable *why = NULL;
            size_t n_why = 0;
            if (nr_explain_uncovered(r, p, i, &why, &n_why) == 0)
                for (size_t k = 0; k < n_why; k++)
                    fprintf(out, "    %-8s %-16s %s\n", r->people[why[k].person].id,
                            nr_unavailable_reason_name(why[k].reason), why[k].detail);
            free(why);
        }
    }
}
