#include "orders/order_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "orders/order_json.h"
#include "orders/order_service.h"

namespace loyal::orders {
namespace {

using boost::json::object;

http::Response Get(const http::Request& request, db::Database& db) {
  object out;
  Status status = db::RunInReadTransaction(db, [&](db::Transaction& tx) -> Status {
    const std::string& id = request.path_params.at("id");
    LOY_ASSIGN_OR_RETURN(Order order, GetOrder(tx, id));
    LOY_ASSIGN_OR_RETURN(std::vector<Return> returns, ListOrderReturns(tx, id));
    out = OrderJson(order);
    boost::json::array items;
    for (const Return& ret : returns) items.push_back(ReturnJson(ret));
    out["returns"] = std::move(items);
    return {};
  });
  if (!status) return http::ErrorResponse(status.error());
  return http::JsonResponse(out);
}

// The order schema plus "returns", an array of return objects.
std::string OrderDetailSchema() {
  boost::json::value schema = boost::json::parse(kOrderSchema);
  schema.at("properties").as_object()["returns"] =
      object{{"type", "array"}, {"items", boost::json::parse(kReturnSchema)}};
  return boost::json::serialize(schema);
}

}  // namespace

void AddOrderRoutes(http::Router& router, db::Database& db) {
  router.Add({.method = "GET",
              .pattern = "/v1/orders/{id}",
              .min_role = http::Role::kAdmin,
              .requires_idempotency_key = false,  // natural keys make it idempotent
              .summary = "Get an order by the shop's id, with its returns",
              .request_schema = "",
              .response_schema = OrderDetailSchema()},
             [&db](const http::Request& r) { return Get(r, db); });
}

}  // namespace loyal::orders
