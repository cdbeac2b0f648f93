#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "program/program_json.h"
#include "program/program_json_testing.h"

namespace loyal::program {
namespace {

using testing::Parse;
using testing::Refusal;

// docs/loyalty.md's catalog, as written there.
constexpr const char* kCatalog = R"({
  "tiers": {"basis": "orders", "levels": [
    {"code": "member", "name": "Member"},
    {"code": "gold", "name": "Gold", "entry": {"orders": 10},
     "benefits": {"birthday_gift_reward": "birthday_box"}}]},
  "rewards": [
    {"code": "five_off", "name": "£5 off your order", "kind": "amount_off",
     "amount_minor": {"GBP": 500, "EUR": 600}, "points_cost": 500},
    {"code": "gold_tenth", "name": "10% off", "kind": "percent_off", "percent_off": 10,
     "points_cost": 800, "tier": "gold", "per_customer_limit": 2, "coupon_valid_days": 30},
    {"code": "tote", "name": "Canvas tote", "kind": "free_product", "sku": "TOTE-1",
     "points_cost": 1200, "stock": 100,
     "valid_from": "2026-12-01T00:00:00", "valid_until": "2027-01-01T00:00:00Z"},
    {"code": "free_post", "name": "Free delivery", "kind": "free_shipping", "points_cost": 300},
    {"code": "trees", "name": "Plant a tree", "kind": "donation",
     "amount_minor": {"GBP": 200}, "cause": "Trees for Cities", "points_cost": 250},
    {"code": "birthday_box", "name": "Birthday box", "kind": "free_product", "sku": "BDAY-BOX",
     "points_cost": 1}]})";

// kCatalog with its rewards replaced by `rewards` (and no tiers unless `with_tiers`).
std::string Rewards(std::string_view rewards, bool with_tiers = false) {
  std::string tiers =
      with_tiers ? R"("tiers": {"basis": "orders", "levels": [{"code": "member", "name": "M"},
        {"code": "gold", "name": "G", "entry": {"orders": 1}}]}, )"
                 : "";
  return "{" + tiers + R"("rewards": [)" + std::string(rewards) + "]}";
}

// One amount_off reward with `extra` members added.
std::string FiveOff(std::string_view extra) {
  return Rewards(std::string(R"({"code": "five_off", "name": "Five", "kind": "amount_off",
      "amount_minor": {"GBP": 500}, "points_cost": 500)") +
                     std::string(extra) + "}",
                 true);
}

TEST(RewardsJsonTest, TheSampleParsesExactly) {
  auto program = Parse(kCatalog);
  ASSERT_TRUE(program) << program.error().ToString();
  ASSERT_EQ(program->rewards.size(), 6u);
  const Reward& five = program->rewards[0];
  EXPECT_EQ(five.kind, RewardKind::kAmountOff);
  EXPECT_EQ(five.amount_minor, (std::map<std::string, int64_t>{{"EUR", 600}, {"GBP", 500}}));
  EXPECT_EQ(five.points_cost, 500);
  EXPECT_EQ(five.coupon_valid_days, kDefaultCouponValidDays);
  EXPECT_EQ(five.tier, std::nullopt);
  EXPECT_EQ(five.stock, std::nullopt);
  const Reward& tenth = program->rewards[1];
  EXPECT_EQ(tenth.percent_off, 10);
  EXPECT_EQ(tenth.tier, "gold");
  EXPECT_EQ(tenth.per_customer_limit, 2);
  EXPECT_EQ(tenth.coupon_valid_days, 30);
  const Reward& tote = program->rewards[2];
  EXPECT_EQ(tote.sku, "TOTE-1");
  EXPECT_EQ(tote.stock, 100);
  ASSERT_TRUE(tote.valid_from && tote.valid_until);
  EXPECT_FALSE(tote.valid_from->has_offset);
  EXPECT_TRUE(tote.valid_until->has_offset);
  EXPECT_EQ(program->rewards[3].kind, RewardKind::kFreeShipping);
  EXPECT_EQ(program->rewards[4].cause, "Trees for Cities");
  EXPECT_EQ(program->rewards[4].amount_minor.at("GBP"), 200);
  EXPECT_EQ(program->FindReward("tote"), &program->rewards[2]);
  EXPECT_EQ(program->FindReward("nothing"), nullptr);
}

TEST(RewardsJsonTest, TheCanonicalDocumentParsesBackToItself) {
  auto program = Parse(kCatalog);
  ASSERT_TRUE(program);
  boost::json::object canonical = ProgramJson(*program);
  const auto& rewards = canonical.at("rewards");
  EXPECT_EQ(rewards.at(2).at("valid_from"), "2026-12-01T00:00:00");
  EXPECT_EQ(rewards.at(2).at("valid_until"), "2027-01-01T00:00:00Z");
  EXPECT_EQ(rewards.at(0).at("stock"), nullptr);
  EXPECT_FALSE(rewards.at(0).as_object().contains("sku"));
  EXPECT_EQ(rewards.at(3).as_object().size(), 10u) << "no value members for free shipping";
  testing::ExpectParsesBackToItself(canonical);
  EXPECT_FALSE(ProgramJson(*Parse("{}")).contains("rewards")) << "no catalog, no member";
}

TEST(RewardsJsonTest, MalformedMembersAreInvalidArgumentAtTheirPath) {
  using P = std::pair<ErrorCode, std::string>;
  const ErrorCode bad = ErrorCode::kInvalidArgument;
  EXPECT_EQ(Refusal(R"({"rewards": {}})"), P(bad, "rewards"));
  EXPECT_EQ(Refusal(Rewards("3")), P(bad, "rewards[0]"));
  EXPECT_EQ(Refusal(FiveOff(R"(, "colour": "red")")), P(bad, "rewards[0].colour"));
  EXPECT_EQ(Refusal(Rewards(R"({"code": "Five", "name": "F", "kind": "free_shipping",
      "points_cost": 1})")),
            P(bad, "rewards[0].code"));
  EXPECT_EQ(Refusal(Rewards(R"({"code": "f", "kind": "free_shipping", "points_cost": 1})")),
            P(bad, "rewards[0].name"));
  EXPECT_EQ(Refusal(Rewards(R"({"code": "f", "name": "F", "points_cost": 1})")),
            P(bad, "rewards[0].kind"));
  EXPECT_EQ(Refusal(Rewards(R"({"code": "f", "name": "F", "kind": "cash", "points_cost": 1})")),
            P(bad, "rewards[0].kind"));
  EXPECT_EQ(Refusal(Rewards(R"({"code": "f", "name": "F", "kind": "free_shipping"})")),
            P(bad, "rewards[0].points_cost"));
  EXPECT_EQ(Refusal(FiveOff(R"(, "points_cost": 0)")), P(bad, "rewards[0].points_cost"));
  EXPECT_EQ(Refusal(FiveOff(R"(, "stock": 0)")), P(bad, "rewards[0].stock"));
  EXPECT_EQ(Refusal(FiveOff(R"(, "per_customer_limit": -1)")),
            P(bad, "rewards[0].per_customer_limit"));
  EXPECT_EQ(Refusal(FiveOff(R"(, "coupon_valid_days": 0)")),
            P(bad, "rewards[0].coupon_valid_days"));
  EXPECT_EQ(Refusal(FiveOff(R"(, "valid_from": "next week")")), P(bad, "rewards[0].valid_from"));
  EXPECT_EQ(Refusal(FiveOff(R"(, "sku": "MUG")")), P(bad, "rewards[0].sku"));
  EXPECT_EQ(Refusal(Rewards(R"({"code": "f", "name": "F", "kind": "amount_off",
      "points_cost": 1})")),
            P(bad, "rewards[0].amount_minor"));
  EXPECT_EQ(Refusal(Rewards(R"({"code": "f", "name": "F", "kind": "amount_off",
      "amount_minor": {}, "points_cost": 1})")),
            P(bad, "rewards[0].amount_minor"));
  EXPECT_EQ(Refusal(Rewards(R"({"code": "f", "name": "F", "kind": "amount_off",
      "amount_minor": {"GBP": 1.5}, "points_cost": 1})")),
            P(bad, "rewards[0].amount_minor.GBP"));
  EXPECT_EQ(Refusal(Rewards(R"({"code": "f", "name": "F", "kind": "percent_off",
      "percent_off": 101, "points_cost": 1})")),
            P(bad, "rewards[0].percent_off"));
  EXPECT_EQ(Refusal(Rewards(R"({"code": "f", "name": "F", "kind": "donation",
      "amount_minor": {"GBP": 100}, "points_cost": 1})")),
            P(bad, "rewards[0].cause"));
}

TEST(RewardsJsonTest, RulesTheCatalogCannotResolveAreFailedPrecondition) {
  using P = std::pair<ErrorCode, std::string>;
  const ErrorCode refused = ErrorCode::kFailedPrecondition;
  const std::string ship = R"({"code": "ship", "name": "S", "kind": "free_shipping",
      "points_cost": 1})";
  EXPECT_EQ(Refusal(Rewards(ship + ", " + ship)), P(refused, "rewards[1].code"));
  EXPECT_EQ(Refusal(FiveOff(R"(, "tier": "platinum")")), P(refused, "rewards[0].tier"));
  EXPECT_EQ(Refusal(Rewards(R"({"code": "f", "name": "F", "kind": "free_shipping",
      "points_cost": 1, "tier": "gold"})")),
            P(refused, "rewards[0].tier"))
      << "a program without tiers has no tier to require";
  EXPECT_EQ(Refusal(FiveOff(R"(, "valid_from": "2026-12-01", "valid_until": "2026-11-30")")),
            P(refused, "rewards[0].valid_until"));
  std::string gift_missing = kCatalog;
  gift_missing.replace(gift_missing.find(R"("birthday_gift_reward": "birthday_box")"),
                       std::string(R"("birthday_gift_reward": "birthday_box")").size(),
                       R"("birthday_gift_reward": "cake")");
  EXPECT_EQ(Refusal(gift_missing), P(refused, "tiers.levels[1].benefits.birthday_gift_reward"));
  auto mixed =
      Parse(FiveOff(R"(, "valid_from": "2026-12-01", "valid_until": "2026-12-01T00:00:00Z")"));
  EXPECT_TRUE(mixed) << "a time in the shop's zone and one in UTC are compared when redeemed";
}

TEST(RewardsJsonTest, OneRewardParsesAgainstTheProgramWithFieldsOfItsOwn) {
  auto program = Parse(kCatalog);
  ASSERT_TRUE(program);
  auto reward = ParseRewardIn(
      boost::json::parse(R"({"code": "gold_ship", "name": "Free delivery", "kind": "free_shipping",
          "points_cost": 100, "tier": "gold"})")
          .as_object(),
      *program);
  ASSERT_TRUE(reward) << reward.error().ToString();
  EXPECT_EQ(reward->tier, "gold");
  EXPECT_EQ(boost::json::serialize(RewardJson(*reward)),
            boost::json::serialize(RewardJson(*ParseRewardIn(RewardJson(*reward), *program))));
  auto bad = ParseRewardIn(boost::json::parse(R"({"code": "x", "name": "X", "kind": "amount_off",
      "amount_minor": {"GBP": -5}, "points_cost": 1})")
                               .as_object(),
                           *program);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "amount_minor.GBP");
  auto no_tier = ParseRewardIn(boost::json::parse(R"({"code": "x", "name": "X",
      "kind": "free_shipping", "points_cost": 1, "tier": "silver"})")
                                   .as_object(),
                               *program);
  ASSERT_FALSE(no_tier);
  EXPECT_EQ(no_tier.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(no_tier.error().field, "tier");
}

}  // namespace
}  // namespace loyal::program
