// Test support for the event, calendar-job, redemption and birthday-gift tests: a store in the
// Europe/Berlin time zone, customers, a program put in force, members placed at a tier level,
// local wall-clock instants, and the books audited after every write. Test-only; one thread except
// where a test says.
#pragma once

#include <date/tz.h>
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>

#include "customers/customer_service.h"
#include "db/testing/backend_test.h"
#include "intake/event_intake.h"
#include "intake/points_jobs.h"
#include "ledger/ledger_audit.h"
#include "ledger/ledger_queries.h"
#include "orders/orders.h"
#include "program/program_service.h"
#include "program/tier_store.h"
#include "settings/settings_service.h"

namespace loyal::intake::testing {

inline const char kZone[] = "Europe/Berlin";

// An event rule; `per` absent: no cap.
inline program::EventRule Rule(std::string name, int64_t points, std::optional<int64_t> count = {},
                               program::CapPeriod per = program::CapPeriod::kLifetime) {
  return program::EventRule{std::move(name), points, count, per};
}

// Tiers on the number of orders with one level per code, lowest first, the n-th needing n orders.
inline program::TierRules OrdersTiers(std::initializer_list<const char*> codes) {
  program::TierRules tiers;
  tiers.basis = {program::TierBasis::kOrders};
  for (const char* code : codes) {
    program::TierLevel level;
    level.code = code;
    level.name = code;
    level.entry.orders = static_cast<int64_t>(tiers.levels.size());
    level.retain = level.entry;
    tiers.levels.push_back(level);
  }
  return tiers;
}

class EventTestBase : public db::testing::BackendTest {
 protected:
  program::ProgramCache programs_;  // as loyal serve's, shared by the fixture's calls

  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    ASSERT_TRUE(db::RunInTransaction(
        db(), [](db::Transaction& tx) { return settings::Set(tx, "time_zone", kZone); }));
  }

  // The instant of local wall-clock time `text` ("2024-03-01T23:30") in kZone.
  static Timestamp At(const std::string& text) {
    auto parsed = ParseDateTime(text);
    EXPECT_TRUE(parsed) << text;
    return ToUtc(*parsed, date::locate_zone(kZone));
  }

  // Runs `work` in a committed transaction, then audits every customer's books.
  Status Do(const std::function<Status(db::Transaction&)>& work) {
    LOY_RETURN_IF_ERROR(db::RunInTransaction(db(), work));
    return db::RunInReadTransaction(db(), ledger::AuditAll);
  }

  void PutProgram(const program::Program& p, Timestamp at) {
    ASSERT_TRUE(Do([&](db::Transaction& tx) {
      return program::PutProgram(tx, p, "test", at).map([](auto&&) {});
    }));
  }

  // Stores the customer at tier level `level` (as the tier job would have moved them) at `at`.
  void PlaceAtLevel(int64_t customer_id, const std::string& level, Timestamp at) {
    ASSERT_TRUE(Do([&](db::Transaction& tx) {
      return program::store::SaveTier(tx, {customer_id, level, at, DayOf(0), std::nullopt, 1}, at);
    }));
  }

  // Creates customer `id`; returns its internal id.
  int64_t AddCustomer(const std::string& id, std::optional<DayNumber> birthday = std::nullopt) {
    int64_t customer_id = 0;
    EXPECT_TRUE(Do([&](db::Transaction& tx) -> Status {
      customers::CustomerInput input;
      input.external_id = id;
      input.birthday = birthday;
      LOY_ASSIGN_OR_RETURN(auto upserted, customers::UpsertCustomer(tx, input, At("2020-01-01")));
      customer_id = upserted.customer.customer_id;
      return {};
    }));
    return customer_id;
  }

  // Records event `name` for customer `id` at `now` (occurred_at: now).
  Result<RecordedEvent> Event(const std::string& id, const std::string& name, Timestamp now) {
    Result<RecordedEvent> out = Internal("not run");
    Status status = Do([&](db::Transaction& tx) -> Status {
      out = RecordEvent(tx, EventRequest{id, name, std::nullopt, std::nullopt}, now);
      return out.map([](auto&&) {});
    });
    if (!status) return tl::unexpected(status.error());
    return out;
  }

  ledger::Balances BalancesOf(int64_t customer_id) {
    ledger::Balances out;
    EXPECT_TRUE(db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(out, ledger::GetBalances(tx, customer_id));
      return {};
    }));
    return out;
  }

  // The jobs as `loyal jobs run` runs them, then the audit.
  PointsJobCounts RunJobsAt(Timestamp at) {
    auto counts = RunPointsJobs(db(), at);
    EXPECT_TRUE(counts) << counts.error().ToString();
    EXPECT_TRUE(db::RunInReadTransaction(db(), ledger::AuditAll));
    return counts ? *counts : PointsJobCounts{};
  }

  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(auto rows, tx.Query(sql));
      n = rows[0].Int(0);
      return {};
    }));
    return n;
  }
};

}  // namespace loyal::intake::testing
