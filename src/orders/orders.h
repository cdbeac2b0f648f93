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
  int64_t discount_minor = 0;     // the line's own discount, at most its amount
  std::optional<std::string> category;  // absent: the catalog's, when the product is known
};

struct OrderInput {
  std::string external_id;
  Buyer customer;
  std::optional<Timestamp> placed_at;  // absent: the time of intake
  Currency currency;
  OrderStatus status = OrderStatus::kPlaced;  // importers may record later stages
  std::vector<LineInput> lines;
  // Order-level amounts in minor units. The discount is shared among the lines in
  // proportion to their amounts after their own discounts; shipping and tax are paid on top
  // of the merchandise and never earn points or come back through returns.
  int64_t discount_minor = 0;
  int64_t shipping_minor = 0;
  int64_t tax_minor = 0;
  // Public ids of ledger holds (points as payment) this order spends; opaque to this room,
  // which only keeps them with the order (intake/order_holds.h acts on them).
  std::vector<std::string> points_holds;
};

inline constexpr size_t kMaxPointsHolds = 20;

inline constexpr size_t kMaxLinesPerOrder = 1000;

// Returns the JSON path of a member of element `index` of "lines": "lines[2].quantity".
std::string LineFieldPath(size_t index, std::string_view member);

// Validates `input` by core/text_rules.h's rules (the buyer's fields by the same rules as
// the customers room's: customer.name at most 200 bytes, ...), that no amount is negative
// and that points_holds has at most kMaxPointsHolds distinct ids, and normalizes the
// buyer's e-mail and name (trimmed; blank is absent). Returns invalid_argument with the
// JSON path of the first problem ("external_id", "customer.email", "lines[2].sku",
// "shipping_minor", "lines[0].discount_minor", "points_holds[1]").
[[nodiscard]] Status NormalizeOrderInput(OrderInput& input);

// Hex SHA-256 of the fields that define the order as given (external id, buyer id,
// placed_at if given, currency, status, lines, and the amounts, categories and holds when
// any is given: an order without them hashes as it did before they existed). Buyer
// contact details are left out: they describe the customer, so resending an order with a
// corrected e-mail is still a replay.
std::string OrderRequestHash(const OrderInput& input);

struct OrderLine {
  int32_t line_no = 0;  // 0-based position in the order
  std::string sku;
  int64_t quantity = 0;
  int64_t unit_price_micros = 0;
  int64_t amount_minor = 0;  // LineTotalMinor(quantity, unit_price_micros)
  int64_t returned_quantity = 0;
  int64_t discount_minor = 0;           // the line's own discount
  int64_t net_minor = 0;                // amount less its discount and order-discount share
  std::optional<std::string> category;  // as given, else the catalog's at intake
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
  int64_t total_minor = 0;     // sum of the lines' amounts, before any discount
  int64_t refunded_minor = 0;  // at most net_minor: returns refund merchandise only
  std::string request_hash;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::vector<OrderLine> lines;
  int64_t discount_minor = 0;  // order-level
  int64_t shipping_minor = 0;
  int64_t tax_minor = 0;
  int64_t net_minor = 0;  // merchandise after every discount: sum of the lines' net_minor
  std::vector<std::string> points_holds;

  // What the buyer paid: net merchandise, shipping and tax.
  int64_t GrandTotalMinor() const { return net_minor + shipping_minor + tax_minor; }
};

// Builds the record for a validated input: line amounts rounded half to even, the exact
// total, each line's net after its discount and its share of the order discount
// (AllocateDiscount), placed_at defaulted to `now`, placed_day in `zone` (nullptr: UTC), the
// request hash; line categories as given (FillCategories adds the catalog's). Errors:
// invalid_argument ("lines[i].quantity", "shipping_minor") when an amount overflows;
// failed_precondition when a line's discount exceeds its amount ("lines[i].discount_minor")
// or the order discount exceeds the lines' total after theirs ("discount_minor").
[[nodiscard]] Result<Order> BuildOrder(const OrderInput& input, int64_t customer_id,
                                       int64_t order_id, Timestamp now,
                                       const date::time_zone* zone);

// Returns the calendar day `t` falls on in `zone` (nullptr: UTC).
DayNumber LocalDay(Timestamp t, const date::time_zone* zone);

// The instant the calendar day `day` of `zone` (nullptr: UTC) begins (the earlier one when a
// clock change repeats midnight): when points dated by day expire, when a period starts.
Timestamp StartOfDay(DayNumber day, const date::time_zone* zone);

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
  int64_t amount_minor = 0;  // the goods' value at the order's price, net of discounts
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
// and values them so that returning a line in parts sums exactly to its net amount (an
// undiscounted line's units at its unit price, as ever; a discounted line's net pro rata). Errors:
// failed_precondition when a line would come back more than was bought ("lines[i].quantity")
// or a line_no/sku is not in the order ("lines[i].line_no" / "lines[i].sku").
[[nodiscard]] Result<std::vector<ReturnLine>> AllocateReturn(Order& order,
                                                             const ReturnInput& input);

// What one of a customer's orders counts for a member tier: its day, currency and the net
// merchandise the customer kept (net less refunds; 0 when cancelled), and whether it counts as
// an order (not cancelled, not wholly refunded).
struct KeptOrder {
  DayNumber placed_day = 0;
  std::string currency;
  int64_t kept_minor = 0;
  bool counts = false;
};

}  // namespace loyal::orders
