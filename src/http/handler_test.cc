#include "http/handler.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace loyal::http {
namespace {

Handler Returning(int status) {
  return [status](const Request&) {
    Response response;
    response.status = status;
    return response;
  };
}

RouteSpec Spec(std::string method, std::string pattern) {
  RouteSpec spec;
  spec.method = std::move(method);
  spec.pattern = std::move(pattern);
  return spec;
}

int StatusOf(const Router::Match& match) { return match.handlers->read(Request{}).status; }

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(Spec("GET", "/v1/orders/{id}"), Returning(1));
    router_.Add(Spec("POST", "/v1/orders"), Returning(2));
    router_.Add(Spec("POST", "/v1/orders/{id}/returns"), Returning(3));
    router_.Add(Spec("GET", "/v1/customers/{id}"), Returning(4));
    router_.Add(Spec("GET", "/v1/customers/export"), Returning(5));
    router_.Add(Spec("GET", "/"), Returning(6));
  }
  Router router_;
};

TEST_F(RouterTest, LiteralPathMatchesWithoutParams) {
  auto match = router_.Find("POST", "/v1/orders");
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(StatusOf(*match), 2);
  EXPECT_TRUE(match->path_params.empty());
  EXPECT_EQ(match->spec->pattern, "/v1/orders");
}

TEST_F(RouterTest, ParamSegmentCapturesDecodedValue) {
  auto match = router_.Find("POST", "/v1/orders/A%2F17%20x/returns");
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(StatusOf(*match), 3);
  EXPECT_EQ(match->path_params.at("id"), "A/17 x");
}

TEST_F(RouterTest, LiteralSegmentWinsOverParam) {
  auto literal = router_.Find("GET", "/v1/customers/export");
  ASSERT_TRUE(literal.has_value());
  EXPECT_EQ(StatusOf(*literal), 5);
  auto param = router_.Find("GET", "/v1/customers/exports");
  ASSERT_TRUE(param.has_value());
  EXPECT_EQ(StatusOf(*param), 4);
  EXPECT_EQ(param->path_params.at("id"), "exports");
}

TEST_F(RouterTest, RootMatchesOnlyRoot) {
  auto match = router_.Find("GET", "/");
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(StatusOf(*match), 6);
}

TEST_F(RouterTest, UnknownPathIsNotFound) {
  for (const char* path : {"/v1/nothing", "/v1/orders/", "/v1/orders//returns", "",
                           "/v1/orders/A/returns/x", "/v1/orders/%zz"}) {
    auto match = router_.Find("GET", path);
    ASSERT_FALSE(match.has_value()) << path;
    EXPECT_EQ(match.error().code, ErrorCode::kNotFound) << path;
  }
}

TEST_F(RouterTest, KnownPathWithOtherMethodIsMethodNotAllowed) {
  auto match = router_.Find("DELETE", "/v1/orders/A-17");
  ASSERT_FALSE(match.has_value());
  EXPECT_EQ(match.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(match.error().message, "method not allowed");
  EXPECT_EQ(router_.AllowedMethods("/v1/orders/A-17"), std::vector<std::string>{"GET"});
  EXPECT_EQ(router_.AllowedMethods("/v1/orders"), std::vector<std::string>{"POST"});
  EXPECT_TRUE(router_.AllowedMethods("/v1/none").empty());
}

TEST_F(RouterTest, AllowedMethodsAreSortedAndUnique) {
  router_.Add(Spec("DELETE", "/v1/orders/{order}"), Returning(7));
  router_.Add(Spec("POST", "/v1/orders/{id}"), Returning(8));
  EXPECT_EQ(router_.AllowedMethods("/v1/orders/9"),
            (std::vector<std::string>{"DELETE", "GET", "POST"}));
}

TEST_F(RouterTest, DuplicateRouteThrows) {
  EXPECT_THROW(router_.Add(Spec("GET", "/v1/orders/{id}"), Returning(0)), std::logic_error);
  // Differs only in the parameter's name: still the same route.
  EXPECT_THROW(router_.Add(Spec("GET", "/v1/orders/{order_id}"), Returning(0)), std::logic_error);
  EXPECT_EQ(router_.routes().size(), 6u);
}

TEST(RouterPatternTest, MalformedPatternsThrow) {
  Router router;
  EXPECT_THROW(router.Add(Spec("GET", "v1/x"), Returning(0)), std::logic_error);
  EXPECT_THROW(router.Add(Spec("GET", "/v1/{a}/{a}"), Returning(0)), std::logic_error);
  EXPECT_THROW(router.Add(Spec("GET", "/v1/x{a}"), Returning(0)), std::logic_error);
  EXPECT_THROW(router.Add(Spec("GET", "/v1/{a-b}"), Returning(0)), std::logic_error);
  EXPECT_TRUE(router.routes().empty());
}

TEST(RequestTest, HeaderLooksUpLowerCaseName) {
  Request request;
  request.headers["idempotency-key"] = "k1";
  EXPECT_EQ(request.Header("idempotency-key"), std::optional<std::string_view>("k1"));
  EXPECT_EQ(request.Header("authorization"), std::nullopt);
}

TEST(ParseJsonObjectTest, ParsesObject) {
  auto obj = ParseJsonObject(R"({"a": 1, "b": "x"})");
  ASSERT_TRUE(obj.has_value());
  EXPECT_EQ(obj->at("a").as_int64(), 1);
  EXPECT_EQ(obj->at("b").as_string(), "x");
}

TEST(ParseJsonObjectTest, RejectsEmptyMalformedAndNonObjectBodies) {
  auto empty = ParseJsonObject("  \n");
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(empty.error().message, "request body is empty; expected a JSON object");

  auto malformed = ParseJsonObject(R"({"a": )");
  ASSERT_FALSE(malformed.has_value());
  EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(malformed.error().message.rfind("malformed JSON: ", 0), 0u);

  auto array = ParseJsonObject("[1,2]");
  ASSERT_FALSE(array.has_value());
  EXPECT_EQ(array.error().message, "request body must be a JSON object");
  EXPECT_EQ(array.error().field, "");
}

TEST(ParseJsonObjectTest, InvalidUtf8IsRefusedNamingItsField) {
  const std::pair<std::string, std::string> cases[] = {
      {"{\"name\": \"Ann\xff\"}", "name"},
      {"{\"lines\": [{\"sku\": \"MUG\"}, {\"sku\": \"\xc3(\"}]}", "lines[1].sku"},
      {"{\"customer\": {\"n\xe9\": 1}}", "customer"},
  };
  for (const auto& [body, field] : cases) {
    auto parsed = ParseJsonObject(body);
    ASSERT_FALSE(parsed.has_value()) << field;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << field;
    EXPECT_EQ(parsed.error().message, "must be valid UTF-8") << field;
    EXPECT_EQ(parsed.error().field, field);
  }
  // Malformed JSON with bad bytes is still malformed JSON.
  auto both = ParseJsonObject("{\"a\": \"\xff\",");
  ASSERT_FALSE(both.has_value());
  EXPECT_EQ(both.error().message.rfind("malformed JSON: ", 0), 0u);
}

}  // namespace
}  // namespace loyal::http
