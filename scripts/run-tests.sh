#!/usr/bin/env bash
# Runs the whole suite of a build directory with a throwaway PostgreSQL cluster beside it.
# ctest's closing summary line is the last thing printed.
set -euo pipefail
build_dir=${1:?usage: run-tests.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)

url=$("$here/test-postgres.sh" start)
trap '"$here/test-postgres.sh" stop >/dev/null 2>&1 || true' EXIT
export LOYAL_TEST_PG="$url"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build_dir" -j"$(nproc)" --output-on-failure --timeout 900
