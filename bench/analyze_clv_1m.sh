#!/usr/bin/env bash
# The speed benchmark of `loyal analyze clv` (issue 3): read a 1,000,000-customer demo file,
# summarise, fit BG/NBD and Gamma-Gamma, score every customer, write --customers-out. Wall time
# by hyperfine (10 runs after a warm-up), peak memory by /usr/bin/time. With a second binary,
# both run back to back in one hyperfine session, so their ratio is measured under similar load.
#
# Usage: bench/analyze_clv_1m.sh [LOYAL [BASELINE_LOYAL]]   (default build/release/loyal)
# The demo file is made once, in $LOYAL_BENCH_DIR (default /tmp), and reused.
set -euo pipefail

loyal=${1:-build/release/loyal}
baseline=${2:-}
data=${LOYAL_BENCH_DIR:-/tmp}/demo_1m.csv

if [[ ! -f $data ]]; then
  "$loyal" demo --customers 1000000 --seed 1 --orders-csv "$data"
fi

clv() {  # clv BINARY OUTPUT-SUFFIX
  echo "$1 analyze clv --transactions $data --format orders-csv --calibration-end 2025-06-30" \
       "--customers-out ${data%.csv}_customers_$2.csv"
}

commands=("$(clv "$loyal" new)")
if [[ -n $baseline ]]; then commands+=("$(clv "$baseline" baseline)"); fi
hyperfine -N -w 1 -r 10 "${commands[@]}"
# shellcheck disable=SC2046  # the command is meant to be split into words
/usr/bin/time -f "peak RSS %M KB, wall %e s" $(clv "$loyal" new) > /dev/null
if [[ -n $baseline ]]; then
  cmp "${data%.csv}_customers_new.csv" "${data%.csv}_customers_baseline.csv" &&
    echo "both binaries wrote the same --customers-out file"
fi
