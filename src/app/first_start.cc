#include "app/first_start.h"

#include <cstdio>

#include "app/program_command.h"
#include "http/api_keys.h"
#include "importer/demo_store.h"
#include "importer/store_importer.h"

namespace loyal::app {
namespace {

Result<int64_t> Count(db::Database& db, const char* count_query) {
  return db::WithReadTransaction(db, [&](db::Transaction& tx) -> Result<int64_t> {
    LOY_ASSIGN_OR_RETURN(auto rows, tx.Query(count_query));
    return rows[0].Int(0);
  });
}

}  // namespace

Status PrepareFirstStart(db::Database& db, const std::string& target, int demo_customers,
                         const Clock& clock) {
  LOY_ASSIGN_OR_RETURN(int64_t keys,
                       Count(db, "SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL"));
  if (keys > 0) {
    std::fprintf(stderr, "API keys: %lld active (see them with `loyal keys list --db %s`)\n",
                 static_cast<long long>(keys), target.c_str());
    return {};
  }
  if (demo_customers <= 0) {
    std::fprintf(stderr,
                 "API keys: none yet; create one with `loyal keys create --db %s --role admin`\n",
                 target.c_str());
    return {};
  }
  LOY_ASSIGN_OR_RETURN(int64_t customers, Count(db, "SELECT COUNT(*) FROM customers"));
  if (customers == 0) {
    std::fprintf(stderr, "seeding a demo shop of %d customers...\n", demo_customers);
    importer::DemoOptions options;
    options.customers = demo_customers;
    LOY_ASSIGN_OR_RETURN(auto summary, importer::WriteDemoToStore(db, options, clock));
    std::fputs(importer::FormatImportSummary(summary, importer::HistorySource::kGenerated).c_str(),
               stderr);
  }
  LOY_RETURN_IF_ERROR(InstallSampleProgram(db, "loyal serve (first start)", clock));
  LOY_ASSIGN_OR_RETURN(http::NewApiKey key, db::WithTransaction(db, [&](db::Transaction& tx) {
                         return http::CreateApiKey(tx, http::Role::kAdmin, "demo admin key", clock);
                       }));
  std::printf("demo admin key (shown only this once): %s\n", key.key.c_str());
  std::fflush(stdout);
  return {};
}

}  // namespace loyal::app
