// HTTP routes of order intake: POST /v1/orders (idempotent by the shop's order id: 201
// created, 200 replayed, 409 same id with another body), POST /v1/orders/{id}/status and
// POST /v1/orders/{id}/returns (idempotent by the return's id). Admin keys only. Each
// parses its body on the handler thread, then runs one use case of order_intake.h in the
// request's savepoint of a group-commit transaction (http::Router::AddWrite); reading an
// order stays with the orders room (GET /v1/orders/{id}, orders/order_routes.h).
//
// Thread-safety: the handlers are thread-safe; the Clock and the ProgramCache must outlive
// the Router.
#pragma once

#include "core/time.h"
#include "http/handler.h"
#include "program/program_service.h"

namespace loyal::intake {

// Registers the three write routes; orders earn under the program read through `programs`.
void AddOrderIntakeRoutes(http::Router& router, const Clock& clock,
                          program::ProgramCache& programs);

}  // namespace loyal::intake
