#!/usr/bin/env bash
# The benchmark's throwaway PostgreSQL 15 cluster: scripts/test-postgres.sh (under /tmp, a
# free port of 127.0.0.1, run as the `postgres` OS user, trust auth) with fsync=on,
# full_page_writes=on and synchronous_commit=on, because a write benchmark that skips the
# flush measures nothing. Its own directory, so it never reuses the fsync=off test cluster.
#
# usage: bench/load/postgres.sh start|url|stop   (start prints the maintenance database URL)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export LOYAL_PG_DURABLE=1
export LOYAL_TEST_PG_DIR=${LOYAL_BENCH_PG_DIR:-/tmp/loyal-bench-pg-$(printf '%s' "$repo" | cksum | cut -d' ' -f1)}
exec "$repo/scripts/test-postgres.sh" "$@"
