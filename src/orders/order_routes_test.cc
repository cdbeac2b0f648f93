#include "orders/order_routes.h"

#include <gtest/gtest.h>

#include "db/testing/backend_test.h"
#include "http/testing/route_test_support.h"
#include "orders/catalog_routes.h"
#include "orders/order_json.h"
#include "orders/order_service.h"

namespace loyal::orders {
namespace {

using loyal::http::testing::CallRoute;

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
  EXPECT_EQ(got.json.at("refunded"), "2.55");
  ASSERT_EQ(got.json.at("returns").as_array().size(), 1u);
  EXPECT_EQ(got.json.at("returns").at(0).at("lines").at(0).at("amount_minor"), 255);
  EXPECT_EQ(got.json.at("returns").at(0).at("lines").at(0).at("amount"), "2.55");
  EXPECT_EQ(got.json.at("returns").at(0).at("external_id"), "R-1");
  auto missing = CallRoute(router_, db(), "GET", "/v1/orders/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.ErrorCode(), "not_found");
}

TEST_P(OrderRoutesTest, EveryRouteIsAdminWithSummaryAndValidSchemas) {
  EXPECT_EQ(router_.routes().size(), 4u);
  loyal::http::testing::ExpectRouteSpecsComplete(router_);
}

TEST_P(OrderRoutesTest, ProductsUpsertListAndGet) {
  auto created = CallRoute(router_, db(), "POST", "/v1/products",
                           R"({"sku":"MUG","title":"Mug","price":"4.99","currency":"GBP"})");
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.json);
  EXPECT_EQ(created.json.at("price_micros"), 4990000);
  EXPECT_EQ(CallRoute(router_, db(), "POST", "/v1/products", R"({"sku":"MUG","title":"Big mug"})").status,
            200);
  auto got = CallRoute(router_, db(), "GET", "/v1/products/MUG");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json.at("title"), "Big mug");
  EXPECT_EQ(got.json.at("price"), "4.99");  // a POST merges: the price was left out
  auto list = CallRoute(router_, db(), "GET", "/v1/products", "", {{"limit", "10"}});
  EXPECT_EQ(list.json.at("products").as_array().size(), 1u);
  http::testing::ExpectRefused(
      CallRoute(router_, db(), "POST", "/v1/products", R"({"sku":"X","title":"T","price":"1"})"),
      400, "invalid_argument", "currency");
  http::testing::ExpectRefused(CallRoute(router_, db(), "GET", "/v1/products/NOPE"), 404,
                               "not_found", "");
}

TEST_P(OrderRoutesTest, ProductPostsMergeNullClearsAndAReplayChangesNothing) {
  auto created =
      CallRoute(router_, db(), "POST", "/v1/products",
                R"({"sku":"MUG","title":"Mug","description":"white","category":"kitchen",)"
                R"("price":"4.99","currency":"GBP"})");
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.json);
  clock_.Advance(std::chrono::seconds(10));
  auto merged = CallRoute(router_, db(), "POST", "/v1/products",
                          R"({"sku":"MUG","description":null,"price":null,"currency":null})");
  ASSERT_EQ(merged.status, 200) << boost::json::serialize(merged.json);
  EXPECT_EQ(merged.json.at("title"), "Mug");
  EXPECT_EQ(merged.json.at("category"), "kitchen");
  EXPECT_TRUE(merged.json.at("description").is_null());
  EXPECT_TRUE(merged.json.at("price").is_null());
  EXPECT_TRUE(merged.json.at("currency").is_null());
  EXPECT_EQ(merged.json.at("updated_at"), "2023-11-14T22:13:30Z");

  clock_.Advance(std::chrono::seconds(10));
  const std::string body = R"({"sku":"MUG","title":"Mug","price_micros":5000000,"currency":"EUR"})";
  auto first =
      http::testing::ExpectReplayChangesNothing(router_, db(), clock_, "/v1/products", body, 200);
  EXPECT_EQ(CallRoute(router_, db(), "GET", "/v1/products/MUG").json, first.json);

  struct Case {
    const char* body;
    const char* field;
  };
  for (const Case& c :
       {Case{R"({"sku":null,"title":"T"})", "sku"}, Case{R"({"sku":"MUG","title":null})", "title"},
        Case{R"({"sku":"NEW"})", "title"}, Case{R"({"sku":"MUG","price":null})", "price"},
        Case{R"({"sku":"MUG","colour":"red"})", "colour"}}) {
    http::testing::ExpectRefused(CallRoute(router_, db(), "POST", "/v1/products", c.body), 400,
                                 "invalid_argument", c.field, c.body);
  }
  EXPECT_EQ(CallRoute(router_, db(), "GET", "/v1/products/MUG").json, first.json);
}

TEST_P(OrderRoutesTest, ProductCursorsAreOpaqueAndABareSkuIs400After) {
  for (const char* sku : {"A", "B", "C"}) {
    CallRoute(router_, db(), "POST", "/v1/products",
              std::string(R"({"sku":")") + sku + R"(","title":"T"})");
  }
  auto first = CallRoute(router_, db(), "GET", "/v1/products", "", {{"limit", "2"}});
  ASSERT_EQ(first.status, 200);
  ASSERT_TRUE(first.json.at("next_after").is_string());
  const std::string after(first.json.at("next_after").as_string());
  EXPECT_NE(after, "B");
  auto second =
      CallRoute(router_, db(), "GET", "/v1/products", "", {{"limit", "2"}, {"after", after}});
  ASSERT_EQ(second.status, 200);
  ASSERT_EQ(second.json.at("products").as_array().size(), 1u);
  EXPECT_EQ(second.json.at("products").at(0).at("sku"), "C");
  EXPECT_TRUE(second.json.at("next_after").is_null());
  http::testing::ExpectRefused(
      CallRoute(router_, db(), "GET", "/v1/products", "", {{"after", "B"}}), 400,
      "invalid_argument", "after");
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
