#!/usr/bin/env bash
# run-case.sh NETROTA SRC CASE_DIR: run one golden CLI case and compare.
#
# A case is a folder holding:
#   cmd     one line: the arguments to netrota, as shell words; $SRC is the
#           source tree and $TMP a scratch folder made for this run
#   status  the expected exit status (0 when the file is missing)
#   stdout  the expected standard output   } a missing file is not compared;
#   stderr  the expected standard error    } an empty file expects no output
# The command runs with the source tree as its working directory, so paths
# in diagnostics are relative and stable (tests/data/...). Occurrences of
# the scratch folder's path in the output are replaced by the text $TMP.
#
# NR_UPDATE_GOLDEN=1 rewrites status and the stdout/stderr files that the
# case already has with what the program printed (review with git diff).
set -u

if [ $# -ne 3 ]; then
    echo "usage: run-case.sh NETROTA SRC CASE_DIR" >&2
    exit 2
fi
netrota=$1
SRC=$(cd "$2" && pwd) || exit 2
case_dir=$(cd "$3" && pwd) || exit 2
name=$(basename "$case_dir")

if [ ! -x "$netrota" ]; then
    echo "cli_$name: no executable at $netrota" >&2
    exit 2
fi
if [ ! -f "$case_dir/cmd" ]; then
    echo "cli_$name: $case_dir/cmd is missing" >&2
    exit 2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/netrota-cli-$name.XXXXXX") || exit 2
out=$(mktemp -d "${TMPDIR:-/tmp}/netrota-cli-out.XXXXXX") || exit 2
trap 'rm -rf "$TMP" "$out"' EXIT
export SRC TMP LC_ALL=C TZ=UTC

cmdline=$(head -n 1 "$case_dir/cmd")
# The cases are ours: eval splits the line into words and expands $SRC/$TMP.
eval "args=($cmdline)" || {
    echo "cli_$name: cannot parse cmd: $cmdline" >&2
    exit 2
}

(cd "$SRC" && exec "$netrota" "${args[@]}") >"$out/stdout.raw" 2>"$out/stderr.raw" </dev/null
status=$?

# Make the scratch path stable in what is compared.
tmp_re=$(printf '%s' "$TMP" | sed 's/[][\.*^$|/]/\\&/g')
for s in stdout stderr; do
    sed "s/$tmp_re/\$TMP/g" "$out/$s.raw" >"$out/$s"
done

expected_status=0
if [ -f "$case_dir/status" ]; then
    expected_status=$(tr -d '[:space:]' <"$case_dir/status")
fi

if [ "${NR_UPDATE_GOLDEN:-0}" = 1 ]; then
    echo "$status" >"$case_dir/status"
    for s in stdout stderr; do
        [ -f "$case_dir/$s" ] && cp "$out/$s" "$case_dir/$s"
    done
    echo "cli_$name: updated"
    exit 0
fi

fail=0
echo "cli_$name: netrota $cmdline"
if [ "$status" != "$expected_status" ]; then
    echo "exit status $status, expected $expected_status"
    fail=1
fi
for s in stdout stderr; do
    [ -f "$case_dir/$s" ] || continue
    if ! diff -u --label "expected $s" --label "actual $s" "$case_dir/$s" "$out/$s"; then
        fail=1
    fi
done
if [ $fail -ne 0 ]; then
    for s in stdout stderr; do
        if [ ! -f "$case_dir/$s" ] && [ -s "$out/$s" ]; then
            echo "--- $s (not compared) ---"
            cat "$out/$s"
        fi
    done
fi
exit $fail
