#include "analytics/report_runner.h"

#include <array>

#include "core/money.h"

#include "core/text_rules.h"

namespace loyal::analytics {
namespace {

constexpr std::array<std::string_view, 5> kNames = {"rfm", "pareto", "cohorts", "churn", "clv"};

Status RunChurn(const ReportRequest& request, ComputedReport& out) {
  LOY_ASSIGN_OR_RETURN(out.churn_fit, FitPurchaseModel(out.data.stats, ModelKind::kBgNbd,
                                                       out.data.currency_exponent));
  LOY_ASSIGN_OR_RETURN(out.churn,
                       ComputeChurn(out.data.stats, PAliveByCustomer(*out.churn_fit), request.churn));
  return {};
}

}  // namespace

std::string_view ReportKindName(ReportKind kind) { return kNames[static_cast<size_t>(kind)]; }

Result<ReportKind> ParseReportKind(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<ReportKind>(i);
  }
  return NotFound("no report '" + EscapeForMessage(name) +
                  "'; the reports are rfm, pareto, cohorts, churn and clv");
}

Result<SummaryWindow> RequestWindow(const ReportRequest& request, DayNumber last_purchase_day) {
  return MakeSummaryWindow(request.as_of.value_or(last_purchase_day), request.observation_end);
}

Result<ComputedReport> RunReport(AnalysisData data, const ReportRequest& request) {
  ComputedReport out;
  out.kind = request.kind;
  out.data = std::move(data);
  out.clv_options = request.clv;
  switch (request.kind) {
    case ReportKind::kRfm:
      out.rfm = ComputeRfm(out.data.stats, out.data.ids);
      break;
    case ReportKind::kPareto: {
      LOY_ASSIGN_OR_RETURN(out.pareto, ComputePareto(out.data.stats, out.data.ids, request.pareto));
      break;
    }
    case ReportKind::kCohorts: {
      LOY_ASSIGN_OR_RETURN(out.cohorts, BuildCohortReport(out.data.cohort_cells));
      break;
    }
    case ReportKind::kChurn:
      LOY_RETURN_IF_ERROR(RunChurn(request, out));
      break;
    case ReportKind::kClv: {
      LOY_ASSIGN_OR_RETURN(out.clv, RunClv(out.data.stats, request.clv));
      break;
    }
  }
  return out;
}

boost::json::object ComputedReport::Json() const {
  const ReportContext context = data.Context();
  switch (kind) {
    case ReportKind::kRfm:
      return RfmJson(*rfm, context);
    case ReportKind::kPareto:
      return ParetoJson(*pareto, context);
    case ReportKind::kCohorts:
      return CohortsJson(*cohorts, context);
    case ReportKind::kChurn:
      return ChurnJson(*churn, churn_fit->model, context);
    case ReportKind::kClv:
      return ClvJson(*clv, clv_options, context);
  }
  return {};
}

std::vector<SavedAnalytics> ComputedReport::SavedRows(int64_t now) const {
  std::vector<SavedAnalytics> rows;
  if (kind == ReportKind::kPareto || kind == ReportKind::kCohorts) return rows;
  const CustomerStats& stats = data.stats;
  rows.reserve(stats.size());
  const std::vector<double> p_alive =
      kind == ReportKind::kChurn ? PAliveByCustomer(*churn_fit) : std::vector<double>{};
  for (size_t i = 0; i < stats.size(); ++i) {
    if (stats.customer[i] >= data.store_ids.size()) continue;
    SavedAnalytics row;
    row.customer_id = data.store_ids[stats.customer[i]];
    row.as_of = stats.window.calibration_end;
    row.currency = data.currency;
    row.updated_at = now;
    if (kind == ReportKind::kRfm) {
      row.segment = std::string(SegmentSlug(rfm->segment[i]));
      row.r_score = rfm->r[i];
      row.f_score = rfm->f[i];
      row.m_score = rfm->m[i];
    } else if (kind == ReportKind::kChurn) {
      row.p_alive = p_alive[i];
      row.churn_band = std::string(ChurnBandSlug(churn->band[i]));
    } else {
      row.p_alive = clv->scores.p_alive[i];
      row.expected_purchases = clv->scores.expected_purchases[i];
      row.clv_minor = EstimateToMinor(clv->scores.clv[i], data.currency_exponent);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace loyal::analytics
