#include "customers/customer_routes.h"

#include <boost/json/array.hpp>
#include <charconv>

#include "customers/customer_json.h"
#include "customers/customer_service.h"

namespace loyal::customers {
namespace {

std::string PageSchema() {
  return std::string(
             R"({"type": "object", "properties": {"customers": {"type": "array", "items": )") +
         kCustomerSchema +
         R"(}, "next_after": {"type": ["string", "null"],
             "description": "pass as ?after= for the next page; null on the last"}}})";
}

Result<http::TransactionWork> Upsert(const http::Request& request, const Clock& clock) {
  LOY_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(request.body));
  LOY_ASSIGN_OR_RETURN(auto input, ParseCustomerInput(body));
  return [input = std::move(input), &clock](db::Transaction& tx) -> Result<http::Response> {
    LOY_ASSIGN_OR_RETURN(UpsertResult result, UpsertCustomer(tx, input, clock.Now()));
    return http::JsonResponse(CustomerJson(result.customer), result.created ? 201 : 200);
  };
}

Result<ListQuery> ReadListQuery(const http::Request& request) {
  ListQuery query;
  LOY_ASSIGN_OR_RETURN(query.limit, PageLimit(request));
  if (auto it = request.query.find("after"); it != request.query.end()) query.after = it->second;
  if (auto it = request.query.find("email"); it != request.query.end()) query.email = it->second;
  if (auto it = request.query.find("kind"); it != request.query.end()) {
    LOY_ASSIGN_OR_RETURN(query.kind, ParseKind(it->second));
  }
  return query;
}

std::vector<http::QueryParam> ListQueryParams() {
  std::vector<http::QueryParam> params = PageQueryParams("the last customer of the previous page");
  params.push_back({.name = "email", .description = "only customers with this email"});
  params.push_back(
      {.name = "kind", .description = "only customers of this kind: customer, guest or prospect"});
  return params;
}

http::Response List(const http::Request& request, db::Database& db) {
  auto query = ReadListQuery(request);
  if (!query) return http::ErrorResponse(query.error());
  auto page =
      db::WithReadTransaction(db, [&](db::Transaction& tx) { return ListCustomers(tx, *query); });
  if (!page) return http::ErrorResponse(page.error());
  boost::json::array items;
  for (const Customer& c : page->customers) items.push_back(CustomerJson(c));
  boost::json::object out;
  out["customers"] = std::move(items);
  out["next_after"] =
      page->next_after.empty() ? boost::json::value(nullptr) : boost::json::value(page->next_after);
  return http::JsonResponse(out);
}

http::Response Get(const http::Request& request, db::Database& db,
                   const CustomerDetailHook& detail) {
  auto out = db::WithReadTransaction(db, [&](db::Transaction& tx) -> Result<boost::json::object> {
    LOY_ASSIGN_OR_RETURN(Customer customer, GetCustomer(tx, request.path_params.at("id")));
    boost::json::object json = CustomerJson(customer);
    if (detail) LOY_RETURN_IF_ERROR(detail(tx, customer, json));
    return json;
  });
  if (!out) return http::ErrorResponse(out.error());
  return http::JsonResponse(*out);
}

}  // namespace

Result<int> PageLimit(const http::Request& request) {
  auto it = request.query.find("limit");
  if (it == request.query.end()) return kDefaultPageSize;
  const std::string& text = it->second;
  int limit = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
  if (ec != std::errc() || end != text.data() + text.size() || limit < 1 || limit > kMaxPageSize) {
    return InvalidArgument("must be an integer between 1 and 500", "limit");
  }
  return limit;
}

std::vector<http::QueryParam> PageQueryParams(std::string_view order) {
  return {
      {.name = "limit",
       .type = "integer",
       .description = "page size, 1 to " + std::to_string(kMaxPageSize) + " (default " +
                      std::to_string(kDefaultPageSize) + ")"},
      {.name = "after", .description = "next_after of the previous page: " + std::string(order)}};
}

void AddCustomerRoutes(http::Router& router, db::Database& db, const Clock& clock,
                       CustomerDetailHook detail) {
  router.AddWrite(
      {.method = "POST",
       .pattern = "/v1/customers",
       .min_role = http::Role::kAdmin,
       .requires_idempotency_key = false,  // natural keys make it idempotent
       .summary = "Create or update a customer by the shop's id (201 created, 200 updated)",
       .request_schema = kCustomerInputSchema,
       .response_schema = kCustomerSchema},
      [&clock](const http::Request& r) { return Upsert(r, clock); });
  router.Add({.method = "GET",
              .pattern = "/v1/customers",
              .min_role = http::Role::kAdmin,
              .requires_idempotency_key = false,  // natural keys make it idempotent
              .summary = "List customers in creation order, filtered by email or kind",
              .request_schema = "",
              .response_schema = PageSchema(),
              .query_params = ListQueryParams()},
             [&db](const http::Request& r) { return List(r, db); });
  router.Add(
      {.method = "GET",
       .pattern = "/v1/customers/{id}",
       .min_role = http::Role::kAdmin,
       .requires_idempotency_key = false,  // natural keys make it idempotent
       .summary = "Get a customer by the shop's id",
       .request_schema = "",
       .response_schema = kCustomerSchema},
      [&db, detail = std::move(detail)](const http::Request& r) { return Get(r, db, detail); });
}

}  // namespace loyal::customers
