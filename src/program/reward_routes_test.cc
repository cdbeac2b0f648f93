#include "program/reward_routes.h"

#include <gtest/gtest.h>

#include "db/testing/backend_test.h"
#include "http/testing/route_test_support.h"
#include "program/program_routes.h"
#include "program/reward_stock.h"

namespace loyal::program {
namespace {

using http::testing::CallRoute;
using http::testing::ExpectRefused;

constexpr char kTote[] = R"({"code": "tote", "name": "Canvas tote", "kind": "free_product",
    "sku": "TOTE-1", "points_cost": 1200, "stock": 100})";

class RewardRoutesTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    AddProgramRoutes(router_, db(), clock_);
    AddRewardRoutes(router_, db(), clock_);
  }

  http::testing::RouteReply Put(const std::string& code, const std::string& body) {
    return CallRoute(router_, db(), "PUT", "/v1/rewards/" + code, body);
  }
  int64_t Version() {
    return CallRoute(router_, db(), "GET", "/v1/program").json.at("version").as_int64();
  }

  ManualClock clock_{Timestamp(std::chrono::seconds(1'700'000'000))};
  http::Router router_;
};

TEST_P(RewardRoutesTest, PuttingARewardWritesAVersionAndTheSameRewardAgainWritesNone) {
  ExpectRefused(Put("tote", kTote), 422, "failed_precondition", "");
  ASSERT_EQ(CallRoute(router_, db(), "PUT", "/v1/program",
                      R"({"tiers": {"basis": "orders", "levels": [{"code": "member", "name": "M"},
                          {"code": "gold", "name": "G", "entry": {"orders": 5}}]}})")
                .status,
            201);
  auto put = Put("tote", kTote);
  ASSERT_EQ(put.status, 201) << boost::json::serialize(put.json);
  EXPECT_EQ(put.json.at("program_version"), 2);
  EXPECT_EQ(put.json.at("reward").at("stock_left"), 100);
  EXPECT_EQ(Put("tote", kTote).status, 200);
  EXPECT_EQ(Version(), 2);
  auto program = CallRoute(router_, db(), "GET", "/v1/program");
  EXPECT_EQ(program.json.at("document").at("tiers").at("levels").as_array().size(), 2u)
      << "the rest of the program is kept";
  std::string dearer = kTote;
  dearer.replace(dearer.find("1200"), 4, "1500");
  auto replaced = Put("tote", dearer);
  ASSERT_EQ(replaced.status, 201);
  EXPECT_EQ(replaced.json.at("reward").at("points_cost"), 1500);
  ASSERT_EQ(Put("gold_ship", R"({"code": "gold_ship", "name": "Free delivery",
      "kind": "free_shipping", "points_cost": 100, "tier": "gold"})")
                .status,
            201);
  auto list = CallRoute(router_, db(), "GET", "/v1/rewards");
  ASSERT_EQ(list.status, 200);
  const auto& rewards = list.json.at("rewards").as_array();
  ASSERT_EQ(rewards.size(), 2u) << "replaced, not added twice";
  EXPECT_EQ(rewards[0].at("points_cost"), 1500);
  EXPECT_EQ(rewards[1].at("stock_left"), nullptr);
  EXPECT_EQ(rewards[1].at("tier"), "gold");
}

TEST_P(RewardRoutesTest, ABadRewardIsRefusedAtItsFieldAndChangesNothing) {
  ASSERT_EQ(CallRoute(router_, db(), "PUT", "/v1/program", "{}").status, 201);
  ExpectRefused(Put("bag", kTote), 400, "invalid_argument", "code");
  std::string bad = kTote;
  bad.replace(bad.find("1200"), 4, "0");
  ExpectRefused(Put("tote", bad), 400, "invalid_argument", "points_cost");
  ExpectRefused(Put("tote", R"({"code": "tote", "name": "T", "kind": "free_shipping",
      "points_cost": 1, "tier": "gold"})"),
                422, "failed_precondition", "tier");
  ExpectRefused(Put("tote", "[1]"), 400, "invalid_argument", "");
  EXPECT_EQ(Version(), 1);
  ExpectRefused(CallRoute(router_, db(), "GET", "/v1/rewards/tote"), 404, "not_found", "");
}

TEST_P(RewardRoutesTest, TheCatalogShowsTheStockLeft) {
  ASSERT_EQ(CallRoute(router_, db(), "PUT", "/v1/program", "{}").status, 201);
  ASSERT_EQ(Put("tote", kTote).status, 201);
  ASSERT_TRUE(db::RunInTransaction(db(), [](db::Transaction& tx) -> Status {
    for (int i = 0; i < 3; ++i) LOY_RETURN_IF_ERROR(TakeStock(tx, "tote", 100));
    return {};
  }));
  auto one = CallRoute(router_, db(), "GET", "/v1/rewards/tote");
  ASSERT_EQ(one.status, 200) << boost::json::serialize(one.json);
  EXPECT_EQ(one.json.at("stock_left"), 97);
  EXPECT_EQ(one.json.at("sku"), "TOTE-1");
  std::string fewer = kTote;
  fewer.replace(fewer.find("100}"), 3, "2");
  ASSERT_EQ(Put("tote", fewer).status, 201);
  EXPECT_EQ(CallRoute(router_, db(), "GET", "/v1/rewards/tote").json.at("stock_left"), 0)
      << "a stock lowered below what was redeemed has none left";
}

TEST_P(RewardRoutesTest, TakingStockStopsExactlyAtTheStock) {
  auto take = [&] {
    bool taken = false;
    EXPECT_TRUE(db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(taken, TakeStock(tx, "mug", 2));
      return {};
    }));
    return taken;
  };
  EXPECT_TRUE(take());
  EXPECT_TRUE(take());
  EXPECT_FALSE(take());
  EXPECT_TRUE(
      db::RunInTransaction(db(), [](db::Transaction& tx) { return ReturnStock(tx, "mug"); }));
  EXPECT_TRUE(take());
  EXPECT_EQ(Scalar("SELECT redeemed FROM reward_stock WHERE code = 'mug'"), 2);
  auto none =
      db::RunInTransaction(db(), [](db::Transaction& tx) { return ReturnStock(tx, "cup"); });
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kInternal);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(RewardRoutesTest);

}  // namespace
}  // namespace loyal::program
