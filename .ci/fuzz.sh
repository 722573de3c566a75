#!/usr/bin/env bash
# Runs every fuzz target of the repository for DURATION each (a go test
# -fuzztime: 5s, 10m, 100000x), one after the other, and stops at the first
# failure. A crash leaves its input in the package's testdata/fuzz/<Target>/,
# where plain go test replays it from then on: commit it with the fix.
#   .ci/fuzz.sh 5s     make test's short run
#   .ci/fuzz.sh 5m     make soak
# FUZZ_MATCH=regexp limits the targets (by name); FUZZ_FLAGS adds go test flags
# (-parallel 1); FUZZ_KEEP_GOING=1 runs the other targets after a failure. Each
# target's last count of executions is repeated at the end as a summary.
set -uo pipefail
duration=${1:?usage: .ci/fuzz.sh DURATION}
go=${GO:-go}
cd "$(dirname "$0")/.."
# package directory and target name of every "func FuzzX(f *testing.F)"
targets=$(grep -rl --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]+\(f \*testing\.F\)' . |
  while read -r file; do
    dir=$(dirname "$file")
    grep -oE '^func Fuzz[A-Za-z0-9_]+' "$file" | sed "s|^func |$dir |"
  done | sort)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
summary=()
failed=()
while read -r dir name; do
  [ -n "$name" ] || continue
  if [ -n "${FUZZ_MATCH:-}" ] && ! [[ $name =~ $FUZZ_MATCH ]]; then continue; fi
  crashers="$dir/testdata/fuzz/$name"
  before=$(ls "$crashers" 2>/dev/null | sort)
  echo "fuzz: $name ($dir) for $duration"
  # shellcheck disable=SC2086
  "$go" test -run '^$' -fuzz "^${name}\$" -fuzztime "$duration" ${FUZZ_FLAGS:-} "$dir" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  execs=$(grep -oE 'execs: [0-9]+' "$log" | tail -1)
  if [ "$status" -ne 0 ]; then
    after=$(ls "$crashers" 2>/dev/null | sort)
    # Go 1.26's fuzzing coordinator can report its own -fuzztime deadline as a
    # failure (go.dev/issue/75804, fixed in Go 1.27): no crasher is written then.
    if [ "$before" = "$after" ] && grep -q '^    context deadline exceeded$' "$log" && ! grep -q 'panic:' "$log"; then
      echo "fuzz: $name: the coordinator's deadline race (go.dev/issue/75804), no failing input: not a failure"
    else
      echo "fuzz: $name FAILED; a failing input is in $crashers" >&2
      failed+=("$name")
      summary+=("$name: ${execs:-execs: ?} FAILED")
      [ -n "${FUZZ_KEEP_GOING:-}" ] || break
      continue
    fi
  fi
  summary+=("$name: ${execs:-execs: ?}")
done <<<"$targets"
echo "fuzz: ${#summary[@]} targets ran for $duration each"
printf '  %s\n' "${summary[@]}"
[ ${#failed[@]} -eq 0 ]
