// The public system routes: GET /healthz (is the database reachable?) and
// GET /v1/openapi.json (the document generated from the Router).
//
// Thread-safety: the handlers are thread-safe; `router` and `db` must outlive them, and
// the Router must be complete before the server starts.
#pragma once

#include "db/database.h"
#include "http/handler.h"
#include "http/openapi.h"

namespace loyal::http {

// Registers both routes on `router`. The OpenAPI document describes every route the
// router holds when it is requested, so rooms may add theirs after this call.
void AddSystemRoutes(Router& router, db::Database& db, OpenApiInfo info = {});

}  // namespace loyal::http
