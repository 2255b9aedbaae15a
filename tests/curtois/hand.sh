#!/usr/bin/env bash
# The hand-made instances of tests/data/curtois, one per rule, with the
# optimum worked out by hand in the .md file beside each.
. "$(dirname "$0")/lib.sh"

while read -r name want; do
    [ -f "$DATA/$name.txt" ] && [ -f "$DATA/$name.md" ] || fail "$name: instance or its reasoning missing"
    grep -q "optimum $want\$" "$DATA/$name.md" || fail "$name.md does not state optimum $want"
    solve_optimum "$DATA/$name.txt" "$want" 120
done <<'LIST'
maxcons 100
mincons-border 2
mindaysoff 300
mindaysoff-border 200
maxweekends 200
caps-minutes 270
minminutes 3
succession 200
requests 3
LIST
