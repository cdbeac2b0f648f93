// The points ledger over real HTTP against the real binary: 50 holds racing for one
// customer's 100 points (on PostgreSQL spread over three `loyal serve` processes on one
// database), and storefront customer tokens made with `loyal tokens create`.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <thread>

#include "e2e_fixture.h"

namespace loyal::e2e {
namespace {

namespace json = boost::json;

class LedgerE2eTest : public ServerTest {};

int64_t Member(const HttpResult& r, const char* name) {
  return json::parse(r.body).at(name).as_int64();
}

TEST_P(LedgerE2eTest, FiftyParallelHoldsOfAHundredOnAHundredPointsLetExactlyOneThrough) {
  HttpClient admin(server().port());
  admin.SetKey(admin_key());
  CustomerWithPoints(admin, "race-1", 100);
  const std::vector<int> ports = RacePorts();
  constexpr int kRacers = 50;
  std::atomic<bool> racing{true};
  std::atomic<int64_t> lowest_available{100};
  std::thread watcher([&] {  // reads the balance while the holds race
    HttpClient reader(ports.back());
    reader.SetKey(admin_key());
    while (racing) {
      auto seen = reader.Get("/v1/customers/race-1/loyalty");
      if (seen.status == 200) {
        const int64_t available = Member(seen, "available");
        int64_t low = lowest_available;
        while (available < low && !lowest_available.compare_exchange_weak(low, available)) {
        }
      }
    }
  });
  const std::vector<HttpResult> results = Race(ports, kRacers, [](HttpClient& client, int i) {
    return client.Post("/v1/customers/race-1/holds",
                       R"({"points":100,"reference":"cart-)" + std::to_string(i) + R"("})",
                       {{"Idempotency-Key", "race-" + std::to_string(i)}});
  });
  racing = false;
  watcher.join();

  int won = 0;
  for (const HttpResult& r : results) {
    if (r.status == 201) {
      ++won;
      continue;
    }
    ASSERT_TRUE(r.status == 409 || r.status == 422) << r.status << " " << r.body;
    const json::value error = json::parse(r.body).at("error");
    if (r.status == 422) {
      EXPECT_EQ(error.at("message"), "not enough points") << r.body;
      EXPECT_EQ(error.at("field"), "points");
    }
  }
  EXPECT_EQ(won, 1);
  EXPECT_GE(lowest_available.load(), 0);
  auto after = admin.Get("/v1/customers/race-1/loyalty");
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(Member(after, "available"), 0);
  EXPECT_EQ(Member(after, "held"), 100);
  auto ledger = admin.Get("/v1/customers/race-1/ledger");
  ASSERT_EQ(ledger.status, 200);
  EXPECT_EQ(json::parse(ledger.body).at("entries").as_array().size(), 2u)
      << "the credit and one hold";
}

TEST_P(LedgerE2eTest, ATokenFromTheCommandLineOpensOnlyItsCustomersPointsToAStorefront) {
  HttpClient admin(server().port());
  admin.SetKey(admin_key());
  CustomerWithPoints(admin, "ann", 30);
  CustomerWithPoints(admin, "bob", 40);
  auto made = RunLoyal({"tokens", "create", "--db", target(), "--customer", "ann", "--ttl", "15m"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string token = made.out.substr(0, made.out.find('\n'));
  HttpClient shop(server().port());
  shop.SetKey(storefront_key());
  auto mine = shop.Send("GET", "/v1/customers/ann/loyalty", "", {{"X-Customer-Token", token}});
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(Member(mine, "available"), 30);
  auto hold = shop.Post("/v1/customers/ann/holds", R"({"points":5,"reference":"cart-a"})",
                        {{"X-Customer-Token", token}, {"Idempotency-Key", "a-1"}});
  EXPECT_EQ(hold.status, 201) << hold.body;
  EXPECT_EQ(shop.Send("GET", "/v1/customers/bob/loyalty", "", {{"X-Customer-Token", token}}).status,
            403);
  EXPECT_EQ(shop.Get("/v1/customers/ann/loyalty").status, 401);
  // The API's tokens work the same; the secret is never shown by `loyal settings get`.
  auto issued = admin.Post("/v1/customer-tokens", R"({"customer_id":"bob"})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string bobs(json::parse(issued.body).at("token").as_string());
  EXPECT_EQ(shop.Send("GET", "/v1/customers/bob/ledger", "", {{"X-Customer-Token", bobs}}).status,
            200);
  auto listed = RunLoyal({"settings", "get", "--db", target()});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.out.find("secret"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("point_value=0.01"), std::string::npos) << listed.out;
  EXPECT_EQ(RunLoyal({"tokens", "create", "--db", target(), "--customer", "ann", "--ttl", "1y"})
                .exit_code,
            2);
  EXPECT_EQ(RunLoyal({"tokens", "create", "--db", target(), "--customer", "nobody"}).exit_code, 1);
}

LOYAL_INSTANTIATE_E2E_TESTS(LedgerE2eTest);

}  // namespace
}  // namespace loyal::e2e
