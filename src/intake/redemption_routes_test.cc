// The redemption routes behind the whole pipeline: Idempotency-Key replays, storefront
// customer tokens, refusals at their field, paging by public id.
#include "intake/redemption_routes.h"

#include "ledger/ledger_routes_fixture.h"
#include "program/program_routes.h"
#include "program/reward_routes.h"

namespace loyal::intake {
namespace {

using http::testing::ExpectRefused;
using http::testing::RouteReply;

constexpr char kProgram[] = R"({"rewards": [
  {"code": "five_off", "name": "5 off", "kind": "amount_off", "amount_minor": {"EUR": 500},
   "points_cost": 100},
  {"code": "tote", "name": "Tote", "kind": "free_product", "sku": "TOTE-1", "points_cost": 30,
   "stock": 5}]})";

class RedemptionRoutesTest : public ledger::testing::LedgerRoutesFixture {
 protected:
  void SetUp() override {
    LedgerRoutesFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    program::AddProgramRoutes(router_, db(), clock_);
    program::AddRewardRoutes(router_, db(), clock_);
    AddRedemptionRoutes(router_, db(), clock_, programs_);
    auto put = harness_->Call("PUT", "/v1/program", harness_->admin_key(), kProgram);
    ASSERT_EQ(put.status, 201) << boost::json::serialize(put.json);
  }

  RouteReply Redeem(const std::string& customer, const std::string& reward,
                    const std::string& idem = "", const std::string& key = "",
                    const std::map<std::string, std::string>& token = {}) {
    return Post("/v1/customers/" + customer + "/redemptions", R"({"reward":")" + reward + R"("})",
                idem, key, token);
  }

  program::ProgramCache programs_;
};

TEST_P(RedemptionRoutesTest, ARedemptionAnswersItsCouponAndAReplayAnswersTheSame) {
  Credit("C-1", 150);
  auto first = Redeem("C-1", "five_off", "r-1");
  ASSERT_EQ(first.status, 201) << boost::json::serialize(first.json);
  EXPECT_EQ(first.json.at("customer_id"), "C-1");
  EXPECT_EQ(first.json.at("reward"), "five_off");
  EXPECT_EQ(first.json.at("points"), 100);
  EXPECT_EQ(first.json.at("state"), "active");
  EXPECT_EQ(first.json.at("balances").at("available"), 50);
  const auto& coupon = first.json.at("coupon");
  EXPECT_EQ(coupon.at("kind"), "amount_off");
  EXPECT_EQ(coupon.at("amount_minor").at("EUR"), 500);
  EXPECT_EQ(coupon.at("state"), "issued");
  EXPECT_EQ(coupon.at("valid_until").as_string(),
            FormatTimestamp(ledger::testing::kT0 + std::chrono::days(90)));
  EXPECT_EQ(std::string(first.json.at("id").as_string()).substr(0, 4), "red_");
  auto replay = Redeem("C-1", "five_off", "r-1");
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.json, first.json);
  ExpectRefused(Redeem("C-1", "tote", "r-1"), 409, "conflict", "");
  EXPECT_EQ(Available("C-1"), 50);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM redemptions"), 1);
  ExpectRefused(harness_->Call("POST", "/v1/customers/C-1/redemptions", harness_->admin_key(),
                               R"({"reward":"tote"})"),
                400, "invalid_argument", "");
  ExpectRefused(Redeem("C-1", "five_off"), 422, "failed_precondition", "points");
  ExpectRefused(Redeem("C-1", "gift_card"), 422, "failed_precondition", "reward");
  ExpectRefused(Redeem("nobody", "tote"), 404, "not_found", "");
  ExpectRefused(Post("/v1/customers/C-1/redemptions", R"({"reward":"tote","points":3})"), 400,
                "invalid_argument", "points");
  EXPECT_EQ(Available("C-1"), 50);
  Audit();
}

TEST_P(RedemptionRoutesTest, CancellingGivesThePointsBackOnceAndOnlyAnAdminMay) {
  Credit("C-1", 100);
  auto made = Redeem("C-1", "tote");
  ASSERT_EQ(made.status, 201) << boost::json::serialize(made.json);
  const std::string path =
      "/v1/redemptions/" + std::string(made.json.at("id").as_string()) + "/cancel";
  ExpectRefused(Post(path, "", "", storefront(), TokenFor("C-1")), 403, "permission_denied", "");
  auto cancelled = Post(path, "");
  ASSERT_EQ(cancelled.status, 200) << boost::json::serialize(cancelled.json);
  EXPECT_EQ(cancelled.json.at("state"), "cancelled");
  EXPECT_EQ(cancelled.json.at("customer_id"), "C-1");
  EXPECT_EQ(cancelled.json.at("coupon").at("state"), "cancelled");
  EXPECT_EQ(cancelled.json.at("balances").at("available"), 100);
  auto again = Post(path, "");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json.at("balances").at("available"), 100);
  ExpectRefused(Post("/v1/redemptions/red_unknown/cancel", ""), 404, "not_found", "");
  auto catalog = Get("/v1/rewards/tote");
  EXPECT_EQ(catalog.json.at("stock_left"), 5) << "the stock came back";
  Audit();
}

TEST_P(RedemptionRoutesTest, AStorefrontTokenRedeemsAndListsForItsCustomerOnly) {
  Credit("C-1", 120);
  Credit("C-2", 500);
  const auto mine = TokenFor("C-1");
  auto rewards = Get("/v1/customers/C-1/rewards", {{"affordable", "true"}}, storefront(), mine);
  ASSERT_EQ(rewards.status, 200) << boost::json::serialize(rewards.json);
  EXPECT_EQ(rewards.json.at("available"), 120);
  ASSERT_EQ(rewards.json.at("rewards").as_array().size(), 2u);
  EXPECT_EQ(rewards.json.at("rewards").at(1).at("stock_left"), 5);
  auto made = Redeem("C-1", "five_off", "", storefront(), mine);
  ASSERT_EQ(made.status, 201) << boost::json::serialize(made.json);
  auto left = Get("/v1/customers/C-1/rewards", {{"affordable", "true"}}, storefront(), mine);
  ASSERT_EQ(left.json.at("rewards").as_array().size(), 0u) << "20 points reach neither";
  auto all = Get("/v1/customers/C-1/rewards", {}, storefront(), mine);
  ASSERT_EQ(all.json.at("rewards").as_array().size(), 2u);
  EXPECT_EQ(all.json.at("rewards").at(0).at("affordable"), false);
  ExpectRefused(Get("/v1/customers/C-1/rewards", {{"affordable", "yes"}}, storefront(), mine), 400,
                "invalid_argument", "affordable");
  EXPECT_EQ(Get("/v1/customers/C-1/redemptions", {}, storefront(), mine).status, 200);
  ExpectRefused(Redeem("C-2", "five_off", "", storefront(), mine), 403, "permission_denied", "");
  ExpectRefused(Get("/v1/customers/C-2/redemptions", {}, storefront(), mine), 403,
                "permission_denied", "");
  ExpectRefused(Get("/v1/customers/C-2/rewards", {}, storefront(), mine), 403, "permission_denied",
                "");
  ExpectRefused(Redeem("C-1", "five_off", "", storefront()), 401, "unauthenticated", "");
  EXPECT_EQ(Available("C-2"), 500);
}

TEST_P(RedemptionRoutesTest, TheListPagesNewestFirstWithPublicIdsOnly) {
  Credit("C-1", 100);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto made = Redeem("C-1", "tote");
    ASSERT_EQ(made.status, 201);
    ids.emplace_back(made.json.at("id").as_string());
  }
  auto first = Get("/v1/customers/C-1/redemptions", {{"limit", "2"}});
  ASSERT_EQ(first.status, 200) << boost::json::serialize(first.json);
  const auto& page = first.json.at("redemptions").as_array();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].at("id").as_string(), ids[2]);
  EXPECT_EQ(page[1].at("id").as_string(), ids[1]);
  EXPECT_FALSE(page[0].as_object().contains("coupon_id"));
  const std::string after(first.json.at("next_after").as_string());
  auto second = Get("/v1/customers/C-1/redemptions", {{"limit", "2"}, {"after", after}});
  ASSERT_EQ(second.status, 200) << boost::json::serialize(second.json);
  ASSERT_EQ(second.json.at("redemptions").as_array().size(), 1u);
  EXPECT_EQ(second.json.at("redemptions").at(0).at("id").as_string(), ids[0]);
  EXPECT_EQ(second.json.at("next_after"), nullptr);
  ExpectRefused(Get("/v1/customers/C-2/redemptions", {{"after", after}}), 400, "invalid_argument",
                "after");
}

LOYAL_INSTANTIATE_BACKEND_TESTS(RedemptionRoutesTest);

}  // namespace
}  // namespace loyal::intake
