#!/usr/bin/env bash
# Runs every test of the solution and ends with one line: "N passed, N failed[, N skipped]".
# Starts the loopback services the tests need (PostgreSQL, FTP) when their programs are installed
# and the caller did not point the tests at its own (SODIMO_TEST_POSTGRES, SODIMO_TEST_FTP).
# Usage: build/test.sh [extra dotnet test arguments, e.g. --filter Category!=Slow]
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# shellcheck source=build/services.sh
source "$root/build/services.sh"
start_services

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build Sodimo.Crm.sln -c Release -nologo -clp:ErrorsOnly
build_rc=$?

dotnet test Sodimo.Crm.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" \
  --logger "console;verbosity=minimal" "$@"
test_rc=$?

stop_services

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  line=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$line")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$line")
  x=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${t:-0} - ${x:-0}))
done
# A build that failed or a test run that crashed without a failed test still counts as a failure.
if [ "$build_rc" -ne 0 ] || { [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; }; then
  failed=$((failed + 1))
  echo "build or test host failed (build exit $build_rc, test exit $test_rc)" >&2
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
