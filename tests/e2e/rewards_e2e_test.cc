// Rewards over real HTTP against the real binary: 50 redemptions racing for one customer's
// 100 points, and 40 customers racing for a reward's stock of 10 (on PostgreSQL spread over
// three `loyal serve` processes on one database); the books are audited afterwards.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "e2e_fixture.h"
#include "ledger/ledger_audit.h"

namespace loyal::e2e {
namespace {

namespace json = boost::json;

constexpr char kProgram[] = R"({"rewards": [
  {"code": "hundred", "name": "Free delivery", "kind": "free_shipping", "points_cost": 100},
  {"code": "tote", "name": "Tote", "kind": "free_product", "sku": "TOTE-1", "points_cost": 10,
   "stock": 10}]})";

class RewardsE2eTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = std::make_unique<HttpClient>(server().port());
    admin_->SetKey(admin_key());
    auto put = admin_->Send("PUT", "/v1/program", kProgram);
    ASSERT_TRUE(put.status == 201 || put.status == 200) << put.body;
  }

  // Redeems `reward` for `customer` through `client`, under its own Idempotency-Key.
  static HttpResult Redeem(HttpClient& client, const std::string& customer,
                           const std::string& reward, int i) {
    return client.Post("/v1/customers/" + customer + "/redemptions",
                       R"({"reward":")" + reward + R"("})",
                       {{"Idempotency-Key", "race-" + std::to_string(i)}});
  }

  // Counts the 201s; every other answer must be a 422 naming `field` (or a 409 conflict).
  static int Won(const std::vector<HttpResult>& results, const std::string& field) {
    int won = 0;
    for (const HttpResult& r : results) {
      if (r.status == 201) {
        ++won;
        continue;
      }
      EXPECT_TRUE(r.status == 409 || r.status == 422) << r.status << " " << r.body;
      if (r.status == 422) {
        EXPECT_EQ(json::parse(r.body).at("error").at("field").as_string(), field) << r.body;
      }
    }
    return won;
  }

  // The audit of every customer's books, read from the store the servers wrote.
  void ExpectBooksBalance() {
    ASSERT_TRUE(Reopen());
    auto audit = db::RunInReadTransaction(db(), ledger::AuditAll);
    EXPECT_TRUE(audit) << audit.error().ToString();
  }

  std::unique_ptr<HttpClient> admin_;
};

TEST_P(RewardsE2eTest, FiftyRedemptionsOfAHundredPointRewardOnAHundredPointsLetOneThrough) {
  CustomerWithPoints(*admin_, "race-1", 100);
  const auto results = Race(RacePorts(), 50, [](HttpClient& client, int i) {
    return Redeem(client, "race-1", "hundred", i);
  });
  EXPECT_EQ(Won(results, "points"), 1);
  auto after = admin_->Get("/v1/customers/race-1/loyalty");
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(json::parse(after.body).at("available"), 0);
  EXPECT_EQ(json::parse(after.body).at("held"), 0);
  auto listed = admin_->Get("/v1/customers/race-1/redemptions");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(json::parse(listed.body).at("redemptions").as_array().size(), 1u);
  ExpectBooksBalance();
}

TEST_P(RewardsE2eTest, FortyRedeemersOfARewardWithAStockOfTenGetTen) {
  constexpr int kRedeemers = 40;
  for (int i = 0; i < kRedeemers; ++i) CustomerWithPoints(*admin_, "c-" + std::to_string(i), 10);
  const auto results = Race(RacePorts(), kRedeemers, [](HttpClient& client, int i) {
    return Redeem(client, "c-" + std::to_string(i), "tote", i);
  });
  EXPECT_EQ(Won(results, "stock"), 10);
  auto tote = admin_->Get("/v1/rewards/tote");
  ASSERT_EQ(tote.status, 200) << tote.body;
  EXPECT_EQ(json::parse(tote.body).at("stock_left"), 0);
  ExpectBooksBalance();
}

LOYAL_INSTANTIATE_E2E_TESTS(RewardsE2eTest);

}  // namespace
}  // namespace loyal::e2e
