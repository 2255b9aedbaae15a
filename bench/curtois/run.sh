#!/usr/bin/env bash
# The Curtois & Qu staff-scheduling benchmark: netrota, then glpsol and cbc on
# the very model netrota writes, each with the same time limit.
#
#   bench/curtois/run.sh [INSTANCE ...]     default: Instance1 .. Instance12
#
# INSTANCE is a name in the instance folder (Instance7 or just 7) or a path to
# an instance file. For each one it
#   1. runs `netrota solve INSTANCE --format curtois --time-limit T
#      --write-mps model.mps` under /usr/bin/time,
#   2. checks out/rota.csv with bench/curtois/check.py (independent of
#      netrota's model): every hard rule, and the penalty it recomputes must
#      equal summary.json's,
#   3. runs glpsol and cbc on model.mps with the limit T (no gap: both try to
#      prove optimality), each output line stamped with the wall time.
# bench/curtois/report.py then prints the table (stdout and $TABLE).
#
# Environment:
#   CURTOIS_DIR  the instances (default ../shared/benchmarks/curtois beside
#                the source tree)
#   TIME_LIMIT   seconds per solver and instance (default 600: all 12 with
#                the peers take about 6 hours, most of it glpsol and cbc
#                running to their limit)
#   NETROTA      the executable (default build/release/cli/netrota; build it
#                with `make build` or `cmake --preset release && cmake --build
#                --preset release`)
#   BENCH_WORK   raw outputs and logs (default bench/curtois/results/raw,
#                ignored by git)
#   TABLE        where the table goes (default bench/curtois/results/table.md)
#   BENCH_PEERS  0 to run netrota and the checker only
#   BENCH_SOLVERS  which of netrota, glpsol and cbc to run (default all three,
#                in that order). Each solver replaces only its own files in
#                BENCH_WORK/INSTANCE, so two invocations with different
#                solvers and the same BENCH_WORK can run at once, one per
#                core (e.g. netrota in one, cbc in the other). A peer without
#                netrota writes model.mps itself first when it is missing
#                or was written by another netrota executable or from
#                another instance file (model.mps.from records both), with
#                `netrota solve --time-limit 1 --write-mps` (the model is
#                written before solving, so it is the same file). Give
#                each invocation its own TABLE: each writes it at its end.
# Everything in one invocation runs one process at a time; the load average
# before and after each solver is recorded. Exit status 1 when the checker
# rejected a rota.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=${CURTOIS_DIR:-$ROOT/../shared/benchmarks/curtois}
TL=${TIME_LIMIT:-600}
NETROTA=${NETROTA:-$ROOT/build/release/cli/netrota}
WORK=${BENCH_WORK:-$HERE/results/raw}
TABLE=${TABLE:-$HERE/results/table.md}
PEERS=${BENCH_PEERS:-1}
SOLVERS=${BENCH_SOLVERS:-netrota glpsol cbc}
[ "$PEERS" = 1 ] || SOLVERS=netrota
for s in $SOLVERS; do
    case "$s" in netrota|glpsol|cbc) ;; *) echo "run.sh: BENCH_SOLVERS: unknown solver '$s' (netrota, glpsol, cbc)" >&2; exit 2;; esac
done
# The checkout may move on while a long run goes: name it as it was at the
# start, when NETROTA was (presumably) built from it.
checkout() {
    echo "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')" \
        "($(git -C "$ROOT" status --porcelain -- solver/ import/ model/ 2>/dev/null | wc -l) uncommitted files in solver/ import/ model/)"
}
CHECKOUT_AT_START=$(checkout)
wants() { case " $SOLVERS " in *" $1 "*) return 0;; *) return 1;; esac; }
PY=${PYTHON:-python3}

case "$TL" in ''|*[!0-9]*|0) echo "run.sh: TIME_LIMIT '$TL' is not a positive whole number of seconds" >&2; exit 2;; esac

# Resolve the instance list before running anything, so a typo costs nothing.
NAMES=() PATHS=()
if [ $# -eq 0 ]; then set -- 1 2 3 4 5 6 7 8 9 10 11 12; fi
for a in "$@"; do
    if [ -f "$a" ]; then p=$a
    elif [ -f "$DATA/$a.txt" ]; then p=$DATA/$a.txt
    elif [ -f "$DATA/Instance$a.txt" ]; then p=$DATA/Instance$a.txt
    else echo "run.sh: no instance '$a' (looked for it as a file, in $DATA/$a.txt and $DATA/Instance$a.txt)" >&2; exit 2
    fi
    NAMES+=("$(basename "$p" .txt)")
    PATHS+=("$(cd "$(dirname "$p")" && pwd)/$(basename "$p")")
done

[ -x "$NETROTA" ] || { echo "run.sh: no netrota at $NETROTA (build it with 'make build', or set NETROTA)" >&2; exit 2; }
"$NETROTA" solve --help 2>&1 | grep -q -- '--format' ||
    { echo "run.sh: $NETROTA has no 'solve --format curtois'" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "run.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
if wants glpsol || wants cbc; then
    missing=()
    if wants glpsol; then command -v glpsol >/dev/null || missing+=(glpk-utils); fi
    if wants cbc; then command -v cbc >/dev/null || missing+=(coinor-cbc); fi
    if [ ${#missing[@]} -gt 0 ]; then
        echo "run.sh: installing ${missing[*]}" >&2
        if [ "$(id -u)" = 0 ]; then apt-get install -y "${missing[@]}" >&2
        else sudo apt-get install -y "${missing[@]}" >&2
        fi
    fi
fi

# Prefix each line with the wall seconds since $1, so a log shows when each
# incumbent and bound appeared.
stamp() {
    "$PY" -u -c 'import sys, time
t0 = float(sys.argv[1])
for line in sys.stdin:
    sys.stdout.write("%.2f %s" % (time.time() - t0, line))' "$1"
}

# The load average now, for the record beside a solver's files.
load() { cut -d' ' -f1-3 /proc/loadavg; }

# Which executable and instance a model.mps comes from.
NETROTA_SUM=$(sha256sum <"$NETROTA" | cut -c1-16)
model_from() { printf 'netrota %s, %s\n' "$NETROTA_SUM" "$1"; }

# Put a freshly written model (a temporary name, so a peer reading it in
# another stream never sees half a file) in place, with its origin.
install_model() {  # tmp instance dir
    mv -f "$1" "$3/model.mps"
    model_from "$2" >"$3/model.mps.from"
}

write_model() {  # instance dir
    local tmp="$2/model.mps.tmp.$$"
    "$NETROTA" solve "$1" --format curtois --out "$2/mps-out" --time-limit 1 --quiet \
        --write-mps "$tmp" >/dev/null 2>"$2/mps.err" || [ -s "$tmp" ] ||
        { echo "   could not write $2/model.mps; see $2/mps.err" >&2; return 1; }
    install_model "$tmp" "$1" "$2"
    rm -rf "$2/mps-out"
}

# Run a peer on model.mps, each output line stamped with the wall time.
run_peer() {  # solver dir
    local t0
    load >"$2/$1.load_before"
    t0=$(date +%s.%N)
    case "$1" in
    # glpsol's --tmlim does not cover its root LP and cbc does not check
    # `seconds` everywhere: each gets 30 s more before a SIGINT.
    glpsol)
        { timeout -s INT $((TL + 30)) /usr/bin/time -f '%e %U %S %M' -o "$2/glpsol.time" \
            stdbuf -oL glpsol --freemps "$2/model.mps" --tmlim "$TL" 2>&1 || true; } |
            stamp "$t0" >"$2/glpsol.log";;
    cbc)
        { timeout -s INT $((TL + 30)) /usr/bin/time -f '%e %U %S %M' -o "$2/cbc.time" \
            stdbuf -oL cbc "$2/model.mps" seconds "$TL" timeMode elapsed solve 2>&1 || true; } |
            stamp "$t0" >"$2/cbc.log";;
    esac
    load >"$2/$1.load_after"
}

mkdir -p "$WORK"
bad=0
for i in "${!NAMES[@]}"; do
    name=${NAMES[$i]} inst=${PATHS[$i]}
    dir=$WORK/$name
    mkdir -p "$dir"
    printf '%s\n%s\n' "$TL" "$inst" >"$dir/case.txt"
    echo "== $name: ${SOLVERS// /, }; limit ${TL}s; load $(load)" >&2

    if wants netrota; then
        rm -rf "$dir/out" "$dir"/netrota.* "$dir"/check.* "$dir"/load_*.txt
        load >"$dir/load_before.txt"
        # netrota stops itself at the limit; the timeout (SIGINT: it then
        # writes the best rota so far) is only a backstop.
        rc=0
        timeout -s INT $((TL + 60)) /usr/bin/time -f '%e %U %S %M' -o "$dir/netrota.time" \
            "$NETROTA" solve "$inst" --format curtois --out "$dir/out" --time-limit "$TL" \
            --write-mps "$dir/model.mps.tmp.$$" >"$dir/netrota.out" 2>"$dir/netrota.err" || rc=$?
        echo "$rc" >"$dir/netrota.rc"
        load >"$dir/load_after.txt"
        if [ -s "$dir/model.mps.tmp.$$" ]; then install_model "$dir/model.mps.tmp.$$" "$inst" "$dir"
        else rm -f "$dir/model.mps" "$dir/model.mps.from"  # not this run's: peers write their own
        fi

        if [ -f "$dir/out/summary.json" ] && [ -f "$dir/out/rota.csv" ]; then
            # The benchmark's objective: summary.json's objective when its
            # kind is "penalty" (it then equals "penalty"); older: penalty.
            pen=$("$PY" -c 'import json, sys
s = json.load(open(sys.argv[1]))
print(s["objective"] if s.get("objective_kind") == "penalty" else s["penalty"])' "$dir/out/summary.json")
            rc=0
            "$PY" "$HERE/check.py" "$inst" "$dir/out/rota.csv" --expect "$pen" >"$dir/check.out" 2>&1 || rc=$?
            "$PY" "$HERE/check.py" "$inst" "$dir/out/rota.csv" --expect "$pen" --json >"$dir/check.json" 2>/dev/null || true
            echo "$rc" >"$dir/check.rc"
            if [ "$rc" = 0 ]; then echo "   netrota penalty $pen, checker agrees" >&2
            else echo "   netrota penalty $pen, CHECKER REJECTS (exit $rc):" >&2; head -20 "$dir/check.out" >&2; bad=1
            fi
        else
            echo "   netrota wrote no rota (exit $(cat "$dir/netrota.rc")); see $dir/netrota.err" >&2
            bad=1
        fi
    fi

    for peer in glpsol cbc; do
        wants "$peer" || continue
        rm -f "$dir/$peer".*
        if [ ! -s "$dir/model.mps" ] || [ "$(cat "$dir/model.mps.from" 2>/dev/null)" != "$(model_from "$inst")" ]; then
            write_model "$inst" "$dir" || { bad=1; continue; }
        fi
        run_peer "$peer" "$dir"
    done
done

# The table covers every instance folder present, so re-running some
# instances refreshes their rows and keeps the others.
REPORT=()
for n in $(seq 1 24); do
    if [ -f "$WORK/Instance$n/case.txt" ]; then REPORT+=("Instance$n"); fi
done
for n in "${NAMES[@]}"; do
    case " ${REPORT[*]} " in *" $n "*) ;; *) REPORT+=("$n");; esac
done
mkdir -p "$(dirname "$TABLE")"
{
    echo "Run of \`TIME_LIMIT=$TL BENCH_SOLVERS=\"$SOLVERS\" bench/curtois/run.sh ${NAMES[*]}\` finished $(date -u '+%Y-%m-%d %H:%M UTC')," \
        "checkout at the start: commit $CHECKOUT_AT_START, at the end: commit $(checkout);" \
        "netrota executable of $(date -u -r "$NETROTA" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo '?');" \
        "$(nproc) cores; $(glpsol --version 2>/dev/null | head -1 || true);" \
        "CBC $(cbc -quit 2>/dev/null | sed -n 's/^Version: *\([^ ]*\).*/\1/p' | head -1)."
    echo
    "$PY" "$HERE/report.py" "$WORK" "${REPORT[@]}"
} | tee "$TABLE"
exit $bad
