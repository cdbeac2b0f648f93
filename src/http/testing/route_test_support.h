// Test support for *_routes_test.cc: calls a registered route's handler directly, as the
// pipeline would after routing and authentication (a write's work in a transaction of its
// own), and reads the JSON it answers.
// Test-only; thread-safety as the Router (read-only once filled).
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <string>

#include "core/time.h"
#include "db/database.h"
#include "http/handler.h"

namespace loyal::http::testing {

struct RouteReply {
  int status = 0;
  boost::json::value json;

  // The error envelope's members, or "" when absent.
  std::string ErrorCode() const { return ErrorMember("code"); }
  std::string ErrorField() const { return ErrorMember("field"); }

 private:
  std::string ErrorMember(const char* name) const {
    const auto* error = json.is_object() ? json.as_object().if_contains("error") : nullptr;
    if (error == nullptr || !error->is_object()) return "";
    const auto* member = error->as_object().if_contains(name);
    return member != nullptr && member->is_string() ? std::string(member->as_string()) : "";
  }
};

// The response's status and parsed JSON body (a test failure if it is not JSON).
inline RouteReply ToRouteReply(const http::Response& response) {
  RouteReply reply;
  reply.status = response.status;
  boost::system::error_code ec;
  reply.json = boost::json::parse(response.body, ec);
  EXPECT_FALSE(ec) << "response is not JSON: " << response.body;
  return reply;
}

// The response of a route's handler; a write route's work runs in its own transaction on
// `db` (the pipeline would batch it with others).
inline http::Response RunRoute(const http::Router::RouteHandlers& handlers,
                               const http::Request& request, db::Database& db) {
  if (handlers.read) return handlers.read(request);
  auto work = handlers.write(request);
  if (!work) return http::ErrorResponse(work.error());
  http::Response response;
  Status status = db::RunInTransaction(db, [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(response, (*work)(tx));
    return {};
  });
  if (!status) return http::ErrorResponse(status.error());
  http::RenderBody(response);  // as the server does once the write is durable
  return response;
}

// Routes `method path` on `router` and calls its handler as an admin. A path that does
// not route fails the test and returns status 0.
inline RouteReply CallRoute(const http::Router& router, db::Database& db, const std::string& method,
                            const std::string& path, const std::string& body = "",
                            const std::map<std::string, std::string>& query = {}) {
  auto match = router.Find(method, path);
  if (!match) {
    ADD_FAILURE() << method << " " << path << ": " << match.error().ToString();
    return {};
  }
  http::Request request;
  request.method = method;
  request.path = path;
  request.path_params = match->path_params;
  request.query = query;
  request.body = body;
  request.caller.role = http::Role::kAdmin;
  return ToRouteReply(RunRoute(*match->handlers, request, db));
}

// Checks a refusal: its status, the error envelope's code and field (`context` names the
// case in failure messages).
inline void ExpectRefused(const RouteReply& reply, int status, const std::string& code,
                          const std::string& field, const std::string& context = "") {
  EXPECT_EQ(reply.status, status) << context;
  EXPECT_EQ(reply.ErrorCode(), code) << context;
  EXPECT_EQ(reply.ErrorField(), field) << context;
}

// Posts `body` to `path` (expecting `first_status`), moves `clock` on ten seconds and posts
// it again: the replay must answer 200 with the same record, its updated_at included (a
// merge that changes nothing writes nothing). Returns the first reply.
inline RouteReply ExpectReplayChangesNothing(const http::Router& router, db::Database& db,
                                             ManualClock& clock, const std::string& path,
                                             const std::string& body, int first_status) {
  RouteReply first = CallRoute(router, db, "POST", path, body);
  EXPECT_EQ(first.status, first_status) << boost::json::serialize(first.json);
  clock.Advance(std::chrono::seconds(10));
  RouteReply replay = CallRoute(router, db, "POST", path, body);
  EXPECT_EQ(replay.status, 200) << boost::json::serialize(replay.json);
  EXPECT_EQ(replay.json, first.json) << path << " " << body;
  return first;
}

// Checks that every route on `router` has a summary and that its schemas parse as JSON
// objects (the OpenAPI document embeds them).
inline void ExpectRouteSpecsComplete(const http::Router& router) {
  for (const auto& [spec, handler] : router.routes()) {
    EXPECT_FALSE(spec.summary.empty()) << spec.pattern;
    EXPECT_EQ(spec.min_role, http::Role::kAdmin) << spec.pattern;
    for (const std::string* schema : {&spec.request_schema, &spec.response_schema}) {
      if (schema->empty() && schema == &spec.request_schema) continue;
      boost::system::error_code ec;
      boost::json::value parsed = boost::json::parse(*schema, ec);
      EXPECT_FALSE(ec) << spec.method << " " << spec.pattern << ": " << *schema;
      EXPECT_TRUE(parsed.is_object()) << spec.method << " " << spec.pattern;
    }
  }
}

}  // namespace loyal::http::testing
