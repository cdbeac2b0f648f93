#include "http/openapi.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace loyal::http {
namespace {

namespace json = boost::json;

Response Ok(const Request&) { return JsonResponse(json::object{}); }

RouteSpec Spec(std::string method, std::string pattern, Role role) {
  RouteSpec spec;
  spec.method = std::move(method);
  spec.pattern = std::move(pattern);
  spec.min_role = role;
  spec.summary = "summary of " + spec.pattern;
  return spec;
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(Spec("GET", "/healthz", Role::kPublic), Ok);
    RouteSpec returns = Spec("POST", "/v1/orders/{id}/returns", Role::kAdmin);
    returns.request_schema = R"({"type":"object","required":["return_id"]})";
    returns.response_schema = R"({"type":"object"})";
    returns.success_statuses = {201, 200};
    returns.error_statuses = {422};
    returns.requires_idempotency_key = true;
    router_.Add(returns, Ok);
    router_.Add(Spec("GET", "/v1/orders/{id}", Role::kStorefront), Ok);
    router_.Add(Spec("GET", "/v1/customers/{customer_id}/points/{entry}", Role::kAdmin), Ok);
    RouteSpec list = Spec("GET", "/v1/customers", Role::kAdmin);
    list.query_params = {{.name = "limit", .type = "integer", .description = "page size"},
                         {.name = "email", .description = "only this email"}};
    router_.Add(list, Ok);
  }
  json::object Build() { return BuildOpenApiDocument(router_).value(); }
  Router router_;
};

TEST_F(OpenApiTest, EveryRegisteredRouteAppearsUnderItsPathAndMethod) {
  json::object doc = Build();
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  const json::object& paths = doc.at("paths").as_object();
  EXPECT_EQ(paths.size(), 5u);
  for (const auto& [spec, handler] : router_.routes()) {
    std::string method = spec.method == "GET" ? "get" : "post";
    ASSERT_TRUE(paths.contains(spec.pattern)) << spec.pattern;
    const json::object& op = paths.at(spec.pattern).at(method).as_object();
    EXPECT_EQ(op.at("summary").as_string(), spec.summary);
  }
}

TEST_F(OpenApiTest, PathParametersIdempotencyHeaderAndBodyAreDescribed) {
  json::object doc = Build();
  const json::object& op = doc.at("paths").at("/v1/orders/{id}/returns").at("post").as_object();
  EXPECT_EQ(op.at("operationId").as_string(), "post_v1_orders_id_returns");
  const json::array& params = op.at("parameters").as_array();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].at("name").as_string(), "id");
  EXPECT_EQ(params[0].at("in").as_string(), "path");
  EXPECT_EQ(params[1].at("name").as_string(), "Idempotency-Key");
  EXPECT_EQ(params[1].at("in").as_string(), "header");
  EXPECT_EQ(op.at("requestBody").at("content").at("application/json").at("schema").at("required"),
            json::array{"return_id"});
  EXPECT_TRUE(op.at("responses").as_object().contains("201"));
  EXPECT_TRUE(op.at("responses").as_object().contains("200"));

  const json::array& two = doc.at("paths")
                               .at("/v1/customers/{customer_id}/points/{entry}")
                               .at("get")
                               .at("parameters")
                               .as_array();
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].at("name").as_string(), "customer_id");
  EXPECT_EQ(two[1].at("name").as_string(), "entry");
}

TEST_F(OpenApiTest, QueryParametersAreDescribedWithTheirTypes) {
  json::object doc = Build();
  const json::array& params =
      doc.at("paths").at("/v1/customers").at("get").at("parameters").as_array();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].at("name").as_string(), "limit");
  EXPECT_EQ(params[0].at("in").as_string(), "query");
  EXPECT_EQ(params[0].at("required").as_bool(), false);
  EXPECT_EQ(params[0].at("schema").at("type").as_string(), "integer");
  EXPECT_EQ(params[1].at("name").as_string(), "email");
  EXPECT_EQ(params[1].at("schema").at("type").as_string(), "string");
  EXPECT_EQ(params[1].at("description").as_string(), "only this email");
}

TEST_F(OpenApiTest, SecurityFollowsTheRouteRole) {
  json::object doc = Build();
  const json::object& paths = doc.at("paths").as_object();
  EXPECT_TRUE(paths.at("/healthz").at("get").at("security").as_array().empty());
  EXPECT_EQ(paths.at("/v1/orders/{id}").at("get").at("security"),
            (json::array{json::object{{"bearer", json::array{}}}}));
  EXPECT_EQ(paths.at("/v1/orders/{id}").at("get").at("x-loyal-role").as_string(), "storefront");
  EXPECT_EQ(doc.at("components").at("securitySchemes").at("bearer").at("scheme").as_string(),
            "bearer");
  EXPECT_TRUE(doc.at("components")
                  .at("schemas")
                  .at("Error")
                  .at("properties")
                  .as_object()
                  .contains("error"));
}

std::set<std::string> ResponseKeys(const json::object& doc, const char* path, const char* method) {
  std::set<std::string> keys;
  for (const auto& member : doc.at("paths").at(path).at(method).at("responses").as_object()) {
    keys.insert(std::string(member.key()));
  }
  return keys;
}

TEST_F(OpenApiTest, EachRouteListsItsSuccessAndDerivedErrorStatuses) {
  json::object doc = Build();
  // Admin, path parameter, idempotency key, body, declared 422.
  EXPECT_EQ(ResponseKeys(doc, "/v1/orders/{id}/returns", "post"),
            (std::set<std::string>{"200", "201", "400", "401", "403", "404", "409", "413", "422",
                                   "5XX"}));
  // Public, no parameters: only malformed query parameters and server errors.
  EXPECT_EQ(ResponseKeys(doc, "/healthz", "get"), (std::set<std::string>{"200", "400", "5XX"}));
  // A storefront key can call it, so no 403; a path parameter, so 404.
  EXPECT_EQ(ResponseKeys(doc, "/v1/orders/{id}", "get"),
            (std::set<std::string>{"200", "400", "401", "404", "5XX"}));
  EXPECT_EQ(ResponseKeys(doc, "/v1/customers", "get"),
            (std::set<std::string>{"200", "400", "401", "403", "5XX"}));
}

TEST_F(OpenApiTest, EveryErrorResponseIsASharedComponentWithTheErrorSchema) {
  json::object doc = Build();
  const json::object& components = doc.at("components").at("responses").as_object();
  const json::object& responses =
      doc.at("paths").at("/v1/orders/{id}/returns").at("post").at("responses").as_object();
  for (const auto& member : responses) {
    const std::string status(member.key());
    if (status == "200" || status == "201") {
      EXPECT_FALSE(member.value().as_object().contains("$ref")) << status;
      continue;
    }
    const std::string ref(member.value().at("$ref").as_string());
    const std::string prefix = "#/components/responses/";
    ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
    const json::value* shared = components.if_contains(ref.substr(prefix.size()));
    ASSERT_NE(shared, nullptr) << ref;
    EXPECT_EQ(shared->at("content").at("application/json").at("schema").at("$ref"),
              "#/components/schemas/Error")
        << status;
    EXPECT_FALSE(shared->at("description").as_string().empty()) << status;
  }
  const json::object& error_body = doc.at("components").at("schemas").at("Error").as_object();
  const json::object& fields = error_body.at("properties").at("error").at("properties").as_object();
  for (const char* name : {"code", "message", "field"}) EXPECT_TRUE(fields.contains(name)) << name;
}

TEST_F(OpenApiTest, AnUndocumentedDeclaredStatusIsAnInternalError) {
  RouteSpec odd = Spec("POST", "/v1/odd", Role::kAdmin);
  odd.error_statuses = {418};
  router_.Add(odd, Ok);
  auto doc = BuildOpenApiDocument(router_);
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, ErrorCode::kInternal);
  EXPECT_NE(doc.error().message.find("418"), std::string::npos) << doc.error().message;
}

TEST_F(OpenApiTest, MalformedSchemaTextIsAnInternalErrorNamingTheRoute) {
  RouteSpec broken = Spec("POST", "/v1/broken", Role::kAdmin);
  broken.request_schema = "{not json";
  router_.Add(broken, Ok);
  auto doc = BuildOpenApiDocument(router_);
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, ErrorCode::kInternal);
  EXPECT_EQ(doc.error().message, "request_schema of POST /v1/broken is not a JSON object");
}

}  // namespace
}  // namespace loyal::http
