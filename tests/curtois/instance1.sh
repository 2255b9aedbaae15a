#!/usr/bin/env bash
# Curtois & Qu Instance1: the published optimum 607, proven.
. "$(dirname "$0")/lib.sh"
skip_if_sanitized
solve_optimum "$DATA/Instance1.txt" 607 500
