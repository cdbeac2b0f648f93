// The ledger's routes behind the whole pipeline, as an admin: balances and expiry, the
// ledger's pages, adjustments, holds, the liability, bad input and Idempotency-Key replays.
#include "ledger/ledger_routes_fixture.h"

namespace loyal::ledger::testing {
namespace {

using http::testing::ExpectRefused;

class LedgerRoutesTest : public LedgerRoutesFixture {
 protected:
  int64_t Entries(const std::string& customer) {
    auto r = Get("/v1/customers/" + customer + "/ledger", {{"limit", "500"}});
    EXPECT_EQ(r.status, 200) << boost::json::serialize(r.json);
    return r.status == 200 ? static_cast<int64_t>(r.json.at("entries").as_array().size()) : -1;
  }
  RouteReply PlaceHold(const std::string& customer, int64_t points, std::string idem = "") {
    return Post("/v1/customers/" + customer + "/holds",
                R"({"points":)" + std::to_string(points) + R"(,"reference":"ORD-9"})", idem);
  }
};

TEST_P(LedgerRoutesTest, LoyaltyShowsBalancesAndWhatExpiresWithin30To90Days) {
  Credit("C-1", 10, R"(,"expires_at":"2023-12-01T00:00:00Z")");  // 17 days ahead
  Credit("C-1", 20, R"(,"expires_at":"2024-01-05T00:00:00Z")");  // 52 days
  Credit("C-1", 40, R"(,"expires_at":"2024-03-01T00:00:00Z")");  // 108 days
  Credit("C-1", 80);
  auto r = Get("/v1/customers/C-1/loyalty");
  ASSERT_EQ(r.status, 200) << boost::json::serialize(r.json);
  EXPECT_EQ(r.json.at("customer_id"), "C-1");
  EXPECT_EQ(r.json.at("available"), 150);
  EXPECT_EQ(r.json.at("pending"), 0);
  EXPECT_EQ(r.json.at("held"), 0);
  EXPECT_EQ(r.json.at("debt"), 0);
  EXPECT_EQ(r.json.at("lifetime_earned"), 0) << "admin credits are not earnings";
  const auto& expiring = r.json.at("expiring");
  EXPECT_EQ(expiring.at("within_30_days"), 10);
  EXPECT_EQ(expiring.at("within_60_days"), 30);
  EXPECT_EQ(expiring.at("within_90_days"), 30);
  ASSERT_EQ(expiring.at("dates").as_array().size(), 2u);
  EXPECT_EQ(expiring.at("dates").at(0).at("expires_at"), "2023-12-01T00:00:00Z");
  ExpectRefused(Get("/v1/customers/nobody/loyalty"), 404, "not_found", "");
  Audit();
}

TEST_P(LedgerRoutesTest, AdjustmentsCreditAndDebitWithTheirReasonAndTheKeyThatMadeThem) {
  auto credit = Post("/v1/customers/C-1/adjustments", R"({"points":100,"reason":"goodwill"})");
  ASSERT_EQ(credit.status, 201) << boost::json::serialize(credit.json);
  EXPECT_EQ(credit.json.at("kind"), "credit");
  EXPECT_EQ(credit.json.at("balances").at("available"), 100);
  auto debit = Post("/v1/customers/C-1/adjustments", R"({"points":-30,"reason":"typo fix"})");
  ASSERT_EQ(debit.status, 201) << boost::json::serialize(debit.json);
  EXPECT_EQ(debit.json.at("kind"), "debit");
  EXPECT_EQ(debit.json.at("points"), -30);
  EXPECT_EQ(debit.json.at("balances").at("available"), 70);
  auto short_of = Post("/v1/customers/C-1/adjustments", R"({"points":-71,"reason":"too much"})");
  ExpectRefused(short_of, 422, "failed_precondition", "points");
  EXPECT_EQ(short_of.json.at("error").at("message"), "not enough points");
  EXPECT_EQ(Available("C-1"), 70);

  auto page = Get("/v1/customers/C-1/ledger");
  ASSERT_EQ(page.status, 200);
  ASSERT_EQ(page.json.at("entries").as_array().size(), 2u);
  const auto& newest = page.json.at("entries").at(0);
  EXPECT_EQ(newest.at("kind"), "debit");
  EXPECT_EQ(newest.at("reason"), "typo fix");
  EXPECT_EQ(newest.at("actor").as_string(), "api_key:" + std::to_string(harness_->admin_key_id()));
  EXPECT_TRUE(newest.at("source").is_null());
  EXPECT_EQ(newest.at("changes").at("available"), -30);
  ASSERT_EQ(newest.at("postings").as_array().size(), 2u);
  EXPECT_EQ(newest.at("postings").at(0).at("account"), "available");
  EXPECT_EQ(newest.at("postings").at(1).at("account"), "adjusted");
  EXPECT_EQ(newest.at("postings").at(1).at("points"), 30);
  ExpectRefused(Post("/v1/customers/nobody/adjustments", R"({"points":1,"reason":"x"})"), 404,
                "not_found", "");
  Audit();
}

TEST_P(LedgerRoutesTest, BadAdjustmentsAndHoldsAreRefusedAtTheirFieldAndChangeNothing) {
  Credit("C-1", 50);
  struct Case {
    std::string path, body, field;
    int status = 400;
  };
  const std::string adjust = "/v1/customers/C-1/adjustments";
  const std::string hold = "/v1/customers/C-1/holds";
  const std::vector<Case> cases = {
      {adjust, R"({"points":0,"reason":"x"})", "points"},
      {adjust, R"({"points":"5","reason":"x"})", "points"},
      {adjust, R"({"points":1.5,"reason":"x"})", "points"},
      {adjust, R"({"points":5})", "reason"},
      {adjust, R"({"points":5,"reason":""})", "reason"},
      {adjust, R"({"points":5,"reason":"a\u0007b"})", "reason"},
      {adjust, R"({"points":5,"reason":")" + std::string(501, 'r') + R"("})", "reason"},
      {adjust, R"({"points":5,"reason":"x","why":"y"})", "why"},
      {adjust, R"({"points":-5,"reason":"x","expires_at":"2024-01-01T00:00:00Z"})", "expires_at"},
      {adjust, R"({"points":5,"reason":"x","expires_at":"2020-01-01T00:00:00Z"})", "expires_at"},
      {adjust, R"({"points":5,"reason":"x","expires_at":"soon"})", "expires_at"},
      {adjust, R"({"points":)", ""},
      {hold, R"({"points":0,"reference":"A"})", "points"},
      {hold, R"({"points":-3,"reference":"A"})", "points"},
      {hold, R"({"points":3})", "reference"},
      {hold, R"({"points":3,"reference":"has space"})", "reference"},
      {hold, R"({"points":3,"reference":"A","extra":1})", "extra"},
      {hold, R"({"points":51,"reference":"A"})", "points", 422},
  };
  for (const Case& c : cases) {
    auto r = Post(c.path, c.body);
    ExpectRefused(r, c.status, c.status == 400 ? "invalid_argument" : "failed_precondition",
                  c.field, c.body);
  }
  auto no_key =
      harness_->Call("POST", adjust, harness_->admin_key(), R"({"points":5,"reason":"x"})");
  ExpectRefused(no_key, 400, "invalid_argument", "");
  EXPECT_EQ(Entries("C-1"), 1) << "only the first credit is in the ledger";
  EXPECT_EQ(Available("C-1"), 50);
  Audit();
}

TEST_P(LedgerRoutesTest, ReplaysWithTheSameKeyChangeTheLedgerOnceAndAnotherBodyIs409) {
  const std::string credit = R"({"points":100,"reason":"goodwill"})";
  auto first = Post("/v1/customers/C-1/adjustments", credit, "adj-1");
  ASSERT_EQ(first.status, 201);
  auto again = Post("/v1/customers/C-1/adjustments", credit, "adj-1");
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.json, first.json);
  ExpectRefused(
      Post("/v1/customers/C-1/adjustments", R"({"points":200,"reason":"goodwill"})", "adj-1"), 409,
      "conflict", "");
  EXPECT_EQ(Available("C-1"), 100);

  auto hold = PlaceHold("C-1", 60, "hold-1");
  ASSERT_EQ(hold.status, 201);
  EXPECT_EQ(PlaceHold("C-1", 60, "hold-1").json, hold.json);
  ExpectRefused(PlaceHold("C-1", 61, "hold-1"), 409, "conflict", "");
  const std::string capture =
      "/v1/holds/" + std::string(hold.json.at("id").as_string()) + "/capture";
  auto captured = Post(capture, "", "cap-1");
  ASSERT_EQ(captured.status, 200);
  EXPECT_EQ(Post(capture, "", "cap-1").json, captured.json);
  ExpectRefused(Post(capture, "{}", "cap-1"), 409, "conflict", "");
  EXPECT_EQ(Available("C-1"), 40);
  EXPECT_EQ(Entries("C-1"), 3) << "credit, hold, capture: each once";
  Audit();
}

TEST_P(LedgerRoutesTest, HoldsAreCapturedOrReleasedOnceByTheirPublicId) {
  Credit("C-1", 100);
  auto hold = PlaceHold("C-1", 60);
  ASSERT_EQ(hold.status, 201) << boost::json::serialize(hold.json);
  const std::string id(hold.json.at("id").as_string());
  EXPECT_TRUE(id.starts_with("hold_")) << id;
  EXPECT_EQ(hold.json.at("customer_id"), "C-1");
  EXPECT_EQ(hold.json.at("state"), "held");
  EXPECT_EQ(hold.json.at("reference"), "ORD-9");
  EXPECT_EQ(hold.json.at("balances").at("available"), 40);
  EXPECT_EQ(hold.json.at("balances").at("held"), 60);
  auto short_of = PlaceHold("C-1", 41);
  ExpectRefused(short_of, 422, "failed_precondition", "points");
  EXPECT_EQ(short_of.json.at("error").at("message"), "not enough points");

  auto captured = Post("/v1/holds/" + id + "/capture", "");
  ASSERT_EQ(captured.status, 200) << boost::json::serialize(captured.json);
  EXPECT_EQ(captured.json.at("state"), "captured");
  EXPECT_EQ(captured.json.at("customer_id"), "C-1");
  EXPECT_EQ(captured.json.at("balances").at("held"), 0);
  EXPECT_EQ(Post("/v1/holds/" + id + "/capture", "").json.at("state"), "captured");
  ExpectRefused(Post("/v1/holds/" + id + "/release", ""), 422, "failed_precondition", "hold");

  auto second = PlaceHold("C-1", 40);
  ASSERT_EQ(second.status, 201);
  auto released =
      Post("/v1/holds/" + std::string(second.json.at("id").as_string()) + "/release", "");
  ASSERT_EQ(released.status, 200);
  EXPECT_EQ(released.json.at("state"), "released");
  EXPECT_EQ(released.json.at("balances").at("available"), 40);
  ExpectRefused(Post("/v1/holds/hold_nope/capture", ""), 404, "not_found", "");
  ExpectRefused(Post("/v1/holds/" + id + "/capture", R"({"points":1})"), 400, "invalid_argument",
                "points");
  ExpectRefused(PlaceHold("nobody", 1), 404, "not_found", "");
  Audit();
}

TEST_P(LedgerRoutesTest, TheLedgerPagesByOpaqueCursorsAndNamesTheOrderBehindAnEntry) {
  auto customer = Try([](db::Transaction& tx) { return customers::GetCustomer(tx, "C-1"); });
  ASSERT_TRUE(customer);
  EarnRequest earn{.points = 7,
                   .available_from = Day(7),
                   .expires_at = std::nullopt,
                   .memo = Memo{"order A-1", "order", "A-1", 3, std::nullopt}};
  ASSERT_TRUE(Try([&](db::Transaction& tx) { return Earn(tx, customer->customer_id, earn, kT0); }));
  for (int i = 0; i < 4; ++i) Credit("C-1", 1 + i);
  auto first = Get("/v1/customers/C-1/ledger", {{"limit", "3"}});
  ASSERT_EQ(first.status, 200) << boost::json::serialize(first.json);
  ASSERT_EQ(first.json.at("entries").as_array().size(), 3u);
  EXPECT_EQ(first.json.at("entries").at(0).at("changes").at("available"), 4);
  const std::string cursor(first.json.at("next_after").as_string());
  EXPECT_NE(cursor.find_first_not_of("0123456789"), std::string::npos)
      << "not a bare transaction id: " << cursor;
  auto rest = Get("/v1/customers/C-1/ledger", {{"limit", "3"}, {"after", cursor}});
  ASSERT_EQ(rest.status, 200);
  ASSERT_EQ(rest.json.at("entries").as_array().size(), 2u);
  EXPECT_TRUE(rest.json.at("next_after").is_null());
  const auto& earned = rest.json.at("entries").at(1);
  EXPECT_EQ(earned.at("kind"), "earn");
  EXPECT_EQ(earned.at("reason"), "order A-1");
  EXPECT_EQ(earned.at("program_version"), 3);
  EXPECT_EQ(earned.at("source").at("type"), "order");
  EXPECT_EQ(earned.at("source").at("id"), "A-1");
  EXPECT_EQ(earned.at("changes").at("pending"), 7);
  ExpectRefused(Get("/v1/customers/C-2/ledger", {{"after", cursor}}), 400, "invalid_argument",
                "after");
  ExpectRefused(Get("/v1/customers/C-1/ledger", {{"limit", "501"}}), 400, "invalid_argument",
                "limit");
  ExpectRefused(Get("/v1/customers/nobody/ledger"), 404, "not_found", "");
}

TEST_P(LedgerRoutesTest, TheLiabilityValuesOutstandingPointsAtThePointValueByExpiryMonth) {
  ASSERT_TRUE(Try([](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(settings::Set(tx, "default_currency", "EUR"));
    return settings::Set(tx, "point_value", "0.005");
  }));
  Credit("C-1", 150, R"(,"expires_at":"2023-12-20T00:00:00Z")");
  Credit("C-2", 101);
  auto hold = PlaceHold("C-2", 1);
  ASSERT_EQ(hold.status, 201);
  auto r = Get("/v1/ledger/liability");
  ASSERT_EQ(r.status, 200) << boost::json::serialize(r.json);
  EXPECT_EQ(r.json.at("points"), 251) << "held points are still owed";
  EXPECT_EQ(r.json.at("currency"), "EUR");
  EXPECT_EQ(r.json.at("point_value"), "0.005000");
  EXPECT_EQ(r.json.at("value_minor"), 126) << "1.255 EUR, half to even";
  EXPECT_EQ(r.json.at("value"), "1.26");
  const auto& months = r.json.at("months").as_array();
  ASSERT_EQ(months.size(), 2u);
  EXPECT_EQ(months[0].at("month"), "2023-12");
  EXPECT_EQ(months[0].at("points"), 150);
  EXPECT_EQ(months[0].at("value_minor"), 75);
  EXPECT_TRUE(months[1].at("month").is_null());
  EXPECT_EQ(months[1].at("value_minor"), 50) << "0.505 EUR";
}

LOYAL_INSTANTIATE_BACKEND_TESTS(LedgerRoutesTest);

}  // namespace
}  // namespace loyal::ledger::testing
