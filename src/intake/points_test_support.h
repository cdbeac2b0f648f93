// Test support for intake's points tests (order_points_test.cc, backfill_test.cc,
// simulation_live_test.cc): the program they earn under, reading a customer's books by the
// shop's customer id, and the status changes and returns they record through live intake.
//
// Thread-safety: as the Database given.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "db/database.h"
#include "intake/order_intake.h"
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

// Moves the order the shop calls `id` to `to` at `at` through live intake; a failure fails
// the test.
inline void MoveOrder(db::Database& db, program::ProgramCache& programs, const std::string& id,
                      orders::OrderStatus to, Timestamp at) {
  auto done = db::RunInTransaction(db, [&](db::Transaction& tx) {
    return ChangeOrderStatus(tx, programs, id, to, at).map([](auto&&) {});
  });
  ASSERT_TRUE(done) << done.error().ToString();
}

// Records return `id` of one unit of line `line` of the order `order` at `at` through live
// intake; a failure fails the test.
inline void ReturnOneUnit(db::Database& db, program::ProgramCache& programs, const std::string& id,
                          const std::string& order, int32_t line, Timestamp at) {
  orders::ReturnRequest request;
  request.input.external_id = id;
  request.input.order_external_id = order;
  request.input.lines = {orders::ReturnLineInput{line, std::nullopt, 1}};
  auto done = db::RunInTransaction(db, [&](db::Transaction& tx) {
    return RecordReturn(tx, programs, request, at).map([](auto&&) {});
  });
  ASSERT_TRUE(done) << done.error().ToString();
}

}  // namespace loyal::intake::testing
