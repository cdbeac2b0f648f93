// HTTP routes for orders and returns: POST /v1/orders (idempotent by the shop's order id:
// 201 created, 200 replayed, 409 same id with another body), GET /v1/orders/{id} (with its
// returns), POST /v1/orders/{id}/status, POST /v1/orders/{id}/returns (idempotent by the
// return's id). Admin keys only.
//
// Thread-safety: the handlers are thread-safe; the Database, Clock and time zone must
// outlive the Router.
#pragma once

#include "core/time.h"
#include "db/database.h"
#include "http/handler.h"

namespace date {
class time_zone;
}

namespace loyal::orders {

// Registers the order routes. `shop_zone` (nullptr: UTC) reads times without an offset
// and gives orders their calendar day.
void AddOrderRoutes(http::Router& router, db::Database& db, const Clock& clock,
                    const date::time_zone* shop_zone = nullptr);

}  // namespace loyal::orders
