// Events earning under the program's caps: per calendar day, week and month of the shop's
// time zone across their boundaries, exact under concurrent requests, and refusals that
// change nothing; on both backends, the books audited after every step.
#include "intake/event_intake.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "customers/customers.h"
#include "intake/event_test_support.h"
#include "intake/guest_merge.h"
#include "intake/order_intake.h"
#include "ledger/ledger_service.h"

namespace loyal::intake {
namespace {

using program::CapPeriod;

program::Program EventProgram() {
  program::Program p;
  p.events = {testing::Rule("review", 10, 2, CapPeriod::kDay),
              testing::Rule("survey_answered", 5, 1, CapPeriod::kWeek),
              testing::Rule("referral", 20, 1, CapPeriod::kMonth),
              testing::Rule("sign_up", 50, 1, CapPeriod::kLifetime),
              testing::Rule("newsletter", 3)};
  p.expiry.policy = program::ExpiryPolicy::kAfterEarning;
  p.expiry.months = 12;
  return p;
}

class EventIntakeTest : public testing::EventTestBase {
 protected:
  void SetUp() override {
    EventTestBase::SetUp();
    if (IsSkipped() || HasFailure()) return;
    customer_ = AddCustomer("C-1");
  }

  // The points each of `times` earned for event `name`, "x" for a refusal.
  std::string Earned(const std::string& name, const std::vector<std::string>& times) {
    std::string out;
    for (const std::string& t : times) {
      auto e = Event("C-1", name, At(t));
      out += (out.empty() ? "" : " ") + (e ? std::to_string(e->points) : std::string("x"));
      if (e) {
        EXPECT_EQ(e->capped, e->points == 0) << t;
      }
    }
    return out;
  }

  int64_t customer_ = 0;
};

TEST_P(EventIntakeTest, DayCapCountsByTheShopsCalendarDay) {
  PutProgram(EventProgram(), At("2024-01-01"));
  // 23:30 in Berlin is 22:30 UTC: still 1 March there; 00:10 is 2 March.
  EXPECT_EQ(Earned("review", {"2024-03-01T08:00", "2024-03-01T23:30", "2024-03-01T23:59",
                              "2024-03-02T00:10", "2024-03-02T12:00", "2024-03-02T13:00"}),
            "10 10 0 10 10 0");
  EXPECT_EQ(BalancesOf(customer_).available, 40);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customer_events"), 6);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customer_events WHERE capped = 1 AND points = 0 AND "
                  "lot_id IS NULL"),
            2);
}

TEST_P(EventIntakeTest, WeekCapRunsMondayToSunday) {
  PutProgram(EventProgram(), At("2024-01-01"));
  // 2024-03-03 is a Sunday, 2024-03-04 a Monday.
  EXPECT_EQ(Earned("survey_answered", {"2024-02-26T00:00", "2024-03-03T23:59", "2024-03-04T00:00",
                                       "2024-03-10T20:00", "2024-03-11T09:00"}),
            "5 0 5 0 5");
}

TEST_P(EventIntakeTest, MonthYearAndLifetimeCaps) {
  PutProgram(EventProgram(), At("2024-01-01"));
  EXPECT_EQ(Earned("referral", {"2024-01-31T23:00", "2024-01-31T23:30", "2024-02-01T00:00",
                                "2024-02-29T12:00", "2025-02-01T12:00"}),
            "20 0 20 0 20");
  EXPECT_EQ(Earned("sign_up", {"2024-01-05T10:00", "2025-06-05T10:00"}), "50 0");
  EXPECT_EQ(Earned("newsletter", {"2024-01-05T10:00", "2024-01-05T10:00", "2024-01-05T10:00"}),
            "3 3 3");
}

TEST_P(EventIntakeTest, PointsAreAvailableAtOnceAndExpireByTheProgram) {
  PutProgram(EventProgram(), At("2024-01-01"));
  auto e = Event("C-1", "review", At("2024-03-01T23:30"));
  ASSERT_TRUE(e) << e.error().ToString();
  EXPECT_EQ(e->balances.available, 10);
  EXPECT_EQ(e->balances.pending, 0);
  EXPECT_EQ(e->program_version, 1);
  EXPECT_EQ(e->public_id.rfind("evt_", 0), 0u);
  // Earned on 1 March in Berlin: gone from the start of 1 March 2025 there.
  ASSERT_TRUE(e->expires_at);
  EXPECT_EQ(*e->expires_at, At("2025-03-01T00:00"));
  EXPECT_EQ(BalancesOf(customer_).lifetime_earned, 10);
}

TEST_P(EventIntakeTest, RefusalsChangeNothing) {
  auto none = Event("C-1", "review", At("2024-03-01T10:00"));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kFailedPrecondition);

  PutProgram(EventProgram(), At("2024-01-01"));
  auto unknown = Event("C-1", "tweet", At("2024-03-01T10:00"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(unknown.error().field, "name");

  auto nobody = Event("C-404", "review", At("2024-03-01T10:00"));
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);

  const Timestamp now = At("2024-03-01T10:00");
  auto future = [&](std::chrono::hours ahead) {
    Result<RecordedEvent> out = Internal("not run");
    EXPECT_TRUE(db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
      ParsedDateTime at{(now + ahead).time_since_epoch().count(), true};
      out = RecordEvent(tx, EventRequest{"C-1", "newsletter", at, std::nullopt}, now);
      return {};
    }));
    return out;
  };
  auto too_far = future(std::chrono::hours(25));
  ASSERT_FALSE(too_far);
  EXPECT_EQ(too_far.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(too_far.error().field, "occurred_at");
  EXPECT_EQ(BalancesOf(customer_), ledger::Balances{});
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customer_events"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM event_cap_counts"), 0);
  EXPECT_TRUE(future(std::chrono::hours(23)));
}

TEST_P(EventIntakeTest, CapIsExactUnderConcurrentRequestsForOneCustomer) {
  PutProgram(EventProgram(), At("2024-01-01"));
  constexpr int kThreads = 12;
  std::atomic<int> earned{0};
  std::atomic<int> capped{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      Result<RecordedEvent> out = Internal("not run");
      Status s = db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
        out = RecordEvent(tx, EventRequest{"C-1", "review", std::nullopt, std::nullopt},
                          At("2024-03-01T10:00") + std::chrono::seconds(i));
        return out.map([](auto&&) {});
      });
      if (!s) {
        ++failed;
      } else {
        (out->capped ? capped : earned)++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(earned.load(), 2);
  EXPECT_EQ(capped.load(), kThreads - 2);
  EXPECT_EQ(BalancesOf(customer_).available, 20);
  EXPECT_TRUE(db::RunInReadTransaction(db(), ledger::AuditAll));
}

TEST_P(EventIntakeTest, AGuestMergeMovesEventsAndTheirCapCountsAndActivity) {
  program::Program p = EventProgram();
  p.earning.guests_earn = true;
  PutProgram(p, At("2024-01-01"));
  orders::OrderRequest order;
  order.input.external_id = "G-1";
  order.input.customer.email = "guest@example.com";
  order.input.currency = *Currency::Parse("EUR");
  order.input.lines = {orders::LineInput{"MUG", 1, 30'000'000, 0, std::nullopt}};
  ASSERT_TRUE(Do([&](db::Transaction& tx) {
    return RecordOrder(tx, programs_, order, At("2024-03-01T08:00")).map([](auto&&) {});
  }));
  const std::string guest = customers::GuestIdForOrder("G-1");
  ASSERT_TRUE(Event(guest, "review", At("2024-03-01T09:00")));
  ASSERT_TRUE(Event("C-1", "review", At("2024-01-05T09:00")));
  ASSERT_TRUE(Do([&](db::Transaction& tx) {
    return MergeGuest(tx, "C-1", guest, std::nullopt, At("2024-03-01T10:00")).map([](auto&&) {});
  }));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customer_events WHERE customer_id = " +
                  std::to_string(customer_)),
            2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customer_events c JOIN ledger_lots l ON "
                  "l.customer_id = c.customer_id AND l.lot_id = c.lot_id"),
            2);
  // The guest's review and this one make two on 1 March: the third is capped.
  EXPECT_EQ(Earned("review", {"2024-03-01T11:00", "2024-03-01T12:00"}), "10 0");
  ASSERT_TRUE(db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(auto last, ledger::LastActivity(tx, customer_));
    // The capped review at 12:00 is activity too.
    EXPECT_EQ(last, std::optional<Timestamp>(At("2024-03-01T12:00")));
    return {};
  }));
}

TEST(CapPeriodKeyTest, NamesEachPeriod) {
  const DayNumber sunday = *ParseDate("2024-03-03");
  EXPECT_EQ(CapPeriodKey(CapPeriod::kDay, sunday), "day:2024-03-03");
  EXPECT_EQ(CapPeriodKey(CapPeriod::kWeek, sunday), "week:2024-02-26");
  EXPECT_EQ(CapPeriodKey(CapPeriod::kWeek, sunday + 1), "week:2024-03-04");
  EXPECT_EQ(CapPeriodKey(CapPeriod::kWeek, *ParseDate("1969-12-28")), "week:1969-12-22");
  EXPECT_EQ(CapPeriodKey(CapPeriod::kMonth, sunday), "month:2024-03");
  EXPECT_EQ(CapPeriodKey(CapPeriod::kYear, sunday), "year:2024");
  EXPECT_EQ(CapPeriodKey(CapPeriod::kLifetime, sunday), "lifetime");
}

LOYAL_INSTANTIATE_BACKEND_TESTS(EventIntakeTest);

}  // namespace
}  // namespace loyal::intake
