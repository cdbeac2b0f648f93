// Test support for the ledger's service tests: a BackendTest that runs one use case per
// committed transaction (Try) and audits the whole store after each (Do).
//
// Thread-safety: Do and Audit may be called from the threads a test starts (each runs its
// own transaction); the fixture itself belongs to the test's thread.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "db/testing/backend_test.h"
#include "ledger/hold_service.h"
#include "ledger/ledger_audit.h"
#include "ledger/ledger_queries.h"
#include "ledger/ledger_service.h"

namespace loyal::ledger::testing {

inline const Timestamp kT0 = Timestamp(std::chrono::seconds(1'700'000'000));
inline Timestamp Day(int n) { return kT0 + std::chrono::days(n); }

inline Memo TestMemo(std::string reason = "test") {
  return Memo{std::move(reason), "order", "ORD-1", 1, std::nullopt};
}

class LedgerFixture : public db::testing::BackendTest {
 protected:
  // Runs `work` in its own transaction, committed when it succeeds and rolled back when it
  // fails; returns what `work` returned.
  template <class Work>
  auto Try(Work work) -> decltype(work(std::declval<db::Transaction&>())) {
    using R = decltype(work(std::declval<db::Transaction&>()));
    std::optional<R> out;
    auto status = db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
      out.emplace(work(tx));
      if (!*out) return tl::unexpected(out->error());
      return {};
    });
    if (!status && !(out && !*out)) return R(tl::unexpected(status.error()));
    return std::move(*out);
  }

  // Try, then the audit of the whole store.
  template <class Work>
  auto Do(Work work) -> decltype(work(std::declval<db::Transaction&>())) {
    auto out = Try(std::move(work));
    Audit();
    return out;
  }

  // Expects the whole store to pass the audit.
  void Audit() {
    auto audit = db::RunInReadTransaction(db(), [](db::Transaction& tx) { return AuditAll(tx); });
    EXPECT_TRUE(audit) << audit.error().ToString();
  }

  Balances BalancesOf(int64_t customer_id) {
    auto b = Do([&](db::Transaction& tx) { return GetBalances(tx, customer_id); });
    EXPECT_TRUE(b) << b.error().ToString();
    return b ? *b : Balances{};
  }

  // Earns `points` available from `available` expiring at `expires`; returns the lot.
  int64_t EarnLot(int64_t customer_id, int64_t points, Timestamp available,
                  std::optional<Timestamp> expires = std::nullopt, Timestamp now = kT0) {
    auto posted = Do([&](db::Transaction& tx) {
      return Earn(tx, customer_id, {points, available, expires, TestMemo()}, now);
    });
    EXPECT_TRUE(posted) << posted.error().ToString();
    return posted ? *posted->lot_id : 0;
  }

  // Earns `points` and releases them at once; returns the lot.
  int64_t AvailableLot(int64_t customer_id, int64_t points,
                       std::optional<Timestamp> expires = std::nullopt) {
    const int64_t lot = EarnLot(customer_id, points, kT0, expires);
    auto released = Do([&](db::Transaction& tx) { return ReleaseDue(tx, customer_id, kT0); });
    EXPECT_TRUE(released) << released.error().ToString();
    return lot;
  }
};

// The error code of a failed Result; fails the test when it succeeded.
template <class T>
ErrorCode CodeOf(const Result<T>& r) {
  EXPECT_FALSE(r) << "expected an error";
  return r ? ErrorCode::kInternal : r.error().code;
}

}  // namespace loyal::ledger::testing
