#!/usr/bin/env bash
# Read routes under load, each against /healthz in the same run: one store of returning
# customers (pool-1..pool-N, each with orders across the past year, imported), a program with
# tiers (bench/load/tiers_program.json) put in force and the tiers evaluated by the jobs, one
# `loyal serve`, then rounds of wrk on /healthz and on each route in turn, so every route's
# rate has a /healthz rate measured beside it. Medians per route and their ratio to /healthz
# come last.
#
# usage: bench/load/reads.sh [-b BINARY] [-r ROUNDS] [-d DURATION] [-c CONNECTIONS] [--pool N]
#   defaults: build/release/loyal, 3 rounds, 10s, 64 connections, 2 wrk threads, pool 1000
# Exit status 1 if any response was not 2xx or a socket error occurred.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
binary=$repo/build/release/loyal
rounds=3
duration=10s
connections=64
pool=1000
routes=(/healthz "/v1/customers/{id}/tier" "/v1/customers/{id}/loyalty" "/v1/customers/{id}")
while [[ $# -gt 0 ]]; do
  case $1 in
    -b) binary=$(realpath "$2"); shift 2 ;;
    -r) rounds=$2; shift 2 ;;
    -d) duration=$2; shift 2 ;;
    -c) connections=$2; shift 2 ;;
    --pool) pool=$2; shift 2 ;;
    *) sed -n '/^# usage:/,/^# Exit/p' "$0" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/loyal-reads-XXXXXX)
server_pid=
cleanup() {
  [[ -z $server_pid ]] || { kill -TERM "$server_pid" 2>/dev/null; wait "$server_pid" || true; }
  rm -rf "$work"
}
trap cleanup EXIT

# Four orders a customer over the past year, so the tier window has something to count.
{
  echo "order_id,customer_id,email,placed_at,sku,quantity,unit_price,currency"
  for ((i = 1; i <= pool; i++)); do
    for m in 2 5 8 11; do
      echo "seed-$i-$m,pool-$i,pool-$i@example.com,$(date -u -d "-$m months" +%Y-%m-%dT10:00:00Z),MUG,$((i % 7 + 1)),19.95,EUR"
    done
  done
} >"$work/pool.csv"
db=$work/loyal.db
key=$("$binary" keys create --db "$db" --role admin | head -n1)
"$binary" program set --db "$db" "$here/tiers_program.json" >/dev/null
"$binary" import --db "$db" "$work/pool.csv" --format orders-csv --earn >"$work/import.log" 2>&1 ||
  { cat "$work/import.log" >&2; exit 1; }
"$binary" jobs run --db "$db" >/dev/null

"$binary" serve --db "$db" --port 0 >"$work/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 600); do
  port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$work/server.log")
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || { cat "$work/server.log" >&2; exit 1; }
echo "reads: $connections connections, 2 wrk threads, $duration per run, $rounds rounds, pool $pool; $(uptime)"

failed=0
declare -A rates p99s
for ((r = 1; r <= rounds; r++)); do
  for route in "${routes[@]}"; do
    LOAD_PATH=$route LOAD_KEY=$key LOAD_POOL_SIZE=$pool LOAD_SUMMARY=$work/summary \
      wrk -t2 -c"$connections" -d"$duration" --latency -s "$here/reads.lua" \
      "http://127.0.0.1:$port" >"$work/wrk.out" 2>&1 || { cat "$work/wrk.out" >&2; exit 1; }
    declare -A s=()
    while read -r name value; do s[$name]=$value; done <"$work/summary"
    if [[ ${s[non_2xx]} != 0 || ${s[socket_errors]} != 0 ]]; then
      echo "round $r $route: ${s[non_2xx]} non-2xx, ${s[socket_errors]} socket errors" >&2
      failed=1
    fi
    printf 'round %d  %-28s %9s req/s  p99 %7s ms\n' "$r" "$route" "${s[ok_per_s]}" "${s[p99_ms]}"
    rates[$route]+="${s[ok_per_s]} "
    p99s[$route]+="${s[p99_ms]} "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
base=$(echo "${rates[/healthz]}" | median)
echo "medians over $rounds rounds:"
for route in "${routes[@]}"; do
  rate=$(echo "${rates[$route]}" | median)
  printf '  %-28s %9s req/s  p99 %7s ms  %5.1f%% of /healthz\n' "$route" "$rate" \
    "$(echo "${p99s[$route]}" | median)" "$(echo "$rate $base" | awk '{print 100 * $1 / $2}')"
done
exit "$failed"
