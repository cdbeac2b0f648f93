#include "app/routes.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cctype>
#include <set>
#include <string>

#include "db/testing/backend_test.h"
#include "http/openapi.h"
#include "http/testing/route_test_support.h"

namespace loyal::app {
namespace {

namespace json = boost::json;

class AllRoutesTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    tokens_ = MakeCustomerTokens(db(), clock_);
    AddAllRoutes(router_, db(), clock_, programs_, *tokens_);
  }

  // A path that routes to `pattern`, each {name} segment filled in.
  static std::string PathFor(const std::string& pattern) {
    std::string path;
    for (size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i] == '{') {
        path += "x";
        i = pattern.find('}', i);
      } else {
        path += pattern[i];
      }
    }
    return path;
  }

  ManualClock clock_{Timestamp(std::chrono::seconds(1'700'000'000))};
  program::ProgramCache programs_;
  std::unique_ptr<http::CustomerTokens> tokens_;
  http::Router router_;
};

// The OpenAPI document lists each route's real statuses, every error a shared response
// with the one error schema.
TEST_P(AllRoutesTest, OpenApiListsEachRoutesStatusesWithTheErrorSchema) {
  auto built = http::BuildOpenApiDocument(router_);
  ASSERT_TRUE(built) << built.error().ToString();
  const json::object& doc = *built;
  const json::object& shared = doc.at("components").at("responses").as_object();
  for (const auto& [spec, handlers] : router_.routes()) {
    std::string method(spec.method);
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const json::object& responses =
        doc.at("paths").at(spec.pattern).at(method).at("responses").as_object();
    const std::string route = spec.method + " " + spec.pattern;
    for (int status : spec.success_statuses) {
      EXPECT_TRUE(responses.contains(std::to_string(status))) << route << " " << status;
    }
    std::set<std::string> expected{"400", "5XX"};
    if (spec.min_role != http::Role::kPublic) expected.insert("401");
    if (spec.min_role == http::Role::kAdmin) expected.insert("403");
    if (spec.pattern.find('{') != std::string::npos) expected.insert("404");
    if (!spec.request_schema.empty()) expected.insert("413");
    for (const std::string& status : expected) {
      ASSERT_TRUE(responses.contains(status)) << route << " " << status;
      const std::string ref(responses.at(status).at("$ref").as_string());
      const json::value* component = shared.if_contains(ref.substr(ref.rfind('/') + 1));
      ASSERT_NE(component, nullptr) << route << " " << ref;
      EXPECT_EQ(component->at("content").at("application/json").at("schema").at("$ref"),
                "#/components/schemas/Error");
    }
  }
  // Upserts and intake's recording routes answer 201 on create.
  for (const char* path :
       {"/v1/customers", "/v1/products", "/v1/orders", "/v1/orders/{id}/returns"}) {
    const json::object& responses = doc.at("paths").at(path).at("post").at("responses").as_object();
    EXPECT_TRUE(responses.contains("201")) << path;
    EXPECT_TRUE(responses.contains("200")) << path;
  }
  const json::object& intake =
      doc.at("paths").at("/v1/orders").at("post").at("responses").as_object();
  EXPECT_TRUE(intake.contains("409"));
  EXPECT_TRUE(intake.contains("422"));
  // The customer record includes what the rooms add (analytics' saved scores).
  const json::object& customer = doc.at("paths")
                                     .at("/v1/customers/{id}")
                                     .at("get")
                                     .at("responses")
                                     .at("200")
                                     .at("content")
                                     .at("application/json")
                                     .at("schema")
                                     .at("properties")
                                     .as_object();
  ASSERT_TRUE(customer.contains("analytics"));
  EXPECT_TRUE(customer.at("analytics").at("properties").as_object().contains("segment"));
}

// Every write route's parser accepts exactly the fields its OpenAPI request schema names:
// each schema property is no "unknown field", and a field the schema lacks is refused.
TEST_P(AllRoutesTest, EveryWriteRouteAcceptsItsSchemasFieldsAndNoOthers) {
  int write_routes = 0;
  for (const auto& [spec, handlers] : router_.routes()) {
    if (spec.request_schema.empty()) continue;
    ++write_routes;
    const std::string path = PathFor(spec.pattern);
    const std::string route = spec.method + " " + spec.pattern;
    auto unknown =
        http::testing::CallRoute(router_, db(), spec.method, path, R"({"zz_not_a_field": 1})");
    EXPECT_EQ(unknown.status, 400) << route;
    EXPECT_EQ(unknown.ErrorCode(), "invalid_argument") << route;
    EXPECT_EQ(unknown.ErrorField(), "zz_not_a_field") << route;
    const json::value schema = json::parse(spec.request_schema);
    EXPECT_EQ(schema.at("additionalProperties"), false) << route;
    for (const auto& property : schema.at("properties").as_object()) {
      const std::string name(property.key());
      auto reply = http::testing::CallRoute(router_, db(), spec.method, path,
                                            R"({")" + name + R"(": null})");
      EXPECT_FALSE(reply.ErrorCode() == "invalid_argument" && reply.ErrorField() == name &&
                   std::string(reply.json.at("error").at("message").as_string()) ==
                       "unknown field " + name)
          << route << " refuses its own schema's field " << name;
    }
  }
  EXPECT_GE(write_routes, 5);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(AllRoutesTest);

}  // namespace
}  // namespace loyal::app
