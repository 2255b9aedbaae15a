# Shared helpers for the curtois end-to-end tests (sourced).
# Every script is run as: SCRIPT NETROTA SRC, from ctest.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 NETROTA SRC" >&2
    exit 2
fi
NETROTA=$1
SRC=$(cd "$2" && pwd) || exit 2
DATA=$SRC/tests/data/curtois
CHECKER=$SRC/bench/curtois/check.py
export LC_ALL=C TZ=UTC
[ -x "$NETROTA" ] || { echo "no executable at $NETROTA" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/netrota-curtois-test.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

skip_if_sanitized() {
    if [ "${NR_SANITIZED:-0}" = 1 ]; then
        echo "skipped: NR_SANITIZED=1 (too slow under the sanitizers)"
        exit 77
    fi
}

# json FILE EXPR: a Python expression over the parsed JSON `s`.
json() {
    python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# solve_optimum INSTANCE WANT TIME_LIMIT: solve with the CLI and assert that
# the benchmark's penalty WANT is reached and proven, on stdout, in
# summary.json, by `netrota verify` and (once it exists) by the independent
# checker bench/curtois/check.py.
solve_optimum() {
    solve_and_check proven "$@"
}

# solve_reaching INSTANCE WANT TIME_LIMIT: the same, but the search stops at
# WANT (--target) without having to prove it: every check of the rota, the
# penalty and the independent checker still applies; only the proof does not.
solve_reaching() {
    solve_and_check target "$@"
}

solve_and_check() {
    local mode=$1 inst=$2 want=$3 limit=$4
    local name out
    name=$(basename "$inst" .txt)
    out=$TMP/$name
    local extra=()
    [ "$mode" = target ] && extra=(--target "$want")
    "$NETROTA" solve "$inst" --format curtois --out "$out" --time-limit "$limit" "${extra[@]}" \
        >"$TMP/$name.stdout" 2>"$TMP/$name.stderr"
    local st=$?
    if [ $st -ne 0 ]; then cat "$TMP/$name.stdout" "$TMP/$name.stderr" >&2; fi
    [ $st -eq 0 ] || fail "$name: netrota solve exit status $st, expected 0"
    if [ "$mode" = target ]; then
        grep -qE "^Status: (optimal|feasible) in [0-9.]+ s; penalty $want, bound " "$TMP/$name.stdout" || {
            cat "$TMP/$name.stdout" >&2
            fail "$name: stdout does not report penalty $want"
        }
        echo "reached penalty $want in $(json "$out/summary.json" 's["seconds"]') s (bound $(json "$out/summary.json" 's["penalty_bound"]'))"
        check_rota "$inst" "$out" "$want" "$name"
        return
    fi
    grep -qE "^Status: optimal in [0-9.]+ s; penalty $want, bound [0-9.]+, gap 0\.00%$" "$TMP/$name.stdout" || {
        cat "$TMP/$name.stdout" >&2
        fail "$name: stdout does not report penalty $want, proven optimal"
    }
    check_rota "$inst" "$out" "$want" "$name"
    local sum=$out/summary.json
    [ "$(json "$sum" 'round(s["penalty"], 6)')" = "$want.0" ] || fail "$name: summary penalty $(json "$sum" 's["penalty"]'), expected $want"
    [ "$(json "$sum" 's["penalty_bound"] >= '"$want"' - 1 + 1e-6')" = True ] || fail "$name: summary penalty_bound $(json "$sum" 's["penalty_bound"]') does not prove $want"
    [ "$(json "$sum" 's["gap"] < 1e-3')" = True ] || fail "$name: summary gap $(json "$sum" 's["gap"]')"
    echo "ok: $name penalty $want, optimal"
}

# check_rota INSTANCE OUT WANT NAME: summary.json's penalty and terms, netrota
# verify and the independent checker all give WANT.
check_rota() {
    local inst=$1 out=$2 want=$3 name=$4
    local sum=$out/summary.json
    [ -f "$sum" ] && [ -f "$out/rota.csv" ] && [ -f "$out/report.html" ] || fail "$name: outputs missing"
    [ ! -e "$out/trusts" ] && [ ! -e "$out/people" ] || fail "$name: calendar feeds were written"
    [ "$(json "$sum" 's["objective_kind"]')" = penalty ] || fail "$name: objective_kind is not penalty"
    [ "$(json "$sum" 'round(s["objective"], 6)')" = "$want.0" ] || fail "$name: summary objective $(json "$sum" 's["objective"]'), expected $want"
    [ "$(json "$sum" 'round(s["objective_terms"]["min_hours_short"], 6)')" = 0.0 ] || fail "$name: MinTotalMinutes missed"
    local terms
    terms=$(json "$sum" 'round(s["objective_terms"]["requests"] + s["objective_terms"]["under_cost"] + s["objective_terms"]["over_cost"], 6)')
    [ "$terms" = "$want.0" ] || fail "$name: requests + under_cost + over_cost = $terms, expected $want"
    "$NETROTA" verify --format curtois "$inst" "$out/rota.csv" >"$TMP/$name.verify" 2>&1 || {
        cat "$TMP/$name.verify" >&2
        fail "$name: netrota verify rejected the rota"
    }
    grep -qE "^penalty $want \(" "$TMP/$name.verify" || { cat "$TMP/$name.verify" >&2; fail "$name: verify penalty"; }
    if [ -f "$CHECKER" ]; then
        python3 "$CHECKER" "$inst" "$out/rota.csv" --expect "$want" >"$TMP/$name.check" 2>&1 || {
            cat "$TMP/$name.check" >&2
            fail "$name: bench/curtois/check.py does not agree"
        }
        tail -n 1 "$TMP/$name.check" | grep -qx "penalty $want" || fail "$name: checker's penalty differs"
    else
        fail "$CHECKER is missing"
    fi
}
