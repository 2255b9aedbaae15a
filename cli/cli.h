/*
 * cli.h - what the netrota subcommands share: exit codes, the command table
 * entry, and argument helpers. Exit statuses are decided here and only here.
 */
#ifndef NETROTA_CLI_CLI_H
#define NETROTA_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

enum nr_exit {
    NR_EXIT_OK = 0,          /* success */
    NR_EXIT_INPUT = 1,       /* the input has errors (printed as FILE:LINE: error: ...) */
    NR_EXIT_USAGE = 2,       /* the command line is wrong */
    NR_EXIT_UNCOVERED = 3,   /* solved, but some duties are uncovered */
    NR_EXIT_INTERRUPTED = 4, /* stopped by SIGINT or time limit before a full answer */
    NR_EXIT_FAILURE = 5      /* I/O, out of memory, solver or internal failure */
};

typedef struct nr_command {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
    const char *summary;
    const char *usage; /* full help text, printed by --help and `netrota help CMD` */
} nr_command;

/* The table of commands (defined in main.c), terminated by a NULL name. */
extern const nr_command nr_commands[];

/* Print a command's help to out. */
void nr_cli_print_help(const nr_command *cmd, FILE *out);
/* Find a command by name, or NULL. */
const nr_command *nr_cli_find(const char *name);
/* Is argument `arg` a request for help (-h, --help)? */
bool nr_cli_is_help(const char *arg);
/* Map a library return code to an exit status. */
int nr_cli_exit_for(int rc);
/* Report a usage error for a command on stderr and return NR_EXIT_USAGE. */
int nr_cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Commands, one file each. */
int nr_cmd_check(int argc, char **argv);
extern const char nr_cmd_check_usage[];
int nr_cmd_verify(int argc, char **argv);
extern const char nr_cmd_verify_usage[];
int nr_cmd_solve(int argc, char **argv);
extern const char nr_cmd_solve_usage[];

#endif
