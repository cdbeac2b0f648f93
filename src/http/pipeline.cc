#include "http/pipeline.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <memory>

namespace loyal::http {
namespace {

// Savepoint around a write's effect, inside the one group commit gives each request, so an
// idempotent request's refused effect rolls back while its key keeps the answer.
constexpr std::string_view kEffectSavepoint = "effect";

Error HandlerThrew(const std::string& where, const char* what) {
  spdlog::error("handler for {} threw: {}", where, what);
  return Error{ErrorCode::kInternal, "internal error", ""};
}

// Runs a handler's `call`; an escaped exception is a bug, logged and answered with a
// generic 500 that shows nothing of it.
template <class Call>
auto Guarded(const std::string& where, const Call& call) -> decltype(call()) {
  try {
    return call();
  } catch (const std::exception& e) {
    return tl::unexpected(HandlerThrew(where, e.what()));
  } catch (...) {
    return tl::unexpected(HandlerThrew(where, "a non-standard exception"));
  }
}

Response ToResponse(Result<Response> result) {
  return result ? std::move(*result) : ErrorResponse(result.error());
}

// An answer worth replaying for the key: the rules' refusals (4xx) are, but not a failure
// of the server (5xx) or a conflict the committer retries, which the client may retry too.
bool KeyKeepsError(const Error& error) {
  return StatusFor(error.code) < 500 && error.code != ErrorCode::kConflict;
}

// Runs an idempotent request's work in a savepoint of its own: a refusal the key keeps
// rolls the effect back and becomes the response; other errors are returned.
Result<Response> RunEffect(db::Transaction& tx, const TransactionWork& work,
                           const std::string& where) {
  LOY_RETURN_IF_ERROR(tx.Savepoint(kEffectSavepoint));
  Result<Response> result = Guarded(where, [&] { return work(tx); });
  if (result) {
    LOY_RETURN_IF_ERROR(tx.ReleaseSavepoint(kEffectSavepoint));
    return result;
  }
  LOY_RETURN_IF_ERROR(tx.RollbackToSavepoint(kEffectSavepoint));
  LOY_RETURN_IF_ERROR(tx.ReleaseSavepoint(kEffectSavepoint));
  if (!KeyKeepsError(result.error())) return result;
  return ErrorResponse(result.error());
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
                   IdempotencyStore& idempotency, db::GroupCommitter& writes,
                   CustomerTokens* tokens)
    : router_(router),
      authenticator_(authenticator),
      idempotency_(idempotency),
      writes_(writes),
      tokens_(tokens) {}

void Pipeline::Handle(Request& request, Reply reply) {
  Result<Router::Match> match = router_.Find(request.method, request.path);
  if (!match) {
    if (match.error().code == ErrorCode::kNotFound) return reply(ErrorResponse(match.error()));
    return reply(MethodNotAllowed(router_, request));
  }
  request.path_params = std::move(match->path_params);
  if (match->spec->min_role != Role::kPublic) {
    Result<Caller> caller = authenticator_.Authenticate(request.Header("authorization"));
    if (!caller) return reply(ErrorResponse(caller.error()));
    if (Status allowed = Authorize(*caller, match->spec->min_role); !allowed) {
      return reply(ErrorResponse(allowed.error()));
    }
    if (Status token = ReadCustomerToken(request, *caller); !token) {
      return reply(ErrorResponse(token.error()));
    }
    request.caller = *caller;
  }
  if (Status known = CheckQueryParams(*match->spec, request); !known) {
    return reply(ErrorResponse(known.error()));
  }
  if (match->handlers->write) return HandleWrite(*match, request, std::move(reply));
  const std::string where = request.method + " " + request.path;
  reply(ToResponse(
      Guarded(where, [&]() -> Result<Response> { return match->handlers->read(request); })));
}

Status Pipeline::ReadCustomerToken(const Request& request, Caller& caller) {
  const std::optional<std::string_view> token = request.Header(kCustomerTokenHeader);
  if (!token || caller.role != Role::kStorefront) return {};
  if (tokens_ == nullptr) {
    return MakeError(ErrorCode::kPermissionDenied, "this server does not accept customer tokens");
  }
  LOY_ASSIGN_OR_RETURN(caller.customer, tokens_->Verify(*token));
  return {};
}

void Pipeline::HandleWrite(const Router::Match& match, const Request& request, Reply reply) {
  if (match.spec->requires_idempotency_key && !request.Header("idempotency-key")) {
    return reply(ErrorResponse(
        Error{ErrorCode::kInvalidArgument, "this call needs an Idempotency-Key header", ""}));
  }
  std::string where = request.method + " " + request.path;
  Result<TransactionWork> work = Guarded(where, [&] { return match.handlers->write(request); });
  if (!work) return reply(ErrorResponse(work.error()));
  if (match.spec->requires_idempotency_key) {
    return SubmitIdempotent(match, request, std::move(*work), std::move(reply));
  }
  auto response = std::make_shared<Response>();
  writes_.Submit(
      [work = std::move(*work), response, where = std::move(where)](db::Transaction& tx) -> Status {
        LOY_ASSIGN_OR_RETURN(*response, Guarded(where, [&] { return work(tx); }));
        return {};
      },
      [response, reply = std::move(reply)](Status status) {
        reply(status ? std::move(*response) : ErrorResponse(status.error()));
      });
}

void Pipeline::SubmitIdempotent(const Router::Match& match, const Request& request,
                                TransactionWork work, Reply reply) {
  const std::string_view header = *request.Header("idempotency-key");
  if (Status valid = ValidateIdempotencyKey(header); !valid) {
    return reply(ErrorResponse(valid.error()));
  }
  IdempotencyKey key = ScopedKey(request.caller, *match.spec, header);
  if (!in_flight_.TryStart(key)) {
    return reply(ErrorResponse(
        Conflict("a request with Idempotency-Key " + key.key + " is still in progress").value()));
  }
  PurgeIfDue();
  auto response = std::make_shared<Response>();
  writes_.Submit(
      [this, key, hash = RequestFingerprint(request), work = std::move(work), response,
       where = request.method + " " + request.path](db::Transaction& tx) -> Status {
        Result<std::optional<Response>> stored = idempotency_.Find(tx, key, hash);
        if (!stored && stored.error().code == ErrorCode::kConflict) {
          // The key was used for another request: that is the answer, and nothing was
          // written. Returned as an error, the committer would take it for a database
          // conflict and retry it alone, with back-off, on its writer thread.
          *response = ErrorResponse(stored.error());
          return {};
        }
        if (!stored) return tl::unexpected(stored.error());
        if (*stored) {
          *response = std::move(**stored);
          return {};
        }
        LOY_ASSIGN_OR_RETURN(*response, RunEffect(tx, work, where));
        RenderBody(*response);  // what a replay answers is stored with the key
        Status recorded = idempotency_.Record(tx, key, hash, *response);
        if (!recorded && recorded.error().code == ErrorCode::kAlreadyExists) {
          // Another server's request with this key committed first: conflict makes the
          // committer run this one again alone, and Find then replays the winner.
          return Conflict("a concurrent request with Idempotency-Key " + key.key + " won");
        }
        return recorded;
      },
      [this, key, response, reply = std::move(reply)](Status status) {
        in_flight_.Finish(key);
        reply(status ? std::move(*response) : ErrorResponse(status.error()));
      });
}

void Pipeline::PurgeIfDue() {
  if (!idempotency_.PurgeDue()) return;
  auto purged = std::make_shared<int64_t>(0);
  writes_.Submit(
      [this, purged](db::Transaction& tx) -> Status {
        LOY_ASSIGN_OR_RETURN(*purged, idempotency_.Purge(tx));
        return {};
      },
      [purged](Status status) {
        if (!status) {
          spdlog::warn("purging old idempotency keys failed: {}", status.error().ToString());
        } else if (*purged > 0) {
          spdlog::info("purged {} idempotency keys past their retention", *purged);
        }
      });
}

}  // namespace loyal::http
