// Test support for the ledger's route tests: the ledger and customer-token routes behind
// the whole pipeline (http/testing/pipeline_harness.h), with the shop's token secret read
// from the store as `loyal serve` reads it, customers made directly in the store, and the
// ledger audited on demand (ledger_test_support.h).
//
// Test-only; the fixture belongs to the test's thread, Post/Get may run on several.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "customers/customer_service.h"
#include "customers/customer_token_routes.h"
#include "http/testing/pipeline_harness.h"
#include "ledger/ledger_routes.h"
#include "ledger/ledger_test_support.h"
#include "settings/settings_service.h"

namespace loyal::ledger::testing {

using http::testing::RouteReply;

class LedgerRoutesFixture : public LedgerFixture {
 protected:
  void SetUp() override {
    LedgerFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    tokens_ = std::make_unique<http::CustomerTokens>(
        [this] { return db::WithTransaction(db(), settings::CustomerTokenSecret); }, clock_);
    AddLedgerRoutes(router_, db(), clock_);
    customers::AddCustomerTokenRoutes(router_, db(), *tokens_);
    harness_ =
        std::make_unique<http::testing::PipelineHarness>(db(), router_, clock_, tokens_.get());
    for (const char* id : {"C-1", "C-2"}) AddCustomer(id);
  }
  void TearDown() override {
    harness_.reset();
    LedgerFixture::TearDown();
  }

  void AddCustomer(const std::string& id) {
    customers::CustomerInput input;
    input.external_id = id;
    auto made = Try(
        [&](db::Transaction& tx) { return customers::UpsertCustomer(tx, input, clock_.Now()); });
    ASSERT_TRUE(made) << made.error().ToString();
  }

  // A POST under `key` (default: admin) with a fresh Idempotency-Key unless one is given.
  RouteReply Post(const std::string& path, const std::string& body, std::string idem = "",
                  std::string key = "", std::map<std::string, std::string> headers = {}) {
    if (idem.empty()) idem = "k-" + std::to_string(++keys_used_);
    headers["Idempotency-Key"] = idem;
    return harness_->Call("POST", path, key.empty() ? harness_->admin_key() : key, body, headers);
  }
  RouteReply Get(const std::string& path, std::map<std::string, std::string> query = {},
                 std::string key = "", std::map<std::string, std::string> headers = {}) {
    return harness_->Call("GET", path, key.empty() ? harness_->admin_key() : key, "", headers,
                          query);
  }

  // Credits `points` to `customer` through the adjustments route; a test failure if refused.
  void Credit(const std::string& customer, int64_t points, const std::string& extra = "") {
    auto r =
        Post("/v1/customers/" + customer + "/adjustments",
             R"({"points":)" + std::to_string(points) + R"(,"reason":"welcome")" + extra + "}");
    ASSERT_EQ(r.status, 201) << boost::json::serialize(r.json);
  }

  int64_t Available(const std::string& customer) {
    auto r = Get("/v1/customers/" + customer + "/loyalty");
    EXPECT_EQ(r.status, 200) << boost::json::serialize(r.json);
    return r.status == 200 ? r.json.at("available").as_int64() : -1;
  }

  // A storefront's headers for `customer`'s token.
  std::map<std::string, std::string> TokenFor(const std::string& customer) {
    auto issued = tokens_->Issue(customer, std::chrono::hours(1));
    EXPECT_TRUE(issued) << issued.error().ToString();
    return {{"X-Customer-Token", issued ? issued->token : ""}};
  }
  const std::string& storefront() const { return harness_->storefront_key(); }

  ManualClock clock_{kT0};
  http::Router router_;
  std::unique_ptr<http::CustomerTokens> tokens_;
  std::unique_ptr<http::testing::PipelineHarness> harness_;
  std::atomic<int> keys_used_{0};
};

}  // namespace loyal::ledger::testing
