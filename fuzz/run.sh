#!/usr/bin/env bash
# fuzz/run.sh SECONDS [TARGET...] - run each fuzz target for SECONDS on a
# scratch copy of its committed corpus (fuzz/corpus/<target>, which is never
# grown here). Any crash, leak, sanitizer report, timeout (>10 s per input)
# or memory blow-up (>2 GB) fails the run; the input that did it is kept in
# $NR_FUZZ_ARTIFACTS (default build/fuzz/artifacts) to add to the corpus.
# Targets default to all; the binaries are looked for in $NR_FUZZ_BUILD
# (default build/fuzz/fuzz). Build them first:
#   CC=clang cmake -S . -B build/fuzz -DNETROTA_FUZZ=ON -DNETROTA_TESTS=OFF
#   cmake --build build/fuzz -j2
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
[[ $seconds =~ ^[0-9]+$ ]] || { echo "run.sh: SECONDS must be a whole number" >&2; exit 2; }
build=${NR_FUZZ_BUILD:-$root/build/fuzz/fuzz}
artifacts=${NR_FUZZ_ARTIFACTS:-$root/build/fuzz/artifacts}
all=(scenario yaml csv ics plancsv curtois)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all[@]}")

mkdir -p "$artifacts"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/nrfuzz-run.XXXXXX")
# the targets write each input to a file: keep those in memory, and remove
# them even when a target dies on a finding
if [[ -w /dev/shm ]]; then inputs=$(mktemp -d /dev/shm/nrfuzz-in.XXXXXX); else inputs=$scratch; fi
export NR_FUZZ_TMP=$inputs
trap 'rm -rf "$scratch" "$inputs"' EXIT

failed=()
for t in "${targets[@]}"; do
  t=${t#fuzz_}
  bin=$build/fuzz_$t
  if [[ ! -x $bin ]]; then
    echo "run.sh: $bin not built" >&2
    failed+=("$t")
    continue
  fi
  work=$scratch/$t
  mkdir -p "$work"
  cp -r "$here/corpus/$t/." "$work/"
  log=$artifacts/fuzz_$t.log
  echo "== fuzz_$t: ${seconds}s"
  # -fork would hide a crash's stack; one process, sanitizers abort on a finding.
  if ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
     UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
     "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
       -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/fuzz_${t}-" \
       "$work" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" | tr '\n' ' '
    echo
  else
    echo "run.sh: fuzz_$t FAILED; last lines of $log:" >&2
    tail -n 40 "$log" >&2
    failed+=("$t")
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "run.sh: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "run.sh: ${#targets[@]} target(s) ran ${seconds}s each with no finding"
