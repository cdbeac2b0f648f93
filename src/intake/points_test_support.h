// Test support for intake's points tests (order_points_test.cc, backfill_test.cc): the
// program they earn under, and reading a customer's books by the shop's customer id.
//
// Thread-safety: as the Database given.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "db/database.h"
#include "ledger/ledger_queries.h"
#include "program/program.h"

// Asserts that a Status is ok, printing its error otherwise.
#define EXPECT_OK(status)                     \
  do {                                        \
    Status s_ = (status);                     \
    ASSERT_TRUE(s_) << s_.error().ToString(); \
  } while (0)

namespace loyal::intake::testing {

// A point per euro, books x2 (by catalog category), 100 for a first order, 50 from 100.00,
// 12-month expiry; guests earn when `guests_earn`.
inline program::Program ShopProgram(bool guests_earn = false) {
  program::Program p;
  p.earning.rate_millionths["EUR"] = program::kMillionths;
  program::Multiplier books;
  books.match.category = "books";
  books.factor_millionths = 2 * program::kMillionths;
  p.earning.multipliers = {books};
  p.earning.first_order_bonus = 100;
  p.earning.spend_bonuses = {{"EUR", 10'000, 50}};
  p.earning.guests_earn = guests_earn;
  p.expiry.policy = program::ExpiryPolicy::kAfterEarning;
  p.expiry.months = 12;
  return p;
}

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
