#include "http/pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

#include "db/testing/backend_test.h"
#include "http/server.h"
#include "http/system_routes.h"
#include "http/testing/test_client.h"

namespace loyal::http {
namespace {

namespace json = boost::json;
using testing::HeaderList;
using testing::RawResponse;
using testing::TestConnection;

std::string ErrorCodeOf(const RawResponse& response) {
  return std::string(json::parse(response.body).at("error").at("code").as_string());
}

RouteSpec Spec(std::string method, std::string pattern, Role role, bool idempotent = false) {
  RouteSpec spec;
  spec.method = std::move(method);
  spec.pattern = std::move(pattern);
  spec.min_role = role;
  spec.requires_idempotency_key = idempotent;
  return spec;
}

// A real server on 127.0.0.1 with the full pipeline in front of a few test routes.
class PipelineTest : public db::testing::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    ASSERT_TRUE(db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(admin_, CreateApiKey(tx, Role::kAdmin, "admin", clock_));
      LOY_ASSIGN_OR_RETURN(store_, CreateApiKey(tx, Role::kStorefront, "shop", clock_));
      return {};
    }));
    AddRoutes();
    authenticator_ = std::make_unique<ApiKeyAuthenticator>(db(), clock_);
    idempotency_ = std::make_unique<IdempotencyStore>(clock_);
    writes_ = std::make_unique<db::GroupCommitter>(
        db(), db::GroupCommitOptions{.before_commit = [this](db::Transaction&) -> Status {
          if (fail_commits_) return Unavailable("commit failed (test)");
          return {};
        }});
    pipeline_ = std::make_unique<Pipeline>(router_, *authenticator_, *idempotency_, *writes_);
    ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.access_log = false;
    server_ = std::make_unique<Server>(
        options, [this](Request& r, Reply reply) { pipeline_->Handle(r, std::move(reply)); });
    ASSERT_TRUE(server_->Start().has_value());
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (writes_) writes_->Stop();
    server_.reset();
    BackendTest::TearDown();
  }

  void AddRoutes() {
    AddSystemRoutes(router_, db());
    router_.Add(Spec("GET", "/v1/things/{id}", Role::kAdmin), [](const Request& r) {
      return JsonResponse(
          json::object{{"id", r.path_params.at("id")}, {"key", r.caller.api_key_id}});
    });
    RouteSpec widget = Spec("GET", "/v1/widget", Role::kStorefront);
    widget.query_params = {{.name = "size", .type = "integer", .description = "size"}};
    router_.Add(widget, [](const Request& r) {
      const auto size = r.query.find("size");
      return JsonResponse(
          json::object{{"widget", true}, {"size", size == r.query.end() ? "" : size->second}});
    });
    // Writes a row per execution; "refuse" writes one and then refuses (422), "fail" throws.
    router_.AddWrite(Spec("POST", "/v1/points", Role::kAdmin, true),
                     [this](const Request& r) -> Result<TransactionWork> {
                       if (r.body == "unparsable") return InvalidArgument("bad body", "body");
                       return [this, body = r.body](db::Transaction& tx) -> Result<Response> {
                         int n = ++executions_;
                         std::this_thread::sleep_for(std::chrono::milliseconds(handler_delay_ms_));
                         if (body == "fail") throw std::runtime_error("handler failed");
                         LOY_RETURN_IF_ERROR(tx.Execute(
                             "INSERT INTO settings (key, value) VALUES ($1, $2)",
                             {db::Value("points-" + std::to_string(n)), db::Value(body)}));
                         if (body == "refuse") return FailedPrecondition("not enough", "points");
                         return JsonResponse(json::object{{"execution", n}}, 201);
                       };
                     });
  }

  // Rows the points route wrote that committed.
  int64_t PointRows() {
    int64_t count = -1;
    EXPECT_TRUE(db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(db::ResultSet rows,
                           tx.Query("SELECT COUNT(*) FROM settings WHERE key LIKE 'points-%'"));
      count = rows[0].Int(0);
      return {};
    }));
    return count;
  }

  RawResponse Call(std::string_view method, std::string_view target, const std::string& key,
                   std::string_view body = {}, HeaderList headers = {}) {
    if (!key.empty()) headers.emplace_back("Authorization", "Bearer " + key);
    TestConnection connection = TestConnection::Connect(server_->port()).value();
    return connection.Roundtrip(method, target, body, headers).value();
  }
  RawResponse Points(std::string_view body, std::string idem_key) {
    return Call("POST", "/v1/points", admin_.key, body, {{"Idempotency-Key", idem_key}});
  }

  ManualClock clock_{Timestamp(std::chrono::seconds(1'700'000'000))};
  NewApiKey admin_;
  NewApiKey store_;
  Router router_;
  std::atomic<int> executions_{0};
  int handler_delay_ms_ = 0;
  std::atomic<bool> fail_commits_{false};
  std::unique_ptr<ApiKeyAuthenticator> authenticator_;
  std::unique_ptr<IdempotencyStore> idempotency_;
  std::unique_ptr<db::GroupCommitter> writes_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<Server> server_;
};

TEST_P(PipelineTest, AdminKeyReachesAdminRouteWithPathParamsAndCaller) {
  RawResponse response = Call("GET", "/v1/things/A%2017", admin_.key);
  ASSERT_EQ(response.status, 200);
  json::value body = json::parse(response.body);
  EXPECT_EQ(body.at("id").as_string(), "A 17");
  EXPECT_EQ(body.at("key").as_int64(), admin_.api_key_id);
}

TEST_P(PipelineTest, MissingOrWrongKeyIs401) {
  RawResponse none = Call("GET", "/v1/things/1", "");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(ErrorCodeOf(none), "unauthenticated");
  RawResponse wrong = Call("GET", "/v1/things/1", "lk_admin_nope");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(ErrorCodeOf(wrong), "unauthenticated");
}

TEST_P(PipelineTest, StorefrontKeyIsRefusedAdminRoutesButReachesItsOwn) {
  RawResponse refused = Call("GET", "/v1/things/1", store_.key);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(ErrorCodeOf(refused), "permission_denied");
  EXPECT_EQ(Call("GET", "/v1/widget", store_.key).status, 200);
  EXPECT_EQ(Call("GET", "/v1/widget", admin_.key).status, 200);
}

TEST_P(PipelineTest, DeclaredQueryParametersPassAndOthersAre400NamingThem) {
  RawResponse sized = Call("GET", "/v1/widget?size=3", store_.key);
  ASSERT_EQ(sized.status, 200);
  EXPECT_EQ(json::parse(sized.body).at("size").as_string(), "3");
  RawResponse misspelt = Call("GET", "/v1/widget?szie=3", store_.key);
  EXPECT_EQ(misspelt.status, 400);
  const json::value error = json::parse(misspelt.body).at("error");
  EXPECT_EQ(error.at("code").as_string(), "invalid_argument");
  EXPECT_EQ(error.at("field").as_string(), "szie");
  EXPECT_NE(std::string(error.at("message").as_string()).find("accepted: size"),
            std::string::npos);
  EXPECT_EQ(Call("GET", "/v1/things/1?x=1", admin_.key).status, 400);
  // Authentication still comes first: no key, no hint about parameters.
  EXPECT_EQ(Call("GET", "/v1/things/1?x=1", "").status, 401);
}

TEST_P(PipelineTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  RawResponse missing = Call("GET", "/v1/nothing", admin_.key);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorCodeOf(missing), "not_found");
  RawResponse wrong = Call("DELETE", "/v1/things/1", admin_.key);
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.headers.at("allow"), "GET");
}

TEST_P(PipelineTest, HealthzAndOpenApiArePublic) {
  RawResponse health = Call("GET", "/healthz", "");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  RawResponse doc = Call("GET", "/v1/openapi.json", "");
  ASSERT_EQ(doc.status, 200);
  const json::value document = json::parse(doc.body);
  const json::object& paths = document.at("paths").as_object();
  for (const auto& [spec, handler] : router_.routes()) {
    EXPECT_TRUE(paths.contains(spec.pattern)) << spec.pattern;
  }
  EXPECT_EQ(paths.size(), 5u);
}

TEST_P(PipelineTest, IdempotentRouteNeedsTheHeader) {
  RawResponse response = Call("POST", "/v1/points", admin_.key, R"({"p":1})");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(ErrorCodeOf(response), "invalid_argument");
  EXPECT_EQ(executions_.load(), 0);
}

TEST_P(PipelineTest, SameKeyAndBodyReplaysAndAnotherBodyIs409) {
  RawResponse first = Points(R"({"p":1})", "key-1");
  ASSERT_EQ(first.status, 201);
  RawResponse replay = Points(R"({"p":1})", "key-1");
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.body, first.body);
  EXPECT_EQ(replay.headers.at("idempotent-replayed"), "true");
  RawResponse other = Points(R"({"p":2})", "key-1");
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(ErrorCodeOf(other), "conflict");
  EXPECT_EQ(executions_.load(), 1);
  EXPECT_EQ(Points(R"({"p":1})", "key-2").status, 201);
  EXPECT_EQ(executions_.load(), 2);
}

TEST_P(PipelineTest, AKeyReusedForAnotherRequestIsAnsweredInItsBatchNotRetriedAlone) {
  ASSERT_EQ(Points(R"({"p":1})", "key-x").status, 201);
  RawResponse other = Points(R"({"p":2})", "key-x");
  EXPECT_EQ(other.status, 409);
  EXPECT_EQ(json::parse(other.body).at("error").at("message"),
            "Idempotency-Key key-x was already used with a different request; use a new key");
  EXPECT_EQ(writes_->stats().solo_retries, 0);
  EXPECT_EQ(executions_.load(), 1);
}

TEST_P(PipelineTest, HandlerExceptionIs500AndFreesTheKeyForARetry) {
  RawResponse failed = Points("fail", "key-f");
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(ErrorCodeOf(failed), "internal");
  EXPECT_EQ(json::parse(failed.body).at("error").at("message"), "internal error");
  EXPECT_EQ(Points("fail", "key-f").status, 500);
  EXPECT_EQ(executions_.load(), 2);
  EXPECT_EQ(PointRows(), 0);
}

TEST_P(PipelineTest, ARefusalIsReplayedWhileItsEffectIsRolledBack) {
  RawResponse refused = Points("refuse", "key-r");
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(ErrorCodeOf(refused), "failed_precondition");
  RawResponse replay = Points("refuse", "key-r");
  EXPECT_EQ(replay.status, 422);
  EXPECT_EQ(replay.body, refused.body);
  EXPECT_EQ(replay.headers.at("idempotent-replayed"), "true");
  EXPECT_EQ(executions_.load(), 1);
  EXPECT_EQ(PointRows(), 0);
}

TEST_P(PipelineTest, KeyAndEffectCommitTogetherOrNotAtAll) {
  fail_commits_ = true;
  RawResponse failed = Points(R"({"p":1})", "key-c");
  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(ErrorCodeOf(failed), "unavailable");
  EXPECT_EQ(PointRows(), 0);
  // Neither the effect nor the key survived the failed commit: a retry runs it.
  fail_commits_ = false;
  RawResponse retried = Points(R"({"p":1})", "key-c");
  EXPECT_EQ(retried.status, 201);
  EXPECT_EQ(retried.headers.count("idempotent-replayed"), 0u);
  EXPECT_EQ(PointRows(), 1);
  EXPECT_EQ(Points(R"({"p":1})", "key-c").headers.at("idempotent-replayed"), "true");
  EXPECT_EQ(PointRows(), 1);
}

TEST_P(PipelineTest, AWriteRefusedBeforeItsTransactionTouchesNothing) {
  RawResponse bad = Points("unparsable", "key-u");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body).at("error").at("field"), "body");
  EXPECT_EQ(executions_.load(), 0);
  // Nothing was stored under the key: the same key with a good body runs.
  EXPECT_EQ(Points(R"({"p":1})", "key-u").status, 201);
}

TEST_P(PipelineTest, ConcurrentRequestsWithOneKeyExecuteTheHandlerOnce) {
  handler_delay_ms_ = 200;
  constexpr int kClients = 8;
  std::vector<int> statuses(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] { statuses[i] = Points(R"({"p":5})", "same").status; });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(executions_.load(), 1);
  int created = 0;
  for (int status : statuses) {
    EXPECT_TRUE(status == 201 || status == 409) << status;
    created += status == 201;
  }
  EXPECT_GE(created, 1);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(PipelineTest);

}  // namespace
}  // namespace loyal::http
