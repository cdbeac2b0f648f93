#include "http/openapi.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cctype>
#include <iterator>
#include <set>
#include <vector>

namespace loyal::http {
namespace {

namespace json = boost::json;

constexpr std::string_view kErrorRef = "#/components/schemas/Error";

json::object ErrorSchema() {
  return json::object{
      {"type", "object"},
      {"required", json::array{"error"}},
      {"properties",
       json::object{
           {"error",
            json::object{
                {"type", "object"},
                {"required", json::array{"code", "message"}},
                {"properties",
                 json::object{
                     {"code",
                      json::object{
                          {"type", "string"},
                          {"enum", json::array{"invalid_argument", "failed_precondition",
                                               "unauthenticated", "permission_denied", "not_found",
                                               "already_exists", "conflict", "payload_too_large",
                                               "resource_exhausted", "unavailable", "internal"}}}},
                     {"message", json::object{{"type", "string"}}},
                     {"field", json::object{{"type", "string"},
                                            {"description",
                                             "JSON path of the offending input field, "
                                             "e.g. lines[0].quantity"}}}}}}}}}};
}

Result<json::value> ParseSchema(const std::string& text, const RouteSpec& spec,
                                std::string_view which) {
  boost::system::error_code ec;
  json::value schema = json::parse(text, ec);
  if (ec || !schema.is_object()) {
    return Internal(std::string(which) + " of " + spec.method + " " + spec.pattern +
                    " is not a JSON object");
  }
  return schema;
}

// "post /v1/orders/{id}/returns" -> "post_v1_orders_id_returns"
std::string OperationId(const RouteSpec& spec) {
  std::string id;
  for (char c : spec.method + spec.pattern) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!id.empty() && id.back() != '_') {
      id += '_';
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id;
}

std::string SuccessDescription(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "created";
    case 202:
      return "accepted";
    case 204:
      return "no content";
  }
  return "success";
}

// The error responses every operation shares, one per status, each with the Error schema.
struct ErrorResponseInfo {
  int status;
  const char* description;
};
constexpr ErrorResponseInfo kErrorResponses[] = {
    {400, "invalid request: a malformed body or parameter (error.field names it)"},
    {401, "no API key, or one that is unknown or revoked"},
    {403, "the API key's role may not call this route"},
    {404, "no such resource (the path names one that does not exist)"},
    {409,
     "conflict: an id or Idempotency-Key reused with another body, or its first request "
     "still running"},
    {413, "request body over 1 MiB"},
    {422, "well-formed, but the rules refuse it (error.message says which)"},
    {429, "too many requests"},
    {500, "server-side failure (503 while the database is unreachable)"},
};

std::string ErrorResponseName(int status) {
  return status == 500 ? "ServerError" : "Error" + std::to_string(status);
}

std::string ErrorResponseRef(int status) {
  return "#/components/responses/" + ErrorResponseName(status);
}

json::object ErrorResponses() {
  json::object out;
  for (const ErrorResponseInfo& info : kErrorResponses) {
    out[ErrorResponseName(info.status)] = json::object{
        {"description", info.description},
        {"content", json::object{{"application/json",
                                  json::object{{"schema", json::object{{"$ref", kErrorRef}}}}}}}};
  }
  return out;
}

// What a route can answer besides success, derived from its spec (handler.h, RouteSpec)
// plus the ones it declares; sorted, each once.
std::vector<int> ErrorStatuses(const RouteSpec& spec) {
  std::set<int> statuses{400};
  if (spec.min_role != Role::kPublic) statuses.insert(401);
  if (spec.min_role == Role::kAdmin) statuses.insert(403);
  if (spec.pattern.find('{') != std::string::npos) statuses.insert(404);
  if (spec.requires_idempotency_key) statuses.insert(409);
  if (!spec.request_schema.empty()) statuses.insert(413);
  statuses.insert(spec.error_statuses.begin(), spec.error_statuses.end());
  return {statuses.begin(), statuses.end()};
}

json::array Parameters(const RouteSpec& spec) {
  json::array parameters;
  size_t open = spec.pattern.find('{');
  while (open != std::string::npos) {
    size_t close = spec.pattern.find('}', open);
    parameters.push_back(json::object{{"name", spec.pattern.substr(open + 1, close - open - 1)},
                                      {"in", "path"},
                                      {"required", true},
                                      {"schema", json::object{{"type", "string"}}}});
    open = spec.pattern.find('{', close);
  }
  for (const QueryParam& query : spec.query_params) {
    parameters.push_back(json::object{{"name", query.name},
                                      {"in", "query"},
                                      {"required", false},
                                      {"description", query.description},
                                      {"schema", json::object{{"type", query.type}}}});
  }
  if (spec.requires_idempotency_key) {
    parameters.push_back(json::object{
        {"name", "Idempotency-Key"},
        {"in", "header"},
        {"required", true},
        {"description",
         "Retries with the same key and body replay the first response; "
         "kept at least 24 h"},
        {"schema", json::object{{"type", "string"}, {"minLength", 1}, {"maxLength", 255}}}});
  }
  return parameters;
}

Result<json::object> Operation(const RouteSpec& spec) {
  json::object op;
  op["operationId"] = OperationId(spec);
  op["summary"] = spec.summary;
  op["x-loyal-role"] = RoleName(spec.min_role);
  json::array parameters = Parameters(spec);
  if (!parameters.empty()) op["parameters"] = std::move(parameters);
  op["security"] = spec.min_role == Role::kPublic
                       ? json::array{}
                       : json::array{json::object{{"bearer", json::array{}}}};
  if (!spec.request_schema.empty()) {
    LOY_ASSIGN_OR_RETURN(json::value schema,
                         ParseSchema(spec.request_schema, spec, "request_schema"));
    op["requestBody"] = json::object{
        {"required", true},
        {"content", json::object{{"application/json", json::object{{"schema", schema}}}}}};
  }
  if (spec.success_statuses.empty()) {
    return Internal(spec.method + " " + spec.pattern + " declares no success status");
  }
  for (int status : spec.error_statuses) {
    if (std::none_of(std::begin(kErrorResponses), std::end(kErrorResponses),
                     [&](const ErrorResponseInfo& info) { return info.status == status; })) {
      return Internal(spec.method + " " + spec.pattern + " declares error status " +
                      std::to_string(status) + ", which has no shared response");
    }
  }
  json::value success_content;
  if (!spec.response_schema.empty()) {
    LOY_ASSIGN_OR_RETURN(json::value schema,
                         ParseSchema(spec.response_schema, spec, "response_schema"));
    success_content = json::object{{"application/json", json::object{{"schema", schema}}}};
  }
  json::object responses;
  for (int status : spec.success_statuses) {
    json::object success{{"description", SuccessDescription(status)}};
    if (!success_content.is_null()) success["content"] = success_content;
    responses[std::to_string(status)] = std::move(success);
  }
  for (int status : ErrorStatuses(spec)) {
    responses[std::to_string(status)] = json::object{{"$ref", ErrorResponseRef(status)}};
  }
  responses["5XX"] = json::object{{"$ref", ErrorResponseRef(500)}};
  op["responses"] = std::move(responses);
  return op;
}

}  // namespace

Result<json::object> BuildOpenApiDocument(const Router& router, const OpenApiInfo& info) {
  json::object paths;
  for (const auto& [spec, handler] : router.routes()) {
    std::string method(spec.method);
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    LOY_ASSIGN_OR_RETURN(json::object op, Operation(spec));
    json::value& item = paths[spec.pattern];
    if (!item.is_object()) item = json::object{};
    item.as_object()[method] = std::move(op);
  }
  json::object document;
  document["openapi"] = "3.1.0";
  document["info"] = json::object{{"title", info.title}, {"version", info.version}};
  document["paths"] = std::move(paths);
  document["components"] = json::object{
      {"securitySchemes",
       json::object{
           {"bearer", json::object{{"type", "http"},
                                   {"scheme", "bearer"},
                                   {"description", "an API key from loyal keys create"}}}}},
      {"responses", ErrorResponses()},
      {"schemas", json::object{{"Error", ErrorSchema()}}}};
  return document;
}

}  // namespace loyal::http
