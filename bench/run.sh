#!/usr/bin/env bash
# Benchmarks (not tests): netrota against glpsol and cbc on the same models.
#
#   bench/run.sh [CASE ...]        default: sy13 sy26 sy52 x1 x2 x4
#
# CASE is sy13 / sy26 / sy52 (the South Yorkshire example over 13, 26, 52
# weeks) or x1 / x2 / x4 (bench/synth.py scale K: K copies of the example).
# For each case it
#   1. writes the scenario (bench/synth.py) under $BENCH_WORK/CASE/scenario,
#   2. times `netrota check` (load: YAML/CSV/.ics, expand, validate),
#   3. runs `netrota solve --time-limit T` under /usr/bin/time -v (no MPS
#      writing, so the time is the solve alone),
#   4. runs `netrota solve --write-mps` again with a 1 s limit, only for the
#      model file (same model: the MPS does not depend on the search),
#   5. runs glpsol and cbc on that MPS with gap 0.5 % and a limit P,
#      each line of their output stamped with wall time since start.
# bench/report.py then reads every case folder and prints the table; it is
# written to stdout and to bench/results/latest.md (with the machine load).
#
# Environment: BENCH_WORK (default build/bench/run), BENCH_PEERS=0 to skip
# glpsol and cbc. Everything runs one process at a time; the machine's load
# average is recorded before and after each case.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$ROOT/build/bench"
WORK=${BENCH_WORK:-$BUILD/run}
PEERS=${BENCH_PEERS:-1}
NETROTA="$BUILD/cli/netrota"
EXAMPLE="$ROOT/examples/south-yorkshire"

# case -> "synth-command N netrota-limit peer-limit"
declare -A CASES=(
    [sy13]="weeks 13 30 60"
    [sy26]="weeks 26 30 120"
    [sy52]="weeks 52 60 60"
    [x1]="scale 1 30 120"
    [x2]="scale 2 60 60"
    [x4]="scale 4 120 60"
)
ORDER=(sy13 sy26 sy52 x1 x2 x4)
if [ $# -gt 0 ]; then ORDER=("$@"); fi
for c in "${ORDER[@]}"; do
    [ -n "${CASES[$c]:-}" ] || { echo "run.sh: unknown case '$c' (sy13 sy26 sy52 x1 x2 x4)" >&2; exit 2; }
done

[ -x /usr/bin/time ] || { echo "run.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
if [ "$PEERS" = 1 ]; then
    command -v glpsol >/dev/null || { echo "run.sh: needs glpsol (apt-get install glpk-utils)" >&2; exit 2; }
    command -v cbc >/dev/null || { echo "run.sh: needs cbc (apt-get install coinor-cbc)" >&2; exit 2; }
fi

cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DNETROTA_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j2 --target netrota_cli >/dev/null
mkdir -p "$WORK"

# Prefix each line with the seconds since $1 (wall clock), so a log says
# when each incumbent and bound appeared.
stamp() {
    python3 -u -c 'import sys, time
t0 = float(sys.argv[1])
for line in sys.stdin:
    sys.stdout.write("%.2f %s" % (time.time() - t0, line))' "$1"
}

for c in "${ORDER[@]}"; do
    read -r kind n tl pl <<<"${CASES[$c]}"
    dir="$WORK/$c"
    rm -rf "$dir"
    mkdir -p "$dir"
    echo "== $c: synth.py $kind $n; netrota ${tl}s; peers ${pl}s; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    printf '%s %s %s %s\n' "$kind" "$n" "$tl" "$pl" >"$dir/case.txt"
    cut -d' ' -f1-3 /proc/loadavg >"$dir/load_before.txt"
    python3 "$ROOT/bench/synth.py" "$kind" "$n" "$EXAMPLE" "$dir/scenario"

    /usr/bin/time -f '%e %U %S %M' -o "$dir/check.time" "$NETROTA" check -q "$dir/scenario" \
        >"$dir/check.out" 2>&1 || true
    # Exit code 3 (uncovered slots) is a result, not a failure.
    /usr/bin/time -v -o "$dir/solve.time" "$NETROTA" solve "$dir/scenario" --out "$dir/out" \
        --time-limit "$tl" >"$dir/solve.out" 2>"$dir/solve.err" || true
    "$NETROTA" solve "$dir/scenario" --out "$dir/mps-out" --time-limit 1 --quiet \
        --write-mps "$dir/model.mps" >/dev/null 2>"$dir/mps.err" || true

    if [ "$PEERS" = 1 ] && [ -s "$dir/model.mps" ]; then
        # x1 writes the very same file as sy26: solve it once.
        if [ "$c" = x1 ] && [ -f "$WORK/sy26/model.mps" ] && cmp -s "$dir/model.mps" "$WORK/sy26/model.mps"; then
            echo "same MPS as sy26" >"$dir/peers_same_as_sy26"
        else
            # glpsol's tm_lim does not cover the presolved root LP: timeout is the backstop.
            t0=$(date +%s.%N)
            { timeout -s INT $((pl + 30)) /usr/bin/time -f '%e %U %S %M' -o "$dir/glpsol.time" \
                stdbuf -oL glpsol --freemps "$dir/model.mps" --mipgap 0.005 --tmlim "$pl" 2>&1 || true; } |
                stamp "$t0" >"$dir/glpsol.log"
            t0=$(date +%s.%N)
            { timeout -s INT $((pl + 30)) /usr/bin/time -f '%e %U %S %M' -o "$dir/cbc.time" \
                stdbuf -oL cbc "$dir/model.mps" ratioGap 0.005 seconds "$pl" timeMode elapsed solve 2>&1 || true; } |
                stamp "$t0" >"$dir/cbc.log"
        fi
    fi
    cut -d' ' -f1-3 /proc/loadavg >"$dir/load_after.txt"
done

# The report covers every case folder present, so re-running one case
# refreshes its rows and keeps the others (the "done" column tells them apart).
REPORT=()
for c in sy13 sy26 sy52 x1 x2 x4; do
    if [ -f "$WORK/$c/case.txt" ]; then REPORT+=("$c"); fi
done
mkdir -p "$ROOT/bench/results"
{
    echo "Run of \`bench/run.sh ${ORDER[*]}\` finished $(date -u '+%Y-%m-%d %H:%M UTC'), commit" \
        "$(git -C "$ROOT" rev-parse --short HEAD) (solver/ last committed in" \
        "$(git -C "$ROOT" log -1 --format=%h -- solver/), $(git -C "$ROOT" status --porcelain -- solver/ | wc -l)" \
        "uncommitted solver/ files); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)" \
        "at the end (the load before and after each case is in the table)."
    echo
    python3 "$ROOT/bench/report.py" "$WORK" "${REPORT[@]}"
} | tee "$ROOT/bench/results/latest.md"
