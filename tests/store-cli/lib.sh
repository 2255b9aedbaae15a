# Shared helpers for the store-cli tests (sourced). Run as SCRIPT NETROTA SRC.
set -u
if [ $# -ne 2 ]; then
    echo "usage: $0 NETROTA SRC" >&2
    exit 2
fi
NETROTA=$1
SRC=$(cd "$2" && pwd) || exit 2
export LC_ALL=C TZ=UTC
[ -x "$NETROTA" ] || { echo "no executable at $NETROTA" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/netrota-store-cli.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
expect_status() {
    [ "$2" = "$1" ] || fail "$3: exit status $2, expected $1"
}
# run WANT WHAT ARGS...: run netrota, keep its output in $TMP/out, $TMP/err.
run() {
    local want=$1 what=$2
    shift 2
    "$NETROTA" "$@" >"$TMP/out" 2>"$TMP/err"
    local st=$?
    if [ "$st" != "$want" ]; then
        cat "$TMP/out" "$TMP/err" >&2
        fail "$what: exit status $st, expected $want"
    fi
}
# sql DB QUERY: one value from a database, read with python3's sqlite3.
sql() {
    python3 -c 'import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
for row in c.execute(sys.argv[2]): print("|".join("" if v is None else str(v) for v in row))' "$1" "$2"
}
# fixture SRC_DIR DEST: a private copy of a scenario folder, without any
# database a run in the source tree may have left there.
fixture() {
    cp -r "$1" "$2" || fail "cannot copy $1"
    find "$2" -name 'netrota.db*' -delete
}
