// Orders and returns: the domain types, the status rules, input validation with JSON field
// paths, request fingerprints for idempotency, and the exact arithmetic of totals and
// refunds. Shared by the order service, the HTTP routes and the importers. Values and pure
// functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/money.h"
#include "core/time.h"

namespace date {
class time_zone;
}

namespace loyal::orders {

enum class OrderStatus { kPlaced, kPaid, kShipped, kDelivered, kCancelled };

// Returns "placed", "paid", "shipped", "delivered" or "cancelled".
std::string_view StatusName(OrderStatus status);
// Returns the status with that wire name, or invalid_argument with field `field`.
[[nodiscard]] Result<OrderStatus> ParseStatus(std::string_view name,
                                              std::string_view field = "status");

// OK when an order may move from `from` to `to`: placed -> paid -> shipped -> delivered,
// and placed or paid -> cancelled. Errors: failed_precondition naming both statuses.
[[nodiscard]] Status CheckTransition(OrderStatus from, OrderStatus to);

// Who bought: a shop customer id, or none for a guest order (contact details optional).
struct Buyer {
  std::optional<std::string> external_id;
  std::optional<std::string> email;
  std::optional<std::string> name;
};

struct LineInput {
  std::string sku;
  int64_t quantity = 0;
  int64_t unit_price_micros = 0;  // 1e-6 of a major unit: "2.55" -> 2'550'000
};

struct OrderInput {
  std::string external_id;
  Buyer customer;
  std::optional<Timestamp> placed_at;  // absent: the time of intake
  Currency currency;
  OrderStatus status = OrderStatus::kPlaced;  // importers may record later stages
  std::vector<LineInput> lines;
};

inline constexpr size_t kMaxLinesPerOrder = 1000;

// Returns the JSON path of a member of element `index` of "lines": "lines[2].quantity".
std::string LineFieldPath(size_t index, std::string_view member);

// Validates `input` by core/text_rules.h's rules (the buyer's fields by the same rules as
// the customers room's: customer.name at most 200 bytes, ...) and normalizes the buyer's
// e-mail and name (trimmed; blank is absent). Returns invalid_argument with the JSON path of
// the first problem ("external_id", "customer.email", "lines[2].sku").
[[nodiscard]] Status NormalizeOrderInput(OrderInput& input);

// Hex SHA-256 of the fields that define the order as given (external id, buyer id,
// placed_at if given, currency, status, lines). Buyer contact details are left out: they
// describe the customer, so resending an order with a corrected e-mail is still a replay.
std::string OrderRequestHash(const OrderInput& input);

struct OrderLine {
  int32_t line_no = 0;  // 0-based position in the order
  std::string sku;
  int64_t quantity = 0;
  int64_t unit_price_micros = 0;
  int64_t amount_minor = 0;  // LineTotalMinor(quantity, unit_price_micros)
  int64_t returned_quantity = 0;
};

struct Order {
  int64_t customer_id = 0;
  int64_t order_id = 0;
  std::string external_id;
  // The shop's id of the buyer; for a guest order absent when built from the input, the
  // guest's public id (guest_…) once stored.
  std::optional<std::string> customer_external_id;
  Timestamp placed_at{};
  DayNumber placed_day = 0;  // calendar day of placed_at in the shop's time zone
  Currency currency;
  OrderStatus status = OrderStatus::kPlaced;
  int64_t total_minor = 0;
  int64_t refunded_minor = 0;
  std::string request_hash;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::vector<OrderLine> lines;
};

// Builds the record for a validated input: line amounts rounded half to even, the exact
// total, placed_at defaulted to `now`, placed_day in `zone` (nullptr: UTC), the request
// hash. Errors: invalid_argument ("lines[i].quantity") when an amount overflows.
[[nodiscard]] Result<Order> BuildOrder(const OrderInput& input, int64_t customer_id,
                                       int64_t order_id, Timestamp now,
                                       const date::time_zone* zone);

// Returns the calendar day `t` falls on in `zone` (nullptr: UTC).
DayNumber LocalDay(Timestamp t, const date::time_zone* zone);

// Which goods come back: one order line by number, or a sku spread over that sku's lines
// in order (whatever each still has unreturned).
struct ReturnLineInput {
  std::optional<int32_t> line_no;
  std::optional<std::string> sku;
  int64_t quantity = 0;
};

struct ReturnInput {
  std::string external_id;
  std::string order_external_id;
  std::vector<ReturnLineInput> lines;
  std::optional<int64_t> refund_minor;   // absent: the returned goods' value
  std::optional<Timestamp> returned_at;  // absent: the time of intake
};

// Validates a return's shape (not its limits, which need the order). Returns
// invalid_argument with paths like "lines[0].quantity".
[[nodiscard]] Status ValidateReturnInput(const ReturnInput& input);

// Hex SHA-256 of the return as given (external id, order, lines, refund, returned_at).
std::string ReturnRequestHash(const ReturnInput& input);

struct ReturnLine {
  int32_t line_no = 0;
  std::optional<int32_t> order_line_no;  // absent for an unmatched imported return
  std::string sku;
  int64_t quantity = 0;
  int64_t amount_minor = 0;  // the goods' value at the order's price
};

struct Return {
  int64_t customer_id = 0;
  int64_t return_id = 0;
  std::optional<int64_t> order_id;  // absent for an unmatched imported return
  std::string external_id;
  std::optional<std::string> order_external_id;
  Currency currency;
  int64_t refund_minor = 0;
  Timestamp returned_at{};
  DayNumber returned_day = 0;
  std::string request_hash;
  Timestamp created_at{};
  std::vector<ReturnLine> lines;
};

// Places the returned quantities on `order`'s lines (updating their returned_quantity)
// and values them so that returning a line in parts sums exactly to its amount. Errors:
// failed_precondition when a line would come back more than was bought ("lines[i].quantity")
// or a line_no/sku is not in the order ("lines[i].line_no" / "lines[i].sku").
[[nodiscard]] Result<std::vector<ReturnLine>> AllocateReturn(Order& order,
                                                             const ReturnInput& input);

}  // namespace loyal::orders
