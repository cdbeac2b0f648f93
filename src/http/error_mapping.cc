// The one table from error codes to HTTP statuses (design.md, Conventions) and the JSON
// error envelope built from it.
#include <boost/json/object.hpp>

#include "http/handler.h"
#include "http/json_write.h"

namespace loyal::http {

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kFailedPrecondition: return 422;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kResourceExhausted: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

Response ErrorResponse(const Error& error) {
  boost::json::object detail;
  detail["code"] = ErrorCodeName(error.code);
  detail["message"] = error.message;
  // Present only when the error concerns one input field, so clients can test for it.
  if (!error.field.empty()) detail["field"] = error.field;
  boost::json::object body;
  body["error"] = std::move(detail);
  return JsonResponse(body, StatusFor(error.code));
}

Response JsonResponse(const boost::json::value& body, int status) {
  Response response;
  response.status = status;
  response.body = SerializeJson(body);
  return response;
}

Response DeferredJsonResponse(std::function<boost::json::value()> build, int status) {
  Response response;
  response.status = status;
  response.render = [build = std::move(build)] { return SerializeJson(build()); };
  return response;
}

void RenderBody(Response& response) {
  if (!response.render) return;
  response.body = response.render();
  response.render = nullptr;
}

}  // namespace loyal::http
