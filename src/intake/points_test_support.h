// Test support for intake's points tests (order_points_test.cc, backfill_test.cc): reading
// a customer's books by the shop's customer id.
//
// Thread-safety: as the Database given.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "db/database.h"
#include "ledger/ledger_queries.h"

namespace loyal::intake::testing {

// The cached balances of the customer the shop calls `customer` (zeros when unknown);
// a failure to read fails the test.
inline ledger::Balances BalancesOf(db::Database& db, const std::string& customer) {
  ledger::Balances out;
  auto read = db::RunInReadTransaction(db, [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(auto rows,
                         tx.Query("SELECT customer_id FROM customer_lookup WHERE external_id = $1",
                                  {db::Value(customer)}));
    if (rows.empty()) return {};
    LOY_ASSIGN_OR_RETURN(out, ledger::GetBalances(tx, rows[0].Int(0)));
    return {};
  });
  EXPECT_TRUE(read) << read.error().ToString();
  return out;
}

}  // namespace loyal::intake::testing
