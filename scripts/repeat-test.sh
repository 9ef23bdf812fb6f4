#!/usr/bin/env bash
# Runs the mocha tests matching PATTERN (in FILES, default: all) COUNT times in a row, each in a fresh
# process, and stops at the first failure. Used to prove a once-flaky test is fixed, e.g.
#   scripts/repeat-test.sh 50 "logs one line per request" test/integration/router.test.ts
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 2 ]]; then
  echo "usage: $0 COUNT PATTERN [FILE...]" >&2
  exit 2
fi

count=$1
pattern=$2
shift 2
files=("$@")
[[ ${#files[@]} -gt 0 ]] || files=('test/**/*.test.ts')
for ((run = 1; run <= count; run++)); do
  if ! output=$(npx mocha --reporter dot -g "$pattern" "${files[@]}" 2>&1); then
    printf '%s\n' "$output"
    echo "run $run of $count failed" >&2
    exit 1
  fi

  passing=$(grep -Eo '[0-9]+ passing' <<<"$output" || true)
  echo "run $run/$count: ${passing:-0 passing}"
  if [[ -z $passing || $passing == "0 passing" ]]; then
    echo "no test matched \"$pattern\"" >&2
    exit 1
  fi
done

echo "all $count runs passed"
