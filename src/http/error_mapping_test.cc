#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "http/handler.h"

namespace loyal::http {
namespace {

TEST(ErrorMappingTest, StatusForFollowsTheDesignTable) {
  EXPECT_EQ(StatusFor(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(StatusFor(ErrorCode::kFailedPrecondition), 422);
  EXPECT_EQ(StatusFor(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(StatusFor(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(StatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(StatusFor(ErrorCode::kAlreadyExists), 409);
  EXPECT_EQ(StatusFor(ErrorCode::kConflict), 409);
  EXPECT_EQ(StatusFor(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(StatusFor(ErrorCode::kResourceExhausted), 429);
  EXPECT_EQ(StatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(StatusFor(ErrorCode::kInternal), 500);
}

TEST(ErrorMappingTest, ErrorResponseCarriesCodeMessageAndField) {
  Response response = ErrorResponse(
      Error{ErrorCode::kInvalidArgument, "quantity must be positive", "lines[0].quantity"});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "application/json");
  boost::json::value body = boost::json::parse(response.body);
  EXPECT_EQ(body.at("error").at("code").as_string(), "invalid_argument");
  EXPECT_EQ(body.at("error").at("message").as_string(), "quantity must be positive");
  EXPECT_EQ(body.at("error").at("field").as_string(), "lines[0].quantity");
}

TEST(ErrorMappingTest, ErrorResponseOmitsEmptyField) {
  Response response = ErrorResponse(Error{ErrorCode::kConflict, "key in use", ""});
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(response.body, R"({"error":{"code":"conflict","message":"key in use"}})");
}

TEST(ErrorMappingTest, JsonResponseSerializesWithStatus) {
  Response response = JsonResponse(boost::json::object{{"status", "ok"}}, 201);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, R"({"status":"ok"})");
}

TEST(ErrorMappingTest, ADeferredResponseIsRenderedOnceWhenSent) {
  int builds = 0;
  Response r = DeferredJsonResponse(
      [&builds] {
        ++builds;
        return boost::json::value{{"order", "A-1"}};
      },
      201);
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(builds, 0);  // nothing is built where the work ran
  RenderBody(r);
  EXPECT_EQ(r.body, R"({"order":"A-1"})");
  RenderBody(r);  // a second call keeps the body and builds nothing
  EXPECT_EQ(builds, 1);
  EXPECT_EQ(r.body, R"({"order":"A-1"})");
}

}  // namespace
}  // namespace loyal::http
