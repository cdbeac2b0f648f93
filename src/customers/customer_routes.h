// HTTP routes for customers: POST /v1/customers (upsert by the shop's id), GET
// /v1/customers (paged, filter by email or kind), GET /v1/customers/{id}. Admin keys only.
//
// Thread-safety: the handlers are thread-safe; the Database, Clock and hooks must outlive
// the Router and be safe to use from many threads.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "customers/customers.h"
#include "db/database.h"
#include "http/handler.h"

namespace loyal::customers {

// What one room adds to GET /v1/customers/{id}'s response, in its read transaction: how
// rooms that know more about a customer (analytics' saved scores) join the record without
// this room depending on them. app/ supplies the list; each hook's `add` sets the member
// `name` (or leaves it out when it has nothing), and `schema` describes that member in the
// route's OpenAPI response schema. An error from `add` becomes the response's error.
struct CustomerDetailHook {
  std::string name;    // the member it adds, e.g. "analytics"
  std::string schema;  // OpenAPI schema object of that member, as JSON text
  std::function<Status(db::Transaction&, const Customer&, boost::json::object&)> add;
};

// Registers the three routes on `router`; `details` run in order on each GET of one
// customer. Two hooks naming one member, or a hook's schema that is not a JSON object, is
// a programmer error (throws std::logic_error).
void AddCustomerRoutes(http::Router& router, db::Database& db, const Clock& clock,
                       std::vector<CustomerDetailHook> details = {});

}  // namespace loyal::customers
