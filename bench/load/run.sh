#!/usr/bin/env bash
# Load test of a write route with wrk against the real binary (black box: only its CLI and
# HTTP API). Each run: a fresh store, an admin key (`loyal keys create`), the returning
# customers imported (pool-1..pool-N, one order each), `loyal serve --port 0`, an optional
# warm-up, the measured wrk run, the server stopped with SIGTERM, then the store checked:
# the rows the run added must be at least its 2xx responses and at most those plus the
# requests still unanswered when wrk stopped (the server may have finished those). Each
# run first prints what an 8 KiB write + fdatasync costs at that moment (fsync_loop --probe).
# With several --binary options the runs alternate between them (A B A B ...), so a
# before/after comparison sees the same machine load; medians per binary come last.
#
# usage: bench/load/run.sh [options]
#   -b, --binary PATH       loyal binary (repeatable; default build/release/loyal)
#   -d, --duration D        wrk duration of a measured run (default 10s)
#   -c, --connections N     keep-alive connections (default 64)
#   -t, --threads N         wrk threads (default 2)
#   -w, --warmup D          unmeasured load before each run, 0 for none (default 3s)
#   -r, --runs N            runs per binary (default 1)
#   --backend B             sqlite (default) or postgres
#   --pg-url URL            postgres: maintenance database of a running cluster; without it
#                           a throwaway fsync=on cluster is started (bench/load/postgres.sh)
#                           and removed at the end
#   --script FILE           wrk script (default bench/load/orders.lua)
#   --count-sql SQL         rows the run added; {run} is the run's id prefix (default:
#                           SELECT count(*) FROM orders WHERE external_id LIKE '{run}-%')
#   --pool N                returning customers to import first (default 1000)
#   --server-threads N      `loyal serve --threads N` (default: the server's own)
#   --program FILE          put this program document in force before serving, so every
#                           order earns points (bench/load/program.json); default: none
#   --prepare SCRIPT        run SCRIPT once the server is up, before the warm-up, with
#                           LOAD_PORT, LOAD_KEY and LOAD_POOL_SIZE set (holds.lua needs
#                           bench/load/holds_prepare.sh to give the pool points to hold)
#
#   bench/load/run.sh -b /tmp/baseline-loyal -b build/release/loyal -r 3
#   bench/load/run.sh -c 1 -t 1 -d 10s        # single-request latency on an idle server
#   bench/load/run.sh --backend postgres -r 3
#   bench/load/run.sh --script bench/load/holds.lua --prepare bench/load/holds_prepare.sh \
#     --count-sql "SELECT count(*) FROM ledger_holds WHERE reference LIKE '{run}-%'" -r 3
#
# Exit status 1 if any response was not 2xx, any socket error occurred or a store check
# failed: errors are reported, never counted as throughput.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

usage() { sed -n '/^# usage:/,/^# Exit status/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

binaries=()
duration=10s
connections=64
threads=2
warmup=3s
runs=1
backend=sqlite
pg_url=
script=$here/orders.lua
count_sql="SELECT count(*) FROM orders WHERE external_id LIKE '{run}-%'"
pool=1000
server_threads=
program=
prepare=

while [[ $# -gt 0 ]]; do
  case $1 in
    -b|--binary) binaries+=("$(realpath "$2")"); shift 2 ;;
    -d|--duration) duration=$2; shift 2 ;;
    -c|--connections) connections=$2; shift 2 ;;
    -t|--threads) threads=$2; shift 2 ;;
    -w|--warmup) warmup=$2; shift 2 ;;
    -r|--runs) runs=$2; shift 2 ;;
    --backend) backend=$2; shift 2 ;;
    --pg-url) pg_url=$2; shift 2 ;;
    --script) script=$(realpath "$2"); shift 2 ;;
    --count-sql) count_sql=$2; shift 2 ;;
    --pool) pool=$2; shift 2 ;;
    --server-threads) server_threads=$2; shift 2 ;;
    --program) program=$(realpath "$2"); shift 2 ;;
    --prepare) prepare=$(realpath "$2"); shift 2 ;;
    -h|--help) usage ;;
    *) echo "run.sh: unknown option $1" >&2; usage ;;
  esac
done
[[ ${#binaries[@]} -gt 0 ]] || binaries=("$repo/build/release/loyal")
[[ $backend == sqlite || $backend == postgres ]] || { echo "run.sh: --backend sqlite|postgres" >&2; exit 2; }
for b in "${binaries[@]}"; do [[ -x $b ]] || { echo "run.sh: no binary $b" >&2; exit 2; }; done

work=$(mktemp -d /tmp/loyal-load-XXXXXX)
server_pid=
started_cluster=
pg_database=

psql_at() { psql "$1" -v ON_ERROR_STOP=1 -qAtc "$2"; }

stop_server() {
  [[ -n $server_pid ]] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  local rc=0
  wait "$server_pid" || rc=$?
  server_pid=
  return "$rc"
}

drop_database() {
  [[ -n $pg_database ]] || return 0
  psql_at "$pg_url" "DROP DATABASE IF EXISTS $pg_database" >/dev/null
  pg_database=
}

cleanup() {
  stop_server || true
  drop_database || true
  [[ -z $started_cluster ]] || "$here/postgres.sh" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if [[ $backend == postgres ]]; then
  if [[ -z $pg_url ]]; then
    pg_url=$("$here/postgres.sh" start)
    started_cluster=1
  fi
  # Printed so a figure always says whether the cluster flushed its commits.
  echo "postgres: $(psql_at "$pg_url" "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name)
    FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method')")"
fi

# Returning customers: one imported order each, so they are real customers with history.
write_pool_csv() {
  echo "order_id,customer_id,email,placed_at,sku,quantity,unit_price,currency"
  for ((i = 1; i <= pool; i++)); do
    echo "seed-$i,pool-$i,pool-$i@example.com,2024-01-01T10:00:00Z,MUG,1,9.95,EUR"
  done
}
write_pool_csv >"$work/pool.csv"

# Starts binary $1 serving store $2; sets server_pid, and port from its "listening on" line.
start_server() {
  local binary=$1 db=$2 log=$work/server.log
  local args=(serve --db "$db" --port 0)
  [[ -z $server_threads ]] || args+=(--threads "$server_threads")
  "$binary" "${args[@]}" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 600); do
    port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$log")
    [[ -n $port ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$log" >&2
  echo "run.sh: $binary serve did not start" >&2
  exit 1
}

# Reads "name value" lines of a summary file into the associative array `s`.
declare -A s
read_summary() {
  s=()
  local name value
  while read -r name value; do s[$name]=$value; done <"$1"
}

# Runs wrk for duration $2 (wrk's syntax: 10s, 2m) with ids prefixed $1 and key $4; the
# Lua done() hook writes its summary to file $3.
run_wrk() {
  local run_id=$1 d=$2 summary=$3 key=$4
  LOAD_RUN_ID=$run_id LOAD_KEY=$key LOAD_SUMMARY=$summary LOAD_POOL_SIZE=$pool \
    wrk -t"$threads" -c"$connections" -d"$d" --timeout 10s --latency -s "$script" \
    "http://127.0.0.1:$port" >"$work/wrk.out" 2>&1 ||
    { cat "$work/wrk.out" >&2; echo "run.sh: wrk failed" >&2; exit 1; }
}

failed=0
results=$work/results   # lines: binary ok_per_s p50 p90 p99
echo "load: $(basename "$script") on $backend, $connections connections, $threads wrk threads," \
  "$duration per run, warm-up $warmup, $runs run(s) per binary, program ${program:-none}," \
  "prepare ${prepare:-none}; $(uptime)"

for ((r = 1; r <= runs; r++)); do
  for b in "${!binaries[@]}"; do
    binary=${binaries[$b]}
    # Unique across runs of this script and within it, and usable as a database name.
    run_id=r$(date +%s)p$$n${r}b$b
    if [[ $backend == sqlite ]]; then
      rm -rf "$work/store"
      mkdir "$work/store"
      db=$work/store/loyal.db
    else
      pg_database=loyal_bench_${run_id}
      psql_at "$pg_url" "CREATE DATABASE $pg_database" >/dev/null
      db=${pg_url%/*}/$pg_database
    fi
    key=$("$binary" keys create --db "$db" --role admin 2>"$work/keys.err" | head -n1) ||
      { cat "$work/keys.err" >&2; exit 1; }
    "$binary" import --db "$db" "$work/pool.csv" --format orders-csv >"$work/import.log" 2>&1 ||
      { cat "$work/import.log" >&2; echo "run.sh: pool import failed" >&2; exit 1; }
    if [[ -n $program ]]; then
      "$binary" program set --db "$db" "$program" >"$work/program.log" 2>&1 ||
        { cat "$work/program.log" >&2; echo "run.sh: program set failed" >&2; exit 1; }
    fi
    # The flush a commit waits for changes from minute to minute on this shared disk, so
    # every figure comes with what it cost just before.
    disk=$(python3 "$here/../fsync/fsync_loop.py" --dir "$work" --probe)
    start_server "$binary" "$db"
    if [[ -n $prepare ]]; then
      LOAD_PORT=$port LOAD_KEY=$key LOAD_POOL_SIZE=$pool "$prepare" >"$work/prepare.log" 2>&1 ||
        { cat "$work/prepare.log" >&2; echo "run.sh: $prepare failed" >&2; exit 1; }
    fi
    if [[ $warmup != 0 ]]; then
      run_wrk "${run_id}w" "$warmup" "$work/warmup.summary" "$key"
      read_summary "$work/warmup.summary"
      if ((s[non_2xx] + s[socket_errors] > 0)); then
        echo "warm-up: ${s[non_2xx]} non-2xx responses, ${s[socket_errors]} socket errors" >&2
        failed=1
      fi
    fi
    run_wrk "$run_id" "$duration" "$work/run.summary" "$key"
    if ! stop_server; then
      echo "run.sh: the server did not stop cleanly; its log:" >&2
      tail -n 20 "$work/server.log" >&2
      failed=1
    fi
    sql=${count_sql//\{run\}/$run_id}
    if [[ $backend == sqlite ]]; then
      stored=$(sqlite3 "$db" "$sql")
    else
      stored=$(psql_at "$db" "$sql")
      drop_database
    fi
    read_summary "$work/run.summary"
    errors=""
    for name in "${!s[@]}"; do
      [[ $name == status_* ]] && errors+=" ${name#status_}:${s[$name]}"
    done
    printf '%s run %d: %s ok/s  p50 %s ms  p90 %s ms  p99 %s ms  max %s ms  non-2xx %s%s  socket errors %s\n' \
      "$binary" "$r" "${s[ok_per_s]}" "${s[p50_ms]}" \
      "${s[p90_ms]}" "${s[p99_ms]}" "${s[max_ms]}" "${s[non_2xx]}" "${errors:+ (by status$errors)}" \
      "${s[socket_errors]}"
    printf '  store: %s rows for %s 2xx responses and %s unanswered at the stop; disk before: %s\n' \
      "$stored" "${s[ok]}" "${s[unanswered]}" "$disk"
    if ((s[non_2xx] + s[socket_errors] > 0)); then
      echo "  ERRORS: ${s[non_2xx]} non-2xx responses, ${s[socket_errors]} socket errors: not a valid figure" >&2
      failed=1
    fi
    if ((stored < s[ok] || stored > s[ok] + s[unanswered])); then
      echo "  STORE CHECK FAILED: expected ${s[ok]}..$((s[ok] + s[unanswered])) rows" >&2
      failed=1
    fi
    echo "$binary ${s[ok_per_s]} ${s[p50_ms]} ${s[p90_ms]} ${s[p99_ms]}" >>"$results"
  done
done

# The median of column $2 of the result lines of binary $1.
median() {
  awk -v b="$1" -v col="$2" '$1 == b { print $col }' "$results" | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
if ((runs > 1)); then
  for binary in "${binaries[@]}"; do
    printf 'median of %d, %s: %s ok/s  p50 %s ms  p90 %s ms  p99 %s ms\n' "$runs" "$binary" \
      "$(median "$binary" 2)" "$(median "$binary" 3)" "$(median "$binary" 4)" "$(median "$binary" 5)"
  done
fi
echo "load: done; $(uptime)"
exit "$failed"
