#include "customers/customer_routes.h"

#include <gtest/gtest.h>

#include "db/testing/backend_test.h"
#include "http/paging.h"
#include "http/testing/route_test_support.h"

namespace loyal::customers {
namespace {

using loyal::http::testing::CallRoute;

class CustomerRoutesTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    AddCustomerRoutes(router_, db(), clock_,
                      {{.name = "name_length",
                        .schema = R"({"type": "integer"})",
                        .add =
                            [](db::Transaction&, const Customer& c, boost::json::object& out) {
                              out["name_length"] = c.name ? c.name->size() : 0;
                              return Status{};
                            }},
                       {.name = "shout",
                        .schema = R"({"type": "string"})",
                        .add = [](db::Transaction&, const Customer& c, boost::json::object& out) {
                          if (c.name) out["shout"] = *c.name + "!";
                          return Status{};
                        }}});
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
  EXPECT_EQ(updated.status, 200) << boost::json::serialize(updated.json);
  auto got = CallRoute(router_, db(), "GET", "/v1/customers/C-1");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json.at("name"), "Ann Lee");
  EXPECT_EQ(got.json.at("email"), "ann@example.com");
  EXPECT_EQ(got.json.at("name_length"), 7);
  EXPECT_EQ(got.json.at("shout"), "Ann Lee!");
  EXPECT_EQ(got.json.at("kind"), "customer");
}

TEST_P(CustomerRoutesTest, PostsMergeNullClearsAndAReplayChangesNothing) {
  const std::string body = R"({"external_id":"C-1","email":"ann@example.com","name":"Ann",)"
                           R"("country":"GB","birthday":"1990-05-17","marketing_consent":true,)"
                           R"("kind":"prospect"})";
  http::testing::ExpectReplayChangesNothing(router_, db(), clock_, "/v1/customers", body, 201);

  auto merged = CallRoute(router_, db(), "POST", "/v1/customers",
                          R"({"external_id":"C-1","email":null,"birthday":null})");
  ASSERT_EQ(merged.status, 200) << boost::json::serialize(merged.json);
  EXPECT_TRUE(merged.json.at("email").is_null());
  EXPECT_TRUE(merged.json.at("birthday").is_null());
  EXPECT_EQ(merged.json.at("name"), "Ann");
  EXPECT_EQ(merged.json.at("country"), "GB");
  EXPECT_EQ(merged.json.at("marketing_consent"), true);
  EXPECT_EQ(merged.json.at("kind"), "prospect");
  EXPECT_EQ(merged.json.at("updated_at"), "2023-11-14T22:13:30Z");

  for (const char* field : {"external_id", "marketing_consent", "kind"}) {
    http::testing::ExpectRefused(
        CallRoute(router_, db(), "POST", "/v1/customers",
                  std::string(R"({"external_id":"C-1",")") + field + R"(":null})"),
        400, "invalid_argument", field, field);
  }
  auto got = CallRoute(router_, db(), "GET", "/v1/customers/C-1");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json.at("kind"), "prospect");
  EXPECT_EQ(got.json.at("name"), "Ann");
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
  ASSERT_EQ(second.status, 200) << boost::json::serialize(second.json);
  ASSERT_EQ(second.json.at("customers").as_array().size(), 1u);
  EXPECT_EQ(second.json.at("customers").at(0).at("external_id"), "C");
  EXPECT_TRUE(second.json.at("next_after").is_null());

  auto filtered = CallRoute(router_, db(), "GET", "/v1/customers", "", {{"email", "nobody@y.z"}});
  EXPECT_EQ(filtered.json.at("customers").as_array().size(), 0u);
  auto bad = CallRoute(router_, db(), "GET", "/v1/customers", "", {{"limit", "0"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorCode(), "invalid_argument");
  EXPECT_EQ(bad.ErrorField(), "limit");
}

TEST_P(CustomerRoutesTest, CursorsAreOpaqueAndForgedOnesAre400After) {
  for (const char* id : {"A", "B"}) {
    CallRoute(router_, db(), "POST", "/v1/customers",
              std::string(R"({"external_id":")") + id + R"("})");
  }
  auto first = CallRoute(router_, db(), "GET", "/v1/customers", "", {{"limit", "1"}});
  ASSERT_EQ(first.status, 200);
  const std::string after(first.json.at("next_after").as_string());
  // Not the internal id itself (design.md: internal ids never appear outside).
  EXPECT_EQ(after.find_first_not_of("0123456789"), 0u) << after;
  std::string tampered = after;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  const std::string product_cursor = http::EncodeCursor("products", "1");
  for (const std::string& cursor : {std::string("1"), tampered, product_cursor}) {
    http::testing::ExpectRefused(
        CallRoute(router_, db(), "GET", "/v1/customers", "", {{"after", cursor}}), 400,
        "invalid_argument", "after", cursor);
  }
}

TEST_P(CustomerRoutesTest, EveryRouteIsAdminWithSummaryAndValidSchemas) {
  EXPECT_EQ(router_.routes().size(), 3u);
  loyal::http::testing::ExpectRouteSpecsComplete(router_);
}

TEST_P(CustomerRoutesTest, TheDetailSchemaHasEachHooksMember) {
  auto found = router_.Find("GET", "/v1/customers/C-1");
  ASSERT_TRUE(found) << found.error().ToString();
  boost::json::value schema = boost::json::parse(found->spec->response_schema);
  const boost::json::object& properties = schema.at("properties").as_object();
  EXPECT_EQ(properties.at("name_length").at("type"), "integer");
  EXPECT_EQ(properties.at("shout").at("type"), "string");
  EXPECT_TRUE(properties.contains("email"));
}

TEST_P(CustomerRoutesTest, AMemberAddedTwiceOrAMalformedFragmentIsAProgrammerError) {
  auto add = [](db::Transaction&, const Customer&, boost::json::object&) { return Status{}; };
  http::Router twice;
  EXPECT_THROW(
      AddCustomerRoutes(twice, db(), clock_,
                        {{"x", R"({"type": "string"})", add}, {"x", R"({"type": "string"})", add}}),
      std::logic_error);
  http::Router malformed;
  try {
    AddCustomerRoutes(malformed, db(), clock_, {{"y", "not json", add}});
    ADD_FAILURE() << "a malformed fragment was accepted";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("'y'"), std::string::npos) << e.what();
  }
}

TEST_P(CustomerRoutesTest, UnknownCustomerIs404) {
  auto reply = CallRoute(router_, db(), "GET", "/v1/customers/nobody");
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.ErrorCode(), "not_found");
}

LOYAL_INSTANTIATE_BACKEND_TESTS(CustomerRoutesTest);

}  // namespace
}  // namespace loyal::customers
