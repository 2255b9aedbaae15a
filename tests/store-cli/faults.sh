#!/usr/bin/env bash
# Faults: a failed import or solve changes nothing in the database; two
# solves on one database at once both succeed or one is told it is locked,
# and the file stays sound; a database of a newer schema is refused.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 2
digest() { python3 -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"; }

fixture "$SRC/tests/data/check/ok" ok
run 0 "first solve" solve ok --out o1 --quiet
before=$(digest ok/netrota.db)
[ -e ok/netrota.db-wal ] && fail "WAL left behind after a clean exit"

# A broken input file: exit 1, the database byte for byte as it was.
cp ok/consultants.csv consultants.good
printf 'P009,Dr Nobody,NOPE,NGH,gi-bleed-south,1,\n' >>ok/consultants.csv
run 1 "solve with a bad consultant" solve ok --out o2 --quiet
grep -q "ok/consultants.csv:[0-9]*:.*NOPE" err || fail "the bad row is not reported: $(cat err)"
[ "$(digest ok/netrota.db)" = "$before" ] || fail "a failed import changed the database"
[ "$(sql ok/netrota.db 'SELECT count(*) FROM runs')" = 1 ] || fail "run count changed"
cp consultants.good ok/consultants.csv

# A failed solve (the model cannot be written): exit 5, nothing recorded.
run 5 "solve that fails" solve ok --out o2 --write-mps "$TMP/no/such/dir/model.mps" --quiet
[ "$(digest ok/netrota.db)" = "$before" ] || fail "a failed solve changed the database"

# A broken scenario never solved before: no database appears at all.
fixture "$SRC/tests/data/check/ok" fresh
printf 'P009,Dr Nobody,NOPE,NGH,gi-bleed-south,1,\n' >>fresh/consultants.csv
run 1 "fresh broken solve" solve fresh --out o3 --quiet
[ -e fresh/netrota.db ] && fail "a failed import created a database"

# Two processes on one database.
"$NETROTA" solve ok --out a --quiet >a.out 2>a.err &
pa=$!
"$NETROTA" solve ok --out b --quiet >b.out 2>b.err &
pb=$!
wait $pa; sa=$?
wait $pb; sb=$?
ok_runs=1
for x in a b; do
    st=$sa; [ $x = b ] && st=$sb
    if [ "$st" = 0 ]; then
        ok_runs=$((ok_runs + 1))
    elif [ "$st" = 5 ]; then
        grep -q "database is locked by another netrota process" $x.err || fail "solve $x: exit 5 without the locked message: $(cat $x.err)"
    else
        cat $x.err >&2
        fail "concurrent solve $x: exit status $st"
    fi
done
[ "$(sql ok/netrota.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after two writers"
[ "$(sql ok/netrota.db 'SELECT count(*) FROM runs')" = "$ok_runs" ] || fail "expected $ok_runs runs"
[ "$(sql ok/netrota.db 'SELECT count(DISTINCT run_id) FROM assignments')" = "$ok_runs" ] || fail "a run lost its assignments"

# A database from a newer netrota: refused by every command, left untouched.
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA journal_mode=DELETE"); c.execute("PRAGMA user_version = 99"); c.commit(); c.close()' ok/netrota.db
newer=$(digest ok/netrota.db)
msg="ok/netrota.db: error: database schema version 99 is newer than this netrota understands (2); upgrade netrota"
run 1 "runs on a newer database" runs ok
grep -qxF "$msg" err || fail "runs: newer schema message: $(cat err)"
run 1 "solve on a newer database" solve ok --out o5 --quiet
grep -qxF "$msg" err || fail "solve: newer schema message: $(cat err)"
grep -q "the run was not recorded and the feeds were not published" err || fail "solve does not say the run was not recorded"
[ -s o5/rota.csv ] || fail "the solve's rota.csv was lost"
[ -e o5/trusts ] && fail "feeds published without their database"
[ "$(digest ok/netrota.db)" = "$newer" ] || fail "the newer database was modified"
echo "ok: failed import and solve leave the database unchanged; $ok_runs runs after two writers; newer schema refused"
