#!/usr/bin/env bash
# netrota solve|check|verify --format curtois: options, errors as
# FILE:LINE:COL, what is written and what is not (no feeds, no database
# unless --db), and the exit statuses.
. "$(dirname "$0")/lib.sh"

# expect_run WANT_STATUS WHAT CMD...: run, keep stdout/stderr in $TMP/out, $TMP/err
expect_run() {
    local want=$1 what=$2
    shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    local st=$?
    if [ $st -ne "$want" ]; then cat "$TMP/out" "$TMP/err" >&2; fail "$what: exit status $st, expected $want"; fi
}

cp "$DATA/maxcons.txt" "$TMP/maxcons.txt"
inst=$TMP/maxcons.txt

# an unknown format is a usage error, for each command
for cmd in solve check verify; do
    args=("$inst")
    [ $cmd = verify ] && args+=("$TMP/none.csv")
    expect_run 2 "$cmd --format bogus" "$NETROTA" $cmd --format bogus "${args[@]}"
    grep -qx "netrota $cmd: --format: 'bogus' is not a format (scenario or curtois)" "$TMP/err" ||
        { cat "$TMP/err" >&2; fail "$cmd: usage message"; }
done
expect_run 2 "solve --from" "$NETROTA" solve "$inst" --format curtois --from 1 --db "$TMP/x.db"
grep -qx "netrota solve: --from does not apply to --format curtois" "$TMP/err" || fail "--from message"
expect_run 2 "solve --history-weeks" "$NETROTA" solve "$inst" --format curtois --history-weeks 4
grep -qx "netrota solve: --history-weeks does not apply to --format curtois" "$TMP/err" || fail "--history-weeks message"

# the default format is scenario: a benchmark file is not a scenario
expect_run 1 "solve without --format" "$NETROTA" solve "$inst" --out "$TMP/nofmt" --no-db
[ ! -e "$TMP/nofmt" ] || fail "a refused input left an output folder"

# a solve writes rota.csv, summary.json, report.html; no feeds; no database
expect_run 0 "solve" "$NETROTA" solve "$inst" --format curtois --out "$TMP/o1" --time-limit 60
for f in rota.csv summary.json report.html; do [ -s "$TMP/o1/$f" ] || fail "no $f"; done
[ ! -e "$TMP/o1/trusts" ] && [ ! -e "$TMP/o1/people" ] || fail "calendar feeds were written"
[ -z "$(find "$TMP" -name '*.db')" ] || fail "a database was created without --db"
grep -qE '^Status: optimal in [0-9.]+ s; penalty 100, bound [0-9.]+, gap 0\.00%$' "$TMP/out" || { cat "$TMP/out" >&2; fail "status line"; }
grep -qx 'Penalty: requests 0 + under cover 100 (1 missing) + over cover 0 (0 extra)' "$TMP/out" || { cat "$TMP/out" >&2; fail "penalty line"; }
grep -q "Recorded run" "$TMP/out" && fail "a run was recorded without --db"
# six of the seven days held by A
[ "$(grep -c ',A,curtois$' "$TMP/o1/rota.csv")" = 6 ] || fail "rota.csv does not hold 6 shifts for A"

# --quiet prints nothing
expect_run 0 "solve --quiet" "$NETROTA" solve "$inst" --format curtois --out "$TMP/o2" --quiet
[ ! -s "$TMP/out" ] || fail "--quiet printed: $(cat "$TMP/out")"

# with --db the run is recorded there
expect_run 0 "solve --db" "$NETROTA" solve "$inst" --format curtois --out "$TMP/o3" --db "$TMP/runs.db"
grep -qx "Recorded run 1 in $TMP/runs.db" "$TMP/out" || { cat "$TMP/out" >&2; fail "run not recorded"; }
expect_run 0 "runs" "$NETROTA" runs --db "$TMP/runs.db"
grep -q "  1  .*maxcons.txt$" "$TMP/out" || { cat "$TMP/out" >&2; fail "runs does not list the run"; }

# check: the summary and the benchmark line; errors as FILE:LINE:COL
expect_run 0 "check" "$NETROTA" check --format curtois "$DATA/Instance1.txt"
grep -qx 'Benchmark: 8 staff, 1 shift type, 14 days; 14 cover rows asking for 71 shifts; 21 on and 5 off requests; 8 days off; 8 shift caps (0 "never")' "$TMP/out" ||
    { cat "$TMP/out" >&2; fail "check: benchmark line"; }
sed 's/^A,D=14,4320,3360/A,D=14,4320,4400/; s/^3,D,4,100,1$/3,X,4,100,1/' "$DATA/Instance1.txt" >"$TMP/bad.txt"
expect_run 1 "check bad" "$NETROTA" check --format curtois "$TMP/bad.txt"
cat >"$TMP/want.err" <<WANT
$TMP/bad.txt:13:13: error: SECTION_STAFF: MinTotalMinutes: 4400 is more than MaxTotalMinutes 4320
$TMP/bad.txt:70:3: error: SECTION_COVER: ShiftID: unknown shift 'X'
netrota check: $TMP/bad.txt: 2 errors, 0 warnings
WANT
diff -u "$TMP/want.err" "$TMP/err" || fail "check: diagnostics differ"

# verify: the rota written above is accepted, with its penalty; a rota that
# puts A on more than 3 days in a row is not, and the checker agrees
expect_run 0 "verify" "$NETROTA" verify --format curtois "$inst" "$TMP/o1/rota.csv"
grep -qx "rota accepted: 7 duties, all rules hold" "$TMP/out" || { cat "$TMP/out" >&2; fail "verify accepted line"; }
grep -qx "penalty 100 (requests 0, under cover 100, over cover 0)" "$TMP/out" || { cat "$TMP/out" >&2; fail "verify penalty"; }
{
    echo "date,rota,shift,person"
    for d in 01 02 03 04 05 06 07; do echo "2024-01-$d,curtois,D,A"; done
} >"$TMP/all.csv"
expect_run 1 "verify all seven" "$NETROTA" verify --format curtois "$inst" "$TMP/all.csv"
grep -q "max_consecutive" "$TMP/out" || grep -q "consecutive" "$TMP/out" || { cat "$TMP/out" >&2; fail "no consecutive violation"; }
grep -qx "penalty 0 (requests 0, under cover 0, over cover 0)" "$TMP/out" || { cat "$TMP/out" >&2; fail "verify penalty of the broken rota"; }
if [ -f "$CHECKER" ]; then
    python3 "$CHECKER" "$inst" "$TMP/all.csv" >"$TMP/check.out" 2>&1 && fail "check.py accepted 7 days in a row"
fi
# A rota that breaks a rule is still priced as it stands: A works their day
# off (day 3, where they also asked to work, weight 1), so that request is
# met and day 3 covered; B's unmet request (3) and A's unwanted day 1 (3)
# make 6, the independent checker's figure too.
cp "$DATA/requests.txt" "$TMP/requests.txt"
{
    echo "date,rota,shift,person"
    for d in 01 02 03 04; do echo "2024-01-$d,curtois,D,A"; done
    for d in 05 06 07; do echo "2024-01-$d,curtois,D,B"; done
} >"$TMP/dayoff.csv"
expect_run 1 "verify a day off worked" "$NETROTA" verify --format curtois "$TMP/requests.txt" "$TMP/dayoff.csv"
grep -qx "1 violations of the benchmark's hard rules" "$TMP/out" || { cat "$TMP/out" >&2; fail "day off: violation count"; }
grep -qx "penalty 6 (requests 6, under cover 0, over cover 0)" "$TMP/out" || { cat "$TMP/out" >&2; fail "day off: penalty as the rota stands"; }
if [ -f "$CHECKER" ]; then
    python3 "$CHECKER" "$TMP/requests.txt" "$TMP/dayoff.csv" >"$TMP/check.out" 2>&1 && fail "check.py accepted a day off worked"
    grep -qx "penalty 6" "$TMP/check.out" || { cat "$TMP/check.out" >&2; fail "check.py's penalty differs from verify's"; }
fi
echo "ok: curtois CLI"
