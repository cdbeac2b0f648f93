#include "orders/catalog_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "http/json_fields.h"
#include "http/paging.h"
#include "orders/catalog_service.h"
#include "orders/order_json.h"

namespace loyal::orders {
namespace {

using boost::json::object;
using boost::json::value;

// The name cursors of this list are bound to (http/paging.h).
constexpr std::string_view kCursorList = "products";

constexpr char kProductInputSchema[] = R"json({
  "type": "object", "additionalProperties": false, "required": ["sku"],
  "description": "A merge: fields left out keep their stored values and a field given as null is cleared (sku and title cannot be null; a new product needs a title)",
  "properties": {
    "sku": {"type": "string", "maxLength": 128},
    "title": {"type": "string", "maxLength": 500, "description": "required for a new product"},
    "description": {"type": ["string", "null"], "maxLength": 10000},
    "category": {"type": ["string", "null"], "maxLength": 200},
    "price": {"type": ["string", "null"], "description": "decimal string, e.g. \"2.55\"; or price_micros; null clears the price"},
    "price_micros": {"type": ["integer", "null"], "minimum": 0},
    "currency": {"type": ["string", "null"], "pattern": "^[A-Z]{3}$"}
  }
})json";

constexpr char kProductSchema[] = R"json({
  "type": "object",
  "properties": {
    "sku": {"type": "string"}, "title": {"type": "string"},
    "description": {"type": ["string", "null"]}, "category": {"type": ["string", "null"]},
    "price": {"type": ["string", "null"]}, "price_micros": {"type": ["integer", "null"]},
    "currency": {"type": ["string", "null"]},
    "created_at": {"type": "string", "format": "date-time"},
    "updated_at": {"type": "string", "format": "date-time"}
  }
})json";

Result<ProductPatch> ParseProductPatch(const object& body) {
  // The accepted fields are the schema's, so the two cannot drift apart.
  static const std::vector<std::string> kFields = http::SchemaFields(kProductInputSchema);
  LOY_RETURN_IF_ERROR(http::RejectUnknownFields(body, kFields));
  LOY_RETURN_IF_ERROR(http::RejectNulls(body, {"title"}));
  ProductPatch in;
  for (const char* name : {"description", "category", "currency"}) {
    if (http::IsExplicitNull(body, name)) in.cleared.emplace_back(name);
  }
  if (http::IsExplicitNull(body, "price") || http::IsExplicitNull(body, "price_micros")) {
    in.cleared.emplace_back("price");
  }
  LOY_ASSIGN_OR_RETURN(in.sku, http::RequiredString(body, "sku"));
  LOY_ASSIGN_OR_RETURN(in.title, http::OptionalString(body, "title"));
  LOY_ASSIGN_OR_RETURN(in.description, http::OptionalString(body, "description"));
  LOY_ASSIGN_OR_RETURN(in.category, http::OptionalString(body, "category"));
  LOY_ASSIGN_OR_RETURN(in.price_micros, ReadPriceMicros(body, "price"));
  LOY_ASSIGN_OR_RETURN(auto currency, http::OptionalString(body, "currency"));
  if (currency) {
    LOY_ASSIGN_OR_RETURN(in.currency, Currency::Parse(*currency, "currency"));
  }
  return in;
}

value OptJson(const std::optional<std::string>& text) {
  return text ? value(*text) : value(nullptr);
}

object ProductJson(const Product& p) {
  const bool priced = p.price_micros && p.currency;
  return object{
      {"sku", p.sku},
      {"title", p.title},
      {"description", OptJson(p.description)},
      {"category", OptJson(p.category)},
      {"price", priced ? value(FormatUnitPrice(*p.price_micros, *p.currency)) : value(nullptr)},
      {"price_micros", p.price_micros ? value(*p.price_micros) : value(nullptr)},
      {"currency", p.currency ? value(p.currency->code()) : value(nullptr)},
      {"created_at", FormatTimestamp(p.created_at)},
      {"updated_at", FormatTimestamp(p.updated_at)}};
}

Result<http::TransactionWork> Upsert(const http::Request& request, const Clock& clock) {
  LOY_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(request.body));
  LOY_ASSIGN_OR_RETURN(auto input, ParseProductPatch(body));
  return [input = std::move(input), &clock](db::Transaction& tx) -> Result<http::Response> {
    LOY_ASSIGN_OR_RETURN(UpsertProductResult result, UpsertProduct(tx, input, clock.Now()));
    return http::JsonResponse(ProductJson(result.product), result.created ? 201 : 200);
  };
}

http::Response List(const http::Request& request, db::Database& db) {
  auto request_page = http::ReadPageRequest(request, kCursorList);
  if (!request_page) return http::ErrorResponse(request_page.error());
  auto page = db::WithReadTransaction(db, [&](db::Transaction& tx) {
    return ListProducts(tx, request_page->after, request_page->limit);
  });
  if (!page) return http::ErrorResponse(page.error());
  boost::json::array items;
  for (const Product& p : page->products) items.push_back(ProductJson(p));
  object out{{"products", std::move(items)}};
  http::WriteNextAfter(out, kCursorList, page->next_after);
  return http::JsonResponse(out);
}

http::Response Get(const http::Request& request, db::Database& db) {
  auto product = db::WithReadTransaction(
      db, [&](db::Transaction& tx) { return GetProduct(tx, request.path_params.at("sku")); });
  if (!product) return http::ErrorResponse(product.error());
  return http::JsonResponse(ProductJson(*product));
}

}  // namespace

void AddProductRoutes(http::Router& router, db::Database& db, const Clock& clock) {
  router.AddWrite({.method = "POST",
                   .pattern = "/v1/products",
                   .min_role = http::Role::kAdmin,
                   .requires_idempotency_key = false,  // natural keys make it idempotent
                   .summary = "Create or merge into a product by sku (201 created, 200 updated)",
                   .request_schema = kProductInputSchema,
                   .response_schema = kProductSchema,
                   .success_statuses = {201, 200}},
                  [&clock](const http::Request& r) { return Upsert(r, clock); });
  router.Add({.method = "GET",
              .pattern = "/v1/products",
              .min_role = http::Role::kAdmin,
              .requires_idempotency_key = false,  // natural keys make it idempotent
              .summary = "List products in sku order",
              .request_schema = "",
              .response_schema = http::PageSchema("products", kProductSchema),
              .query_params = http::PageQueryParams("sku")},
             [&db](const http::Request& r) { return List(r, db); });
  router.Add({.method = "GET",
              .pattern = "/v1/products/{sku}",
              .min_role = http::Role::kAdmin,
              .requires_idempotency_key = false,  // natural keys make it idempotent
              .summary = "Get a product by sku",
              .request_schema = "",
              .response_schema = kProductSchema},
             [&db](const http::Request& r) { return Get(r, db); });
}

}  // namespace loyal::orders
