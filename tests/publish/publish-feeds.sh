#!/bin/bash
# publish-feeds.sh DRIVER DATA CHECK_FEED - publish the test region's iCalendar
# feeds several times and check them with independent parsers:
#   check-feed (raw RFC 5545 lines, python3-icalendar + vobject, khal import) on
#   every file, and check_publish.py for content, UIDs, SEQUENCE and cancellation.
# Exit 77 (ctest SKIP) when check-feed or the Debian tools are missing.
set -u
DRIVER=$1 DATA=$2 CHECK=$3
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
skip() { echo "SKIP: $*"; exit 77; }
# Under the sanitizers the exporter's C code is covered by export/ical_test.c
# and pubstate_test.c; the khal imports here take minutes.
[ "${NR_SANITIZED:-0}" = 1 ] && skip "not run in the sanitizer build (NR_SANITIZED=1)"
[ -x "$CHECK" ] || skip "$CHECK not found (the independent checks live in ../shared/tools/ics)"
[ -x "$PY" ] && "$PY" -c 'import icalendar, vobject, yaml' 2>/dev/null ||
    skip "needs Debian's python3-icalendar python3-vobject python3-yaml (/usr/bin/python3)"
command -v khal >/dev/null || skip "needs Debian's khal"

T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
OUT=$T/out
failed=0
fail() { echo "FAIL: $*"; failed=1; }
step() { echo "== $*"; }

TOOLS=$(dirname "$CHECK")
# check_all [quick]: check-feed on every feed (a khal import takes seconds per
# feed, so "quick" runs only the raw line checks and python3-icalendar/vobject).
check_all() {
    local n=0 f ok
    for f in "$OUT"/trusts/*.ics "$OUT"/people/*.ics; do
        if [ "${1:-}" = quick ]; then
            "$PY" "$TOOLS/checklines.py" "$f" >"$T/check.log" 2>&1 &&
                "$PY" "$TOOLS/validate_py.py" "$f" >>"$T/check.log" 2>&1
        else
            "$CHECK" "$f" 2027-01-01 2028-01-01 >"$T/check.log" 2>&1
        fi
        ok=$?
        [ $ok -eq 0 ] || { cat "$T/check.log"; fail "check-feed ${1:-} $f"; }
        n=$((n + 1))
    done
    echo "check-feed ${1:-}: $n feeds checked"
}

# Start of the period is 2027-03-22; DTSTAMPs a day apart.
NOW1=1800000000 NOW2=1800086400 NOW3=1800172800 NOW4=1800259200 NOW5=1800345600

step "first publish"
"$DRIVER" "$DATA" "$OUT" $NOW1 || fail "driver (first publish)"
check_all
"$PY" "$HERE/check_publish.py" first "$DATA" "$OUT" $NOW1 || fail "content of the first publish"
cp -a "$OUT" "$T/p1"

step "same plan again: same UIDs and SEQUENCEs"
"$DRIVER" "$DATA" "$OUT" $NOW2 || fail "driver (second publish)"
"$PY" "$HERE/check_publish.py" same "$T/p1" "$OUT" || fail "re-publish of the same plan"
cp -a "$OUT" "$T/p2"

step "one GI slot changes holder"
# Trust feeds T1 and T2 both show the slot (changed: 2); the old holder's feed
# cancels it (1); the new holder's feed gains it with SEQUENCE 0.
"$DRIVER" "$DATA" "$OUT" $NOW3 change || fail "driver (changed plan)"
check_all quick
"$PY" "$HERE/check_publish.py" transition "$T/p2" "$OUT" 2 1 0 || fail "changed duty"
cp -a "$OUT" "$T/p3"

step "the ENT rota is removed: its duties are cancelled"
# 32 Wednesday nights in T2's feed, 31 held by P2 and P4 (the first is uncovered);
# the slot cancelled in the step before is dropped (1).
"$DRIVER" "$DATA/whatif-no-ent.yaml" "$OUT" $NOW4 change || fail "driver (what-if)"
check_all
"$PY" "$HERE/check_publish.py" transition "$T/p3" "$OUT" 0 63 1 || fail "cancelled duties"
grep -q 'STATUS:CANCELLED' "$OUT/people/P4.ics" || fail "P4's feed lacks the cancellations"
cp -a "$OUT" "$T/p4"

step "published again: the cancellations are dropped"
"$DRIVER" "$DATA/whatif-no-ent.yaml" "$OUT" $NOW5 change || fail "driver (after cancel)"
check_all quick
"$PY" "$HERE/check_publish.py" transition "$T/p4" "$OUT" 0 0 63 || fail "dropped cancellations"
cp -a "$OUT" "$T/p5"

step "full disk (file size limit): every previous file intact, an error"
( trap '' XFSZ; ulimit -f 2; exec "$DRIVER" "$DATA" "$OUT" $NOW1 change ) 2>"$T/err.log"
rc=$?
cat "$T/err.log"
[ $rc -ne 0 ] || fail "a full disk was reported as success"
grep -q 'write failed' "$T/err.log" || fail "no 'write failed' diagnostic"
diff -r "$T/p5" "$OUT" || fail "files changed after a failed write"

step "unwritable folder: previous files intact, an error"
if [ "$(id -u)" -ne 0 ]; then
    chmod a-w "$OUT/trusts" "$OUT/people"
    "$DRIVER" "$DATA" "$OUT" $NOW1 change 2>"$T/err.log" && fail "unwritable folder was success"
    chmod u+w "$OUT/trusts" "$OUT/people"
else
    # root writes anywhere: a file where the people folder should be is just as unwritable
    mv "$OUT/people" "$T/people.saved" && echo x >"$OUT/people"
    "$DRIVER" "$DATA" "$OUT" $NOW1 change 2>"$T/err.log" && fail "unwritable folder was success"
    rm "$OUT/people" && mv "$T/people.saved" "$OUT/people"
fi
cat "$T/err.log"
grep -q "$OUT/people" "$T/err.log" || fail "the error does not name the folder"
diff -r "$T/p5" "$OUT" || fail "files changed after a failed publish"

[ $failed -eq 0 ] && echo "PASS" || echo "FAILED"
exit $failed
