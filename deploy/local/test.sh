#!/usr/bin/env bash
# Runs every test (unit and integration; the tests start their own redis-server on free loopback ports, and
# the desk's browser tests a headless Debian chromium),
# then buf lint on the contract as one more check (skipped when buf cannot be fetched, unless REQUIRE_BUF
# is set, as CI does), and ends with the totals as "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
bash deploy/local/ensure-redis.sh || exit 1
bash deploy/local/ensure-chromium.sh || exit 1
results="$(pwd)/artifacts/test-results"
rm -rf "$results"
dotnet test Moderation.sln -c Release --logger "trx" --results-directory "$results" "$@"
status=$?
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with status $status (a build error or a test class cleanup failure; see above)" >&2
  # Counted, so the totals line never reads as a pass when nothing could be built.
  failed=1
fi
bash deploy/local/lint-protos.sh
lint=$?
if [ "$lint" -eq 0 ]; then
  echo "buf lint: passed"
  passed=$((passed + 1))
elif [ "$lint" -eq 3 ] && [ -z "${REQUIRE_BUF:-}" ]; then
  # Offline, or without a way to install npm: the tests above still count; CI sets REQUIRE_BUF.
  echo "buf lint: skipped (buf could not be fetched from the npm registry)"
else
  echo "buf lint: failed (see above)"
  failed=$((failed + 1)); status=1
fi
echo "${passed} passed, ${failed} failed"
exit $status
