// HTTP route for reading orders: GET /v1/orders/{id} (with its returns). Admin keys only.
// Writing them (POST /v1/orders, its status and returns) is order intake's:
// intake/order_intake_routes.h.
//
// Thread-safety: the handler is thread-safe; the Database must outlive the Router.
#pragma once

#include "db/database.h"
#include "http/handler.h"

namespace loyal::orders {

// Registers GET /v1/orders/{id}.
void AddOrderRoutes(http::Router& router, db::Database& db);

}  // namespace loyal::orders
