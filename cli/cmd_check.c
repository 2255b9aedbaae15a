/* netrota check: validate a scenario and summarise the region. */
#include <stdio.h>

#include "cli/cli.h"

const char nr_cmd_check_usage[] =
    "usage: netrota check SCENARIO\n"
    "\n"
    "Validate a scenario (a folder holding scenario.yaml, or a .yaml file) and\n"
    "summarise it.\n";

int nr_cmd_check(int argc, char **argv) {
    if (argc >= 2 && nr_cli_is_help(argv[1])) {
        fputs(nr_cmd_check_usage, stdout);
        return NR_EXIT_OK;
    }
    return nr_cli_usage_error("check", "not built yet");
}
