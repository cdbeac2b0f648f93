#include "http/testing/pipeline_harness.h"

#include <cctype>
#include <future>

namespace loyal::http::testing {

PipelineHarness::PipelineHarness(db::Database& db, const Router& router, const Clock& clock,
                                 CustomerTokens* tokens) {
  Status keys = db::RunInTransaction(db, [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(admin_, CreateApiKey(tx, Role::kAdmin, "admin", clock));
    LOY_ASSIGN_OR_RETURN(storefront_, CreateApiKey(tx, Role::kStorefront, "shop", clock));
    return {};
  });
  EXPECT_TRUE(keys) << keys.error().ToString();
  authenticator_ = std::make_unique<ApiKeyAuthenticator>(db, clock);
  idempotency_ = std::make_unique<IdempotencyStore>(clock);
  writes_ = std::make_unique<db::GroupCommitter>(db, db::GroupCommitOptions{});
  pipeline_ = std::make_unique<Pipeline>(router, *authenticator_, *idempotency_, *writes_, tokens);
}

PipelineHarness::~PipelineHarness() { writes_->Stop(); }

RouteReply PipelineHarness::Call(const std::string& method, const std::string& path,
                                 const std::string& key, const std::string& body,
                                 const std::map<std::string, std::string>& headers,
                                 const std::map<std::string, std::string>& query) {
  Request request;
  request.method = method;
  request.path = path;
  request.query = query;
  request.body = body;
  for (const auto& [name, value] : headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers[lower] = value;
  }
  if (!key.empty()) request.headers["authorization"] = "Bearer " + key;
  auto answered = std::make_shared<std::promise<Response>>();
  std::future<Response> response = answered->get_future();
  pipeline_->Handle(request, [answered](Response r) {
    RenderBody(r);
    answered->set_value(std::move(r));
  });
  return ToRouteReply(response.get());
}

}  // namespace loyal::http::testing
