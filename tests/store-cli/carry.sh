#!/usr/bin/env bash
# solve --from after the scenario changed in ways the stored run cannot
# follow exactly: a consultant removed from consultants.csv, the period made
# a week longer, the period moved away altogether. What still fits is
# carried over; the rest is said on stderr; nothing is refused unless the
# run shares no duty with the scenario.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 2
fixture "$SRC/tests/store-cli/data/periods" s
run 0 "first solve" solve s --out o1 --db c.db --time-limit 20

# P03 leaves: their duties are open again and go to others; the change list
# has one line per duty of theirs at least.
p03=$(grep -c ',P03,' o1/rota.csv)
[ "$p03" -gt 0 ] || fail "P03 held no duty in run 1; the fixture no longer tests a removal"
sed -i '/^P03,/d' s/consultants.csv
grep -q '^P03,' s/consultants.csv && fail "could not remove P03"
run 0 "re-solve without P03" solve s --out o2 --db c.db --time-limit 20 --from 1
grep -q "run 1: P03 is not in this scenario; the $p03 dut\(y\|ies\) they held \(is\|are\) open again" err ||
    fail "no warning naming P03 and their $p03 duties: $(cat err)"
grep -q ',P03,' o2/rota.csv && fail "P03 still holds duties"
moved=$(sed -n 's/^Changes against run 1: \([0-9]*\) dut.* moved$/\1/p' out)
[ -n "$moved" ] || fail "no change line: $(cat out)"
[ "$moved" -ge "$p03" ] || fail "$moved duties moved, fewer than P03's $p03"
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["changes"]["from_run"])' o2/summary.json)" = 1 ] ||
    fail "summary.json has no changes from run 1"
# Each of P03's duties is listed as theirs, not as an empty slot filled.
expect_left() { # OUT SUMMARY DUTIES: every duty (date,rota,shift lines) as P03's
    local n=0 date rota shift
    while IFS=, read -r date rota shift; do
        grep -q "^  $date  $rota  $shift  P03 (left the scenario) -> " "$1" ||
            fail "$date $rota $shift is not listed as P03's: $(sed -n '/^Changes/,/^$/p' "$1")"
        n=$((n + 1))
    done <"$3"
    [ "$(grep -c ' P03 (left the scenario) -> ' "$1")" = "$n" ] ||
        fail "not $n lines from P03: $(sed -n '/^Changes/,/^$/p' "$1")"
    python3 - "$2" "$3" <<'PY' || fail "summary.json: P03's changes are not their $n duties"
import json, sys
got = sorted((c["date"], c["rota"], c["shift"])
             for c in json.load(open(sys.argv[1]))["changes"]["list"]
             if c["from"] == "P03" and c.get("from_left") is True)
want = sorted(tuple(line.strip().split(",")) for line in open(sys.argv[2]) if line.strip())
sys.exit(got != want)
PY
}
grep ',P03,' o1/rota.csv | cut -d, -f1-3 >p03.csv
expect_left out o2/summary.json p03.csv

# A week longer: the first two weeks are carried, the third starts open.
sed -i 's/weeks: 2 }/weeks: 3 }/' s/scenario.yaml
run 0 "re-solve a week longer" solve s --out o3 --db c.db --time-limit 20 --from 2
grep -q "run 2: [0-9]* duties of this scenario are not in the run; they start open" err ||
    fail "no warning about the new week: $(cat err)"
new=$(sed -n 's/.*run 2: \([0-9]*\) duties of this scenario.*/\1/p' err | head -1)
[ "$new" -gt 0 ] || fail "no new duties counted"

# P03 left and the shift of their first duty is gone from the rota: its
# duties are not carried, whoever held them (a warning, no change line);
# P03's other duties are listed as theirs.
fixture "$SRC/tests/store-cli/data/periods" s2
sed -i '/^P03,/d' s2/consultants.csv
gone_shift=$(head -1 p03.csv | cut -d, -f3)
python3 - s2/scenario.yaml "$gone_shift" <<'PY' || fail "could not remove $gone_shift from the rota"
import re, sys
text = open(sys.argv[1]).read()
line = re.search(r"^    shifts: \[.*\]$", text, re.M)
kept = [s.strip() for s in line.group(0).split("[")[1].rstrip("]").split(",") if s.strip() != sys.argv[2]]
assert len(kept) == 2
open(sys.argv[1], "w").write(text.replace(line.group(0), "    shifts: [" + ", ".join(kept) + "]"))
PY
run 0 "re-solve without P03 and $gone_shift" solve s2 --out o5 --db c.db --time-limit 20 --from 1
grep -q "run 1: [0-9]* of its duties are not duties of this scenario" err ||
    fail "no warning about the duties of $gone_shift: $(cat err)"
grep -q "  $gone_shift  " out && fail "a $gone_shift duty is in the change list: $(cat out)"
grep -v ",$gone_shift\$" p03.csv >p03-kept.csv
expect_left out o5/summary.json p03-kept.csv

# Another period altogether: refused, nothing recorded.
runs_before=$(sql c.db "SELECT count(*) FROM runs")
sed -i 's/start: 2026-12-21/start: 2027-06-07/' s/scenario.yaml
run 1 "re-solve another period" solve s --out o4 --db c.db --time-limit 20 --from 1
grep -q "run 1 shares no duty with this scenario" err || fail "no refusal: $(cat err)"
[ "$(sql c.db "SELECT count(*) FROM runs")" = "$runs_before" ] || fail "a refused re-solve recorded a run"
[ -e o4/rota.csv ] && fail "a refused re-solve wrote a rota"
echo "carry: P03's $p03 duties reopened ($moved moved, listed as P03's), $new new duties," \
    "$(wc -l <p03-kept.csv) of P03's listed with $gone_shift gone, another period refused"
exit 0
