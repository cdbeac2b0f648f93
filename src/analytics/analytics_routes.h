// HTTP routes of the analytics room: GET /v1/analytics/{report} (admin) returns the last
// saved report body, or one computed now (see SavedOrComputedReport).
//
// Thread-safety: handlers are thread-safe; `db` must outlive the router.
#pragma once

#include "db/database.h"
#include "http/handler.h"

namespace loyal::analytics {

void AddAnalyticsRoutes(http::Router& router, db::Database& db);

}  // namespace loyal::analytics
