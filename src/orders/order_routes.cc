#include "orders/order_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "orders/order_json.h"
#include "orders/order_service.h"
#include "settings/settings_service.h"

namespace loyal::orders {
namespace {

using boost::json::object;

// A response body and its status, produced inside a transaction.
struct Reply {
  object body;
  int status = 200;
};

// Runs `work` in a read-write transaction and turns its reply or error into a response.
template <class Work>
http::Response InTransaction(db::Database& db, Work&& work) {
  Reply reply;
  Status status = db::RunInTransaction(db, [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(reply, work(tx));
    return {};
  });
  if (!status) return http::ErrorResponse(status.error());
  return http::JsonResponse(reply.body, reply.status);
}

struct Deps {
  db::Database& db;
  const Clock& clock;
};

http::Response Create(const http::Request& request, const Deps& deps) {
  auto body = http::ParseJsonObject(request.body);
  if (!body) return http::ErrorResponse(body.error());
  auto parsed = ParseOrderRequest(*body);
  if (!parsed) return http::ErrorResponse(parsed.error());
  return InTransaction(deps.db, [&](db::Transaction& tx) -> Result<Reply> {
    LOY_ASSIGN_OR_RETURN(settings::ShopSettings shop, settings::Load(tx));
    const OrderContext ctx{deps.clock.Now(), shop.time_zone};
    LOY_ASSIGN_OR_RETURN(CreateOrderResult result,
                         CreateOrder(tx, parsed->InZone(shop.time_zone), ctx));
    return Reply{OrderJson(result.order), result.created ? 201 : 200};
  });
}

http::Response Get(const http::Request& request, const Deps& deps) {
  object out;
  Status status = db::RunInReadTransaction(deps.db, [&](db::Transaction& tx) -> Status {
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

http::Response ChangeStatus(const http::Request& request, const Deps& deps) {
  auto body = http::ParseJsonObject(request.body);
  if (!body) return http::ErrorResponse(body.error());
  auto to = ParseStatusChange(*body);
  if (!to) return http::ErrorResponse(to.error());
  return InTransaction(deps.db, [&](db::Transaction& tx) -> Result<Reply> {
    LOY_ASSIGN_OR_RETURN(Order order,
                         SetOrderStatus(tx, request.path_params.at("id"), *to, deps.clock.Now()));
    return Reply{OrderJson(order), 200};
  });
}

http::Response AddReturn(const http::Request& request, const Deps& deps) {
  auto body = http::ParseJsonObject(request.body);
  if (!body) return http::ErrorResponse(body.error());
  auto parsed = ParseReturnRequest(*body, request.path_params.at("id"));
  if (!parsed) return http::ErrorResponse(parsed.error());
  return InTransaction(deps.db, [&](db::Transaction& tx) -> Result<Reply> {
    LOY_ASSIGN_OR_RETURN(settings::ShopSettings shop, settings::Load(tx));
    const OrderContext ctx{deps.clock.Now(), shop.time_zone};
    LOY_ASSIGN_OR_RETURN(CreateReturnResult result,
                         CreateReturn(tx, parsed->InZone(shop.time_zone), ctx));
    return Reply{ReturnJson(result.ret), result.created ? 201 : 200};
  });
}

// The order schema plus "returns", an array of return objects.
std::string OrderDetailSchema() {
  boost::json::value schema = boost::json::parse(kOrderSchema);
  schema.at("properties").as_object()["returns"] =
      object{{"type", "array"}, {"items", boost::json::parse(kReturnSchema)}};
  return boost::json::serialize(schema);
}

}  // namespace

void AddOrderRoutes(http::Router& router, db::Database& db, const Clock& clock) {
  const Deps deps{db, clock};
  router.Add({.method = "POST",
              .pattern = "/v1/orders",
              .min_role = http::Role::kAdmin,
              .requires_idempotency_key = false,  // natural keys make it idempotent
              .summary = "Record an order (201); the same order again replays it (200), the "
                         "same id with other contents is 409",
              .request_schema = kOrderInputSchema,
              .response_schema = kOrderSchema},
             [deps](const http::Request& r) { return Create(r, deps); });
  router.Add({.method = "GET",
              .pattern = "/v1/orders/{id}",
              .min_role = http::Role::kAdmin,
              .requires_idempotency_key = false,  // natural keys make it idempotent
              .summary = "Get an order by the shop's id, with its returns",
              .request_schema = "",
              .response_schema = OrderDetailSchema()},
             [deps](const http::Request& r) { return Get(r, deps); });
  router.Add({.method = "POST",
              .pattern = "/v1/orders/{id}/status",
              .min_role = http::Role::kAdmin,
              .requires_idempotency_key = false,  // natural keys make it idempotent
              .summary = "Move an order along placed, paid, shipped, delivered, or cancel it "
                         "(422 when the flow forbids it)",
              .request_schema = kStatusChangeSchema,
              .response_schema = kOrderSchema},
             [deps](const http::Request& r) { return ChangeStatus(r, deps); });
  router.Add({.method = "POST",
              .pattern = "/v1/orders/{id}/returns",
              .min_role = http::Role::kAdmin,
              .requires_idempotency_key = false,  // natural keys make it idempotent
              .summary = "Record a return of some of an order's goods (201; replay 200; 422 "
                         "beyond what was bought or paid)",
              .request_schema = kReturnInputSchema,
              .response_schema = kReturnSchema},
             [deps](const http::Request& r) { return AddReturn(r, deps); });
}

}  // namespace loyal::orders
