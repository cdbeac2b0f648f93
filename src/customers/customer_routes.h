// HTTP routes for customers: POST /v1/customers (upsert by the shop's id), GET
// /v1/customers (paged, filter by email or kind), GET /v1/customers/{id}. Admin keys only.
//
// Thread-safety: the handlers are thread-safe; the Database, Clock and hook must outlive
// the Router and be safe to use from many threads.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "customers/customers.h"
#include "db/database.h"
#include "http/handler.h"

namespace loyal::customers {

// Adds members to GET /v1/customers/{id}'s response, in its read transaction: how rooms
// that know more about a customer (analytics' saved scores) join the record without
// this room depending on them. app/ supplies it; an error becomes the response's error.
using CustomerDetailHook =
    std::function<Status(db::Transaction&, const Customer&, boost::json::object&)>;

// Registers the three routes on `router`. `detail` may be empty.
void AddCustomerRoutes(http::Router& router, db::Database& db, const Clock& clock,
                       CustomerDetailHook detail = {});

// Reads the "limit" query parameter (default 50). Errors: invalid_argument (field
// "limit") unless it is an integer 1..500. Shared by the catalog's list route.
[[nodiscard]] Result<int> PageLimit(const http::Request& request);

// The paging parameters of a list route ("limit", "after"), for its RouteSpec; `order` names
// what "after" continues from (e.g. "the last sku of the previous page").
std::vector<http::QueryParam> PageQueryParams(std::string_view order);

}  // namespace loyal::customers
