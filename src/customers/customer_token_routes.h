// POST /v1/customer-tokens {customer_id, ttl_seconds?}: the shop's backend asks for a
// signed token for its signed-in customer, which the storefront then sends with its
// storefront key (http/customer_tokens.h). Admin keys only. No Idempotency-Key: the call
// stores nothing (a token is computed from the customer, the expiry and the shop's secret),
// so a retry merely gets another token that works as well as the first.
//
// Thread-safety: the handler is thread-safe; the Database and CustomerTokens must outlive
// the Router.
#pragma once

#include "db/database.h"
#include "http/customer_tokens.h"
#include "http/handler.h"

namespace loyal::customers {

void AddCustomerTokenRoutes(http::Router& router, db::Database& db, http::CustomerTokens& tokens);

}  // namespace loyal::customers
