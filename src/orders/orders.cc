#include "orders/orders.h"

#include <date/tz.h>

#include "core/hashing.h"
#include "core/text_rules.h"

namespace loyal::orders {
namespace {

// An unambiguous encoding of a request's fields (each length-prefixed), hashed.
class Fingerprint {
 public:
  void Text(std::string_view text) {
    out_ += std::to_string(text.size());
    out_ += ':';
    out_ += text;
  }
  void Int(int64_t value) { Text(std::to_string(value)); }
  // Absent and present-but-empty must differ, hence the marker.
  void OptText(const std::optional<std::string>& text) { text ? Text("1" + *text) : Text("0"); }
  void OptInt(const std::optional<int64_t>& value) {
    value ? Text("1" + std::to_string(*value)) : Text("0");
  }
  void OptTime(const std::optional<Timestamp>& t) {
    OptInt(t ? std::optional<int64_t>(t->time_since_epoch().count()) : std::nullopt);
  }

  std::string Sha256Hex() const { return loyal::Sha256Hex(out_); }

 private:
  std::string out_;
};

Status ValidateLine(const LineInput& line, size_t index) {
  LOY_RETURN_IF_ERROR(CheckText(line.sku, rules::kSku, LineFieldPath(index, "sku")));
  if (line.quantity <= 0)
    return InvalidArgument("must be positive", LineFieldPath(index, "quantity"));
  if (line.unit_price_micros < 0) {
    return InvalidArgument("must not be negative", LineFieldPath(index, "unit_price"));
  }
  if (line.discount_minor < 0) {
    return InvalidArgument("must not be negative", LineFieldPath(index, "discount_minor"));
  }
  if (line.category) {
    LOY_RETURN_IF_ERROR(
        CheckText(*line.category, rules::kProductCategory, LineFieldPath(index, "category")));
  }
  return {};
}

Status ValidateOrderAmounts(const OrderInput& input) {
  for (auto [value, field] : {std::pair{input.discount_minor, "discount_minor"},
                              std::pair{input.shipping_minor, "shipping_minor"},
                              std::pair{input.tax_minor, "tax_minor"}}) {
    if (value < 0) return InvalidArgument("must not be negative", field);
  }
  return {};
}

Status ValidatePointsHolds(const std::vector<std::string>& holds) {
  if (holds.size() > kMaxPointsHolds) {
    return InvalidArgument("an order names at most 20 holds", "points_holds");
  }
  for (size_t i = 0; i < holds.size(); ++i) {
    const std::string field = "points_holds[" + std::to_string(i) + "]";
    LOY_RETURN_IF_ERROR(CheckText(holds[i], rules::kExternalId, field));
    if (!holds[i].starts_with("hold_")) return InvalidArgument("must be a hold id (hold_…)", field);
    for (size_t j = 0; j < i; ++j) {
      if (holds[j] == holds[i]) return InvalidArgument("names a hold twice", field);
    }
  }
  return {};
}

// Whether the input uses any field added after the first orders were stored: only then
// does the request hash cover them, so that the hash of an older order is unchanged.
bool HasAmountsOrHolds(const OrderInput& input) {
  if (input.discount_minor != 0 || input.shipping_minor != 0 || input.tax_minor != 0 ||
      !input.points_holds.empty()) {
    return true;
  }
  for (const LineInput& line : input.lines) {
    if (line.discount_minor != 0 || line.category) return true;
  }
  return false;
}

// The lines' nets: each amount less its own discount and its share of the order discount.
Status ApplyDiscounts(Order& order) {
  std::vector<int64_t> after_own;
  after_own.reserve(order.lines.size());
  for (size_t i = 0; i < order.lines.size(); ++i) {
    const OrderLine& line = order.lines[i];
    if (line.discount_minor > line.amount_minor) {
      return FailedPrecondition("must not exceed the line's amount (" +
                                    std::to_string(line.amount_minor) + " minor units)",
                                LineFieldPath(i, "discount_minor"));
    }
    after_own.push_back(line.amount_minor - line.discount_minor);
  }
  auto shares = AllocateDiscount(after_own, order.discount_minor);
  if (!shares) {
    return FailedPrecondition("must not exceed the lines' total after their own discounts",
                              "discount_minor");
  }
  order.net_minor = 0;
  for (size_t i = 0; i < order.lines.size(); ++i) {
    order.lines[i].net_minor = after_own[i] - (*shares)[i];
    order.net_minor += order.lines[i].net_minor;  // at most total_minor: cannot overflow
  }
  return {};
}

Status ValidateReturnLine(const ReturnLineInput& line, size_t index) {
  if (line.line_no.has_value() == line.sku.has_value()) {
    return InvalidArgument("give exactly one of line_no and sku", LineFieldPath(index, "line_no"));
  }
  if (line.line_no && *line.line_no < 0) {
    return InvalidArgument("must not be negative", LineFieldPath(index, "line_no"));
  }
  if (line.sku) LOY_RETURN_IF_ERROR(CheckText(*line.sku, rules::kSku, LineFieldPath(index, "sku")));
  if (line.quantity <= 0)
    return InvalidArgument("must be positive", LineFieldPath(index, "quantity"));
  return {};
}

}  // namespace

std::string LineFieldPath(size_t index, std::string_view member) {
  return "lines[" + std::to_string(index) + "]." + std::string(member);
}

std::string_view StatusName(OrderStatus status) {
  switch (status) {
    case OrderStatus::kPlaced:
      return "placed";
    case OrderStatus::kPaid:
      return "paid";
    case OrderStatus::kShipped:
      return "shipped";
    case OrderStatus::kDelivered:
      return "delivered";
    case OrderStatus::kCancelled:
      return "cancelled";
  }
  return "placed";
}

Result<OrderStatus> ParseStatus(std::string_view name, std::string_view field) {
  for (OrderStatus s : {OrderStatus::kPlaced, OrderStatus::kPaid, OrderStatus::kShipped,
                        OrderStatus::kDelivered, OrderStatus::kCancelled}) {
    if (StatusName(s) == name) return s;
  }
  return InvalidArgument("must be one of placed, paid, shipped, delivered, cancelled",
                         std::string(field));
}

Status CheckTransition(OrderStatus from, OrderStatus to) {
  const bool forward =
      static_cast<int>(to) == static_cast<int>(from) + 1 && to != OrderStatus::kCancelled;
  const bool cancel =
      to == OrderStatus::kCancelled && (from == OrderStatus::kPlaced || from == OrderStatus::kPaid);
  if (forward || cancel) return {};
  return FailedPrecondition("an order cannot go from " + std::string(StatusName(from)) + " to " +
                                std::string(StatusName(to)),
                            "status");
}

Status NormalizeOrderInput(OrderInput& input) {
  LOY_RETURN_IF_ERROR(CheckText(input.external_id, rules::kExternalId, "external_id"));
  Buyer& buyer = input.customer;
  if (buyer.external_id) {
    LOY_RETURN_IF_ERROR(CheckText(*buyer.external_id, rules::kExternalId, "customer.external_id"));
  }
  if (buyer.email) {
    LOY_ASSIGN_OR_RETURN(buyer.email, NormalizeEmail(*buyer.email, "customer.email"));
  }
  if (buyer.name) {
    buyer.name = std::string(TrimSpaces(*buyer.name));
    if (buyer.name->empty()) buyer.name.reset();
  }
  if (buyer.name) {
    LOY_RETURN_IF_ERROR(CheckText(*buyer.name, rules::kCustomerName, "customer.name"));
  }
  if (input.lines.empty()) return InvalidArgument("an order needs at least one line", "lines");
  if (input.lines.size() > kMaxLinesPerOrder) {
    return InvalidArgument("an order has at most 1000 lines", "lines");
  }
  for (size_t i = 0; i < input.lines.size(); ++i) {
    LOY_RETURN_IF_ERROR(ValidateLine(input.lines[i], i));
  }
  LOY_RETURN_IF_ERROR(ValidateOrderAmounts(input));
  return ValidatePointsHolds(input.points_holds);
}

std::string OrderRequestHash(const OrderInput& input) {
  Fingerprint f;
  f.Text("order");
  f.Text(input.external_id);
  f.OptText(input.customer.external_id);
  f.OptTime(input.placed_at);
  f.Text(input.currency.code());
  f.Text(StatusName(input.status));
  for (const LineInput& line : input.lines) {
    f.Text(line.sku);
    f.Int(line.quantity);
    f.Int(line.unit_price_micros);
  }
  if (HasAmountsOrHolds(input)) {
    f.Text("amounts");
    f.Int(input.discount_minor);
    f.Int(input.shipping_minor);
    f.Int(input.tax_minor);
    for (const LineInput& line : input.lines) {
      f.Int(line.discount_minor);
      f.OptText(line.category);
    }
    f.Int(static_cast<int64_t>(input.points_holds.size()));
    for (const std::string& hold : input.points_holds) f.Text(hold);
  }
  return f.Sha256Hex();
}

Result<Order> BuildOrder(const OrderInput& input, int64_t customer_id, int64_t order_id,
                         Timestamp now, const date::time_zone* zone) {
  Order order;
  order.customer_id = customer_id;
  order.order_id = order_id;
  order.external_id = input.external_id;
  order.customer_external_id = input.customer.external_id;
  order.placed_at = input.placed_at.value_or(now);
  order.placed_day = LocalDay(order.placed_at, zone);
  order.currency = input.currency;
  order.status = input.status;
  order.request_hash = OrderRequestHash(input);
  order.created_at = now;
  order.updated_at = now;
  order.discount_minor = input.discount_minor;
  order.shipping_minor = input.shipping_minor;
  order.tax_minor = input.tax_minor;
  order.points_holds = input.points_holds;
  order.lines.reserve(input.lines.size());
  for (size_t i = 0; i < input.lines.size(); ++i) {
    const LineInput& in = input.lines[i];
    auto amount = LineTotalMinor(in.quantity, in.unit_price_micros, input.currency);
    if (!amount) return InvalidArgument("line amount out of range", LineFieldPath(i, "quantity"));
    auto total = CheckedAdd(order.total_minor, *amount);
    if (!total) return InvalidArgument("order total out of range", LineFieldPath(i, "quantity"));
    order.total_minor = *total;
    order.lines.push_back(OrderLine{static_cast<int32_t>(i), in.sku, in.quantity,
                                    in.unit_price_micros, *amount, 0, in.discount_minor, *amount,
                                    in.category});
  }
  LOY_RETURN_IF_ERROR(ApplyDiscounts(order));
  // Checked once here so that GrandTotalMinor() can never overflow later.
  auto grand = CheckedAdd(order.net_minor, order.shipping_minor);
  if (grand) grand = CheckedAdd(*grand, order.tax_minor);
  if (!grand) return InvalidArgument("order total out of range", "shipping_minor");
  return order;
}

DayNumber LocalDay(Timestamp t, const date::time_zone* zone) {
  if (zone == nullptr) return DayOf(t.time_since_epoch().count());
  return DayOf(zone->to_local(t).time_since_epoch().count());
}

Timestamp StartOfDay(DayNumber day, const date::time_zone* zone) {
  date::local_days local{date::days{day}};
  if (zone == nullptr) return Timestamp(std::chrono::seconds(local.time_since_epoch()));
  return std::chrono::floor<std::chrono::seconds>(
      date::zoned_time(zone, local, date::choose::earliest).get_sys_time());
}

Status ValidateReturnInput(const ReturnInput& input) {
  LOY_RETURN_IF_ERROR(CheckText(input.external_id, rules::kExternalId, "external_id"));
  LOY_RETURN_IF_ERROR(CheckText(input.order_external_id, rules::kExternalId, "order_id"));
  if (input.lines.empty()) return InvalidArgument("a return needs at least one line", "lines");
  if (input.lines.size() > kMaxLinesPerOrder) {
    return InvalidArgument("a return has at most 1000 lines", "lines");
  }
  for (size_t i = 0; i < input.lines.size(); ++i) {
    LOY_RETURN_IF_ERROR(ValidateReturnLine(input.lines[i], i));
  }
  if (input.refund_minor && *input.refund_minor < 0) {
    return InvalidArgument("must not be negative", "refund_minor");
  }
  return {};
}

std::string ReturnRequestHash(const ReturnInput& input) {
  Fingerprint f;
  f.Text("return");
  f.Text(input.external_id);
  f.Text(input.order_external_id);
  for (const ReturnLineInput& line : input.lines) {
    f.OptInt(line.line_no);
    f.OptText(line.sku);
    f.Int(line.quantity);
  }
  f.OptInt(input.refund_minor);
  f.OptTime(input.returned_at);
  return f.Sha256Hex();
}

}  // namespace loyal::orders
