/* netrota show: one recorded run, its parameters, objective terms and
 * per-rota counts. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

const char nr_cmd_show_usage[] =
    "usage: netrota show RUN [--db FILE | SCENARIO]\n"
    "\n"
    "Summarise run RUN of a database: when it was made, the scenario and its\n"
    "period, the solver's parameters, status, objective by term, bound and gap,\n"
    "and per rota the duties, slots, uncovered slots, people and duties per\n"
    "person (min/median/max over the rota's members). The per-rota counts need\n"
    "the scenario, reloaded from the path recorded with the run; a note says\n"
    "when its input files changed since.\n"
    "\n"
    "The database is FILE, or netrota.db of SCENARIO, or ./netrota.db.\n"
    "\n"
    "Exit codes: 0 shown, 1 no such run or database, 2 usage errors, 5 failure.\n";

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void print_rotas(const nr_region *r, const nr_plan *p) {
    int *held = calloc(r->n_people ? r->n_people : 1, sizeof *held);
    int *list = calloc(r->n_people ? r->n_people : 1, sizeof *list);
    if (!held || !list) goto cleanup;
    size_t w = 8;
    for (size_t k = 0; k < r->n_rotas; k++)
        if (strlen(r->rotas[k].id) > w) w = strlen(r->rotas[k].id);
    /* The surplus column only where some duty may take more people than it
     * needs: other scenarios read as they always did. */
    bool optional = nr_plan_surplus(p) > 0;
    for (size_t i = 0; i < r->n_duties && !optional; i++) optional = r->duties[i].optional > 0;
    printf("\n%-*s  %6s  %6s  %9s  ", (int)w, "Rota", "Duties", "Slots", "Uncovered");
    if (optional) printf("%7s  ", "Surplus");
    printf("%6s  %s\n", "People", "Duties per person (min/median/max)");
    for (size_t k = 0; k < r->n_rotas; k++) {
        size_t duties = 0, slots = 0, empty = 0, extra = 0, n = 0;
        memset(held, 0, r->n_people * sizeof *held);
        for (size_t i = 0; i < r->n_duties; i++) {
            if (r->duties[i].rota != (int)k) continue;
            duties++;
            /* Slots are the people needed; an empty optional slot is no gap. */
            size_t on = nr_plan_held(p, i), needed = (size_t)p->needed[i];
            slots += needed;
            empty += on < needed ? needed - on : 0;
            extra += on > needed ? on - needed : 0;
            for (size_t s = p->first_slot[i]; s < p->first_slot[i + 1]; s++)
                if (p->holder[s] != NR_UNSET) held[p->holder[s]]++;
        }
        for (size_t q = 0; q < r->n_people; q++)
            if (nr_region_is_member(r, (int)q, (int)k)) list[n++] = held[q];
        qsort(list, n, sizeof *list, cmp_int);
        printf("%-*s  %6zu  %6zu  %9zu  ", (int)w, r->rotas[k].id, duties, slots, empty);
        if (optional) printf("%7zu  ", extra);
        printf("%6zu  ", n);
        if (n) printf("%d / %d / %d\n", list[0], list[n / 2], list[n - 1]);
        else printf("-\n");
    }
cleanup:
    free(held);
    free(list);
}

int nr_cmd_show(int argc, char **argv) {
    static const struct option longopts[] = {{"db", required_argument, NULL, 'd'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *db_opt = NULL;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(nr_cmd_show_usage, stdout); return NR_EXIT_OK;
        case 'd': db_opt = optarg; break;
        default:
            return nr_cli_usage_error("show", "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    int64_t id;
    if (optind >= argc) return nr_cli_usage_error("show", "missing RUN");
    if (nr_cli_parse_run_id(argv[optind], &id))
        return nr_cli_usage_error("show", "RUN: '%s' is not a run id (a positive integer)", argv[optind]);
    if (argc - optind > 2) return nr_cli_usage_error("show", "too many arguments");
    if (db_opt && argc - optind == 2)
        return nr_cli_usage_error("show", "give --db FILE or SCENARIO, not both");
    const char *scenario = argc - optind == 2 ? argv[optind + 1] : ".";

    nr_diags d = NR_DIAGS_INIT;
    nr_store *s = NULL;
    nr_cli_run run = {0};
    nr_region *r = NULL;
    nr_plan *plan = NULL;
    char db[4096];
    int rc = nr_cli_db_path(db_opt, scenario, db, sizeof db, &d);
    if (rc == 0) rc = nr_cli_open_existing(db, &s, &d);
    if (rc == 0) rc = nr_cli_get_run(s, id, &run, &d);
    if (rc) goto cleanup;

    char gap[32] = "-", bound[32] = "-";
    if (isfinite(run.gap)) snprintf(gap, sizeof gap, "%.2f%%", 100.0 * run.gap);
    if (isfinite(run.bound)) snprintf(bound, sizeof bound, "%.2f", run.bound);
    printf("Run %lld of %s\n", (long long)run.id, db);
    printf("  created     %s\n", run.created);
    printf("  scenario    %s\n", run.scenario_path ? run.scenario_path : "?");
    printf("  region      %s\n", run.scenario_name ? run.scenario_name : "?");
    printf("  period      from %s, %d days\n", run.period_start, run.period_days);
    printf("  parameters  %s\n", run.params_json ? run.params_json : "{}");
    printf("  glpk        %s\n", run.glpk_version ? run.glpk_version : "not recorded");
    printf("  status      %s in %.1f s\n", run.status, run.seconds);
    printf("  objective   %.2f, bound %s, gap %s\n", run.objective, bound, gap);
    printf("  uncovered   %ld slots\n", run.uncovered);
    if (isfinite(run.penalty)) {
        printf("  penalty     %.2f", run.penalty);
        if (isfinite(run.penalty_bound)) printf(", bound %.2f", run.penalty_bound);
        printf(" (requests and cover costs, in the scenario's weights)\n");
    }
    printf("  inputs      %s\n", run.inputs_hash ? run.inputs_hash : "?");

    const struct { const char *name; double v; } terms[] = {
        {"uncovered", run.terms.uncovered},
        {"min_duties_short", run.terms.min_duties_short},
        {"band_excess", run.terms.band_excess},
        {"trust_deviation", run.terms.trust_deviation},
        {"total_deviation", run.terms.total_deviation},
        {"person_deviation", run.terms.person_deviation},
        {"requests", run.terms.requests},
        {"travel", run.terms.travel},
        {"min_hours_short", run.terms.min_hours_short},
        {"surplus", run.terms.surplus},
        {"under_cost", run.terms.under_cost},
        {"over_cost", run.terms.over_cost},
    };
    printf("\nObjective terms (in priority order):\n");
    for (size_t i = 0; i < sizeof terms / sizeof *terms; i++) {
        /* The later terms only when the run recorded them (older runs lack them). */
        if (i >= 8 && !isfinite(terms[i].v)) continue;
        if (isfinite(terms[i].v)) printf("  %-17s %12.2f\n", terms[i].name, terms[i].v);
        else printf("  %-17s %12s\n", terms[i].name, "-");
    }

    /* The per-rota counts are a bonus: a scenario moved or edited since
     * still leaves the run's own record worth showing. */
    bool changed = false;
    nr_diags ld = NR_DIAGS_INIT;
    int lrc = nr_cli_load_run_scenario(&run, &r, &changed, &ld);
    if (lrc == 0) lrc = nr_store_load_plan(s, run.id, r, &plan, &ld);
    if (lrc == 0) {
        print_rotas(r, plan);
        if (changed)
            printf("\nnote: the scenario's input files changed since this run; the counts are "
                   "of the stored rota read against the scenario as it is now\n");
    } else {
        nr_cli_flush_diags(&ld);
        printf("\nno per-rota counts: the scenario this run was made from cannot be loaded "
               "as it was (errors above)\n");
    }
    nr_diags_clear(&ld);

cleanup:
    nr_cli_flush_diags(&d);
    nr_plan_free(plan);
    nr_region_free(r);
    nr_cli_run_clear(&run);
    nr_store_close(s);
    return nr_cli_exit_for(rc);
}
