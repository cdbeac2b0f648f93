// Storefront access to the ledger's routes: a storefront key with a customer's token
// (X-Customer-Token) reaches that customer's loyalty, ledger and holds and nothing else;
// POST /v1/customer-tokens issues the tokens; admin keys are unaffected.
#include "ledger/ledger_routes_fixture.h"

namespace loyal::ledger::testing {
namespace {

using http::testing::ExpectRefused;

class LedgerTokenRoutesTest : public LedgerRoutesFixture {
 protected:
  RouteReply StoreHold(const std::string& customer, const std::map<std::string, std::string>& token,
                       const std::string& idem = "") {
    return Post("/v1/customers/" + customer + "/holds", R"({"points":10,"reference":"CART-1"})",
                idem, storefront(), token);
  }
};

TEST_P(LedgerTokenRoutesTest, TheTokenRouteSignsForAKnownCustomerOnly) {
  auto issued = harness_->Call("POST", "/v1/customer-tokens", harness_->admin_key(),
                               R"({"customer_id":"C-1","ttl_seconds":600})");
  ASSERT_EQ(issued.status, 201) << boost::json::serialize(issued.json);
  EXPECT_EQ(issued.json.at("customer_id"), "C-1");
  EXPECT_EQ(issued.json.at("expires_at").as_string(),
            FormatTimestamp(kT0 + std::chrono::minutes(10)));
  const std::string token(issued.json.at("token").as_string());
  auto seen = Get("/v1/customers/C-1/loyalty", {}, storefront(), {{"X-Customer-Token", token}});
  EXPECT_EQ(seen.status, 200) << boost::json::serialize(seen.json);
  ExpectRefused(harness_->Call("POST", "/v1/customer-tokens", harness_->admin_key(),
                               R"({"customer_id":"nobody"})"),
                404, "not_found", "");
  ExpectRefused(harness_->Call("POST", "/v1/customer-tokens", harness_->admin_key(),
                               R"({"customer_id":"C-1","ttl_seconds":10})"),
                400, "invalid_argument", "ttl_seconds");
  ExpectRefused(
      harness_->Call("POST", "/v1/customer-tokens", harness_->admin_key(), R"({"customer":"C-1"})"),
      400, "invalid_argument", "customer");
  ExpectRefused(
      harness_->Call("POST", "/v1/customer-tokens", storefront(), R"({"customer_id":"C-1"})"), 403,
      "permission_denied", "");
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM settings WHERE key = 'customer_token_secret'"), 1);
}

TEST_P(LedgerTokenRoutesTest, AStorefrontTokenReachesItsOwnCustomersPointsAndNothingElse) {
  Credit("C-1", 100);
  Credit("C-2", 100);
  const auto mine = TokenFor("C-1");
  EXPECT_EQ(Get("/v1/customers/C-1/loyalty", {}, storefront(), mine).json.at("available"), 100);
  EXPECT_EQ(Get("/v1/customers/C-1/ledger", {}, storefront(), mine).status, 200);
  auto hold = StoreHold("C-1", mine);
  ASSERT_EQ(hold.status, 201) << boost::json::serialize(hold.json);
  const std::string my_hold(hold.json.at("id").as_string());
  EXPECT_EQ(Post("/v1/holds/" + my_hold + "/capture", "", "", storefront(), mine).status, 200);

  ExpectRefused(Get("/v1/customers/C-2/loyalty", {}, storefront(), mine), 403, "permission_denied",
                "");
  ExpectRefused(Get("/v1/customers/C-2/ledger", {}, storefront(), mine), 403, "permission_denied",
                "");
  ExpectRefused(StoreHold("C-2", mine), 403, "permission_denied", "");
  auto theirs = StoreHold("C-2", TokenFor("C-2"));
  ASSERT_EQ(theirs.status, 201);
  const std::string their_hold(theirs.json.at("id").as_string());
  ExpectRefused(Post("/v1/holds/" + their_hold + "/release", "", "", storefront(), mine), 403,
                "permission_denied", "");
  ExpectRefused(
      Post("/v1/customers/C-1/adjustments", R"({"points":5,"reason":"x"})", "", storefront(), mine),
      403, "permission_denied", "");
  ExpectRefused(Get("/v1/ledger/liability", {}, storefront(), mine), 403, "permission_denied", "");
  ExpectRefused(Get("/v1/customers/nobody/loyalty", {}, storefront(), mine), 403,
                "permission_denied", "");
  EXPECT_EQ(Available("C-2"), 90) << "their hold was not released";
  Audit();
}

TEST_P(LedgerTokenRoutesTest, MissingExpiredAndForgedTokensAreRefusedAndAdminsNeedNone) {
  Credit("C-1", 100);
  ExpectRefused(Get("/v1/customers/C-1/loyalty", {}, storefront()), 401, "unauthenticated", "");
  ExpectRefused(StoreHold("C-1", {}), 401, "unauthenticated", "");
  ExpectRefused(Post("/v1/holds/hold_x/capture", "", "", storefront()), 401, "unauthenticated", "");
  const auto token = TokenFor("C-1");
  std::string forged = token.at("X-Customer-Token");
  char& flipped = forged[forged.size() - 10];  // inside the MAC
  flipped = flipped == 'A' ? 'B' : 'A';
  ExpectRefused(Get("/v1/customers/C-1/loyalty", {}, storefront(), {{"X-Customer-Token", forged}}),
                403, "permission_denied", "");
  const std::string foreign =
      http::SignCustomerToken("not-the-shops-secret", "C-1", kT0 + std::chrono::hours(1));
  ExpectRefused(StoreHold("C-1", {{"X-Customer-Token", foreign}}), 403, "permission_denied", "");
  clock_.Advance(std::chrono::hours(1));
  auto expired = Get("/v1/customers/C-1/loyalty", {}, storefront(), token);
  ExpectRefused(expired, 403, "permission_denied", "");
  EXPECT_NE(expired.json.at("error").at("message").as_string().find("expired"),
            boost::json::string::npos);
  // An admin reaches every customer, with or without a token (it is not read).
  EXPECT_EQ(Get("/v1/customers/C-1/loyalty", {}, "", {{"X-Customer-Token", forged}}).status, 200);
  EXPECT_EQ(Get("/v1/customers/C-2/ledger").status, 200);
  EXPECT_EQ(Available("C-1"), 100);
}

TEST_P(LedgerTokenRoutesTest, StorefrontIdempotencyKeysAreScopedByTheTokensCustomer) {
  Credit("C-1", 100);
  Credit("C-2", 100);
  // Two shoppers' browsers behind one storefront key happen to pick the same key.
  auto first = StoreHold("C-1", TokenFor("C-1"), "cart-1");
  auto second = StoreHold("C-2", TokenFor("C-2"), "cart-1");
  ASSERT_EQ(first.status, 201) << boost::json::serialize(first.json);
  ASSERT_EQ(second.status, 201) << boost::json::serialize(second.json);
  EXPECT_NE(first.json.at("id"), second.json.at("id"));
  // The same shopper's retry replays; a fresh token for the same customer is the same scope.
  EXPECT_EQ(StoreHold("C-1", TokenFor("C-1"), "cart-1").json, first.json);
  EXPECT_EQ(Available("C-1"), 90);
  EXPECT_EQ(Available("C-2"), 90);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(LedgerTokenRoutesTest);

}  // namespace
}  // namespace loyal::ledger::testing
