// HTTP routes of the program room (admin only): GET/PUT /v1/program, GET
// /v1/program/versions and GET /v1/program/versions/{n}. The router must outlive nothing
// here; `db` and `clock` must outlive the router.
#pragma once

#include "core/time.h"
#include "db/database.h"
#include "http/handler.h"

namespace loyal::program {

void AddProgramRoutes(http::Router& router, db::Database& db, const Clock& clock);

}  // namespace loyal::program
