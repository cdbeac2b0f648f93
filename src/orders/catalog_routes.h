// HTTP routes for the product catalog: POST /v1/products (upsert by sku: 201 created,
// 200 updated), GET /v1/products (paged by sku), GET /v1/products/{sku}. Admin keys only.
//
// Thread-safety: the handlers are thread-safe; the Database and Clock must outlive the
// Router.
#pragma once

#include "core/time.h"
#include "db/database.h"
#include "http/handler.h"

namespace loyal::orders {

// Registers the catalog routes.
void AddProductRoutes(http::Router& router, db::Database& db, const Clock& clock);

}  // namespace loyal::orders
