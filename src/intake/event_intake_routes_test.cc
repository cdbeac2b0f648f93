// POST /v1/customers/{id}/events through its handler: the answer's shape, capped events,
// and refusals with their codes and fields. Idempotency-Key replays go through the real
// pipeline in tests/e2e/events_e2e_test.cc.
#include "intake/event_intake_routes.h"

#include <gtest/gtest.h>

#include "http/testing/route_test_support.h"
#include "intake/event_test_support.h"

namespace loyal::intake {
namespace {

using http::testing::CallRoute;
using http::testing::ExpectRefused;

class EventIntakeRoutesTest : public testing::EventTestBase {
 protected:
  void SetUp() override {
    EventTestBase::SetUp();
    if (IsSkipped() || HasFailure()) return;
    AddEventIntakeRoutes(router_, clock_);
    AddCustomer("C-1");
    program::Program p;
    p.events = {testing::Rule("review", 10, 1, program::CapPeriod::kDay)};
    PutProgram(p, At("2024-01-01"));
  }

  http::testing::RouteReply Post(const std::string& body, const std::string& customer = "C-1") {
    return CallRoute(router_, db(), "POST", "/v1/customers/" + customer + "/events", body);
  }

  ManualClock clock_{At("2024-03-01T10:00")};
  http::Router router_;
};

TEST_P(EventIntakeRoutesTest, EarnsThenAnswersCappedWithZeroPoints) {
  auto first = Post(R"({"name":"review","reference":"R-1"})");
  ASSERT_EQ(first.status, 201) << boost::json::serialize(first.json);
  EXPECT_EQ(first.json.at("points"), 10);
  EXPECT_EQ(first.json.at("capped"), false);
  EXPECT_EQ(first.json.at("reference"), "R-1");
  EXPECT_EQ(first.json.at("customer_external_id"), "C-1");
  EXPECT_EQ(first.json.at("occurred_at"), "2024-03-01T09:00:00Z");
  EXPECT_EQ(first.json.at("expires_at"), nullptr);
  EXPECT_EQ(first.json.at("balances").at("available"), 10);
  EXPECT_EQ(std::string(first.json.at("id").as_string()).rfind("evt_", 0), 0u);

  auto capped = Post(R"({"name":"review","occurred_at":"2024-03-01T20:00"})");
  ASSERT_EQ(capped.status, 201) << boost::json::serialize(capped.json);
  EXPECT_EQ(capped.json.at("points"), 0);
  EXPECT_EQ(capped.json.at("capped"), true);
  EXPECT_EQ(capped.json.at("occurred_at"), "2024-03-01T19:00:00Z");
  EXPECT_EQ(capped.json.at("balances").at("available"), 10);
  EXPECT_NE(capped.json.at("id"), first.json.at("id"));
}

TEST_P(EventIntakeRoutesTest, RefusalsNameTheirField) {
  ExpectRefused(Post(R"({"name":"tweet"})"), 422, "failed_precondition", "name", "unknown event");
  ExpectRefused(Post(R"({"name":"review"})", "C-404"), 404, "not_found", "", "unknown customer");
  ExpectRefused(Post(R"({"name":"review","points":500})"), 400, "invalid_argument", "points",
                "unknown field");
  ExpectRefused(Post(R"({})"), 400, "invalid_argument", "name", "no name");
  ExpectRefused(Post(R"({"name":"review","occurred_at":"2024-03-03T10:00"})"), 422,
                "failed_precondition", "occurred_at", "two days ahead");
  ExpectRefused(Post(R"({"name":"review","reference":""})"), 400, "invalid_argument", "reference",
                "empty reference");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM customer_events"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM ledger_txns"), 0);
}

TEST_P(EventIntakeRoutesTest, TheRouteRequiresAnIdempotencyKey) {
  auto match = router_.Find("POST", "/v1/customers/C-1/events");
  ASSERT_TRUE(match);
  EXPECT_TRUE(match->spec->requires_idempotency_key);
  http::testing::ExpectRouteSpecsComplete(router_);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(EventIntakeRoutesTest);

}  // namespace
}  // namespace loyal::intake
