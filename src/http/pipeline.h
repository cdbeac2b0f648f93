// The request pipeline every /v1 call goes through: route (404, 405 with Allow) ->
// authenticate and authorise per the route's min_role (401, 403) -> on a storefront call,
// the X-Customer-Token header's customer (403 for a forged or expired token; routes decide
// with AuthorizeCustomer what it reaches) -> query parameters (400
// for undeclared ones) -> the handler. A read route's handler answers on the calling
// thread. A write route's handler parses the request there and its TransactionWork goes to
// group commit, guarded by the Idempotency-Key in the same savepoint on routes that require
// one (400 without; a replay, or 409); its answer is sent once its batch is durable.
// Escaped exceptions become a 500 and an error log. Its Handle() is the Server's
// Dispatcher.
//
// Thread-safety: Handle may run on many threads at once; the Router must no longer change.
#pragma once

#include "db/group_commit.h"
#include "http/api_keys.h"
#include "http/customer_tokens.h"
#include "http/handler.h"
#include "http/idempotency.h"

namespace loyal::http {

class Pipeline {
 public:
  // `writes` runs the write routes' work; it must answer everything submitted (or be
  // stopped) before the pipeline is destroyed. Without `tokens`, storefront calls carrying
  // a customer token are refused (403).
  Pipeline(const Router& router, ApiKeyAuthenticator& authenticator, IdempotencyStore& idempotency,
           db::GroupCommitter& writes, CustomerTokens* tokens = nullptr);

  // Answers `request` through `reply` (at once, or from the committer's thread), filling
  // its path_params and caller. Never throws.
  void Handle(Request& request, Reply reply);

 private:
  void HandleWrite(const Router::Match& match, const Request& request, Reply reply);
  void SubmitIdempotent(const Router::Match& match, const Request& request, TransactionWork work,
                        Reply reply);
  void PurgeIfDue();
  // Sets caller.customer from the request's customer token, on storefront calls only (an
  // admin reaches every customer anyway). Errors: permission_denied; the secret's.
  [[nodiscard]] Status ReadCustomerToken(const Request& request, Caller& caller);

  const Router& router_;
  ApiKeyAuthenticator& authenticator_;
  IdempotencyStore& idempotency_;
  db::GroupCommitter& writes_;
  CustomerTokens* tokens_;
  InFlightKeys in_flight_;
};

}  // namespace loyal::http
