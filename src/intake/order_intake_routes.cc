#include "intake/order_intake_routes.h"

#include <boost/json/object.hpp>
#include <functional>

#include "intake/order_intake.h"
#include "orders/order_json.h"

namespace loyal::intake {
namespace {

// A response body and its status, produced inside a transaction.
struct Reply {
  boost::json::object body;
  int status = 200;
};

// What a write request does once parsed: its whole transaction body, self-contained (it
// owns the parsed request), so it can run in whichever transaction the caller provides.
using Work = std::function<Result<Reply>(db::Transaction&)>;

// Runs the parsed request's work in a read-write transaction of its own and turns its
// reply or error (a parse error included) into a response.
http::Response RunWork(db::Database& db, const Result<Work>& work) {
  if (!work) return http::ErrorResponse(work.error());
  Reply reply;
  Status status = db::RunInTransaction(db, [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(reply, (*work)(tx));
    return {};
  });
  if (!status) return http::ErrorResponse(status.error());
  return http::JsonResponse(reply.body, reply.status);
}

Result<Work> RecordOrderWork(const http::Request& request, const Clock& clock) {
  LOY_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(request.body));
  LOY_ASSIGN_OR_RETURN(orders::OrderRequest parsed, orders::ParseOrderRequest(body));
  return Work([parsed = std::move(parsed), &clock](db::Transaction& tx) -> Result<Reply> {
    LOY_ASSIGN_OR_RETURN(orders::CreateOrderResult recorded, RecordOrder(tx, parsed, clock.Now()));
    return Reply{orders::OrderJson(recorded.order), recorded.created ? 201 : 200};
  });
}

Result<Work> ChangeStatusWork(const http::Request& request, const Clock& clock) {
  LOY_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(request.body));
  LOY_ASSIGN_OR_RETURN(orders::OrderStatus to, orders::ParseStatusChange(body));
  return Work(
      [id = request.path_params.at("id"), to, &clock](db::Transaction& tx) -> Result<Reply> {
        LOY_ASSIGN_OR_RETURN(orders::SetStatusResult changed,
                             ChangeOrderStatus(tx, id, to, clock.Now()));
        return Reply{orders::OrderJson(changed.order), 200};
      });
}

Result<Work> RecordReturnWork(const http::Request& request, const Clock& clock) {
  LOY_ASSIGN_OR_RETURN(auto body, http::ParseJsonObject(request.body));
  LOY_ASSIGN_OR_RETURN(orders::ReturnRequest parsed,
                       orders::ParseReturnRequest(body, request.path_params.at("id")));
  return Work([parsed = std::move(parsed), &clock](db::Transaction& tx) -> Result<Reply> {
    LOY_ASSIGN_OR_RETURN(orders::CreateReturnResult recorded,
                         RecordReturn(tx, parsed, clock.Now()));
    return Reply{orders::ReturnJson(recorded.ret), recorded.created ? 201 : 200};
  });
}

// What every intake route is: a POST for admin keys, idempotent by the shop's own ids
// (natural keys), so it takes no Idempotency-Key.
http::RouteSpec AdminPost(std::string pattern, std::string summary, std::string request_schema,
                          std::string response_schema) {
  return {.method = "POST",
          .pattern = std::move(pattern),
          .min_role = http::Role::kAdmin,
          .requires_idempotency_key = false,
          .summary = std::move(summary),
          .request_schema = std::move(request_schema),
          .response_schema = std::move(response_schema)};
}

}  // namespace

void AddOrderIntakeRoutes(http::Router& router, db::Database& db, const Clock& clock) {
  using ParseFn = Result<Work> (*)(const http::Request&, const Clock&);
  auto add = [&](http::RouteSpec spec, ParseFn parse) {
    router.Add(std::move(spec), [&db, &clock, parse](const http::Request& r) {
      return RunWork(db, parse(r, clock));
    });
  };
  add(AdminPost("/v1/orders",
                "Record an order (201); the same order again replays it (200), the same id "
                "with other contents is 409",
                orders::kOrderInputSchema, orders::kOrderSchema),
      RecordOrderWork);
  add(AdminPost("/v1/orders/{id}/status",
                "Move an order along placed, paid, shipped, delivered, or cancel it (422 when "
                "the flow forbids it)",
                orders::kStatusChangeSchema, orders::kOrderSchema),
      ChangeStatusWork);
  add(AdminPost("/v1/orders/{id}/returns",
                "Record a return of some of an order's goods (201; replay 200; 422 beyond what "
                "was bought or paid)",
                orders::kReturnInputSchema, orders::kReturnSchema),
      RecordReturnWork);
}

}  // namespace loyal::intake
