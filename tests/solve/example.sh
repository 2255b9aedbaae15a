#!/usr/bin/env bash
# The South Yorkshire example under a 30 s limit: exit 0, every slot
# covered, optimal or feasible within the default 0.5 % gap, and the
# independent rule checker accepts the rota it wrote.
. "$(dirname "$0")/lib.sh"
skip_if_sanitized

"$NETROTA" solve --no-db "$EXAMPLE" --out "$TMP/out" --time-limit 30 >"$TMP/stdout" 2>"$TMP/stderr"
st=$?
expect_status 0 $st "netrota solve $EXAMPLE"
sum=$TMP/out/summary.json
[ -s "$TMP/out/rota.csv" ] || fail "no rota.csv"
[ -s "$sum" ] || fail "no summary.json"
status=$(json "$sum" 's["status"]')
case $status in
    optimal|feasible) ;;
    *) fail "status $status, expected optimal or feasible" ;;
esac
[ "$(json "$sum" 's["uncovered"]')" = 0 ] || fail "uncovered slots: $(json "$sum" 's["uncovered"]')"
[ "$(json "$sum" 'len(s["uncovered_duties"])')" = 0 ] || fail "uncovered_duties is not empty"
[ "$(json "$sum" 's["gap"] <= 0.005')" = True ] || fail "gap $(json "$sum" 's["gap"]') above 0.005"
[ "$(json "$sum" 's["bound"] <= s["objective"] + 1e-6')" = True ] || fail "bound above the objective"
# Issue 3: every person's total within +-1 of their total target.
far=$(json "$sum" '[(r["id"], p["id"]) for r in s["rotas"] for p in r["people"] if abs(p["duties"]["total"] - p["targets"]["total"]) > 1 + 1e-9]')
[ "$far" = "[]" ] || fail "totals more than one duty from target: $far"
verify "$EXAMPLE" "$TMP/out/rota.csv"
echo "ok: status $status, gap $(json "$sum" 's["gap"]'), $(json "$sum" 's["seconds"]') s"
