#include "orders/order_json.h"

#include <boost/json/array.hpp>

#include "http/json_fields.h"
#include "http/json_write.h"

// Each parser accepts exactly the properties of its request schema (order_schemas.cc),
// read once through http::SchemaFields, so the fields and the OpenAPI document cannot drift.
namespace loyal::orders {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

value OptJson(const std::optional<std::string>& text) {
  return text ? value(*text) : value(nullptr);
}

Result<Buyer> ParseBuyer(const object& body) {
  Buyer buyer;
  LOY_ASSIGN_OR_RETURN(const object* customer, http::OptionalObject(body, "customer"));
  if (customer == nullptr) return buyer;
  static const auto kFields = http::SchemaFields(kOrderInputSchema, "/properties/customer");
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(*customer, kFields, "customer"));
  LOY_ASSIGN_OR_RETURN(buyer.external_id,
                       http::OptionalString(*customer, "external_id", "customer"));
  LOY_ASSIGN_OR_RETURN(buyer.email, http::OptionalString(*customer, "email", "customer"));
  LOY_ASSIGN_OR_RETURN(buyer.name, http::OptionalString(*customer, "name", "customer"));
  return buyer;
}

Result<LineInput> ParseLine(const object& line, const std::string& path) {
  static const auto kFields = http::SchemaFields(kOrderInputSchema, "/properties/lines/items");
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(line, kFields, path));
  LineInput out;
  LOY_ASSIGN_OR_RETURN(out.sku, http::RequiredString(line, "sku", path));
  LOY_ASSIGN_OR_RETURN(out.quantity, http::RequiredInt64(line, "quantity", path));
  LOY_ASSIGN_OR_RETURN(auto price, ReadPriceMicros(line, "unit_price", path));
  if (!price) return InvalidArgument("required", http::JsonPath(path, "unit_price"));
  out.unit_price_micros = *price;
  LOY_ASSIGN_OR_RETURN(auto discount, http::OptionalInt64(line, "discount_minor", path));
  out.discount_minor = discount.value_or(0);
  LOY_ASSIGN_OR_RETURN(out.category, http::OptionalString(line, "category", path));
  return out;
}

// Reads the order-level amounts; absent is zero.
Status ParseOrderAmounts(const object& body, OrderInput& in) {
  for (auto [name, target] :
       {std::pair{"discount_minor", &in.discount_minor},
        std::pair{"shipping_minor", &in.shipping_minor}, std::pair{"tax_minor", &in.tax_minor}}) {
    LOY_ASSIGN_OR_RETURN(auto amount, http::OptionalInt64(body, name));
    *target = amount.value_or(0);
  }
  return {};
}

Result<std::vector<std::string>> ParsePointsHolds(const object& body) {
  std::vector<std::string> out;
  LOY_ASSIGN_OR_RETURN(const array* holds, http::OptionalArray(body, "points_holds"));
  if (holds == nullptr) return out;
  if (holds->size() > kMaxPointsHolds) return InvalidArgument("at most 20 holds", "points_holds");
  for (size_t i = 0; i < holds->size(); ++i) {
    const value& hold = (*holds)[i];
    if (!hold.is_string()) {
      return InvalidArgument("must be a hold id string", http::JsonIndexPath("points_holds", i));
    }
    out.emplace_back(hold.as_string());
  }
  return out;
}

Result<ReturnLineInput> ParseReturnLine(const object& line, const std::string& path) {
  static const auto kFields = http::SchemaFields(kReturnInputSchema, "/properties/lines/items");
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(line, kFields, path));
  ReturnLineInput out;
  LOY_ASSIGN_OR_RETURN(auto line_no, http::OptionalInt64(line, "line_no", path));
  if (line_no) {
    if (*line_no < 0 || *line_no >= static_cast<int64_t>(kMaxLinesPerOrder)) {
      return InvalidArgument("is not a line of an order", http::JsonPath(path, "line_no"));
    }
    out.line_no = static_cast<int32_t>(*line_no);
  }
  LOY_ASSIGN_OR_RETURN(out.sku, http::OptionalString(line, "sku", path));
  LOY_ASSIGN_OR_RETURN(out.quantity, http::RequiredInt64(line, "quantity", path));
  return out;
}

// Reads body[name] as an array of objects, each through `parse`.
template <class T, class Parse>
Result<std::vector<T>> ParseLines(const object& body, Parse parse) {
  LOY_ASSIGN_OR_RETURN(const array* lines, http::RequiredArray(body, "lines"));
  if (lines->size() > kMaxLinesPerOrder) return InvalidArgument("at most 1000 lines", "lines");
  std::vector<T> out;
  out.reserve(lines->size());
  for (size_t i = 0; i < lines->size(); ++i) {
    const std::string path = http::JsonIndexPath("lines", i);
    LOY_ASSIGN_OR_RETURN(const object* line, http::ObjectAt(*lines, i, "lines"));
    LOY_ASSIGN_OR_RETURN(T parsed, parse(*line, path));
    out.push_back(std::move(parsed));
  }
  return out;
}

}  // namespace

Result<std::optional<int64_t>> ReadPriceMicros(const object& obj, std::string_view name,
                                               std::string_view path) {
  const std::string micros_name = std::string(name) + "_micros";
  const value* text = obj.if_contains(name);
  const bool has_text = text != nullptr && !text->is_null();
  LOY_ASSIGN_OR_RETURN(auto micros, http::OptionalInt64(obj, micros_name, path));
  const std::string field = http::JsonPath(path, name);
  if (has_text && micros) {
    return InvalidArgument("give " + std::string(name) + " or " + micros_name + ", not both",
                           field);
  }
  if (micros) return micros;
  if (!has_text) return std::optional<int64_t>();
  if (text->is_number()) {
    return InvalidArgument("must be a decimal string such as \"2.55\", not a JSON number", field);
  }
  LOY_ASSIGN_OR_RETURN(auto decimal, http::OptionalString(obj, name, path));
  auto parsed = ParseScaledDecimal(*decimal, 6);
  if (!parsed) {
    return InvalidArgument("must be a decimal with at most 6 decimals, such as \"2.55\"", field);
  }
  return std::optional<int64_t>(*parsed);
}

OrderInput OrderRequest::InZone(const date::time_zone* zone) const {
  OrderInput in = input;
  if (placed_at) in.placed_at = ToUtc(*placed_at, zone);
  return in;
}

ReturnInput ReturnRequest::InZone(const date::time_zone* zone) const {
  ReturnInput in = input;
  if (returned_at) in.returned_at = ToUtc(*returned_at, zone);
  return in;
}

Result<OrderRequest> ParseOrderRequest(const object& body) {
  static const auto kFields = http::SchemaFields(kOrderInputSchema);
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(body, kFields));
  OrderRequest request;
  OrderInput& in = request.input;
  LOY_ASSIGN_OR_RETURN(in.external_id, http::RequiredString(body, "external_id"));
  LOY_ASSIGN_OR_RETURN(in.customer, ParseBuyer(body));
  LOY_ASSIGN_OR_RETURN(request.placed_at, http::OptionalDateTime(body, "placed_at"));
  LOY_ASSIGN_OR_RETURN(std::string currency, http::RequiredString(body, "currency"));
  LOY_ASSIGN_OR_RETURN(in.currency, Currency::Parse(currency, "currency"));
  LOY_ASSIGN_OR_RETURN(auto status, http::OptionalString(body, "status"));
  if (status) {
    LOY_ASSIGN_OR_RETURN(in.status, ParseStatus(*status));
  }
  LOY_ASSIGN_OR_RETURN(in.lines, ParseLines<LineInput>(body, ParseLine));
  LOY_RETURN_IF_ERROR(ParseOrderAmounts(body, in));
  LOY_ASSIGN_OR_RETURN(in.points_holds, ParsePointsHolds(body));
  return request;
}

Result<ReturnRequest> ParseReturnRequest(const object& body, std::string_view order_external_id) {
  static const auto kFields = http::SchemaFields(kReturnInputSchema);
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(body, kFields));
  ReturnRequest request;
  ReturnInput& in = request.input;
  in.order_external_id = std::string(order_external_id);
  LOY_ASSIGN_OR_RETURN(in.external_id, http::RequiredString(body, "external_id"));
  LOY_ASSIGN_OR_RETURN(in.lines, ParseLines<ReturnLineInput>(body, ParseReturnLine));
  LOY_ASSIGN_OR_RETURN(in.refund_minor, http::OptionalInt64(body, "refund_minor"));
  LOY_ASSIGN_OR_RETURN(request.returned_at, http::OptionalDateTime(body, "returned_at"));
  return request;
}

Result<OrderStatus> ParseStatusChange(const object& body) {
  static const auto kFields = http::SchemaFields(kStatusChangeSchema);
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(body, kFields));
  LOY_ASSIGN_OR_RETURN(std::string status, http::RequiredString(body, "status"));
  return ParseStatus(status);
}

std::string FormatUnitPrice(int64_t micros, const Currency& currency) {
  std::string text = FormatScaledDecimal(micros, 6);
  const size_t point = text.find('.');
  const size_t keep = point + 1 + static_cast<size_t>(currency.exponent());
  while (text.size() > keep && text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

object OrderJson(const Order& order) {
  const int e = order.currency.exponent();
  array lines;
  for (const OrderLine& l : order.lines) {
    object line{{"line_no", l.line_no},
                {"sku", l.sku},
                {"quantity", l.quantity},
                {"unit_price", FormatUnitPrice(l.unit_price_micros, order.currency)},
                {"unit_price_micros", l.unit_price_micros}};
    http::PutMoney(line, "amount", l.amount_minor, e);
    http::PutMoney(line, "discount", l.discount_minor, e);
    http::PutMoney(line, "net", l.net_minor, e);
    line["category"] = OptJson(l.category);
    line["returned_quantity"] = l.returned_quantity;
    lines.push_back(std::move(line));
  }
  array holds;
  for (const std::string& hold : order.points_holds) holds.emplace_back(hold);
  object out{{"external_id", order.external_id},
             {"customer_external_id", OptJson(order.customer_external_id)},
             {"placed_at", FormatTimestamp(order.placed_at)},
             {"placed_day", FormatDate(order.placed_day)},
             {"currency", order.currency.code()},
             {"status", StatusName(order.status)}};
  http::PutMoney(out, "total", order.total_minor, e);
  http::PutMoney(out, "discount", order.discount_minor, e);
  http::PutMoney(out, "net", order.net_minor, e);
  http::PutMoney(out, "shipping", order.shipping_minor, e);
  http::PutMoney(out, "tax", order.tax_minor, e);
  http::PutMoney(out, "grand_total", order.GrandTotalMinor(), e);
  http::PutMoney(out, "refunded", order.refunded_minor, e);
  out["points_holds"] = std::move(holds);
  out["lines"] = std::move(lines);
  out["created_at"] = FormatTimestamp(order.created_at);
  out["updated_at"] = FormatTimestamp(order.updated_at);
  return out;
}

object ReturnJson(const Return& ret) {
  const int e = ret.currency.exponent();
  array lines;
  for (const ReturnLine& l : ret.lines) {
    object line{{"line_no", l.line_no},
                {"order_line_no", l.order_line_no ? value(*l.order_line_no) : value(nullptr)},
                {"sku", l.sku},
                {"quantity", l.quantity}};
    http::PutMoney(line, "amount", l.amount_minor, e);
    lines.push_back(std::move(line));
  }
  object out{{"external_id", ret.external_id},
             {"order_external_id", OptJson(ret.order_external_id)},
             {"currency", ret.currency.code()}};
  http::PutMoney(out, "refund", ret.refund_minor, e);
  out["returned_at"] = FormatTimestamp(ret.returned_at);
  out["returned_day"] = FormatDate(ret.returned_day);
  out["lines"] = std::move(lines);
  out["created_at"] = FormatTimestamp(ret.created_at);
  return out;
}

}  // namespace loyal::orders
