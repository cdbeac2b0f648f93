#include "customers/customer_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "customers/customer_json.h"
#include "customers/customer_service.h"
#include "http/paging.h"

namespace loyal::customers {
namespace {

// The name cursors of this list are bound to (http/paging.h).
constexpr std::string_view kCursorList = "customers";

Result<http::TransactionWork> Upsert(const http::Request& request, const Clock& clock) {
  LOY_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(request.body));
  LOY_ASSIGN_OR_RETURN(auto input, ParseCustomerInput(body));
  return [input = std::move(input), &clock](db::Transaction& tx) -> Result<http::Response> {
    LOY_ASSIGN_OR_RETURN(UpsertResult result, UpsertCustomer(tx, input, clock.Now()));
    return http::JsonResponse(CustomerJson(result.customer), result.created ? 201 : 200);
  };
}

Result<ListQuery> ReadListQuery(const http::Request& request) {
  LOY_ASSIGN_OR_RETURN(http::PageRequest page, http::ReadPageRequest(request, kCursorList));
  ListQuery query;
  query.limit = page.limit;
  query.after = std::move(page.after);
  if (auto it = request.query.find("email"); it != request.query.end()) query.email = it->second;
  if (auto it = request.query.find("kind"); it != request.query.end()) {
    LOY_ASSIGN_OR_RETURN(query.kind, ParseKind(it->second));
  }
  return query;
}

std::vector<http::QueryParam> ListQueryParams() {
  std::vector<http::QueryParam> params = http::PageQueryParams("creation");
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
  http::WriteNextAfter(out, kCursorList, page->next_after);
  return http::JsonResponse(out);
}

http::Response Get(const http::Request& request, db::Database& db,
                   const std::vector<CustomerDetailHook>& details) {
  auto out = db::WithReadTransaction(db, [&](db::Transaction& tx) -> Result<boost::json::object> {
    LOY_ASSIGN_OR_RETURN(Customer customer, GetCustomer(tx, request.path_params.at("id")));
    boost::json::object json = CustomerJson(customer);
    for (const CustomerDetailHook& detail : details) {
      LOY_RETURN_IF_ERROR(detail.add(tx, customer, json));
    }
    return json;
  });
  if (!out) return http::ErrorResponse(out.error());
  return http::JsonResponse(*out);
}

// kCustomerSchema with each hook's member added to its properties.
std::string DetailSchema(const std::vector<CustomerDetailHook>& details) {
  boost::json::value schema = boost::json::parse(kCustomerSchema);
  boost::json::object& properties = schema.at("properties").as_object();
  for (const CustomerDetailHook& detail : details) {
    boost::system::error_code ec;
    boost::json::value fragment = boost::json::parse(detail.schema, ec);
    if (ec || !fragment.is_object()) {
      throw std::logic_error("the schema of customer detail '" + detail.name +
                             "' is not a JSON object");
    }
    if (properties.contains(detail.name)) {
      throw std::logic_error("customer detail '" + detail.name + "' is added twice");
    }
    properties[detail.name] = std::move(fragment);
  }
  return boost::json::serialize(schema);
}

}  // namespace

void AddCustomerRoutes(http::Router& router, db::Database& db, const Clock& clock,
                       std::vector<CustomerDetailHook> details) {
  router.AddWrite(
      {.method = "POST",
       .pattern = "/v1/customers",
       .min_role = http::Role::kAdmin,
       .requires_idempotency_key = false,  // natural keys make it idempotent
       .summary = "Create or merge into a customer by the shop's id (201 created, 200 updated)",
       .request_schema = kCustomerInputSchema,
       .response_schema = kCustomerSchema,
       .success_statuses = {201, 200}},
      [&clock](const http::Request& r) { return Upsert(r, clock); });
  router.Add({.method = "GET",
              .pattern = "/v1/customers",
              .min_role = http::Role::kAdmin,
              .requires_idempotency_key = false,  // natural keys make it idempotent
              .summary = "List customers in creation order, filtered by email or kind",
              .request_schema = "",
              .response_schema = http::PageSchema("customers", kCustomerSchema),
              .query_params = ListQueryParams()},
             [&db](const http::Request& r) { return List(r, db); });
  // Built before `details` moves into the handler (argument order is unspecified).
  std::string detail_schema = DetailSchema(details);
  router.Add(
      {.method = "GET",
       .pattern = "/v1/customers/{id}",
       .min_role = http::Role::kAdmin,
       .requires_idempotency_key = false,  // natural keys make it idempotent
       .summary = "Get a customer by the shop's id",
       .request_schema = "",
       .response_schema = std::move(detail_schema)},
      [&db, details = std::move(details)](const http::Request& r) { return Get(r, db, details); });
}

}  // namespace loyal::customers
