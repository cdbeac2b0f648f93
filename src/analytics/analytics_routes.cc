#include "analytics/analytics_routes.h"

#include "analytics/analytics_service.h"

namespace loyal::analytics {

void AddAnalyticsRoutes(http::Router& router, db::Database& db) {
  http::RouteSpec spec;
  spec.method = "GET";
  spec.pattern = "/v1/analytics/{report}";
  spec.min_role = http::Role::kAdmin;
  spec.summary = "An analytics report (rfm, pareto, cohorts, churn, clv): the last saved one, "
                 "or computed now as of the last purchase";
  spec.response_schema = R"({"type":"object","properties":{"report":{"type":"string"},)"
                         R"("as_of":{"type":"string","format":"date"},)"
                         R"("currency":{"type":"string"},"customers":{"type":"integer"}}})";
  router.Add(std::move(spec), [&db](const http::Request& request) -> http::Response {
    const auto report = SavedOrComputedReport(db, request.path_params.at("report"));
    if (!report) return http::ErrorResponse(report.error());
    return http::JsonResponse(*report);
  });
}

}  // namespace loyal::analytics
