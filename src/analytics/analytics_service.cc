#include "analytics/analytics_service.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace loyal::analytics {

Result<ComputedReport> ComputeStoreReport(db::Database& db, const ReportRequest& request) {
  AnalysisData data;
  LOY_ASSIGN_OR_RETURN(auto tx, db.Begin());
  LOY_ASSIGN_OR_RETURN(const auto last_day, LastPurchaseDay(*tx));
  if (!last_day) return FailedPrecondition("the store has no purchases of identified customers");
  data.last_purchase_day = *last_day;
  LOY_ASSIGN_OR_RETURN(const SummaryWindow window, RequestWindow(request, *last_day));
  LOY_RETURN_IF_ERROR(ReadAnalysisData(*tx, window, request.kind == ReportKind::kCohorts, data));
  LOY_RETURN_IF_ERROR(tx->Rollback());  // read only
  return RunReport(std::move(data), request);
}

Status SaveComputedReport(db::Database& db, const ComputedReport& report, int64_t now_seconds) {
  const auto rows = report.SavedRows(now_seconds);
  const std::string body = boost::json::serialize(report.Json());
  return db::RunInTransaction(db, [&](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(SaveCustomerAnalytics(tx, rows));
    return SaveReport(tx, ReportKindName(report.kind), body, now_seconds);
  });
}

Result<std::optional<SavedAnalytics>> GetCustomerAnalytics(db::Transaction& tx,
                                                           int64_t customer_id) {
  return LoadCustomerAnalytics(tx, customer_id);
}

boost::json::object CustomerAnalyticsJson(const SavedAnalytics& saved) {
  boost::json::object out;
  out["as_of"] = FormatDate(saved.as_of);
  if (saved.segment) {
    out["segment"] = *saved.segment;
    out["scores"] = {{"r", saved.r_score.value_or(0)},
                     {"f", saved.f_score.value_or(0)},
                     {"m", saved.m_score.value_or(0)}};
  }
  if (saved.p_alive) out["p_alive"] = JsonNumber(*saved.p_alive);
  if (saved.churn_band) out["churn_band"] = *saved.churn_band;
  if (saved.expected_purchases) out["expected_purchases"] = JsonNumber(*saved.expected_purchases);
  if (saved.clv_minor) out["clv_minor"] = *saved.clv_minor;
  out["updated_at"] = saved.updated_at;
  return out;
}

Result<boost::json::object> SavedOrComputedReport(db::Database& db, std::string_view report) {
  LOY_ASSIGN_OR_RETURN(const ReportKind kind, ParseReportKind(report));
  std::optional<std::string> saved;
  {
    LOY_ASSIGN_OR_RETURN(auto tx, db.Begin());
    LOY_ASSIGN_OR_RETURN(saved, LoadReport(*tx, report));
    LOY_RETURN_IF_ERROR(tx->Rollback());
  }
  if (saved) {
    boost::system::error_code ec;
    boost::json::value body = boost::json::parse(*saved, ec);
    if (ec || !body.is_object()) return Internal("the saved " + std::string(report) + " report is corrupt");
    return std::move(body.as_object());
  }
  if (kind == ReportKind::kClv) {
    return NotFound("no CLV report saved yet; run `loyal analyze clv --db DB --save` first");
  }
  ReportRequest request;
  request.kind = kind;
  LOY_ASSIGN_OR_RETURN(const ComputedReport computed, ComputeStoreReport(db, request));
  return computed.Json();
}

}  // namespace loyal::analytics
