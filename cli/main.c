/* netrota: the command table and dispatch. Each command lives in its own file. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#ifndef NETROTA_VERSION
#define NETROTA_VERSION "unknown"
#endif

const nr_command nr_commands[] = {
    {"check", nr_cmd_check, "validate a scenario and summarise the region", nr_cmd_check_usage},
    {"solve", nr_cmd_solve, "solve a scenario and write the rota", nr_cmd_solve_usage},
    {"runs", nr_cmd_runs, "list the runs recorded in a database", nr_cmd_runs_usage},
    {"show", nr_cmd_show, "summarise one recorded run", nr_cmd_show_usage},
    {"publish", nr_cmd_publish, "write the feeds, CSV and report of a recorded run", nr_cmd_publish_usage},
    {"compare", nr_cmd_compare, "solve scenarios and what-ifs and compare them side by side", nr_cmd_compare_usage},
    {"verify", nr_cmd_verify, "check a rota file against every rule and the cover", nr_cmd_verify_usage},
    {NULL, NULL, NULL, NULL},
};

static const char main_usage[] =
    "usage: netrota [--version] [--help] COMMAND [ARGS]\n"
    "\n"
    "Plan shared out-of-hours consultant rotas across NHS trusts.\n"
    "\n"
    "Commands:\n";

static const char main_footer[] =
    "\n"
    "Run `netrota help COMMAND` or `netrota COMMAND --help` for a command's options.\n"
    "\n"
    "Exit codes: 0 success, 1 input errors, 2 usage errors, 3 solved with uncovered\n"
    "duties, 4 interrupted, 5 failure (I/O, memory, solver).\n";

static void print_main_help(FILE *out) {
    fputs(main_usage, out);
    for (const nr_command *c = nr_commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fputs(main_footer, out);
}

void nr_cli_print_help(const nr_command *cmd, FILE *out) { fputs(cmd->usage, out); }

const nr_command *nr_cli_find(const char *name) {
    for (const nr_command *c = nr_commands; c->name; c++)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

bool nr_cli_is_help(const char *arg) {
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int nr_cli_usage_error(const char *cmd, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "netrota %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry `netrota %s --help`.\n", cmd);
    va_end(ap);
    return NR_EXIT_USAGE;
}

int nr_cli_exit_for(int rc) {
    switch (rc) {
    case 0: return NR_EXIT_OK;
    case -1: return NR_EXIT_INPUT; /* NR_EINPUT */
    case -4: return NR_EXIT_INPUT; /* NR_ELIMIT: input too large */
    default: return NR_EXIT_FAILURE;
    }
}

int main(int argc, char **argv) {
    if (argc < 2) {
        print_main_help(stderr);
        return NR_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (nr_cli_is_help(name)) {
        print_main_help(stdout);
        return NR_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("netrota %s\n", NETROTA_VERSION);
        return NR_EXIT_OK;
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            print_main_help(stdout);
            return NR_EXIT_OK;
        }
        const nr_command *c = nr_cli_find(argv[2]);
        if (!c) {
            fprintf(stderr, "netrota: no such command '%s'\n", argv[2]);
            return NR_EXIT_USAGE;
        }
        nr_cli_print_help(c, stdout);
        return NR_EXIT_OK;
    }
    const nr_command *c = nr_cli_find(name);
    if (!c) {
        fprintf(stderr, "netrota: no such command '%s'; see `netrota --help`\n", name);
        return NR_EXIT_USAGE;
    }
    return c->run(argc - 1, argv + 1);
}
