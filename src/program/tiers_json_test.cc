#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "program/program_json.h"
#include "program/program_json_testing.h"

namespace loyal::program {
namespace {

constexpr const char* kTiers = R"({"tiers": {
  "basis": ["spend", "orders"], "window": "anniversary_year", "downgrade": "one_level",
  "grace_days": 30,
  "levels": [
    {"code": "member", "name": "Member"},
    {"code": "silver", "name": "Silver",
     "entry": {"spend_minor": {"EUR": 50000, "GBP": 45000}, "orders": 5},
     "retain": {"spend_minor": {"EUR": 40000, "GBP": 36000}, "orders": 4},
     "benefits": {"earn_multiplier": "1.5", "discount_percent": 5, "free_shipping": true}},
    {"code": "gold", "name": "Gold",
     "entry": {"spend_minor": {"EUR": 150000, "GBP": 130000}, "orders": 12},
     "benefits": {"earn_multiplier": 2, "discount_percent": 10, "free_shipping": true,
                  "priority_service": true, "early_access_hours": 24,
                  "birthday_gift_reward": "birthday_box", "perks": ["Personal stylist"]}}]},
  "rewards": [{"code": "birthday_box", "name": "Birthday box", "kind": "free_product",
               "sku": "BDAY-BOX", "points_cost": 1}]})";

using testing::Parse;
using testing::Refusal;

// kTiers with its gold level's entry replaced by `entry`.
std::string WithGoldEntry(std::string_view entry) {
  std::string text = kTiers;
  const std::string old = R"({"spend_minor": {"EUR": 150000, "GBP": 130000}, "orders": 12})";
  text.replace(text.find(old), old.size(), entry);
  return text;
}

// A one-basis document with `levels` after the base level.
std::string OrdersTiers(std::string_view levels) {
  return std::string(R"({"tiers": {"basis": "orders", "levels": [{"code": "base", "name": "B"})") +
         std::string(levels) + "]}}";
}

TEST(TiersJsonTest, TheSampleParsesExactly) {
  auto program = Parse(kTiers);
  ASSERT_TRUE(program) << program.error().ToString();
  ASSERT_TRUE(program->tiers.has_value());
  const TierRules& t = *program->tiers;
  EXPECT_EQ(t.basis, (std::vector<TierBasis>{TierBasis::kSpend, TierBasis::kOrders}));
  EXPECT_EQ(t.window, TierWindow::kAnniversaryYear);
  EXPECT_EQ(t.downgrade, DowngradePolicy::kOneLevel);
  EXPECT_EQ(t.grace_days, 30);
  ASSERT_EQ(t.levels.size(), 3u);
  EXPECT_EQ(t.levels[0].code, "member");
  EXPECT_EQ(t.levels[0].entry.orders, 0);
  EXPECT_TRUE(t.levels[0].entry.spend_minor.empty());
  EXPECT_EQ(t.levels[0].benefits.earn_multiplier_millionths, 1'000'000);
  EXPECT_EQ(t.levels[1].entry.spend_minor.at("EUR"), 50000);
  EXPECT_EQ(t.levels[1].retain.spend_minor.at("GBP"), 36000);
  EXPECT_EQ(t.levels[1].retain.orders, 4);
  EXPECT_EQ(t.levels[1].benefits.earn_multiplier_millionths, 1'500'000);
  EXPECT_EQ(t.levels[1].benefits.discount_percent, 5);
  EXPECT_TRUE(t.levels[1].benefits.free_shipping);
  EXPECT_FALSE(t.levels[1].benefits.priority_service);
  EXPECT_EQ(t.levels[2].retain.spend_minor.at("EUR"), 150000);  // retain defaults to entry
  EXPECT_EQ(t.levels[2].retain.orders, 12);
  EXPECT_EQ(t.levels[2].benefits.earn_multiplier_millionths, 2'000'000);
  EXPECT_EQ(t.levels[2].benefits.early_access_hours, 24);
  EXPECT_EQ(t.levels[2].benefits.birthday_gift_reward, "birthday_box");
  EXPECT_EQ(t.levels[2].benefits.perks, std::vector<std::string>{"Personal stylist"});
  EXPECT_EQ(t.FindLevel("gold"), 2u);
  EXPECT_EQ(t.FindLevel("platinum"), std::nullopt);
}

TEST(TiersJsonTest, TheCanonicalDocumentParsesBackToItself) {
  auto program = Parse(kTiers);
  ASSERT_TRUE(program);
  boost::json::object canonical = ProgramJson(*program);
  const auto& tiers = canonical.at("tiers");
  EXPECT_EQ(tiers.at("basis"), boost::json::parse(R"(["spend", "orders"])"));
  EXPECT_EQ(tiers.at("levels").at(1).at("benefits").at("earn_multiplier"), "1.5");
  EXPECT_EQ(tiers.at("levels").at(2).at("retain"),
            boost::json::parse(R"({"spend_minor": {"EUR": 150000, "GBP": 130000}, "orders": 12})"));
  EXPECT_FALSE(tiers.at("levels").at(0).as_object().contains("entry"));
  testing::ExpectParsesBackToItself(canonical);
}

TEST(TiersJsonTest, AProgramWithoutTiersWritesNone) {
  auto program = Parse(R"({"earning": {"rates": {"GBP": "1"}}})");
  ASSERT_TRUE(program);
  EXPECT_FALSE(program->tiers.has_value());
  EXPECT_FALSE(ProgramJson(*program).contains("tiers"));
}

TEST(TiersJsonTest, ABasisMayBeOneNameAndTheWindowAndPolicyHaveDefaults) {
  auto program = Parse(OrdersTiers(R"(, {"code": "vip", "name": "VIP", "entry": {"orders": 3}})"));
  ASSERT_TRUE(program) << program.error().ToString();
  EXPECT_EQ(program->tiers->basis, std::vector<TierBasis>{TierBasis::kOrders});
  EXPECT_EQ(program->tiers->window, TierWindow::kRolling12Months);
  EXPECT_EQ(program->tiers->downgrade, DowngradePolicy::kRecompute);
  EXPECT_EQ(program->tiers->grace_days, 0);
  EXPECT_EQ(program->tiers->levels[1].retain.orders, 3);
}

TEST(TiersJsonTest, MalformedMembersAreInvalidArgumentAtTheirPath) {
  using P = std::pair<ErrorCode, std::string>;
  const ErrorCode bad = ErrorCode::kInvalidArgument;
  EXPECT_EQ(Refusal(R"({"tiers": {"levels": []}})"), P(bad, "tiers.basis"));
  EXPECT_EQ(Refusal(R"({"tiers": {"basis": "balance", "levels": []}})"), P(bad, "tiers.basis"));
  EXPECT_EQ(Refusal(R"({"tiers": {"basis": ["orders", "orders"], "levels": []}})"),
            P(bad, "tiers.basis[1]"));
  EXPECT_EQ(Refusal(R"({"tiers": {"basis": "orders", "levels": []}})"), P(bad, "tiers.levels"));
  EXPECT_EQ(Refusal(R"({"tiers": {"basis": "orders", "window": "fortnight", "levels": []}})"),
            P(bad, "tiers.window"));
  EXPECT_EQ(Refusal(R"({"tiers": {"basis": "orders", "downgrade": "two", "levels": []}})"),
            P(bad, "tiers.downgrade"));
  EXPECT_EQ(Refusal(R"({"tiers": {"basis": "orders", "grace_days": -1, "levels": []}})"),
            P(bad, "tiers.grace_days"));
  EXPECT_EQ(Refusal(R"({"tiers": {"basis": "orders", "level": []}})"), P(bad, "tiers.level"));
  EXPECT_EQ(Refusal(WithGoldEntry(R"({"spend_minor": {"EUR": -1, "GBP": 130000}, "orders": 12})")),
            P(bad, "tiers.levels[2].entry.spend_minor.EUR"));
  EXPECT_EQ(Refusal(WithGoldEntry(R"({"spend_minor": {"eur": 1, "GBP": 130000}, "orders": 12})")),
            P(bad, "tiers.levels[2].entry.spend_minor.eur"));
  EXPECT_EQ(Refusal(WithGoldEntry(R"({"spend_minor": {"EUR": 150000, "GBP": 130000}})")),
            P(bad, "tiers.levels[2].entry.orders"));
  EXPECT_EQ(Refusal(WithGoldEntry(
                R"({"spend_minor": {"EUR": 150000, "GBP": 130000}, "orders": 12, "points": 5})")),
            P(bad, "tiers.levels[2].entry.points"));
  EXPECT_EQ(Refusal(WithGoldEntry(R"({"spend_minor": {}, "orders": 12})")),
            P(bad, "tiers.levels[2].entry.spend_minor"));
  EXPECT_EQ(Refusal(OrdersTiers(R"(, {"code": "Gold", "name": "G", "entry": {"orders": 3}})")),
            P(bad, "tiers.levels[1].code"));
  EXPECT_EQ(Refusal(OrdersTiers(R"(, {"code": "gold", "name": "", "entry": {"orders": 3}})")),
            P(bad, "tiers.levels[1].name"));
  EXPECT_EQ(Refusal(OrdersTiers(R"(, {"code": "gold", "name": "G"})")),
            P(bad, "tiers.levels[1].entry"));
  EXPECT_EQ(Refusal(OrdersTiers(R"(, {"code": "gold", "name": "G", "entry": {"orders": 3},
            "colour": "gold"})")),
            P(bad, "tiers.levels[1].colour"));
  EXPECT_EQ(Refusal(R"({"tiers": {"basis": "orders", "levels": [{"code": "base", "name": "B",
            "entry": {"orders": 1}}]}})"),
            P(bad, "tiers.levels[0].entry"));
}

TEST(TiersJsonTest, BadBenefitsAreInvalidArgumentAtTheirPath) {
  using P = std::pair<ErrorCode, std::string>;
  const ErrorCode bad = ErrorCode::kInvalidArgument;
  auto with = [](std::string_view benefits) {
    return OrdersTiers(std::string(R"(, {"code": "gold", "name": "G", "entry": {"orders": 3},
        "benefits": )") +
                       std::string(benefits) + "}");
  };
  EXPECT_EQ(Refusal(with(R"({"earn_multiplier": 1.5})")),
            P(bad, "tiers.levels[1].benefits.earn_multiplier"));
  EXPECT_EQ(Refusal(with(R"({"earn_multiplier": "1.0000001"})")),
            P(bad, "tiers.levels[1].benefits.earn_multiplier"));
  EXPECT_EQ(Refusal(with(R"({"earn_multiplier": "101"})")),
            P(bad, "tiers.levels[1].benefits.earn_multiplier"));
  EXPECT_EQ(Refusal(with(R"({"discount_percent": 101})")),
            P(bad, "tiers.levels[1].benefits.discount_percent"));
  EXPECT_EQ(Refusal(with(R"({"discount_percent": -1})")),
            P(bad, "tiers.levels[1].benefits.discount_percent"));
  EXPECT_EQ(Refusal(with(R"({"free_shipping": "yes"})")),
            P(bad, "tiers.levels[1].benefits.free_shipping"));
  EXPECT_EQ(Refusal(with(R"({"early_access_hours": 721})")),
            P(bad, "tiers.levels[1].benefits.early_access_hours"));
  EXPECT_EQ(Refusal(with(R"({"birthday_gift_reward": ""})")),
            P(bad, "tiers.levels[1].benefits.birthday_gift_reward"));
  EXPECT_EQ(Refusal(with(R"({"perks": ["ok", 3]})")), P(bad, "tiers.levels[1].benefits.perks[1]"));
  EXPECT_EQ(Refusal(with(R"({"cashback": true})")), P(bad, "tiers.levels[1].benefits.cashback"));
  auto hundred = Parse(with(R"({"discount_percent": 100, "earn_multiplier": "0.000001"})"));
  ASSERT_TRUE(hundred) << hundred.error().ToString();
  EXPECT_EQ(hundred->tiers->levels[1].benefits.discount_percent, 100);
  EXPECT_EQ(hundred->tiers->levels[1].benefits.earn_multiplier_millionths, 1);
}

TEST(TiersJsonTest, LevelsThatDoNotClimbAreFailedPrecondition) {
  using P = std::pair<ErrorCode, std::string>;
  const ErrorCode refused = ErrorCode::kFailedPrecondition;
  EXPECT_EQ(
      Refusal(WithGoldEntry(R"({"spend_minor": {"EUR": 50000, "GBP": 130000}, "orders": 12})")),
      P(refused, "tiers.levels[2].entry.spend_minor.EUR"));
  EXPECT_EQ(
      Refusal(WithGoldEntry(R"({"spend_minor": {"EUR": 150000, "GBP": 130000}, "orders": 5})")),
      P(refused, "tiers.levels[2].entry.orders"));
  EXPECT_EQ(Refusal(WithGoldEntry(R"({"spend_minor": {"EUR": 150000}, "orders": 12})")),
            P(refused, "tiers.levels[2].entry.spend_minor"));
  EXPECT_EQ(Refusal(WithGoldEntry(R"({"spend_minor": {"EUR": 150000, "USD": 1}, "orders": 12})")),
            P(refused, "tiers.levels[2].entry.spend_minor.USD"));
  EXPECT_EQ(Refusal(OrdersTiers(R"(, {"code": "silver", "name": "S", "entry": {"orders": 0}})")),
            P(refused, "tiers.levels[1].entry.orders"));
  EXPECT_EQ(Refusal(OrdersTiers(R"(, {"code": "silver", "name": "S", "entry": {"orders": 3},
            "retain": {"orders": 4}})")),
            P(refused, "tiers.levels[1].retain.orders"));
  EXPECT_EQ(Refusal(OrdersTiers(R"(, {"code": "base", "name": "S", "entry": {"orders": 3}})")),
            P(refused, "tiers.levels[1].code"));
  // Retain at entry is allowed; one above the level below is the least a level may ask.
  auto ok = Parse(OrdersTiers(R"(, {"code": "silver", "name": "S", "entry": {"orders": 3},
      "retain": {"orders": 3}}, {"code": "gold", "name": "G", "entry": {"orders": 4}})"));
  EXPECT_TRUE(ok) << ok.error().ToString();
}

}  // namespace
}  // namespace loyal::program
