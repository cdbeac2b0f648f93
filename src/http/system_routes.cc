#include "http/system_routes.h"

#include <spdlog/spdlog.h>

namespace loyal::http {

void AddSystemRoutes(Router& router, db::Database& db, OpenApiInfo info) {
  RouteSpec health;
  health.method = "GET";
  health.pattern = "/healthz";
  health.min_role = Role::kPublic;
  health.summary = "Liveness and database reachability";
  health.response_schema =
      R"({"type":"object","required":["status"],"properties":{"status":{"const":"ok"}}})";
  router.Add(std::move(health), [&db](const Request&) {
    Status reachable = db::RunInReadTransaction(db, [](db::Transaction& tx) -> Status {
      LOY_RETURN_IF_ERROR(tx.Query("SELECT 1"));
      return {};
    });
    if (!reachable) {
      spdlog::warn("health check failed: {}", reachable.error().ToString());
      return ErrorResponse(Error{ErrorCode::kUnavailable, "database unreachable", ""});
    }
    return JsonResponse(boost::json::object{{"status", "ok"}});
  });

  RouteSpec openapi;
  openapi.method = "GET";
  openapi.pattern = "/v1/openapi.json";
  openapi.min_role = Role::kPublic;
  openapi.summary = "This document";
  openapi.response_schema = R"({"type":"object"})";
  router.Add(std::move(openapi), [&router, info = std::move(info)](const Request&) {
    Result<boost::json::object> document = BuildOpenApiDocument(router, info);
    if (!document) {
      spdlog::error("OpenAPI document: {}", document.error().ToString());
      return ErrorResponse(document.error());
    }
    return JsonResponse(*document);
  });
}

}  // namespace loyal::http
