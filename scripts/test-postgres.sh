#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests.
#
#   scripts/test-postgres.sh start   initdb + start on a free port of 127.0.0.1 (trust auth);
#                                    prints the URL of the maintenance database on stdout
#   scripts/test-postgres.sh url     prints that URL if the cluster is running
#   scripts/test-postgres.sh stop    stops it and removes its directory
#
#   export LOYAL_TEST_PG=$(scripts/test-postgres.sh start)
#
# The server runs as the `postgres` OS user (it refuses root; tests run as root). The
# cluster lives in $LOYAL_TEST_PG_DIR (default: a directory under /tmp named after this
# checkout, so two checkouts do not share one). `start` is idempotent: a running cluster is
# reused, a dead one left by a crashed run is removed and made anew. fsync is off: nothing
# here must survive a machine crash, and it makes CREATE/DROP DATABASE (one per test) ten
# times faster; Loyal's own durability settings are still exercised (synchronous_commit=on).
# LOYAL_PG_DURABLE=1 keeps fsync and full_page_writes on instead: the benchmark cluster of
# bench/load/postgres.sh, whose commit figures must include the flush.
set -euo pipefail

bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
checkout=$(cd "$(dirname "$0")/.." && pwd)
dir=${LOYAL_TEST_PG_DIR:-/tmp/loyal-test-pg-$(printf '%s' "$checkout" | cksum | cut -d' ' -f1)}
user=postgres
if [[ ${LOYAL_PG_DURABLE:-0} == 1 ]]; then
  durability="-c fsync=on -c full_page_writes=on -c synchronous_commit=on"
else
  durability="-c fsync=off -c full_page_writes=off"
fi

log() { echo "test-postgres: $*" >&2; }

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

url_of() { echo "postgresql://$user@127.0.0.1:$(cat "$dir/port")/postgres"; }

running() {
  [[ -f $dir/port && -d $dir/data ]] && as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 &&
    as_pg "$bin/pg_isready" -q -h 127.0.0.1 -p "$(cat "$dir/port")"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

remove_cluster() {
  if [[ -d $dir/data ]]; then
    as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

start() {
  if running; then
    url_of
    return
  fi
  [[ -x $bin/initdb ]] || { log "no $bin/initdb: install postgresql-15"; exit 1; }
  id "$user" >/dev/null 2>&1 || { log "no OS user $user: install postgresql-15"; exit 1; }
  remove_cluster
  mkdir -p "$dir"
  chown "$user" "$dir" 2>/dev/null || true
  chmod 700 "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --locale=C -N >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; log "initdb failed"; exit 1; }
  # Ports can be taken between the check and the bind, so a failed start tries another.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 $durability" >/dev/null 2>&1; then
      echo "$port" >"$dir/port"
      log "PostgreSQL running in $dir on port $port"
      url_of
      return
    fi
  done
  cat "$dir/server.log" >&2 || true
  log "could not start PostgreSQL"
  exit 1
}

case ${1:-} in
  start) start ;;
  url)
    running || { log "no test cluster running in $dir"; exit 1; }
    url_of
    ;;
  stop)
    if [[ -d $dir/data ]]; then
      as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    remove_cluster
    log "stopped and removed $dir"
    ;;
  *)
    echo "usage: $0 start|url|stop" >&2
    exit 2
    ;;
esac
