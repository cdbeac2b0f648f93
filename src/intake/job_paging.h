// Internal to intake: how the daily jobs walk the store, one short transaction per page of
// customers, so a job never holds up order intake. Thread-safety: stateless.
#pragma once

#include <cstdint>

#include "core/error.h"
#include "db/database.h"
#include "ledger/ledger_queries.h"
#include "ledger/ledger_service.h"

namespace loyal::intake {

// Customers per transaction.
inline constexpr int kJobBatch = 200;

inline int64_t IdOf(int64_t id) { return id; }
inline int64_t IdOf(const ledger::InactiveCustomer& c) { return c.customer_id; }
inline int64_t IdOf(const ledger::CustomerExpiring& c) { return c.customer_id; }

// Pages through `list(tx, after)` (ids ascending, up to kJobBatch, one transaction a page),
// handing each page to `each(tx, page)`; returns the sum of what `each` counted.
template <class List, class Each>
Result<int64_t> ForEachPage(db::Database& db, List list, Each each) {
  int64_t after = 0;
  int64_t counted = 0;
  for (;;) {
    LOY_ASSIGN_OR_RETURN(bool more,
                         db::WithTransaction(db, [&](db::Transaction& tx) -> Result<bool> {
                           LOY_ASSIGN_OR_RETURN(auto page, list(tx, after));
                           LOY_ASSIGN_OR_RETURN(int64_t done, each(tx, page));
                           counted += done;
                           if (!page.empty()) after = IdOf(page.back());
                           return page.size() == static_cast<size_t>(kJobBatch);
                         }));
    if (!more) return counted;
  }
}

}  // namespace loyal::intake
