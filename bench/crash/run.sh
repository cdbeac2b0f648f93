#!/usr/bin/env bash
# The kill -9 crash test (tests/e2e/crash_e2e_test.cc) at length: CYCLES kill/restart cycles
# under write load instead of `make test`'s 20, against the loyal binary of BUILD_DIR. The
# test prints its counts (cycles, acknowledged orders, lost, requests cut off) at the end.
#
# usage: bench/crash/run.sh [BUILD_DIR] [CYCLES] [sqlite|postgres]
#   BUILD_DIR  a build directory with e2e_test built (default build/release:
#              `ninja -C build/release -j2 e2e_test`; build/asan works too, slower)
#   CYCLES     default 1000
#   postgres   uses $LOYAL_TEST_PG, or starts scripts/test-postgres.sh's cluster for the run
#              (its fsync=off does not matter here: the server process is killed, not the
#              machine, so what PostgreSQL has been handed survives either way)
#
#   LOYAL_CRASH_SEED=N repeats a run's kill moments and orders.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${1:-$repo/build/release}
cycles=${2:-1000}
backend=${3:-sqlite}
case $backend in
  sqlite) instance=Sqlite ;;
  postgres) instance=Postgres ;;
  *) echo "usage: bench/crash/run.sh [BUILD_DIR] [CYCLES] [sqlite|postgres]" >&2; exit 2 ;;
esac
test_binary=$build/tests/e2e/e2e_test
[[ -x $test_binary ]] || { echo "run.sh: no $test_binary (ninja -C $build -j2 e2e_test)" >&2; exit 2; }

if [[ $backend == postgres && -z ${LOYAL_TEST_PG:-} ]]; then
  # A cluster already running for this checkout is someone's: use it, leave it running.
  if ! LOYAL_TEST_PG=$("$repo/scripts/test-postgres.sh" url 2>/dev/null); then
    LOYAL_TEST_PG=$("$repo/scripts/test-postgres.sh" start)
    trap '"$repo/scripts/test-postgres.sh" stop >/dev/null 2>&1 || true' EXIT
  fi
  export LOYAL_TEST_PG
fi
echo "crash: $cycles cycles on $backend, $build/loyal; $(uptime)"
LOYAL_CRASH_CYCLES=$cycles "$test_binary" \
  --gtest_filter="Backends/CrashE2eTest.KillNineUnderWriteLoadLosesNoAcknowledgedOrder/$instance"
echo "crash: done; $(uptime)"
