#!/usr/bin/env bash
# Ctrl-C during a long solve: a 52-week copy of the example with gap 0 (and
# weekend limits raised so that every slot can be covered) runs for a while;
# SIGINT two seconds into the search must make netrota exit with 4 within
# 2 s, having written the best rota so far and its summary (status
# "interrupted"); the rule checker accepts the rota.
. "$(dirname "$0")/lib.sh"
skip_if_sanitized

big=$TMP/big
cp -r "$EXAMPLE" "$big" || fail "cannot copy the example"
sed -i -E -e 's/weeks: 26/weeks: 52/' -e 's/max_weekends: ([0-9]+)/max_weekends: 1\1/' "$big/scenario.yaml"
grep -q 'weeks: 52' "$big/scenario.yaml" || fail "could not lengthen the period"

"$NETROTA" solve --no-db "$big" --out "$TMP/out" --gap 0 --time-limit 600 >"$TMP/stdout" 2>"$TMP/stderr" &
pid=$!
# The first progress line comes once the greedy plan exists.
for _ in $(seq 600); do
    grep -q greedy "$TMP/stderr" && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
done
grep -q greedy "$TMP/stderr" || { kill -KILL $pid 2>/dev/null; cat "$TMP/stderr" >&2; fail "no progress line within 60 s"; }
sleep 2
kill -0 $pid 2>/dev/null || fail "the solve ended before the signal; the instance is too easy"
kill -INT $pid
sent=${EPOCHREALTIME/./}
# The process must stop, with the rota and summary on disk, within 2 s of
# the signal (issue 3). An interrupted rota is a draft: no feeds are published.
gone=
while [ $(( ${EPOCHREALTIME/./} - sent )) -lt 2000000 ]; do
    if ! kill -0 $pid 2>/dev/null; then gone=1; break; fi
    sleep 0.02
done
took_us=$(( ${EPOCHREALTIME/./} - sent ))
took=$(printf '%d.%02d' $((took_us / 1000000)) $((took_us % 1000000 / 10000)))
if [ -z "$gone" ]; then
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    fail "still running 2 s after SIGINT"
fi
[ -e "$TMP/out/summary.json" ] || fail "no summary.json after SIGINT"
[ ! -e "$TMP/out/trusts" ] || fail "an interrupted rota must not be published to calendars"
wait $pid
st=$?
if [ $st -ne 4 ]; then cat "$TMP/stdout" "$TMP/stderr" >&2; fi
expect_status 4 $st "netrota solve after SIGINT"
sum=$TMP/out/summary.json
[ -s "$TMP/out/rota.csv" ] || fail "no rota.csv after SIGINT"
[ "$(json "$sum" 's["status"]')" = interrupted ] || fail "status $(json "$sum" 's["status"]'), expected interrupted"
[ "$(json "$sum" 's["uncovered"]')" = 0 ] || fail "the interrupted plan leaves slots uncovered"
verify "$big" "$TMP/out/rota.csv"
echo "ok: exited ${took} s after SIGINT with code 4; rota and summary written, rota accepted, no feeds"
