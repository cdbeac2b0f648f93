// The small HTTP surface every room's *_routes.cc sees: Request, Response, route
// registration and the JSON error envelope. Boost.Beast and Asio stay inside http/'s
// .cc files so the rest of the build never includes them.
//
// Thread-safety: the Router is filled once at start-up, then only read; handlers run on
// many worker threads at once and must be thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace loyal::db {
class Transaction;
}

namespace loyal::http {

enum class Role { kPublic, kStorefront, kAdmin };

// "public", "storefront" or "admin".
std::string_view RoleName(Role role);

// Who is calling, as established by http/api_keys.h from `Authorization: Bearer KEY`.
struct Caller {
  Role role = Role::kPublic;
  int64_t api_key_id = 0;  // 0 for public calls
  // A storefront call's customer: the shop's id its X-Customer-Token was signed for
  // (http/customer_tokens.h); unset for admin and public calls and tokenless ones.
  std::optional<std::string> customer = std::nullopt;
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // "/v1/orders/A-17" as sent (still percent-encoded), no query
  std::map<std::string, std::string> path_params;  // {"id": "A-17"}, percent-decoded
  // Percent-decoded query parameters; the first of repeated names wins; '+' is a plus.
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  Caller caller;

  // Returns the header's value, if present (name is lower-case).
  std::optional<std::string_view> Header(std::string_view lower_name) const;
};

struct Response {
  int status = 200;
  std::string body;  // JSON unless content_type says otherwise
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  // Makes the body later, on the thread that sends the response, when it is built from
  // values the response owns: a write's answer is then rendered after its commit instead
  // of on the single writer thread every write waits for. RenderBody() runs it.
  std::function<std::string()> render;
};

// Sets the body from `render`, if set, and clears it.
void RenderBody(Response& response);

// Sends the response to a request. Call it once, from any thread; the server ignores later
// calls.
using Reply = std::function<void(Response)>;

// A route that reads, or that needs no transaction: runs on a handler thread and answers.
using Handler = std::function<Response(const Request&)>;

// The transactional half of a write: runs on the committer's thread inside a transaction
// shared with other requests (its own savepoint, so an error rolls back only its writes),
// and its response is sent only once that transaction is durable. It may run more than
// once (a batch whose commit failed is retried request by request), so it must have no
// effect outside the transaction. Returning an error rolls its writes back.
using TransactionWork = std::function<Result<Response>(db::Transaction&)>;

// A route that writes: parses and validates the request on a handler thread (no database
// access) and returns the TransactionWork, which copies what it needs, or an error answered
// at once.
using WriteHandler = std::function<Result<TransactionWork>(const Request&)>;

// A query parameter a route reads (all are optional). Requests naming any other are refused
// with 400, so a misspelt filter cannot silently widen a listing.
struct QueryParam {
  std::string name;
  std::string type = "string";  // OpenAPI schema type: "string" or "integer"
  std::string description = {};
};

// What a route needs and promises; also the source of its OpenAPI entry.
struct RouteSpec {
  std::string method;            // "GET" / "POST"
  std::string pattern;           // "/v1/orders/{id}/returns"
  Role min_role = Role::kAdmin;  // kPublic: no key; kStorefront: either key; kAdmin: admin only
  // When true, the route requires an `Idempotency-Key` header (400 without it) and the
  // first response for a key is replayed (design.md, Conventions).
  bool requires_idempotency_key = false;
  std::string summary;          // one line for OpenAPI
  std::string request_schema;   // OpenAPI schema object as JSON text, empty if no body
  std::string response_schema;  // OpenAPI schema object as JSON text
  // The statuses a successful call answers, each documented with response_schema: an
  // upsert by a natural key answers {201, 200} (created, then updated or replayed).
  std::vector<int> success_statuses = {200};
  // Initialised so that specs which leave them out do not trip -Wmissing-field-initializers.
  std::vector<QueryParam> query_params = {};
  // Error statuses beyond those OpenAPI derives from the spec itself (400 always, since
  // unknown query parameters are refused; 401 and 403 from min_role; 404 from {name}
  // segments; 409 from requires_idempotency_key; 413 from request_schema): e.g. 409 for
  // a natural key reused with another body, 422 for a request the rules refuse.
  std::vector<int> error_statuses = {};
};

class Router {
 public:
  // Registers a route. Patterns use {name} segments, each a whole segment. Adding the same
  // method+pattern twice (or one that differs only in parameter names), or a malformed
  // pattern, is a programmer error (throws std::logic_error). Where a literal segment and
  // a {name} segment both match, the literal wins ("/v1/customers/export" over "{id}").
  void Add(RouteSpec spec, Handler handler);
  // Registers a write route (the same pattern rules); its work goes through group commit.
  void AddWrite(RouteSpec spec, WriteHandler handler);

  // Exactly one of the two is set.
  struct RouteHandlers {
    Handler read;
    WriteHandler write;
  };

  struct Match {
    const RouteSpec* spec;
    const RouteHandlers* handlers;
    std::map<std::string, std::string> path_params;
  };
  // Finds the route for method and path. Errors: not_found (no such path), and
  // invalid_argument with message "method not allowed" when the path exists with other
  // methods (the server answers 405).
  // `path` is percent-encoded as sent; a {name} segment matches one non-empty segment and
  // its decoded value goes into path_params.
  [[nodiscard]] Result<Match> Find(std::string_view method, std::string_view path) const;

  // Returns the methods registered for routes matching `path`, sorted (for 405's Allow).
  std::vector<std::string> AllowedMethods(std::string_view path) const;

  const std::vector<std::pair<RouteSpec, RouteHandlers>>& routes() const { return routes_; }

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool is_param = false;
  };
  using Pattern = std::vector<Segment>;

  // Returns the index of the best route for path among those accepted by `method_ok`.
  template <class MethodPredicate>
  std::optional<size_t> BestMatch(const std::vector<std::string_view>& segments,
                                  MethodPredicate method_ok) const;

  void AddRoute(RouteSpec spec, RouteHandlers handlers);

  std::vector<std::pair<RouteSpec, RouteHandlers>> routes_;
  std::vector<Pattern> patterns_;  // parallel to routes_
};

// The HTTP status for an error code (design.md's table; the only place it lives).
int StatusFor(ErrorCode code);

// {"error":{"code","message","field"}} with the status from StatusFor().
Response ErrorResponse(const Error& error);

// A JSON response with the given status.
Response JsonResponse(const boost::json::value& body, int status = 200);

// A JSON response whose body `build` makes when it is sent (Response::render); `build`
// must own what it reads.
Response DeferredJsonResponse(std::function<boost::json::value()> build, int status = 200);

// Parses a JSON object body. Errors: invalid_argument (malformed JSON, or not an object)
// with field "" and a message naming the problem; "must be valid UTF-8" with the path of
// the first string that is not ("customer.name", "lines[0].sku").
[[nodiscard]] Result<boost::json::object> ParseJsonObject(std::string_view body);

}  // namespace loyal::http
