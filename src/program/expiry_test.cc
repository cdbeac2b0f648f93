#include "program/expiry.h"

#include <gtest/gtest.h>

namespace loyal::program {
namespace {

DayNumber Day(const char* text) { return *ParseDate(text); }

ExpiryRules Rules(ExpiryPolicy policy, int months, bool month_end = false) {
  ExpiryRules rules;
  rules.policy = policy;
  rules.months = months;
  rules.round_to_month_end = month_end;
  rules.warning_days = 30;
  return rules;
}

TEST(ExpiryTest, AfterEarningPointsAreGoneOnTheSameDayMonthsLater) {
  ExpiryRules rules = Rules(ExpiryPolicy::kAfterEarning, 12);
  EXPECT_EQ(ExpiryDayAfterEarning(rules, Day("2024-03-15")), Day("2025-03-15"));
  // A shorter month clamps: earned 31 Jan, one month later the last valid day is 28 Feb.
  EXPECT_EQ(ExpiryDayAfterEarning(Rules(ExpiryPolicy::kAfterEarning, 1), Day("2025-01-31")),
            Day("2025-02-28"));
  EXPECT_EQ(ExpiryDayAfterEarning(Rules(ExpiryPolicy::kAfterEarning, 1), Day("2024-01-31")),
            Day("2024-02-29"));
}

TEST(ExpiryTest, RoundedToMonthEndPointsLastThroughTheMonthsLastDay) {
  ExpiryRules rules = Rules(ExpiryPolicy::kAfterEarning, 12, true);
  EXPECT_EQ(ExpiryDayAfterEarning(rules, Day("2024-03-15")), Day("2025-04-01"));
  EXPECT_EQ(ExpiryDayAfterEarning(rules, Day("2024-03-01")), Day("2025-03-01"));
  EXPECT_EQ(ExpiryDayAfterEarning(rules, Day("2024-12-31")), Day("2026-01-01"));
  EXPECT_EQ(WarningDay(rules, Day("2025-04-01")), Day("2025-03-02"));
}

TEST(ExpiryTest, EachPolicyAnswersOnlyForItself) {
  ExpiryRules inactivity = Rules(ExpiryPolicy::kAfterInactivity, 6);
  EXPECT_EQ(ExpiryDayAfterInactivity(inactivity, Day("2024-08-31")), Day("2025-02-28"));
  EXPECT_EQ(ExpiryDayAfterEarning(inactivity, Day("2024-08-31")), std::nullopt);
  EXPECT_EQ(ExpiryDayAfterInactivity(Rules(ExpiryPolicy::kAfterEarning, 6), Day("2024-08-31")),
            std::nullopt);
  EXPECT_EQ(ExpiryDayAfterEarning(Rules(ExpiryPolicy::kNever, 0), Day("2024-08-31")), std::nullopt);
}

}  // namespace
}  // namespace loyal::program
