#include "program/program_json.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "program/program_json_testing.h"

namespace loyal::program {
namespace {

constexpr const char* kSample = R"({
  "earning": {"rates": {"GBP": "1", "JPY": "0.01"}, "rounding": "half_even",
              "multipliers": [{"sku": "MUG", "factor": "2"}, {"category": "gift", "factor": 0}],
              "minimum_order_minor": {"GBP": 500}, "first_order_bonus": 100,
              "birthday_bonus": 50,
              "spend_bonuses": [{"currency": "GBP", "min_net_minor": 10000, "points": 50}]},
  "events": [{"name": "sign_up", "points": 100, "cap": {"count": 1, "per": "lifetime"}},
             {"name": "review", "points": 20, "cap": {"count": 3, "per": "month"}},
             {"name": "instagram_follow", "points": 5}],
  "expiry": {"policy": "after_earning", "months": 12, "round_to_month_end": true,
             "warning_days": 30}})";

using testing::Parse;
using testing::Refusal;

TEST(ProgramJsonTest, TheSampleParsesExactly) {
  auto program = Parse(kSample);
  ASSERT_TRUE(program) << program.error().ToString();
  const EarningRules& e = program->earning;
  EXPECT_EQ(e.rate_millionths.at("GBP"), 1'000'000);
  EXPECT_EQ(e.rate_millionths.at("JPY"), 10'000);
  EXPECT_EQ(e.rounding, Rounding::kHalfEven);
  ASSERT_EQ(e.multipliers.size(), 2u);
  EXPECT_EQ(e.multipliers[0].match.sku, "MUG");
  EXPECT_EQ(e.multipliers[0].factor_millionths, 2'000'000);
  EXPECT_EQ(e.multipliers[1].match.category, "gift");
  EXPECT_EQ(e.multipliers[1].factor_millionths, 0);
  EXPECT_EQ(e.minimum_order_minor.at("GBP"), 500);
  EXPECT_EQ(e.first_order_bonus, 100);
  EXPECT_EQ(e.birthday_bonus, 50);
  ASSERT_EQ(e.spend_bonuses.size(), 1u);
  EXPECT_EQ(e.spend_bonuses[0].points, 50);
  EXPECT_FALSE(e.guests_earn);
  ASSERT_EQ(program->events.size(), 3u);
  ASSERT_NE(program->FindEvent("review"), nullptr);
  EXPECT_EQ(program->FindEvent("review")->cap_count, 3);
  EXPECT_EQ(program->FindEvent("review")->cap_period, CapPeriod::kMonth);
  EXPECT_FALSE(program->FindEvent("instagram_follow")->cap_count.has_value());
  EXPECT_EQ(program->FindEvent("birthday"), nullptr);
  EXPECT_EQ(program->expiry.policy, ExpiryPolicy::kAfterEarning);
  EXPECT_EQ(program->expiry.months, 12);
  EXPECT_TRUE(program->expiry.round_to_month_end);
  EXPECT_EQ(program->expiry.warning_days, 30);
}

TEST(ProgramJsonTest, TheCanonicalDocumentParsesBackToItself) {
  auto program = Parse(kSample);
  ASSERT_TRUE(program);
  boost::json::object canonical = ProgramJson(*program);
  EXPECT_EQ(canonical.at("earning").at("rates").at("JPY"), "0.01");
  EXPECT_EQ(canonical.at("earning").at("multipliers").at(1).at("factor"), "0");
  auto again = ParseProgram(canonical);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(boost::json::serialize(ProgramJson(*again)), boost::json::serialize(canonical));
}

TEST(ProgramJsonTest, AnEmptyDocumentEarnsNothingAndNeverExpires) {
  auto program = Parse("{}");
  ASSERT_TRUE(program);
  EXPECT_TRUE(program->earning.rate_millionths.empty());
  EXPECT_TRUE(program->events.empty());
  EXPECT_EQ(program->expiry.policy, ExpiryPolicy::kNever);
}

TEST(ProgramJsonTest, MalformedMembersAreInvalidArgumentAtTheirPath) {
  using P = std::pair<ErrorCode, std::string>;
  const ErrorCode bad = ErrorCode::kInvalidArgument;
  EXPECT_EQ(Refusal(R"({"tiers": []})"), P(bad, "tiers"));
  EXPECT_EQ(Refusal(R"({"earning": {"rate": {"GBP": "1"}}})"), P(bad, "earning.rate"));
  EXPECT_EQ(Refusal(R"({"earning": {"rates": {"GBP": "-1"}}})"), P(bad, "earning.rates.GBP"));
  EXPECT_EQ(Refusal(R"({"earning": {"rates": {"GBP": 1.5}}})"), P(bad, "earning.rates.GBP"));
  EXPECT_EQ(Refusal(R"({"earning": {"rates": {"GBP": "1.0000001"}}})"),
            P(bad, "earning.rates.GBP"));
  EXPECT_EQ(Refusal(R"({"earning": {"rates": {"GBP": "1001"}}})"), P(bad, "earning.rates.GBP"));
  EXPECT_EQ(Refusal(R"({"earning": {"rates": {"gbp": "1"}}})"), P(bad, "earning.rates.gbp"));
  EXPECT_EQ(Refusal(R"({"earning": {"rounding": "nearest"}})"), P(bad, "earning.rounding"));
  EXPECT_EQ(Refusal(R"({"earning": {"multipliers": [{"factor": "2"}]}})"),
            P(bad, "earning.multipliers[0]"));
  EXPECT_EQ(Refusal(R"({"earning": {"multipliers": [{"sku": "A", "factor": "-2"}]}})"),
            P(bad, "earning.multipliers[0].factor"));
  EXPECT_EQ(Refusal(R"({"earning": {"first_order_bonus": -5}})"),
            P(bad, "earning.first_order_bonus"));
  EXPECT_EQ(Refusal(R"({"earning": {"minimum_order_minor": {"GBP": "5.00"}}})"),
            P(bad, "earning.minimum_order_minor.GBP"));
  EXPECT_EQ(Refusal(R"({"events": [{"name": "Sign Up", "points": 5}]})"), P(bad, "events[0].name"));
  EXPECT_EQ(Refusal(R"({"events": [{"name": "review", "points": 0}]})"),
            P(bad, "events[0].points"));
  EXPECT_EQ(Refusal(R"({"events": [{"name": "review", "points": 5, "cap": {"count": 1,
            "per": "fortnight"}}]})"),
            P(bad, "events[0].cap.per"));
  EXPECT_EQ(Refusal(R"({"expiry": {"policy": "after_earning"}})"), P(bad, "expiry.months"));
  EXPECT_EQ(Refusal(R"({"expiry": {"policy": "after_inactivity", "months": 6,
            "round_to_month_end": true}})"),
            P(bad, "expiry.round_to_month_end"));
}

TEST(ProgramJsonTest, AnUnknownNameIsRefusedListingTheAcceptedOnes) {
  auto program = Parse(R"({"earning": {"rounding": "nearest"}})");
  ASSERT_FALSE(program);
  EXPECT_EQ(program.error().message, "earning.rounding must be one of down, half_even or up");
}

TEST(ProgramJsonTest, RulesTheDocumentCannotResolveAreFailedPrecondition) {
  using P = std::pair<ErrorCode, std::string>;
  const ErrorCode refused = ErrorCode::kFailedPrecondition;
  EXPECT_EQ(Refusal(R"({"earning": {"multipliers": [{"sku": "A", "factor": "2"},
            {"sku": "A", "factor": "3"}]}})"),
            P(refused, "earning.multipliers[1]"));
  EXPECT_EQ(Refusal(R"({"earning": {"multipliers": [{"category": "c", "factor": "2"},
            {"sku": "c", "factor": "3"}, {"category": "c", "factor": "0"}]}})"),
            P(refused, "earning.multipliers[2]"));
  EXPECT_EQ(Refusal(R"({"events": [{"name": "review", "points": 5},
            {"name": "review", "points": 6}]})"),
            P(refused, "events[1].name"));
  EXPECT_EQ(Refusal(R"({"earning": {"spend_bonuses": [
            {"currency": "GBP", "min_net_minor": 100, "points": 5},
            {"currency": "GBP", "min_net_minor": 100, "points": 9}]}})"),
            P(refused, "earning.spend_bonuses[1]"));
}

}  // namespace
}  // namespace loyal::program
