// The JSON shapes of orders, returns and status changes on the API: reading request bodies
// (unknown fields refused; errors name the field by path, "lines[0].quantity") and writing
// responses. Unit prices travel as decimal strings ("2.55", up to 6 decimals) or as integer
// micro-units ("unit_price_micros": 2550000), never as JSON floats, so no amount passes
// through a double. Pure functions; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "orders/catalog.h"
#include "orders/orders.h"

namespace loyal::orders {

// A request body's time is kept as written: without an offset it is wall-clock time in the
// shop's time zone, a setting that the use case reads inside its own transaction (so a
// change applies to the next request), not here where the body is parsed.
struct OrderRequest {
  OrderInput input;  // input.placed_at is left unset
  std::optional<ParsedDateTime> placed_at;

  // Returns the input with placed_at read in `zone` (nullptr: UTC).
  OrderInput InZone(const date::time_zone* zone) const;
};

struct ReturnRequest {
  ReturnInput input;  // input.returned_at is left unset
  std::optional<ParsedDateTime> returned_at;

  // Returns the input with returned_at read in `zone` (nullptr: UTC).
  ReturnInput InZone(const date::time_zone* zone) const;
};

// Reads {"external_id", "customer": {"external_id", "email", "name"} (absent or no
// external_id: a guest order), "placed_at" (ISO 8601), "currency", "status",
// "discount_minor", "shipping_minor", "tax_minor" (integers, default 0), "points_holds"
// (hold ids), "lines": [{"sku", "quantity", "unit_price" | "unit_price_micros",
// "discount_minor", "category"}]}. Errors: invalid_argument with the field's path.
[[nodiscard]] Result<OrderRequest> ParseOrderRequest(const boost::json::object& body);

// Reads {"external_id", "lines": [{"line_no" | "sku", "quantity"}], "refund_minor",
// "returned_at"} for the order `order_external_id`. Errors: invalid_argument (path).
[[nodiscard]] Result<ReturnRequest> ParseReturnRequest(const boost::json::object& body,
                                                       std::string_view order_external_id);

// Reads {"status": "paid"}. Errors: invalid_argument (field "status").
[[nodiscard]] Result<OrderStatus> ParseStatusChange(const boost::json::object& body);

// Reads a price given as member `name` (decimal string) or `name`_micros (integer) of the
// object at `path`; nullopt when neither is present. Errors: invalid_argument naming the
// member for both given, a JSON number as `name`, malformed text or over 6 decimals.
[[nodiscard]] Result<std::optional<int64_t>> ReadPriceMicros(const boost::json::object& obj,
                                                             std::string_view name,
                                                             std::string_view path = {});

// Formats micro-units as a decimal with at least the currency's digits: 2550000 -> "2.55",
// 8500 in GBP -> "0.0085".
std::string FormatUnitPrice(int64_t micros, const Currency& currency);

// Order: {"external_id", "customer_external_id" (a guest's guest_… id), "placed_at",
// "placed_day", "currency", "status", "total" (lines before discounts), "discount", "net"
// (merchandise after discounts), "shipping", "tax", "grand_total", "refunded",
// "points_holds", "lines": [{"line_no", "sku", "quantity", "unit_price",
// "unit_price_micros", "amount", "discount", "net", "category", "returned_quantity"}],
// "created_at", "updated_at"}. Amounts as http/json_write.h's PutMoney writes them (x and
// x_minor).
boost::json::object OrderJson(const Order& order);

// Return: {"external_id", "order_external_id", "currency", "refund", "refund_minor",
// "returned_at", "returned_day", "lines": [{"line_no", "order_line_no", "sku",
// "quantity", "amount", "amount_minor"}], "created_at"}.
boost::json::object ReturnJson(const Return& ret);

// OpenAPI schema objects (JSON text) of the shapes above.
extern const char kOrderInputSchema[];
extern const char kOrderSchema[];
extern const char kReturnInputSchema[];
extern const char kReturnSchema[];
extern const char kStatusChangeSchema[];

}  // namespace loyal::orders
