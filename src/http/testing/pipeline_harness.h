// Test support for routes that need the whole request pipeline (authentication, customer
// tokens, Idempotency-Key replays, group commit) without sockets: a Pipeline over a test's
// Router and database, an admin and a storefront key, and Call(), which hands it a request
// and waits for the answer. Route tests use it where CallRoute (route_test_support.h), which
// calls a handler directly as an admin, cannot show what they check.
//
// Test-only. Call() may run on several threads at once; construct and destroy on one.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "core/time.h"
#include "db/database.h"
#include "db/group_commit.h"
#include "http/api_keys.h"
#include "http/customer_tokens.h"
#include "http/handler.h"
#include "http/idempotency.h"
#include "http/pipeline.h"
#include "http/testing/route_test_support.h"

namespace loyal::http::testing {

class PipelineHarness {
 public:
  // Creates the two keys in `db`; `router` and `tokens` (may be null) must outlive it.
  PipelineHarness(db::Database& db, const Router& router, const Clock& clock,
                  CustomerTokens* tokens);
  ~PipelineHarness();

  // Sends `method path` with `body` and `headers` (names as written, e.g. "Idempotency-Key")
  // under the API key `key` ("" for none) and returns the parsed answer.
  RouteReply Call(const std::string& method, const std::string& path, const std::string& key,
                  const std::string& body = "",
                  const std::map<std::string, std::string>& headers = {},
                  const std::map<std::string, std::string>& query = {});

  const std::string& admin_key() const { return admin_.key; }
  int64_t admin_key_id() const { return admin_.api_key_id; }
  const std::string& storefront_key() const { return storefront_.key; }

 private:
  NewApiKey admin_;
  NewApiKey storefront_;
  std::unique_ptr<ApiKeyAuthenticator> authenticator_;
  std::unique_ptr<IdempotencyStore> idempotency_;
  std::unique_ptr<db::GroupCommitter> writes_;
  std::unique_ptr<Pipeline> pipeline_;
};

}  // namespace loyal::http::testing
