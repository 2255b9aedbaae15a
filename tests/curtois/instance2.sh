#!/usr/bin/env bash
# Curtois & Qu Instance2: the published optimum 828, proven.
. "$(dirname "$0")/lib.sh"
skip_if_sanitized
solve_optimum "$DATA/Instance2.txt" 828 1000
