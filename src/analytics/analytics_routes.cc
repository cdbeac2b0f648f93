#include "analytics/analytics_routes.h"

#include "analytics/analytics_service.h"

namespace loyal::analytics {

void AddAnalyticsRoutes(http::Router& router, db::Database& db) {
  http::RouteSpec spec;
  spec.method = "GET";
  spec.pattern = "/v1/analytics/{report}";
  spec.min_role = http::Role::kAdmin;
  spec.summary =
      "An analytics report (rfm, pareto, cohorts, churn, clv) of the orders in one "
      "currency: the last saved one, or computed now as of the last purchase";
  // The members every report has; docs/analytics.md describes each report's own. Amounts
  // are "x_minor" (integer minor units) beside "x" (decimal string).
  spec.response_schema =
      R"({"type":"object","properties":{"report":{"type":"string"},)"
      R"("as_of":{"type":"string","format":"date"},)"
      R"("currency":{"type":"string","pattern":"^[A-Z]{3}$"},"customers":{"type":"integer"},)"
      R"("revenue":{"type":"string","description":"decimal, e.g. \"6762696.25\""},)"
      R"("revenue_minor":{"type":"integer"},)"
      R"("clv":{"type":["string","null"],"description":"clv report: total CLV, decimal"},)"
      R"("clv_minor":{"type":["integer","null"]}}})";
  spec.query_params = {{.name = "currency",
                        .description =
                            "ISO 4217 code of the orders to analyse; default: the store's only "
                            "currency, or with several the shop's default_currency setting"}};
  router.Add(std::move(spec), [&db](const http::Request& request) -> http::Response {
    std::optional<std::string> currency;
    if (auto it = request.query.find("currency"); it != request.query.end()) {
      currency = it->second;
    }
    const auto report = SavedOrComputedReport(db, request.path_params.at("report"), currency);
    if (!report) return http::ErrorResponse(report.error());
    return http::JsonResponse(*report);
  });
}

}  // namespace loyal::analytics
