#!/usr/bin/env bash
# Runs every test of the hub and ends with one line: "N passed, N failed".
# Redis: set HUB_TEST_REDIS=host:port to use a running server; otherwise the tests start a
# private redis-server from the PATH (apt-get install -y redis-server).
# Extra arguments go to `dotnet test` (for example --filter FullyQualifiedName~Caching).
set -uo pipefail
cd "$(dirname "$0")"

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# A test that hangs is stopped after 8 minutes (the slowest test takes about one) and reported by name, as a
# failure, instead of holding the whole run until CI's own limit.
dotnet test Hub.sln -c Release --logger "trx" --results-directory "$results" \
  --blame-hang --blame-hang-timeout 8m --blame-hang-dump-type none "$@"
status=$?

passed=0
failed=0
found=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  found=1
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(printf '%s' "$counters" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
  f=$(printf '%s' "$counters" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
  e=$(printf '%s' "$counters" | grep -o ' error="[0-9]*"' | grep -o '[0-9]*')
  t=$(printf '%s' "$counters" | grep -o ' timeout="[0-9]*"' | grep -o '[0-9]*')
  a=$(printf '%s' "$counters" | grep -o ' aborted="[0-9]*"' | grep -o '[0-9]*')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done
# A build failure or a crashed test host leaves no results: count it as a failure, never as a pass.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=$((failed + 1))
fi
[ "$found" -eq 1 ] || [ "$status" -ne 0 ] || failed=$((failed + 1))

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
