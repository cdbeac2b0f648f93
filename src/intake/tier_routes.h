// HTTP routes of member tiers: GET /v1/customers/{id}/tier (the level held and since when,
// the window and what counts in it, progress to the next level, what keeping this one needs
// and by when, and the level projected at the window's end if nothing more is bought) and GET
// /v1/customers/{id}/tier/history (the moves, newest first). Reads only; admin and analyst
// keys, and storefront keys with the customer's own token. They live in intake because a
// tier's amounts come from the orders and the ledger (tier_effects.h).
//
// Thread-safety: the handlers are thread-safe; db, clock and programs must outlive the Router.
#pragma once

#include "core/time.h"
#include "db/database.h"
#include "http/handler.h"
#include "program/program_service.h"

namespace loyal::intake {

void AddTierRoutes(http::Router& router, db::Database& db, const Clock& clock,
                   program::ProgramCache& programs);

}  // namespace loyal::intake
