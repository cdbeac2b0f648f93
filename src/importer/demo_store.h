// Writing the demo shop (demo_generator.h) into the store through the importer's write
// path (import_writer.h): catalog products with categories and prices, customers with
// their profiles, orders, and returns tied to the order lines they take back. Running it
// again with the same options changes nothing (the ids are the same). Commits every
// 100,000 orders, so a million customers do not make one huge transaction.
//
// Thread-safety: WriteDemoToStore may run on any thread with its own arguments.
#pragma once

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "importer/demo_generator.h"
#include "importer/import_writer.h"

namespace loyal::importer {

// Generates the shop described by `options` into `db`; times are wall-clock times in the
// shop's time_zone setting. Returns what was written. Errors: invalid_argument for bad
// options (DemoGenerator::Create); failed_precondition when the stored settings no longer
// load; the database's.
[[nodiscard]] Result<ImportSummary> WriteDemoToStore(db::Database& db, const DemoOptions& options,
                                                     const Clock& clock);

}  // namespace loyal::importer
