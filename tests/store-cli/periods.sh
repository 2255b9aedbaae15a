#!/usr/bin/env bash
# Fairness across periods (issue 5, must-show): two consecutive periods
# solved in turn on one database; the second period's bank-holiday duties
# go first to people who had none in the first. Period 1 is Christmas and
# New Year 2026 (bank holidays 25, 28 Dec, 1 Jan), period 2 Easter 2027
# (26, 29 Mar), ten consultants on one rota.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 2
fixture "$SRC/tests/store-cli/data/periods" p1
fixture "$SRC/tests/store-cli/data/periods" p2
sed -i 's/start: 2026-12-21/start: 2027-03-22/' p2/scenario.yaml
grep -q 'start: 2027-03-22' p2/scenario.yaml || fail "could not move period 2"

# Period 1 solved and published: the ledger fills; it has no history.
run 0 "period 1" solve p1 --out o1 --db shared.db --time-limit 20
grep -q '^Fairness history' out && fail "period 1 found a history: $(grep Fairness out)"
[ "$(sql shared.db "SELECT count(DISTINCT period_start) FROM ledger")" = 1 ] || fail "ledger not filled"

# Period 2 on the same database: the ledger is the history.
run 0 "period 2" solve p2 --out o2 --db shared.db --time-limit 20
grep -qx 'Fairness history: 10 people, 1 period from the database (since 2026-03-23)' out ||
    fail "history line: $(grep -i fairness out || echo none)"
# Looking back less than the gap between the periods finds nothing.
run 0 "period 2, 4 weeks back" solve p2 --out o3 --db shared.db --time-limit 20 --history-weeks 4
grep -q '^Fairness history' out && fail "--history-weeks 4 still read period 1"
run 2 "bad --history-weeks" solve p2 --history-weeks -1
run 2 "--from with --no-db" solve p2 --no-db --from 1

# Bank-holiday duties (starting on one, or covering its noon) of each period.
cat >bh.py <<'PY'
import csv, sys
from datetime import date, datetime
BH = {date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1), date(2027, 3, 26), date(2027, 3, 29)}
MEMBERS = {f"P{i:02}" for i in range(1, 11)}
def bh_holders(path):
    out = []
    for r in csv.DictReader(open(path)):
        a = datetime.fromisoformat(r["start"]).replace(tzinfo=None)
        b = datetime.fromisoformat(r["end"]).replace(tzinfo=None)
        noon = any(a <= datetime(d.year, d.month, d.day, 12) < b for d in BH)
        if a.date() in BH or noon:
            out.append(r["person"])
    return out
h1, h2 = bh_holders(sys.argv[1]), bh_holders(sys.argv[2])
zero = MEMBERS - set(h1)
if len(zero) >= len(h2):
    ok = all(p in zero for p in h2)  # every one to someone who had none
else:
    ok = zero <= set(h2)             # everyone who had none got one
print(len(zero), len(h2), "yes" if ok else "no")
print("period 1 bank-holiday holders:", sorted(h1), "none:", sorted(zero), file=sys.stderr)
print("period 2 bank-holiday holders:", h2, file=sys.stderr)
PY
# Without the history (for the record: the same solve need not do it).
run 0 "period 2 without history" solve p2 --out o0 --no-db --time-limit 20 --history-weeks 0
read -r zero bh0 first0 < <(python3 bh.py o1/rota.csv o0/rota.csv 2>/dev/null)
echo "without history: to people with none first: $first0"
read -r zero bh2 first < <(python3 bh.py o1/rota.csv o2/rota.csv)
[ "${bh2:-0}" -gt 0 ] || fail "period 2 has no bank-holiday duty"
[ "$first" = yes ] || fail "period 2's $bh2 bank-holiday duties did not go first to the $zero people with none in period 1"
echo "ok: $zero people had no bank-holiday duty in period 1; all $bh2 of period 2 went to them"
