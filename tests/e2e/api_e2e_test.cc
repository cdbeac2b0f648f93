// The HTTP API end to end: the real binary on a free port, real sockets, a real SQLite
// file or PostgreSQL database.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "e2e_fixture.h"

namespace loyal::e2e {
namespace {

namespace json = boost::json;

class ApiE2eTest : public ServerTest {};

// Customer 1 of the CDNOW sample, RFM as of the sample's last purchase day (1998-06-30).
constexpr char kCustomerOneSegment[] = "loyal";

std::string ErrorCode(const HttpResult& r) {
  return std::string(json::parse(r.body).at("error").at("code").as_string());
}

const char kOrder[] = R"({"external_id":"A-1","customer":{"external_id":"c-1","email":"a@x.io"},
  "placed_at":"2024-03-01T10:00:00Z","currency":"GBP",
  "lines":[{"sku":"MUG","quantity":3,"unit_price":"2.55"},{"sku":"TEA","quantity":1,"unit_price":"0.005"}]})";

TEST_P(ApiE2eTest, HealthAndOpenApiArePublicAndDescribeEveryRoute) {
  HttpClient client(server().port());
  EXPECT_EQ(client.Get("/healthz").status, 200);
  auto doc = client.Get("/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  auto paths = json::parse(doc.body).at("paths").as_object();
  for (const char* path : {"/v1/customers", "/v1/customers/{id}", "/v1/orders", "/v1/orders/{id}",
                           "/v1/orders/{id}/status", "/v1/orders/{id}/returns", "/v1/products"}) {
    EXPECT_TRUE(paths.contains(path)) << path;
  }
}

TEST_P(ApiE2eTest, KeysAreRequiredAndStorefrontKeysAreRefusedAdminRoutes) {
  HttpClient client(server().port());
  auto none = client.Get("/v1/customers");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(ErrorCode(none), "unauthenticated");
  client.SetKey("lk_admin_not-a-real-key");
  EXPECT_EQ(client.Get("/v1/customers").status, 401);
  client.SetKey(storefront_key());
  auto refused = client.Get("/v1/customers");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(ErrorCode(refused), "permission_denied");
  client.SetKey(admin_key());
  EXPECT_EQ(client.Get("/v1/customers").status, 200);
}

TEST_P(ApiE2eTest, BadInputGetsFourHundredsWithFieldsAndKeepsServing) {
  HttpClient client(server().port());
  client.SetKey(admin_key());
  auto malformed = client.Post("/v1/orders", "{\"external_id\": ");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(ErrorCode(malformed), "invalid_argument");
  auto wrong_type = client.Post(
      "/v1/orders", R"({"external_id":"B","currency":"GBP","lines":[{"sku":"X","quantity":"two"}]})");
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(json::parse(wrong_type.body).at("error").at("field"), "lines[0].quantity");
  auto unknown = client.Post("/v1/customers", R"({"external_id":"c","shoe_size":44})");
  EXPECT_EQ(unknown.status, 400);
  auto huge = client.Post("/v1/customers", std::string((1 << 20) + 1, ' '));
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(client.Get("/v1/orders/nope").status, 404);
  EXPECT_EQ(client.Get("/healthz").status, 200);
}

TEST_P(ApiE2eTest, OrderReplaysAndConflictsByExternalId) {
  HttpClient client(server().port());
  client.SetKey(admin_key());
  auto first = client.Post("/v1/orders", kOrder);
  ASSERT_EQ(first.status, 201) << first.body;
  auto order = json::parse(first.body);
  // 3 × 2.55 = 7.65 and 1 × 0.005 = 0.5p, which rounds half to even to 0.
  EXPECT_EQ(order.at("total_minor").as_int64(), 765);
  auto replay = client.Post("/v1/orders", kOrder);
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(json::parse(replay.body), order);
  std::string changed = kOrder;
  changed.replace(changed.find("\"quantity\":3"), 12, "\"quantity\":4");
  auto conflict = client.Post("/v1/orders", changed);
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(ErrorCode(conflict), "already_exists");
  // GET adds the order's returns to what POST answered.
  auto fetched = json::parse(client.Get("/v1/orders/A-1").body).as_object();
  EXPECT_TRUE(fetched.at("returns").as_array().empty());
  fetched.erase("returns");
  EXPECT_EQ(json::value(fetched), order);
}

TEST_P(ApiE2eTest, ConcurrentWritesOfOneOrderMakeOneOrder) {
  constexpr int kClients = 8;
  std::atomic<int> created{0}, replayed{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&] {
      HttpClient client(server().port());
      client.SetKey(admin_key());
      for (int n = 0; n < 5; ++n) {
        int status = client.Post("/v1/orders", kOrder).status;
        (status == 201 ? created : status == 200 ? replayed : other)++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(replayed.load(), kClients * 5 - 1);
  EXPECT_EQ(other.load(), 0);
  HttpClient client(server().port());
  client.SetKey(admin_key());
  auto listed = json::parse(client.Get("/v1/customers?limit=10").body);
  EXPECT_EQ(listed.at("customers").as_array().size(), 1u);
}

TEST_P(ApiE2eTest, ReturnsNeverExceedWhatWasBought) {
  HttpClient client(server().port());
  client.SetKey(admin_key());
  ASSERT_EQ(client.Post("/v1/orders", kOrder).status, 201);
  auto partial = client.Post("/v1/orders/A-1/returns",
                             R"({"external_id":"R-1","lines":[{"line_no":0,"quantity":2}]})");
  ASSERT_EQ(partial.status, 201) << partial.body;
  EXPECT_EQ(json::parse(partial.body).at("refund_minor").as_int64(), 510);
  EXPECT_EQ(json::parse(partial.body).at("refund").as_string(), "5.10");
  const auto order = json::parse(client.Get("/v1/orders/A-1").body).as_object();
  EXPECT_EQ(order.at("refunded_minor").as_int64(), 510);
  EXPECT_EQ(order.at("refunded").as_string(), "5.10");
  EXPECT_EQ(client.Post("/v1/orders/A-1/returns",
                        R"({"external_id":"R-1","lines":[{"line_no":0,"quantity":2}]})").status,
            200);
  auto too_many = client.Post("/v1/orders/A-1/returns",
                              R"({"external_id":"R-2","lines":[{"line_no":0,"quantity":2}]})");
  EXPECT_EQ(too_many.status, 422);
  EXPECT_EQ(ErrorCode(too_many), "failed_precondition");
}

TEST_P(ApiE2eTest, KeepAliveServesManyRequestsOnOneConnection) {
  HttpClient client(server().port());
  client.SetKey(admin_key());
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(client.Post("/v1/customers", "{\"external_id\":\"k-" + std::to_string(i) + "\"}").status / 100, 2);
  }
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_P(ApiE2eTest, SavedAnalyticsAppearOnTheCustomerRecord) {
  const std::string sample = std::string(LOYAL_TEST_DATA) + "/CDNOW_sample.txt";
  HttpClient client(server().port());
  client.SetKey(admin_key());
  ASSERT_EQ(RunLoyal({"import", "--db", target(), sample, "--format", "cdnow-sample"}).exit_code, 0);
  auto before = json::parse(client.Get("/v1/customers/1").body).as_object();
  EXPECT_FALSE(before.contains("analytics"));
  auto saved = RunLoyal({"analyze", "rfm", "--db", target(), "--save"});
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  auto after = json::parse(client.Get("/v1/customers/1").body).as_object();
  ASSERT_TRUE(after.contains("analytics")) << json::serialize(after);
  const auto& analytics = after.at("analytics").as_object();
  EXPECT_EQ(analytics.at("segment").as_string(), kCustomerOneSegment);
  EXPECT_FALSE(analytics.contains("churn_band"));
  const std::string updated_at(analytics.at("updated_at").as_string());
  EXPECT_EQ(updated_at.size(), 20u) << updated_at;  // 2026-12-01T14:36:48Z
  EXPECT_EQ(updated_at.back(), 'Z');
  EXPECT_EQ(updated_at[10], 'T');
  auto report = client.Get("/v1/analytics/rfm");
  ASSERT_EQ(report.status, 200) << report.body;
  const auto body = json::parse(report.body).as_object();
  EXPECT_EQ(body.at("customers").as_int64(), 2357);
  EXPECT_EQ(body.at("currency").as_string(), "USD");
  const auto& first = body.at("segments").at(0).as_object();
  EXPECT_EQ(first.at("segment").as_string(), "champions");
  EXPECT_EQ(first.at("name").as_string(), "Champions");
  EXPECT_EQ(first.at("customers").as_int64(), 635);
  EXPECT_EQ(first.at("revenue").as_string(), "165488.43");
  EXPECT_EQ(first.at("revenue_minor").as_int64(), 16548843);
  EXPECT_EQ(body.at("revenue").as_string(), "244091.94");
  auto other = client.Get("/v1/analytics/rfm?currency=EUR");
  EXPECT_EQ(other.status, 400) << other.body;
  EXPECT_NE(other.body.find("its orders are in USD"), std::string::npos) << other.body;
  auto cli_other = RunLoyal({"analyze", "rfm", "--db", target(), "--currency", "EUR"});
  EXPECT_EQ(cli_other.exit_code, 2) << cli_other.err;
  EXPECT_NE(cli_other.err.find("its orders are in USD"), std::string::npos) << cli_other.err;
  auto cli_usd = RunLoyal({"analyze", "rfm", "--db", target(), "--currency", "USD", "--json"});
  ASSERT_EQ(cli_usd.exit_code, 0) << cli_usd.err;
  EXPECT_EQ(json::parse(cli_usd.out).at("revenue_minor").as_int64(), 24409194);
}

LOYAL_INSTANTIATE_E2E_TESTS(ApiE2eTest);

}  // namespace
}  // namespace loyal::e2e
