#include "customers/customer_token_routes.h"

#include "customers/customer_service.h"
#include "http/json_fields.h"

namespace loyal::customers {
namespace {

constexpr char kTokenInputSchema[] = R"json({"type": "object", "additionalProperties": false,
  "required": ["customer_id"], "properties": {
    "customer_id": {"type": "string", "description": "the shop's id of the signed-in customer"},
    "ttl_seconds": {"type": "integer", "minimum": 60, "maximum": 2592000,
      "description": "how long the token works; default 3600"}}})json";

constexpr char kTokenSchema[] = R"json({"type": "object", "properties": {
  "token": {"type": "string", "description": "send it as X-Customer-Token with a storefront key"},
  "customer_id": {"type": "string"},
  "expires_at": {"type": "string", "format": "date-time"}}})json";

http::Response Issue(const http::Request& request, db::Database& db, http::CustomerTokens& tokens) {
  auto issued = [&]() -> Result<boost::json::object> {
    LOY_ASSIGN_OR_RETURN(auto json, http::ParseJsonObject(request.body));
    static const std::vector<std::string> kFields = http::SchemaFields(kTokenInputSchema);
    LOY_RETURN_IF_ERROR(http::RejectUnknownFields(json, kFields));
    LOY_ASSIGN_OR_RETURN(std::string id, http::RequiredString(json, "customer_id"));
    LOY_ASSIGN_OR_RETURN(auto ttl, http::OptionalInt64(json, "ttl_seconds"));
    // Only a customer the shop has told us about gets a token; its public id is signed
    // (a guest's guest_… id works too).
    LOY_ASSIGN_OR_RETURN(Customer customer, db::WithReadTransaction(db, [&](db::Transaction& tx) {
                           return GetCustomer(tx, id);
                         }));
    const std::string subject = PublicId(customer).value_or(id);
    LOY_ASSIGN_OR_RETURN(
        http::IssuedToken token,
        tokens.Issue(subject, ttl ? std::chrono::seconds(*ttl) : http::kDefaultTokenTtl));
    return boost::json::object{{"token", token.token},
                               {"customer_id", subject},
                               {"expires_at", FormatTimestamp(token.expires_at)}};
  }();
  if (!issued) return http::ErrorResponse(issued.error());
  return http::JsonResponse(*issued, 201);
}

}  // namespace

void AddCustomerTokenRoutes(http::Router& router, db::Database& db, http::CustomerTokens& tokens) {
  // Router::Add, not AddWrite: nothing is written (the secret, made on first need, is
  // written by CustomerTokens' source in a transaction of its own).
  router.Add({.method = "POST",
              .pattern = "/v1/customer-tokens",
              .min_role = http::Role::kAdmin,
              .requires_idempotency_key = false,  // stores nothing; see the header
              .summary = "A signed token for one customer, for the storefront to send as "
                         "X-Customer-Token with a storefront key",
              .request_schema = kTokenInputSchema,
              .response_schema = kTokenSchema,
              .success_statuses = {201},
              .error_statuses = {404}},
             [&db, &tokens](const http::Request& r) { return Issue(r, db, tokens); });
}

}  // namespace loyal::customers
