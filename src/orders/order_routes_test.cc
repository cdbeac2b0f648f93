#include "orders/order_routes.h"

#include <gtest/gtest.h>

#include "customers/route_test_support.h"
#include "db/testing/backend_test.h"
#include "orders/catalog_routes.h"
#include "orders/order_json.h"
#include "orders/order_service.h"

namespace loyal::orders {
namespace {

using loyal::testing::CallRoute;

constexpr char kOrder[] = R"({"external_id":"A-1","customer":{"external_id":"C-1"},)"
                          R"("placed_at":"2024-03-01T10:00:00Z","currency":"GBP",)"
                          R"("lines":[{"sku":"MUG","quantity":2,"unit_price":"2.55"}]})";

class OrderRoutesTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    AddOrderRoutes(router_, db());
    AddProductRoutes(router_, db(), clock_);
  }

  ManualClock clock_{Timestamp(std::chrono::seconds(1'700'000'000))};
  http::Router router_;
};

// Writing orders is intake's (intake/order_intake_routes.h); here they are written
// through the service, and read back over the route.
TEST_P(OrderRoutesTest, GetAnswersTheOrderWithItsReturns) {
  ASSERT_TRUE(db::RunInTransaction(db(), [](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(auto order, ParseOrderRequest(boost::json::parse(kOrder).as_object()));
    const OrderContext ctx{Timestamp(std::chrono::seconds(1'700'000'000)), nullptr};
    LOY_RETURN_IF_ERROR(CreateOrder(tx, order.InZone(nullptr), ctx));
    const ReturnInput ret{
        "R-1", "A-1", {ReturnLineInput{0, std::nullopt, 1}}, std::nullopt, std::nullopt};
    LOY_RETURN_IF_ERROR(CreateReturn(tx, ret, ctx));
    return {};
  }));
  auto got = CallRoute(router_, db(), "GET", "/v1/orders/A-1");
  ASSERT_EQ(got.status, 200) << boost::json::serialize(got.json);
  EXPECT_EQ(got.json.at("customer_external_id"), "C-1");
  EXPECT_EQ(got.json.at("refunded_minor"), 255);
  ASSERT_EQ(got.json.at("returns").as_array().size(), 1u);
  EXPECT_EQ(got.json.at("returns").at(0).at("external_id"), "R-1");
  auto missing = CallRoute(router_, db(), "GET", "/v1/orders/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.ErrorCode(), "not_found");
}

TEST_P(OrderRoutesTest, EveryRouteIsAdminWithSummaryAndValidSchemas) {
  EXPECT_EQ(router_.routes().size(), 4u);
  loyal::testing::ExpectRouteSpecsComplete(router_);
}

TEST_P(OrderRoutesTest, ProductsUpsertListAndGet) {
  auto created = CallRoute(router_, db(), "POST", "/v1/products",
                           R"({"sku":"MUG","title":"Mug","price":"4.99","currency":"GBP"})");
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.json);
  EXPECT_EQ(created.json.at("price_micros"), 4990000);
  EXPECT_EQ(CallRoute(router_, db(), "POST", "/v1/products", R"({"sku":"MUG","title":"Big mug"})").status,
            200);
  auto got = CallRoute(router_, db(), "GET", "/v1/products/MUG");
  EXPECT_EQ(got.json.at("title"), "Big mug");
  EXPECT_TRUE(got.json.at("price").is_null());
  auto list = CallRoute(router_, db(), "GET", "/v1/products", "", {{"limit", "10"}});
  EXPECT_EQ(list.json.at("products").as_array().size(), 1u);
  auto bad = CallRoute(router_, db(), "POST", "/v1/products", R"({"sku":"X","title":"T","price":"1"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "currency");
  EXPECT_EQ(CallRoute(router_, db(), "GET", "/v1/products/NOPE").status, 404);
}

// The catalog path's input rules are the table's (core/text_rules.h), as on every path.
TEST_P(OrderRoutesTest, ProductTextAndCurrencyFollowTheInputRules) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"sku":"MUG","title":"Mug\u0007"})", "title"},
      {R"({"sku":"MUG","title":")" + std::string(501, 't') + R"("})", "title"},
      {"{\"sku\":\"MUG\",\"title\":\"Mug\",\"description\":\"\xff\"}", "description"},
      {R"({"sku":" MUG","title":"Mug"})", "sku"},
      {R"({"sku":"MUG","title":"Mug","price":"1","currency":"XYZ"})", "currency"},
  };
  for (const auto& [body, field] : cases) {
    auto reply = CallRoute(router_, db(), "POST", "/v1/products", body);
    EXPECT_EQ(reply.status, 400) << body;
    EXPECT_EQ(reply.ErrorCode(), "invalid_argument") << body;
    EXPECT_EQ(reply.ErrorField(), field) << body;
  }
  EXPECT_EQ(CallRoute(router_, db(), "GET", "/v1/products/MUG").status, 404);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(OrderRoutesTest);

}  // namespace
}  // namespace loyal::orders
