// The request pipeline every /v1 call goes through: route (404, 405 with Allow) ->
// authenticate and authorise per the route's min_role (401, 403) -> Idempotency-Key for
// routes that require one (400 without; replay or 409) -> the handler, whose escaped
// exceptions become a 500 and an error log. Its Handle() is the Server's Dispatcher.
//
// Thread-safety: Handle may run on many threads at once; the Router must no longer change.
#pragma once

#include "http/api_keys.h"
#include "http/handler.h"
#include "http/idempotency.h"

namespace loyal::http {

class Pipeline {
 public:
  Pipeline(const Router& router, ApiKeyAuthenticator& authenticator, IdempotencyStore& idempotency);

  // Returns the response for `request`, filling its path_params and caller. Never throws.
  Response Handle(Request& request);

 private:
  Response HandleIdempotent(const Router::Match& match, const Request& request);

  const Router& router_;
  ApiKeyAuthenticator& authenticator_;
  IdempotencyStore& idempotency_;
};

}  // namespace loyal::http
