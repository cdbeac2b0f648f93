// Wires every room's HTTP routes into one Router: the only place that knows them all.
//
// Thread-safety: call once at start-up, before the server starts.
#pragma once

#include <memory>

#include "core/time.h"
#include "db/database.h"
#include "http/customer_tokens.h"
#include "http/handler.h"
#include "program/program_service.h"

namespace loyal::app {

// Registers the system routes (/healthz, /v1/openapi.json) and every room's /v1 routes.
// `db`, `clock`, `programs` (the process's parsed programs) and `tokens` (which POST
// /v1/customer-tokens signs with) must outlive the router.
void AddAllRoutes(http::Router& router, db::Database& db, const Clock& clock,
                  program::ProgramCache& programs, http::CustomerTokens& tokens);

// The shop's customer tokens, their secret read from `db` (made on first need) the first
// time one is signed or checked.
std::unique_ptr<http::CustomerTokens> MakeCustomerTokens(db::Database& db, const Clock& clock);

}  // namespace loyal::app
