// HTTP routes of the points ledger ({id} is the shop's customer id; unknown: 404):
//   GET  /v1/customers/{id}/loyalty       balances, points expiring within 30/60/90 days
//   GET  /v1/customers/{id}/ledger        entries, newest first, paged (limit/after)
//   POST /v1/customers/{id}/adjustments   an admin's credit (points > 0) or debit (< 0)
//   POST /v1/customers/{id}/holds         reserve points at checkout
//   POST /v1/holds/{id}/capture|release   resolve a hold by its public id
//   GET  /v1/ledger/liability             outstanding points and their value by expiry month
// Every POST needs an Idempotency-Key. A storefront key with the customer's token
// (http/customer_tokens.h) reaches that customer's loyalty, ledger, holds and their
// resolution; everything else is admin only.
//
// Thread-safety: the handlers are thread-safe; the Database and Clock must outlive the
// Router and be safe to use from many threads.
#pragma once

#include "core/time.h"
#include "db/database.h"
#include "http/handler.h"

namespace loyal::ledger {

void AddLedgerRoutes(http::Router& router, db::Database& db, const Clock& clock);

}  // namespace loyal::ledger
