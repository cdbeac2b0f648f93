#include "intake/order_intake_routes.h"

#include <boost/json/object.hpp>
#include <functional>

#include "intake/order_intake.h"
#include "orders/order_json.h"

namespace loyal::intake {
namespace {

// What every intake route's work needs besides the request.
struct Deps {
  const Clock& clock;
  program::ProgramCache& programs;
};

// Rendered when sent, not on the writer thread (http::Response::render).
http::Response OrderResponse(orders::Order order, int status) {
  return http::DeferredJsonResponse([order = std::move(order)] { return orders::OrderJson(order); },
                                    status);
}

Result<http::TransactionWork> RecordOrderWork(const http::Request& request, const Deps& deps) {
  LOY_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(request.body));
  LOY_ASSIGN_OR_RETURN(orders::OrderRequest parsed, orders::ParseOrderRequest(body));
  return http::TransactionWork(
      [parsed = std::move(parsed), &deps](db::Transaction& tx) -> Result<http::Response> {
        LOY_ASSIGN_OR_RETURN(orders::CreateOrderResult recorded,
                             RecordOrder(tx, deps.programs, parsed, deps.clock.Now()));
        return OrderResponse(std::move(recorded.order), recorded.created ? 201 : 200);
      });
}

Result<http::TransactionWork> ChangeStatusWork(const http::Request& request, const Deps& deps) {
  LOY_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(request.body));
  LOY_ASSIGN_OR_RETURN(orders::OrderStatus to, orders::ParseStatusChange(body));
  return http::TransactionWork([id = request.path_params.at("id"), to,
                                &deps](db::Transaction& tx) -> Result<http::Response> {
    LOY_ASSIGN_OR_RETURN(orders::SetStatusResult changed,
                         ChangeOrderStatus(tx, deps.programs, id, to, deps.clock.Now()));
    return OrderResponse(std::move(changed.order), 200);
  });
}

Result<http::TransactionWork> RecordReturnWork(const http::Request& request, const Deps& deps) {
  LOY_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(request.body));
  LOY_ASSIGN_OR_RETURN(orders::ReturnRequest parsed,
                       orders::ParseReturnRequest(body, request.path_params.at("id")));
  return http::TransactionWork(
      [parsed = std::move(parsed), &deps](db::Transaction& tx) -> Result<http::Response> {
        LOY_ASSIGN_OR_RETURN(orders::CreateReturnResult recorded,
                             RecordReturn(tx, deps.programs, parsed, deps.clock.Now()));
        return http::DeferredJsonResponse(
            [ret = std::move(recorded.ret)] { return orders::ReturnJson(ret); },
            recorded.created ? 201 : 200);
      });
}

// What every intake route is: a POST for admin keys, idempotent by the shop's own ids
// (natural keys), so it takes no Idempotency-Key.
// Every one can be refused by the order's rules (422); those that record something answer
// 201, 200 when replayed, and 409 for the same id with other contents.
http::RouteSpec AdminPost(std::string pattern, std::string summary, std::string request_schema,
                          std::string response_schema, bool records) {
  return {.method = "POST",
          .pattern = std::move(pattern),
          .min_role = http::Role::kAdmin,
          .requires_idempotency_key = false,
          .summary = std::move(summary),
          .request_schema = std::move(request_schema),
          .response_schema = std::move(response_schema),
          .success_statuses = records ? std::vector<int>{201, 200} : std::vector<int>{200},
          .error_statuses = records ? std::vector<int>{409, 422} : std::vector<int>{422}};
}

}  // namespace

void AddOrderIntakeRoutes(http::Router& router, const Clock& clock,
                          program::ProgramCache& programs) {
  using ParseFn = Result<http::TransactionWork> (*)(const http::Request&, const Deps&);
  auto add = [&](http::RouteSpec spec, ParseFn parse) {
    router.AddWrite(std::move(spec), [deps = Deps{clock, programs}, parse](const http::Request& r) {
      return parse(r, deps);
    });
  };
  add(AdminPost("/v1/orders",
                "Record an order (201); the same order again replays it (200), the same id "
                "with other contents is 409",
                orders::kOrderInputSchema, orders::kOrderSchema, /*records=*/true),
      RecordOrderWork);
  add(AdminPost("/v1/orders/{id}/status",
                "Move an order along placed, paid, shipped, delivered, or cancel it (422 when "
                "the flow forbids it)",
                orders::kStatusChangeSchema, orders::kOrderSchema, /*records=*/false),
      ChangeStatusWork);
  add(AdminPost("/v1/orders/{id}/returns",
                "Record a return of some of an order's goods (201; replay 200; 422 beyond what "
                "was bought or paid)",
                orders::kReturnInputSchema, orders::kReturnSchema, /*records=*/true),
      RecordReturnWork);
}

}  // namespace loyal::intake
