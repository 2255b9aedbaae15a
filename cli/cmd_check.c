/* netrota check: validate a scenario and summarise the region. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "import/curtois.h"
#include "import/scenario.h"
#include "model/validate.h"

const char nr_cmd_check_usage[] =
    "usage: netrota check [--quiet] [--format scenario|curtois] SCENARIO\n"
    "\n"
    "Load a scenario (a folder holding scenario.yaml, or a what-if .yaml file),\n"
    "report every problem as FILE:LINE: error|warning: message on stderr, and\n"
    "summarise the region on stdout: the period and its bank holidays, the\n"
    "trusts and sites, and for each rota its shifts, duties, members, average\n"
    "on-call frequency and whether its members can cover it under its rules.\n"
    "\n"
    "Options:\n"
    "  -q, --quiet   print the diagnostics only, not the summary\n"
    "  --format F    scenario (default), or curtois: SCENARIO is a Curtois & Qu\n"
    "                benchmark instance (docs/curtois.md); the summary then also\n"
    "                counts its cover rows, requests and days off\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 the scenario is valid (warnings allowed), 1 it has errors,\n"
    "2 usage error, 5 a file could not be read or memory ran out.\n";

static const char *plural(size_t n, const char *one, const char *many) { return n == 1 ? one : many; }

/* A number without trailing zeros: 5, 5.5, 5.35. */
static const char *trim_number(double x, char *buf, size_t n) {
    snprintf(buf, n, "%.2f", x);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf) - 1;
        while (end > dot && *end == '0') *end-- = '\0';
        if (end == dot) *end = '\0';
    }
    return buf;
}

static const char *hhmm(int minute, char *buf, size_t n) {
    /* Shift times are 0..1440 minutes; the clamp also tells the compiler so. */
    unsigned m = minute < 0 ? 0u : minute > 1440 ? 1440u : (unsigned)minute;
    snprintf(buf, n, "%02u:%02u", m / 60 % 100, m % 60);
    return buf;
}

/* "Mon-Thu", "every day", "Sat, Sun", "Fri". */
static void format_days(unsigned mask, char *buf, size_t n) {
    mask &= 0x7fu;
    if (mask == 0x7fu) {
        snprintf(buf, n, "every day");
        return;
    }
    int first = -1, last = -1, count = 0;
    for (int w = 0; w < 7; w++)
        if (mask >> w & 1u) {
            if (first < 0) first = w;
            last = w;
            count++;
        }
    if (count >= 3 && last - first + 1 == count) {
        snprintf(buf, n, "%s-%s", nr_weekday_name((enum nr_weekday)first),
                 nr_weekday_name((enum nr_weekday)last));
        return;
    }
    size_t used = 0;
    buf[0] = '\0';
    for (int w = 0; w < 7; w++) {
        if (!(mask >> w & 1u)) continue;
        int k = snprintf(buf + used, n - used, "%s%s", used ? ", " : "", nr_weekday_name((enum nr_weekday)w));
        if (k < 0 || (size_t)k >= n - used) break;
        used += (size_t)k;
    }
}

/* "Mon-Thu 17:00-08:00", "Fri 17:00-Mon 08:00", "bank holidays 08:00-17:00". */
static void format_shift(const nr_shift *s, char *buf, size_t n) {
    char days[64], from[8], to[8];
    hhmm(s->start_minute, from, sizeof from);
    hhmm(s->end_minute, to, sizeof to);
    if (s->bank_holidays == NR_BH_ONLY) snprintf(days, sizeof days, "bank holidays");
    else format_days(s->days_mask, days, sizeof days);
    unsigned mask = s->days_mask & 0x7fu;
    bool one_day = mask && !(mask & (mask - 1));
    if (s->end_day_offset > 1 && one_day && s->bank_holidays != NR_BH_ONLY) {
        int w = 0;
        while (!(mask >> w & 1u)) w++;
        snprintf(buf, n, "%s %s-%s %s", days, from,
                 nr_weekday_name((enum nr_weekday)((w + s->end_day_offset) % 7)), to);
    } else if (s->end_day_offset > 1) {
        snprintf(buf, n, "%s %s-%s (%d days later)", days, from, to, s->end_day_offset);
    } else {
        snprintf(buf, n, "%s %s-%s%s", days, from, to,
                 s->bank_holidays == NR_BH_SKIP ? " except bank holidays" : "");
    }
}

static void print_refs(FILE *out, const nr_refs *list) {
    for (size_t i = 0; i < list->count; i++) fprintf(out, "%s%s", i ? ", " : "", list->items[i].id);
    if (list->count == 0) fputs("(none)", out);
}

static int width_of(const char *s, int at_least) {
    int w = s ? (int)strlen(s) : 0;
    return w > at_least ? w : at_least;
}

static void print_period(FILE *out, const nr_region *r) {
    char a[16], b[16];
    nr_date last = r->period_start + r->period_days - 1;
    fprintf(out, "Region: %s\n", r->name ? r->name : "(unnamed)");
    fprintf(out, "Period: %s to %s (", nr_date_format(r->period_start, a), nr_date_format(last, b));
    if (r->period_days % 7 == 0)
        fprintf(out, "%d %s, ", r->period_days / 7, plural((size_t)r->period_days / 7, "week", "weeks"));
    fprintf(out, "%d %s), %s\n", r->period_days, plural((size_t)r->period_days, "day", "days"),
            r->timezone ? r->timezone : "Europe/London");
    size_t n = 0;
    for (size_t i = 0; i < r->n_bank_holidays; i++)
        if (r->bank_holidays[i] >= r->period_start && r->bank_holidays[i] <= last) n++;
    fprintf(out, "Bank holidays: %zu", n);
    size_t k = 0;
    for (size_t i = 0; i < r->n_bank_holidays; i++) {
        nr_date d = r->bank_holidays[i];
        if (d < r->period_start || d > last) continue;
        fprintf(out, "%s%s", k++ ? ", " : " (", nr_date_format(d, a));
    }
    fputs(k ? ")\n" : "\n", out);
}

static void print_trusts(FILE *out, const nr_region *r) {
    int wid = 2, wname = 4;
    for (size_t i = 0; i < r->n_trusts; i++) {
        wid = width_of(r->trusts[i].id, wid);
        wname = width_of(r->trusts[i].name, wname);
    }
    fprintf(out, "\nTrusts (%zu):\n", r->n_trusts);
    fprintf(out, "  %-*s  %-*s  %5s  %6s\n", wid, "ID", wname, "NAME", "SITES", "PEOPLE");
    for (size_t i = 0; i < r->n_trusts; i++) {
        size_t sites = 0, people = 0;
        for (size_t s = 0; s < r->n_sites; s++)
            if (r->sites[s].trust.index == (int)i) sites++;
        for (size_t p = 0; p < r->n_people; p++)
            if (r->people[p].trust.index == (int)i) people++;
        fprintf(out, "  %-*s  %-*s  %5zu  %6zu\n", wid, r->trusts[i].id, wname,
                r->trusts[i].name ? r->trusts[i].name : "", sites, people);
    }
}

static void print_sites(FILE *out, const nr_region *r) {
    int wid = 2, wname = 4;
    for (size_t i = 0; i < r->n_sites; i++) {
        wid = width_of(r->sites[i].id, wid);
        wname = width_of(r->sites[i].name, wname);
    }
    fprintf(out, "\nSites (%zu):\n", r->n_sites);
    fprintf(out, "  %-*s  %-*s  %s\n", wid, "ID", wname, "NAME", "TRUST");
    for (size_t i = 0; i < r->n_sites; i++)
        fprintf(out, "  %-*s  %-*s  %s\n", wid, r->sites[i].id, wname,
                r->sites[i].name ? r->sites[i].name : "", r->sites[i].trust.id ? r->sites[i].trust.id : "");
}

static void print_people(FILE *out, const nr_region *r) {
    double fte = 0.0;
    char num[32];
    for (size_t p = 0; p < r->n_people; p++) fte += r->people[p].share;
    fprintf(out, "\nPeople: %zu (%s FTE); leave: %zu %s; requests: %zu; travel: %zu %s\n", r->n_people,
            trim_number(fte, num, sizeof num), r->n_leave, plural(r->n_leave, "entry", "entries"),
            r->n_requests, r->n_travel, plural(r->n_travel, "route", "routes"));
}

static void print_rules(FILE *out, const nr_rules *k) {
    const char *sep = "";
    char num[32];
    fputs("    rules     ", out);
#define RULE(...)                  \
    do {                           \
        fputs(sep, out);           \
        fprintf(out, __VA_ARGS__); \
        sep = ", ";                \
    } while (0)
    if (k->max_frequency >= 1) RULE("max_frequency 1 in %d", k->max_frequency);
    if (k->min_days_between != NR_UNSET) RULE("min_days_between %d", k->min_days_between);
    if (k->max_consecutive != NR_UNSET) RULE("max_consecutive %d", k->max_consecutive);
    if (k->max_weekends != NR_UNSET) RULE("max_weekends %d", k->max_weekends);
    if (k->min_duties != NR_UNSET) RULE("min_duties %d", k->min_duties);
    if (k->max_hours >= 0) RULE("max_hours %s", trim_number(k->max_hours, num, sizeof num));
    if (k->min_rest_hours >= 0) RULE("min_rest_hours %s", trim_number(k->min_rest_hours, num, sizeof num));
    if (k->max_duties != NR_UNSET) RULE("max_duties %d", k->max_duties);
    if (k->min_hours >= 0) RULE("min_hours %s", trim_number(k->min_hours, num, sizeof num));
    if (k->min_consecutive != NR_UNSET) RULE("min_consecutive %d", k->min_consecutive);
    if (k->min_days_off != NR_UNSET) RULE("min_days_off %d", k->min_days_off);
#undef RULE
    fputs(*sep ? "\n" : "none\n", out);
}

static void print_rota(FILE *out, const nr_region *r, size_t k) {
    const nr_rota *rota = &r->rotas[k];
    nr_rota_capacity c = nr_rota_capacity_of(r, (int)k);
    size_t kinds[NR_DUTY_KINDS] = {0, 0, 0};
    char buf[160], num[32];
    for (size_t i = 0; i < r->n_duties; i++)
        if (r->duties[i].rota == (int)k && (unsigned)r->duties[i].kind < NR_DUTY_KINDS)
            kinds[r->duties[i].kind]++;

    fprintf(out, "\n  %s%s%s\n", rota->id, rota->name ? ": " : "", rota->name ? rota->name : "");
    fprintf(out, "    service   %s; host %s; hub %s\n", rota->service ? rota->service : "",
            rota->host.id ? rota->host.id : "", rota->hub.id ? rota->hub.id : "");
    fputs("    covers    ", out);
    print_refs(out, &rota->covers);
    fputc('\n', out);
    int wid = 0;
    for (size_t i = 0; i < rota->shifts.count; i++) wid = width_of(rota->shifts.items[i].id, wid);
    for (size_t i = 0; i < rota->shifts.count; i++) {
        int s = rota->shifts.items[i].index;
        buf[0] = '\0';
        if (s >= 0 && (size_t)s < r->n_shifts) format_shift(&r->shifts[s], buf, sizeof buf);
        fprintf(out, "    %-10s%-*s  %s\n", i ? "" : "shifts", wid, rota->shifts.items[i].id, buf);
    }
    if (rota->shifts.count == 0) fputs("    shifts    (none)\n", out);
    fprintf(out, "    duties    %zu (%zu weekday, %zu weekend, %zu bank holiday); cover %d: %zu %s\n",
            c.duties, kinds[NR_DUTY_WEEKDAY], kinds[NR_DUTY_WEEKEND], kinds[NR_DUTY_BANK_HOLIDAY],
            rota->cover, c.slots, plural(c.slots, "slot", "slots"));
    fprintf(out, "    members   %zu (%s FTE)", c.members, trim_number(c.member_fte, num, sizeof num));
    if (c.slots > 0 && c.members > 0) fprintf(out, ", on call 1 in %.1f on average", c.frequency);
    fputc('\n', out);
    print_rules(out, &rota->rules);
    if (isinf(c.max_possible)) {
        fputs("    capacity  not limited by rules\n", out);
    } else {
        double most = floor(c.max_possible + 1e-9);
        fprintf(out, "    capacity  at most %.0f of %zu slots under the rules", most, c.slots);
        if (most < (double)c.slots) fprintf(out, ": short by %.0f (warning)", (double)c.slots - most);
        fputc('\n', out);
    }
}

static void print_summary(FILE *out, const nr_region *r, const nr_diags *d) {
    print_period(out, r);
    print_trusts(out, r);
    print_sites(out, r);
    print_people(out, r);
    fprintf(out, "\nRotas (%zu):\n", r->n_rotas);
    for (size_t k = 0; k < r->n_rotas; k++) print_rota(out, r, k);
    if (d->warnings) fprintf(out, "\n%zu %s\n", d->warnings, plural(d->warnings, "warning", "warnings"));
    else fputs("\nno warnings\n", out);
}

/* What a benchmark instance holds beyond the region summary. */
static void print_benchmark(FILE *out, const nr_region *r) {
    size_t wants = 0, caps = 0, never = 0, needed = 0;
    for (size_t i = 0; i < r->n_requests; i++) wants += r->requests[i].want;
    for (size_t i = 0; i < r->n_overrides; i++) {
        if (!r->overrides[i].shift.id) continue;
        caps++;
        never += r->overrides[i].rules.max_duties == 0;
    }
    for (size_t i = 0; i < r->n_duties; i++) needed += (size_t)r->duties[i].needed;
    fprintf(out, "\nBenchmark: %zu staff, %zu shift %s, %d days; %zu cover %s asking for %zu "
                 "shifts; %zu on and %zu off %s; %zu days off; %zu shift caps (%zu \"never\")\n",
            r->n_people, r->n_shifts, plural(r->n_shifts, "type", "types"), r->period_days,
            r->n_covers, plural(r->n_covers, "row", "rows"), needed, wants, r->n_requests - wants,
            plural(r->n_requests - wants, "request", "requests"), r->n_leave, caps, never);
    fputs("Objective: the benchmark's penalty (requests + cover); fairness is off\n", out);
}

int nr_cmd_check(int argc, char **argv) {
    const char *path = NULL;
    bool quiet = false, options = true, curtois = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options && nr_cli_is_help(a)) {
            fputs(nr_cmd_check_usage, stdout);
            return NR_EXIT_OK;
        }
        if (options && strcmp(a, "--") == 0) options = false;
        else if (options && (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)) quiet = true;
        else if (options && (strcmp(a, "--format") == 0 || strncmp(a, "--format=", 9) == 0)) {
            const char *f = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!f) return nr_cli_usage_error("check", "--format needs a value (scenario or curtois)");
            if (strcmp(f, "curtois") == 0) curtois = true;
            else if (strcmp(f, "scenario") == 0) curtois = false;
            else return nr_cli_usage_error("check", "--format: '%s' is not a format (scenario or curtois)", f);
        }
        else if (options && a[0] == '-' && a[1] != '\0') return nr_cli_usage_error("check", "unknown option '%s'", a);
        else if (path) return nr_cli_usage_error("check", "one scenario at a time ('%s' and '%s')", path, a);
        else path = a;
    }
    if (!path) return nr_cli_usage_error("check", "missing SCENARIO (a folder or a .yaml file)");

    nr_diags d = NR_DIAGS_INIT;
    nr_region *r = NULL;
    int rc = curtois ? nr_curtois_load(path, &r, &d) : nr_scenario_load(path, &r, &d);
    nr_diags_sort(&d);
    nr_diags_print(&d, stderr);
    int status = nr_cli_exit_for(rc);
    if (rc != 0 || !r) {
        if (status == NR_EXIT_OK) status = NR_EXIT_FAILURE; /* no region, yet no error code */
        fprintf(stderr, "netrota check: %s: %zu %s, %zu %s\n", path, d.errors, plural(d.errors, "error", "errors"),
                d.warnings, plural(d.warnings, "warning", "warnings"));
        goto cleanup;
    }
    if (!quiet) {
        print_summary(stdout, r, &d);
        if (curtois) print_benchmark(stdout, r);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "netrota check: cannot write the summary\n");
            status = NR_EXIT_FAILURE;
        }
    }

cleanup:
    nr_region_free(r);
    nr_diags_clear(&d);
    return status;
}
