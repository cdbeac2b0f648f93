// The calendar jobs through RunPointsJobs, as `loyal jobs run` runs them: birthday bonuses
// once a year (29 February included, two job processes at once), expiry warnings written
// once on the right day, and inactivity expiry at the right time and not after fresh
// activity; on both backends, the books audited after every run.
#include "intake/calendar_jobs.h"

#include <gtest/gtest.h>

#include <thread>

#include "intake/event_test_support.h"
#include "ledger/hold_service.h"
#include "ledger/ledger_service.h"

namespace loyal::intake {
namespace {

DayNumber Day(const char* text) { return *ParseDate(text); }

class CalendarJobsTest : public testing::EventTestBase {
 protected:
  // Birthday bonus 25; 10 points a review; lots expire after `policy`.
  program::Program Program(program::ExpiryPolicy policy, int months, int warning_days) {
    program::Program p;
    p.earning.birthday_bonus = 25;
    p.events = {testing::Rule("review", 10)};
    p.expiry.policy = policy;
    p.expiry.months = months;
    p.expiry.warning_days = warning_days;
    return p;
  }

  std::vector<store::ExpiryWarning> WarningsOf(int64_t customer_id) {
    std::vector<store::ExpiryWarning> out;
    EXPECT_TRUE(db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(out, ListExpiryWarnings(tx, customer_id));
      return {};
    }));
    return out;
  }
};

TEST_P(CalendarJobsTest, BirthdayBonusOnceAYearOnTheDayInTheShopsZone) {
  PutProgram(Program(program::ExpiryPolicy::kNever, 0, 0), At("2024-01-01"));
  const int64_t ann = AddCustomer("ann", Day("1990-03-15"));
  const int64_t bob = AddCustomer("bob", Day("1985-07-01"));
  AddCustomer("cat");  // no birthday known
  // 23:30 on the 14th in Berlin is not yet the birthday; 00:30 on the 15th is.
  EXPECT_EQ(RunJobsAt(At("2024-03-14T23:30")).calendar.birthday_bonuses, 0);
  EXPECT_EQ(RunJobsAt(At("2024-03-15T00:30")).calendar.birthday_bonuses, 1);
  EXPECT_EQ(RunJobsAt(At("2024-03-15T18:00")).calendar.birthday_bonuses, 0);
  EXPECT_EQ(BalancesOf(ann).available, 25);
  EXPECT_EQ(BalancesOf(bob).available, 0);
  EXPECT_EQ(RunJobsAt(At("2025-03-15T09:00")).calendar.birthday_bonuses, 1);
  EXPECT_EQ(BalancesOf(ann).available, 50);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM birthday_bonuses"), 2);
}

TEST_P(CalendarJobsTest, LeapDayBirthdaysOnFebruary28thInOtherYears) {
  PutProgram(Program(program::ExpiryPolicy::kNever, 0, 0), At("2020-01-01"));
  const int64_t leap = AddCustomer("leap", Day("2000-02-29"));
  const int64_t feb28 = AddCustomer("feb28", Day("1999-02-28"));
  EXPECT_EQ(RunJobsAt(At("2023-02-28T12:00")).calendar.birthday_bonuses, 2);
  EXPECT_EQ(RunJobsAt(At("2023-03-01T12:00")).calendar.birthday_bonuses, 0);
  // In a leap year each on their own day.
  EXPECT_EQ(RunJobsAt(At("2024-02-28T12:00")).calendar.birthday_bonuses, 1);
  EXPECT_EQ(BalancesOf(leap).available, 25);
  EXPECT_EQ(BalancesOf(feb28).available, 50);
  EXPECT_EQ(RunJobsAt(At("2024-02-29T12:00")).calendar.birthday_bonuses, 1);
  EXPECT_EQ(BalancesOf(leap).available, 50);
}

TEST_P(CalendarJobsTest, TwoJobProcessesAtOncePayABirthdayOnce) {
  PutProgram(Program(program::ExpiryPolicy::kNever, 0, 0), At("2024-01-01"));
  std::vector<int64_t> ids;
  for (int i = 0; i < 30; ++i)
    ids.push_back(AddCustomer("c" + std::to_string(i), Day("1990-05-05")));
  std::vector<int64_t> paid(2, -1);
  std::vector<std::thread> jobs;
  for (int j = 0; j < 2; ++j) {
    jobs.emplace_back([&, j] {
      auto counts = RunPointsJobs(db(), At("2024-05-05T10:00"));
      if (counts) paid[j] = counts->calendar.birthday_bonuses;
    });
  }
  for (auto& t : jobs) t.join();
  ASSERT_GE(paid[0], 0);
  ASSERT_GE(paid[1], 0);
  EXPECT_EQ(paid[0] + paid[1], 30);
  for (int64_t id : ids) EXPECT_EQ(BalancesOf(id).available, 25) << id;
  EXPECT_TRUE(db::RunInReadTransaction(db(), ledger::AuditAll));
}

TEST_P(CalendarJobsTest, LotExpiryWarningWrittenOnceOnTheRightDay) {
  PutProgram(Program(program::ExpiryPolicy::kAfterEarning, 1, 7), At("2024-01-01"));
  const int64_t ann = AddCustomer("ann");
  ASSERT_TRUE(Event("ann", "review", At("2024-03-10T12:00")));
  ASSERT_TRUE(Event("ann", "review", At("2024-03-10T15:00")));
  // The points are gone from 10 April (Berlin): warned from 3 April.
  EXPECT_EQ(RunJobsAt(At("2024-04-02T23:59")).calendar.warnings_written, 0);
  EXPECT_EQ(RunJobsAt(At("2024-04-03T00:01")).calendar.warnings_written, 1);
  EXPECT_EQ(RunJobsAt(At("2024-04-05T00:01")).calendar.warnings_written, 0);
  const std::vector<store::ExpiryWarning> expected{
      {At("2024-04-10T00:00"), 20, At("2024-04-03T00:01")}};
  EXPECT_EQ(WarningsOf(ann), expected);
  EXPECT_EQ(RunJobsAt(At("2024-04-10T00:00")).customers_expired, 1);
  EXPECT_EQ(BalancesOf(ann).available, 0);
  EXPECT_EQ(WarningsOf(ann).size(), 1u);
}

TEST_P(CalendarJobsTest, InactivityExpiresAllPointsAfterMonthsWithoutActivity) {
  PutProgram(Program(program::ExpiryPolicy::kAfterInactivity, 3, 10), At("2024-01-01"));
  const int64_t idle = AddCustomer("idle");
  const int64_t busy = AddCustomer("busy");
  for (const char* id : {"idle", "busy"}) {
    auto e = Event(id, "review", At("2024-01-10T09:00"));
    ASSERT_TRUE(e) << e.error().ToString();
    EXPECT_FALSE(e->expires_at);  // lots carry no expiry under this policy
  }
  // Inactive from 10 January: gone on 10 April, warned on 31 March.
  EXPECT_EQ(RunJobsAt(At("2024-03-30T22:00")).calendar.warnings_written, 0);
  EXPECT_EQ(RunJobsAt(At("2024-03-31T08:00")).calendar.warnings_written, 2);
  EXPECT_EQ(RunJobsAt(At("2024-04-01T08:00")).calendar.warnings_written, 0);
  const std::vector<store::ExpiryWarning> expected{
      {At("2024-04-10T00:00"), 10, At("2024-03-31T08:00")}};
  EXPECT_EQ(WarningsOf(idle), expected);
  ASSERT_TRUE(Event("busy", "review", At("2024-04-05T09:00")));
  EXPECT_EQ(RunJobsAt(At("2024-04-09T23:59")).calendar.customers_inactive, 0);
  EXPECT_EQ(BalancesOf(idle).available, 10);
  auto at_limit = RunJobsAt(At("2024-04-10T00:00"));
  EXPECT_EQ(at_limit.calendar.customers_inactive, 1);
  EXPECT_EQ(BalancesOf(idle).available, 0);
  EXPECT_EQ(BalancesOf(busy).available, 20);
  EXPECT_EQ(RunJobsAt(At("2024-04-11T00:00")).calendar.customers_inactive, 0);
  // busy's fresh activity moved its expiry to 5 July, warned from 25 June.
  EXPECT_EQ(RunJobsAt(At("2024-06-25T08:00")).calendar.warnings_written, 1);
  EXPECT_EQ(RunJobsAt(At("2024-07-05T00:00")).calendar.customers_inactive, 1);
  EXPECT_EQ(BalancesOf(busy).available, 0);
}

TEST_P(CalendarJobsTest, PayingWithPointsIsActivityAndDormantCustomersGetNoBirthdayBonus) {
  PutProgram(Program(program::ExpiryPolicy::kAfterInactivity, 3, 0), At("2024-01-01"));
  const int64_t ann = AddCustomer("ann", Day("1990-08-01"));
  ASSERT_TRUE(Event("ann", "review", At("2024-01-10T09:00")));
  ASSERT_TRUE(Do([&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(auto hold, ledger::PlaceHold(tx, ann, 4, "order-9", At("2024-03-01")));
    return ledger::CaptureHold(tx, hold.hold.public_id, At("2024-03-01T10:00")).map([](auto&&) {});
  }));
  // Active on 1 March: points kept until 1 June.
  EXPECT_EQ(RunJobsAt(At("2024-05-31T12:00")).calendar.customers_inactive, 0);
  EXPECT_EQ(BalancesOf(ann).available, 6);
  EXPECT_EQ(RunJobsAt(At("2024-06-01T12:00")).calendar.customers_inactive, 1);
  // On 1 August ann is past the limit: no bonus that would expire at once, none later.
  EXPECT_EQ(RunJobsAt(At("2024-08-01T12:00")).calendar.birthday_bonuses, 0);
  EXPECT_EQ(RunJobsAt(At("2024-08-01T13:00")).calendar.birthday_bonuses, 0);
  EXPECT_EQ(BalancesOf(ann).available, 0);
}

TEST(CalendarHelpersTest, BirthDatesAndInactivityDays) {
  auto dates = BirthDatesCelebratedOn(Day("2023-02-28"));
  EXPECT_NE(std::find(dates.begin(), dates.end(), Day("2000-02-29")), dates.end());
  EXPECT_NE(std::find(dates.begin(), dates.end(), Day("1999-02-28")), dates.end());
  EXPECT_EQ(std::find(dates.begin(), dates.end(), Day("2024-02-28")), dates.end());
  auto leap_year = BirthDatesCelebratedOn(Day("2024-02-28"));
  EXPECT_EQ(std::find(leap_year.begin(), leap_year.end(), Day("2000-02-29")), leap_year.end());
  program::ExpiryRules rules;
  rules.policy = program::ExpiryPolicy::kAfterInactivity;
  rules.months = 1;
  // Active on 31 January or earlier: gone by 28 February (clamped); 1 February: 1 March.
  EXPECT_EQ(LastInactiveDay(rules, Day("2023-02-28"), 0), Day("2023-01-31"));
  EXPECT_EQ(LastInactiveDay(rules, Day("2023-03-01"), 0), Day("2023-02-01"));
  EXPECT_EQ(LastInactiveDay(rules, Day("2023-02-21"), 7), Day("2023-01-31"));
}

LOYAL_INSTANTIATE_BACKEND_TESTS(CalendarJobsTest);

}  // namespace
}  // namespace loyal::intake
