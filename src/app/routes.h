// Wires every room's HTTP routes into one Router: the only place that knows them all.
//
// Thread-safety: call once at start-up, before the server starts.
#pragma once

#include "core/time.h"
#include "db/database.h"
#include "http/handler.h"
#include "program/program_service.h"

namespace loyal::app {

// Registers the system routes (/healthz, /v1/openapi.json) and every room's /v1 routes.
// `db`, `clock` and `programs` (the process's parsed programs) must outlive the router.
void AddAllRoutes(http::Router& router, db::Database& db, const Clock& clock,
                  program::ProgramCache& programs);

}  // namespace loyal::app
