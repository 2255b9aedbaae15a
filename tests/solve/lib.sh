# Shared helpers for the netrota solve end-to-end tests (sourced).
# Every script is run as: SCRIPT NETROTA SRC, from ctest.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 NETROTA SRC" >&2
    exit 2
fi
NETROTA=$1
SRC=$(cd "$2" && pwd) || exit 2
EXAMPLE=$SRC/examples/south-yorkshire
export LC_ALL=C TZ=UTC
[ -x "$NETROTA" ] || { echo "no executable at $NETROTA" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/netrota-solve-test.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# skip_if_sanitized: the heavy tests take minutes under ASan; the asan
# preset sets NR_SANITIZED=1 and ctest reports them as skipped (77).
skip_if_sanitized() {
    if [ "${NR_SANITIZED:-0}" = 1 ]; then
        echo "skipped: NR_SANITIZED=1 (too slow under the sanitizers)"
        exit 77
    fi
}

# json FILE EXPR: print a Python expression over the parsed JSON `s`.
json() {
    python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# expect_status WANT GOT WHAT
expect_status() {
    [ "$2" = "$1" ] || fail "$3: exit status $2, expected $1"
}

# verify SCENARIO ROTA: the independent rule checker must accept the rota.
verify() {
    "$NETROTA" verify "$1" "$2" >"$TMP/verify.out" 2>&1
    local st=$?
    if [ $st -ne 0 ]; then
        cat "$TMP/verify.out" >&2
        fail "netrota verify $2: exit status $st"
    fi
}
