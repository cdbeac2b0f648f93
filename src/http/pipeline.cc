#include "http/pipeline.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace loyal::http {
namespace {

// Runs the handler; an escaped exception is a bug, answered with a generic 500.
Response RunHandler(const Router::Match& match, const Request& request) {
  try {
    return (*match.handler)(request);
  } catch (const std::exception& e) {
    spdlog::error("handler for {} {} threw: {}", request.method, request.path, e.what());
  } catch (...) {
    spdlog::error("handler for {} {} threw a non-standard exception", request.method, request.path);
  }
  return ErrorResponse(Error{ErrorCode::kInternal, "internal error", ""});
}

Response MethodNotAllowed(const Router& router, const Request& request) {
  Response response = ErrorResponse(Error{
      ErrorCode::kInvalidArgument, request.method + " is not allowed on " + request.path, ""});
  response.status = 405;
  std::string allow;
  for (const std::string& method : router.AllowedMethods(request.path)) {
    allow += (allow.empty() ? "" : ", ") + method;
  }
  response.headers.emplace_back("Allow", allow);
  return response;
}

Status CheckQueryParams(const RouteSpec& spec, const Request& request) {
  for (const auto& [name, value] : request.query) {
    const bool known = std::any_of(spec.query_params.begin(), spec.query_params.end(),
                                   [&name](const QueryParam& p) { return p.name == name; });
    if (!known) {
      std::string accepted;
      for (const QueryParam& p : spec.query_params) {
        accepted += (accepted.empty() ? "" : ", ") + p.name;
      }
      return InvalidArgument(
          "unknown query parameter '" + name + "'" +
              (accepted.empty() ? " (this route takes none)" : " (accepted: " + accepted + ")"),
          name);
    }
  }
  return {};
}

}  // namespace

Pipeline::Pipeline(const Router& router, ApiKeyAuthenticator& authenticator,
                   IdempotencyStore& idempotency)
    : router_(router), authenticator_(authenticator), idempotency_(idempotency) {}

Response Pipeline::Handle(Request& request) {
  Result<Router::Match> match = router_.Find(request.method, request.path);
  if (!match) {
    if (match.error().code == ErrorCode::kNotFound) return ErrorResponse(match.error());
    return MethodNotAllowed(router_, request);
  }
  request.path_params = std::move(match->path_params);
  if (match->spec->min_role != Role::kPublic) {
    Result<Caller> caller = authenticator_.Authenticate(request.Header("authorization"));
    if (!caller) return ErrorResponse(caller.error());
    if (Status allowed = Authorize(*caller, match->spec->min_role); !allowed) {
      return ErrorResponse(allowed.error());
    }
    request.caller = *caller;
  }
  if (Status known = CheckQueryParams(*match->spec, request); !known) {
    return ErrorResponse(known.error());
  }
  if (match->spec->requires_idempotency_key) return HandleIdempotent(*match, request);
  return RunHandler(*match, request);
}

Response Pipeline::HandleIdempotent(const Router::Match& match, const Request& request) {
  std::optional<std::string_view> header = request.Header("idempotency-key");
  if (!header) {
    return ErrorResponse(
        Error{ErrorCode::kInvalidArgument, "this call needs an Idempotency-Key header", ""});
  }
  if (Status valid = ValidateIdempotencyKey(*header); !valid) return ErrorResponse(valid.error());
  const IdempotencyKey key{request.caller.api_key_id,
                           match.spec->method + " " + match.spec->pattern, std::string(*header)};
  Result<std::optional<Response>> reserved = idempotency_.Reserve(key, RequestFingerprint(request));
  if (!reserved) return ErrorResponse(reserved.error());
  if (*reserved) return std::move(**reserved);

  Response response = RunHandler(match, request);
  // A server-side failure is not an answer worth replaying: free the key for a retry.
  Status recorded =
      response.status >= 500 ? idempotency_.Release(key) : idempotency_.Complete(key, response);
  if (!recorded) {
    spdlog::error("recording Idempotency-Key {} for {} failed: {}", key.key, key.scope,
                  recorded.error().ToString());
  }
  return response;
}

}  // namespace loyal::http
