// The OpenAPI 3.1 document, generated from the Router's RouteSpecs so it cannot drift from
// the code: paths and methods, {name} path parameters, bearer security per min_role, the
// Idempotency-Key header where required, request and response schemas from the specs,
// and the shared error envelope.
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
// response_schema is not a JSON object.
[[nodiscard]] Result<boost::json::object> BuildOpenApiDocument(const Router& router,
                                                               const OpenApiInfo& info = {});

}  // namespace loyal::http
