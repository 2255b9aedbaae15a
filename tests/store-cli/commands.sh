#!/usr/bin/env bash
# solve records each run; runs, show and publish read them back; publish
# takes SEQUENCE and cancellations from the database and refuses a run whose
# inputs changed; --db and --no-db.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$TMP" || exit 2
fixture "$SRC/tests/data/check/ok" ok

run 0 "solve" solve ok --out o1 --time-limit 20
grep -qx "Recorded run 1 in ok/netrota.db" out || fail "solve did not print its run: $(tail -n 2 out)"
[ "$(sql ok/netrota.db 'SELECT count(*) FROM runs')" = 1 ] || fail "runs table"
slots=$(($(wc -l <o1/rota.csv) - 1))
[ "$(sql ok/netrota.db 'SELECT count(*) FROM assignments WHERE run_id = 1')" = "$slots" ] ||
    fail "assignments do not match rota.csv's $slots slots"
events=$(cat o1/trusts/*.ics o1/people/*.ics | grep -c '^BEGIN:VEVENT')
[ "$(sql ok/netrota.db 'SELECT count(*) FROM publications WHERE run_id = 1')" = "$events" ] ||
    fail "publications do not match the $events events written"
[ -e o1/.netrota-published.json ] && fail "a state file was written although the database keeps the state"
ledger=$(sql ok/netrota.db 'SELECT sum(duties) FROM ledger')
[ "$ledger" = "$slots" ] || fail "ledger holds $ledger duties, expected $slots"

run 0 "runs" runs ok
[ "$(wc -l <out)" = 2 ] || fail "runs: expected a header and one run"
grep -qE '^ +1  [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z  optimal +[0-9.]+ +0\.00% +0 +[0-9.]+  ok$' out ||
    fail "runs line: $(cat out)"

# show: per rota counts agree with the rota.csv written by the solve.
run 0 "show" show 1 ok
grep -qx '  status      optimal in [0-9.]* s' out || fail "show: no status line"
expect=$(python3 - o1/rota.csv <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
members = ["P001", "P002", "P003", "P004", "P005"]
held = sorted(sum(1 for r in rows if r["person"] == p) for p in members)
duties = len({(r["date"], r["shift"]) for r in rows})
empty = sum(1 for r in rows if not r["person"])
print(f"gi-bleed-south  {duties:6}  {len(rows):6}  {empty:9}  {len(members):6}  {held[0]} / {held[2]} / {held[-1]}")
PY
)
grep -qxF "$expect" out || fail "show: expected rota line '$expect' in: $(cat out)"

# publish: the same plan as solved, SEQUENCE unchanged on a re-publish.
run 0 "publish" publish 1 --out pub ok
cmp -s o1/rota.csv pub/rota.csv || fail "published rota.csv differs from the solve's"
read -r changed unchanged cancelled < <(python3 "$HERE/feeds.py" o1 pub trusts/STH.ics) ||
    fail "SEQUENCE rules broken on re-publish"
[ "$changed" = 0 ] && [ "$unchanged" -gt 0 ] || fail "re-publish changed $changed events"

# A consultant on leave for the whole period: their duties move, and the
# new publication raises SEQUENCE exactly on the changed events.
before=$(grep -c ',P002,' o1/rota.csv)
[ "$before" -gt 0 ] || fail "fixture: P002 holds no duty"
printf 'P002,2026-12-21,2027-01-03,sick\n' >>ok/leave.csv
run 0 "solve after leave" solve ok --out pub --time-limit 20
grep -qx "Recorded run 2 in ok/netrota.db" out || fail "second run not recorded as 2"
read -r changed unchanged cancelled < <(python3 "$HERE/feeds.py" o1 pub trusts/STH.ics) ||
    fail "SEQUENCE rules broken after the leave"
[ "$changed" -ge "$before" ] || fail "only $changed events changed, P002 held $before"
read -r changed unchanged cancelled < <(python3 "$HERE/feeds.py" o1 pub people/P002.ics) || fail "P002 feed"
[ "$cancelled" = "$before" ] || fail "P002's feed cancels $cancelled events, expected $before"

# The inputs changed since run 1: publishing it is refused, nothing written.
run 1 "publish stale run" publish 1 --out stale ok
grep -qF "ok: error: input files changed since run 1 was solved; nothing published" err ||
    fail "stale publish message: $(cat err)"
[ -e stale ] && fail "a refused publish wrote files"
[ "$(sql ok/netrota.db 'SELECT DISTINCT run_id FROM publications')" = 2 ] ||
    fail "publications should all be run 2's"

# Usage and missing things.
run 0 "show --help" show --help
grep -q '^usage: netrota show RUN' out || fail "show --help"
run 2 "show bad id" show abc ok
run 1 "show missing run" show 9 ok
grep -qx 'ok/netrota.db: error: no run 9 in this database' err || fail "missing run message: $(cat err)"
run 1 "runs without database" runs --db nothing.db
grep -qx "nothing.db: error: no netrota database here (\`netrota solve\` records runs in it)" err ||
    fail "no database message: $(cat err)"
[ -e nothing.db ] && fail "runs created a database"
run 2 "publish without --out" publish 1 ok

# --db FILE and --no-db.
fixture "$SRC/tests/data/check/ok" ok2
run 0 "solve --db" solve ok2 --out o3 --db other.db --quiet
[ -e ok2/netrota.db ] && fail "--db still wrote the default database"
run 0 "runs --db" runs --db other.db
[ "$(wc -l <out)" = 2 ] || fail "runs --db: $(cat out)"
fixture "$SRC/tests/data/check/ok" ok3
run 0 "solve --no-db" solve ok3 --out o4 --no-db --quiet
[ -e ok3/netrota.db ] && fail "--no-db wrote a database"
[ -e o4/.netrota-published.json ] || fail "--no-db: no state file"
run 2 "--db with --no-db" solve ok3 --db x.db --no-db
echo "ok: runs recorded, shown and published; SEQUENCE raised on $changed changed events only"
