#!/usr/bin/env bash
# netrota compare on a small base and a what-if that merges its two GI
# bleed rotas into one: the figures agree with the published rota, a second
# compare reuses the stored runs, and the three formats carry the same facts.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 2
fixture "$SRC/tests/data/scenario/basic" b

run 0 "compare json" compare b b/whatif/merge.yaml --format json --time-limit 20
cp out first.json
grep -q "^b: solving" err && grep -q "^b/whatif/merge.yaml: solving" err || fail "compare did not solve both: $(cat err)"
[ -e b/netrota.db ] && [ -e b/whatif/netrota.db ] || fail "compare did not record its runs"
python3 - first.json <<'PY' || fail "compare JSON"
import json, sys
s = json.load(open(sys.argv[1]))["scenarios"]
assert [x["label"] for x in s] == ["b", "merge"], s
assert [x["reused"] for x in s] == [False, False]
gi = [next(g for g in x["services"] if g["name"] == "GI bleed") for x in s]
assert [g["rotas"] for g in gi] == [2, 1], gi
assert [len(x["rotas"]) for x in s] == [2, 1]
for x in s:
    assert x["all"]["duties"] == sum(r["duties"] for r in x["rotas"])
    assert x["all"]["uncovered"] == sum(r["uncovered"] for r in x["rotas"])
    held = x["all"]["slots"] - x["all"]["uncovered"]
    assert sum(t["duties"] for t in x["all"]["trusts"]) == held, x["all"]["trusts"]
    f = x["all"]["on_call_1_in"]
    assert f["min"] <= f["median"] <= f["max"]
PY

# The base's figures, recomputed from the rota that publish writes for its run.
run 0 "publish base" publish 1 --out pub b
python3 - first.json pub/rota.csv b/consultants.csv <<'PY' || fail "figures do not match the rota"
import csv, json, statistics, sys
s = json.load(open(sys.argv[1]))["scenarios"][0]
rows = list(csv.DictReader(open(sys.argv[2])))
people = [p["id"] for p in csv.DictReader(open(sys.argv[3]))]
held = {p: sum(1 for r in rows if r["person"] == p) for p in people}
n = [14 / k for k in held.values() if k]
g = next(g for g in s["services"] if g["name"] == "GI bleed")
got = g["on_call_1_in"]
want = {"people": len(n), "min": min(n), "median": statistics.median(n), "max": max(n)}
for k, v in want.items():
    assert abs(got[k] - v) < 1e-9, (k, got[k], v)
assert g["uncovered"] == sum(1 for r in rows if not r["person"]), g
assert g["slots"] == len(rows)
assert g["people"] == len(people) and g["people_without_duty"] == sum(1 for k in held.values() if not k)
PY

# Again: both runs come from the databases, with the same figures.
run 0 "compare text" compare b b/whatif/merge.yaml
grep -q "^b: run 1 of b/netrota.db (inputs unchanged)$" err || fail "base run not reused: $(cat err)"
grep -q "^b/whatif/merge.yaml: run 1 of b/whatif/netrota.db (inputs unchanged)$" err || fail "what-if run not reused"
grep -qE '^run +1 \(stored\) +1 \(stored\)$' out || fail "text: run line: $(head -3 out)"
grep -qx 'Service: GI bleed' out || fail "text: no GI bleed section"
sed -n '/^Service: GI bleed$/,/^$/p' out | grep -qE '^  rotas +2 +1$' || fail "text: GI bleed rotas 2 against 1"
base_freq=$(python3 -c 'import json,sys; f=[g for g in json.load(open(sys.argv[1]))["scenarios"][0]["services"] if g["name"]=="GI bleed"][0]["on_call_1_in"]; print("%.1f / %.1f / %.1f" % (f["min"], f["median"], f["max"]))' first.json)
sed -n '/^Service: GI bleed$/,/^$/p' out | grep -qF "  on call 1 in N (min/med/max)    $base_freq" || fail "text: GI bleed frequency is not $base_freq"
[ "$(sql b/netrota.db 'SELECT count(*) FROM runs')" = 1 ] || fail "a reused run was recorded again"

run 0 "compare csv" compare b b/whatif/merge.yaml --format csv
python3 - out first.json <<'PY' || fail "compare CSV"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert rows and list(rows[0]) == ["scenario", "section", "group", "metric", "value"]
v = {(r["scenario"], r["section"], r["group"], r["metric"]): r["value"] for r in rows}
s = json.load(open(sys.argv[2]))["scenarios"]
assert v[("merge", "service", "GI bleed", "rotas")] == "1"
assert v[("b", "run", "", "source")] == "stored"
for x in s:
    assert float(v[(x["label"], "all", "all rotas", "travel_minutes")]) == x["all"]["travel_minutes"]
    assert int(v[(x["label"], "all", "all rotas", "uncovered")]) == x["all"]["uncovered"]
PY

# Usage and input errors: nothing is solved when one scenario is broken.
run 2 "one scenario" compare b
run 2 "bad format" compare b b/whatif/merge.yaml --format xml
fixture "$SRC/tests/data/scenario/basic" broken
printf 'P009,Dr Nobody,NOPE,NGH,gi-south,1,\n' >>broken/consultants.csv
run 1 "broken what-if" compare b broken
grep -q "broken/consultants.csv:[0-9]*:" err || fail "the broken row is not reported"
grep -q "solving" err && fail "compare solved although an input was broken"
echo "ok: compare figures match the rota; stored runs reused; text, csv and json agree"
