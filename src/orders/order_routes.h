// HTTP routes for orders and returns: POST /v1/orders (idempotent by the shop's order id:
// 201 created, 200 replayed, 409 same id with another body), GET /v1/orders/{id} (with its
// returns), POST /v1/orders/{id}/status, POST /v1/orders/{id}/returns (idempotent by the
// return's id). Admin keys only.
//
// Times without an offset are read in the shop's time_zone setting, read in each request's
// transaction (settings/settings_service.h), so a change applies without a restart.
//
// Thread-safety: the handlers are thread-safe; the Database and Clock must outlive the
// Router.
#pragma once

#include "core/time.h"
#include "db/database.h"
#include "http/handler.h"

namespace loyal::orders {

// Registers the order routes.
void AddOrderRoutes(http::Router& router, db::Database& db, const Clock& clock);

}  // namespace loyal::orders
