#!/usr/bin/env bash
# Gives each pool customer (pool-1 .. pool-$LOAD_POOL_SIZE) 10,000,000 points through
# POST /v1/customers/{id}/adjustments on the server at 127.0.0.1:$LOAD_PORT, so that
# bench/load/holds.lua's 1-point holds never run short. Run by run.sh --prepare.
set -euo pipefail
: "${LOAD_PORT:?}" "${LOAD_KEY:?}"
pool=${LOAD_POOL_SIZE:-1000}
credit() {
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$LOAD_PORT/v1/customers/pool-$1/adjustments" \
    -H "Authorization: Bearer $LOAD_KEY" -H "Content-Type: application/json" \
    -H "Idempotency-Key: bench-credit-$1" -d '{"points":10000000,"reason":"load test"}'
}
export -f credit
export LOAD_PORT LOAD_KEY
seq "$pool" | xargs -P 16 -I{} bash -c 'credit {}'
echo "credited $pool customers"
