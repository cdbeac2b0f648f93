// Internal to the ledger's routes: the two halves AddLedgerRoutes registers (reads in
// ledger_read_routes.cc, writes in ledger_write_routes.cc).
//
// Thread-safety: as ledger_routes.h.
#pragma once

#include "core/time.h"
#include "db/database.h"
#include "http/handler.h"

namespace loyal::ledger::internal {

void AddLedgerReadRoutes(http::Router& router, db::Database& db, const Clock& clock);
void AddLedgerWriteRoutes(http::Router& router, const Clock& clock);

}  // namespace loyal::ledger::internal
