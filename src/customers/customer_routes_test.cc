#include "customers/customer_routes.h"

#include <gtest/gtest.h>

#include "customers/route_test_support.h"
#include "db/testing/backend_test.h"

namespace loyal::customers {
namespace {

using loyal::testing::CallRoute;

class CustomerRoutesTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    AddCustomerRoutes(router_, db(), clock_,
                      [](db::Transaction&, const Customer& c, boost::json::object& out) {
                        out["name_length"] = c.name ? c.name->size() : 0;
                        return Status{};
                      });
  }

  ManualClock clock_{Timestamp(std::chrono::seconds(1'700'000'000))};
  http::Router router_;
};

TEST_P(CustomerRoutesTest, PostCreatesThenUpdatesAndGetAddsHookFields) {
  auto created = CallRoute(router_, db(), "POST", "/v1/customers",
                           R"({"external_id":"C-1","email":"Ann@Example.com","name":"Ann",)"
                           R"("country":"gb","birthday":"1990-05-17","marketing_consent":true})");
  ASSERT_EQ(created.status, 201) << boost::json::serialize(created.json);
  EXPECT_EQ(created.json.at("email"), "ann@example.com");
  EXPECT_EQ(created.json.at("country"), "GB");
  EXPECT_EQ(created.json.at("birthday"), "1990-05-17");
  EXPECT_EQ(created.json.at("created_at"), "2023-11-14T22:13:20Z");

  auto updated =
      CallRoute(router_, db(), "POST", "/v1/customers", R"({"external_id":"C-1","name":"Ann Lee"})");
  EXPECT_EQ(updated.status, 200);
  auto got = CallRoute(router_, db(), "GET", "/v1/customers/C-1");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json.at("name"), "Ann Lee");
  EXPECT_EQ(got.json.at("email"), "ann@example.com");
  EXPECT_EQ(got.json.at("name_length"), 7);
  EXPECT_EQ(got.json.at("kind"), "customer");
}

TEST_P(CustomerRoutesTest, BadBodiesAre400WithTheField) {
  struct Case {
    const char* body;
    const char* field;
  };
  for (const Case& c :
       {Case{R"({"external_id":"C-1","emial":"a@b.c"})", "emial"},
        Case{R"({"external_id":7})", "external_id"}, Case{R"({"name":"x"})", "external_id"},
        Case{R"({"external_id":"C-1","marketing_consent":"yes"})", "marketing_consent"},
        Case{R"({"external_id":"C-1","birthday":"1990-02-30"})", "birthday"},
        Case{R"({"external_id":"C-1","kind":"vip"})", "kind"},
        Case{R"({"external_id":"a b"})", "external_id"}, Case{R"({"external_id":"C-1",)", ""}}) {
    auto reply = CallRoute(router_, db(), "POST", "/v1/customers", c.body);
    EXPECT_EQ(reply.status, 400) << c.body;
    EXPECT_EQ(reply.ErrorCode(), "invalid_argument") << c.body;
    EXPECT_EQ(reply.ErrorField(), c.field) << c.body;
  }
  EXPECT_EQ(CallRoute(router_, db(), "GET", "/v1/customers").json.at("customers").as_array().size(), 0u);
}

TEST_P(CustomerRoutesTest, ListPagesAndFilters) {
  for (const char* id : {"A", "B", "C"}) {
    CallRoute(router_, db(), "POST", "/v1/customers",
              std::string(R"({"external_id":")") + id + R"(","email":"x@y.z"})");
  }
  auto first = CallRoute(router_, db(), "GET", "/v1/customers", "", {{"limit", "2"}});
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.json.at("customers").as_array().size(), 2u);
  const std::string after(first.json.at("next_after").as_string());
  auto second = CallRoute(router_, db(), "GET", "/v1/customers", "", {{"limit", "2"}, {"after", after}});
  ASSERT_EQ(second.json.at("customers").as_array().size(), 1u);
  EXPECT_EQ(second.json.at("customers").at(0).at("external_id"), "C");
  EXPECT_TRUE(second.json.at("next_after").is_null());

  auto filtered = CallRoute(router_, db(), "GET", "/v1/customers", "", {{"email", "nobody@y.z"}});
  EXPECT_EQ(filtered.json.at("customers").as_array().size(), 0u);
  auto bad = CallRoute(router_, db(), "GET", "/v1/customers", "", {{"limit", "0"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "limit");
}

TEST_P(CustomerRoutesTest, EveryRouteIsAdminWithSummaryAndValidSchemas) {
  EXPECT_EQ(router_.routes().size(), 3u);
  loyal::testing::ExpectRouteSpecsComplete(router_);
}

TEST_P(CustomerRoutesTest, UnknownCustomerIs404) {
  auto reply = CallRoute(router_, db(), "GET", "/v1/customers/nobody");
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.ErrorCode(), "not_found");
}

LOYAL_INSTANTIATE_BACKEND_TESTS(CustomerRoutesTest);

}  // namespace
}  // namespace loyal::customers
