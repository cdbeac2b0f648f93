// The OpenAPI 3.1 document, generated from the Router's RouteSpecs so it cannot drift from
// the code: paths and methods, {name} path parameters, bearer security per min_role, the
// Idempotency-Key header where required, request and response schemas from the specs,
// each route's success statuses and the error statuses it can give (derived from the spec,
// plus RouteSpec::error_statuses), every error a shared response (components/responses)
// whose body is the one Error schema.
//
// Thread-safety: a pure function of the Router, which must no longer change.
#pragma once

#include <string>

#include <boost/json/object.hpp>

#include "core/error.h"
#include "http/handler.h"

namespace loyal::http {

struct OpenApiInfo {
  std::string title = "Loyal API";
  std::string version = "1";
};

// Returns the document. Errors: internal naming the route whose request_schema or
// response_schema is not a JSON object, that declares no success status, or that declares
// an error status with no shared response (400, 401, 403, 404, 409, 413, 422, 429).
[[nodiscard]] Result<boost::json::object> BuildOpenApiDocument(const Router& router,
                                                               const OpenApiInfo& info = {});

}  // namespace loyal::http
