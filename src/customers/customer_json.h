// The JSON shape of customers on the API: reading POST /v1/customers bodies (unknown fields
// refused, errors naming the field) and writing a customer for responses. Also usable by
// later rooms that show customers (PII export). Pure functions; thread-safe.
#pragma once

#include <boost/json/object.hpp>

#include "core/error.h"
#include "customers/customers.h"

namespace loyal::customers {

// Reads {"external_id", "email", "name", "country", "birthday" ("YYYY-MM-DD"),
// "marketing_consent" (bool), "kind"} (the properties of kCustomerInputSchema); only
// external_id is required. A null email, name, country or birthday is recorded in
// CustomerInput::cleared. Errors: invalid_argument with the field's path for wrong types,
// unknown fields, bad values or a null external_id, marketing_consent or kind.
[[nodiscard]] Result<CustomerInput> ParseCustomerInput(const boost::json::object& body);

// Writes {"external_id", "kind", "email", "name", "country", "birthday",
// "marketing_consent", "created_at", "updated_at"}; absent values are null; a guest's
// external_id is its public guest_… id. The internal id is never shown.
boost::json::object CustomerJson(const Customer& customer);

// The OpenAPI schema objects (JSON text) of the two shapes above.
extern const char kCustomerInputSchema[];
extern const char kCustomerSchema[];

}  // namespace loyal::customers
