#!/usr/bin/env bash
# Minimal-change re-solve on the example (issue 5, must-show): after a
# two-week sickness is added for one consultant, `solve --from RUN` moves
# the duties the sickness forces off them and as few others as the rules
# require (the count is printed), and the publication raises SEQUENCE only
# on the events of the duties that moved, in trust and person feeds.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "${NR_SANITIZED:-0}" = 1 ]; then
    echo "skipped: two 26-week solves of the example are too slow under the sanitizers"
    exit 77
fi
cd "$TMP" || exit 2
fixture "$SRC/examples/south-yorkshire" sy

run 0 "first solve" solve sy --out o1 --time-limit 30 --history-weeks 0 --seed 1
grep -qx "Recorded run 1 in sy/netrota.db" out || fail "first run not recorded: $(tail -n 2 out)"

# The consultant holding the most duties in a fortnight of the period, who
# now falls sick for exactly that fortnight.
read -r who start end forced < <(python3 - o1/rota.csv <<'PY'
import csv, sys
from datetime import date, datetime, timedelta
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["person"]]
start, end = date(2026, 11, 30), date(2026, 12, 13)  # Mon..Sun, inclusive
lo = datetime(start.year, start.month, start.day)
hi = datetime(end.year, end.month, end.day) + timedelta(days=1)
count = {}
for r in rows:
    a, b = datetime.fromisoformat(r["start"]), datetime.fromisoformat(r["end"])
    a = a.replace(tzinfo=None) - (a.utcoffset() or timedelta(0))  # UTC
    b = b.replace(tzinfo=None) - (b.utcoffset() or timedelta(0))
    if a < hi and b > lo:  # London is UTC in Nov/Dec
        count[r["person"]] = count.get(r["person"], 0) + 1
who = max(sorted(count), key=lambda p: count[p])
print(who, start, end, count[who])
PY
)
[ -n "${forced:-}" ] && [ "$forced" -gt 0 ] || fail "no consultant holds a duty in the fortnight"
printf '%s,%s,%s,sick\n' "$who" "$start" "$end" >>sy/leave.csv

run 0 "solve --from 1" solve sy --out o2 --time-limit 30 --history-weeks 0 --seed 1 --from 1
grep -qx "Recorded run 2 in sy/netrota.db" out || fail "second run not recorded"
line=$(grep '^Changes against run 1: ' out) || fail "no changes header: $(cat out)"
count=$(echo "$line" | sed -E 's/^Changes against run 1: ([0-9]+) dut(y|ies) moved$/\1/')
[ "$count" -ge 0 ] 2>/dev/null || fail "changes header: $line"
listed=$(sed -n '/^Changes against run 1: /,/^$/p' out | grep -c '^  [0-9]')
[ "$listed" = "$count" ] || fail "header says $count, $listed lines listed"
off=$(sed -n '/^Changes against run 1: /,/^$/p' out | grep -c "^  [0-9-]*  .*  $who (.*) -> ")
echo "sick: $who $start..$end; duties in the fortnight $forced; moved $count ($off from $who)"
[ "$off" = "$forced" ] || fail "$forced of $who's duties fall in the sickness, $off moved off them"
# As few others as the rules require: each forced move may push at most
# one more duty (a rest or frequency rule of the person taking it over).
[ "$count" -ge "$forced" ] && [ "$count" -le $((2 * forced)) ] ||
    fail "$count duties moved for $forced forced"
[ "$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["changes"]; print(c["from_run"], c["count"], len(c["list"]))' o2/summary.json)" = "1 $count $count" ] ||
    fail "summary.json changes"
# Every other duty kept its holder: rota.csv differs on exactly those lines.
diffs=$(python3 - o1/rota.csv o2/rota.csv <<'PY'
import csv, sys
a, b = (list(csv.DictReader(open(p))) for p in sys.argv[1:3])
assert len(a) == len(b)
print(sum(1 for x, y in zip(a, b) if x["person"] != y["person"]))
PY
)
[ "$diffs" = "$count" ] || fail "rota.csv: $diffs slots changed holder, $count reported"

read -r raised kept new moved < <(python3 "$HERE/seqcheck.py" o1 o2 o2/summary.json) ||
    fail "SEQUENCE not raised exactly on the moved duties"
[ "$moved" = "$count" ] || fail "seqcheck saw $moved moved duties"
[ "$kept" -gt 0 ] && [ "$raised" -gt 0 ] || fail "raised $raised, kept $kept"
echo "ok: $count duties moved ($forced forced off $who); SEQUENCE raised on $raised events (+$new new), kept on $kept"
