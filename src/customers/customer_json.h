// The JSON shape of customers on the API: reading POST /v1/customers bodies (unknown fields
// refused, errors naming the field) and writing a customer for responses. Also usable by
// later rooms that show customers (PII export). Pure functions; thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "core/error.h"
#include "customers/customers.h"

namespace loyal::customers {

// Reads {"external_id", "email", "name", "country", "birthday" ("YYYY-MM-DD"),
// "marketing_consent" (bool), "kind"}; only external_id is required. Errors:
// invalid_argument with the field's path for wrong types, unknown fields or bad values.
[[nodiscard]] Result<CustomerInput> ParseCustomerInput(const boost::json::object& body);

// Writes {"external_id", "kind", "email", "name", "country", "birthday",
// "marketing_consent", "created_at", "updated_at"}; absent values are null. The internal
// id is never shown.
boost::json::object CustomerJson(const Customer& customer);

// The OpenAPI schema objects (JSON text) of the two shapes above.
extern const char kCustomerInputSchema[];
extern const char kCustomerSchema[];

}  // namespace loyal::customers
