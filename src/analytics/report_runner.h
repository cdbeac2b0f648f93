// Runs one analytics report over AnalysisData (from a file or the store): RFM, Pareto,
// cohorts, churn or CLV, keeping the structures for text tables and producing the JSON
// and the per-customer rows `--save` stores. No I/O. Values; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "analytics/analysis_data.h"
#include "analytics/analytics_store.h"
#include "analytics/churn.h"
#include "analytics/clv_pipeline.h"
#include "analytics/cohorts.h"
#include "analytics/pareto.h"
#include "analytics/rfm.h"
#include "core/error.h"

namespace loyal::analytics {

enum class ReportKind { kRfm, kPareto, kCohorts, kChurn, kClv };

// "rfm", "pareto", "cohorts", "churn", "clv".
std::string_view ReportKindName(ReportKind kind);
// Inverse of ReportKindName; not_found naming the reports for anything else.
[[nodiscard]] Result<ReportKind> ParseReportKind(std::string_view name);

struct ReportRequest {
  ReportKind kind = ReportKind::kRfm;
  // The calibration end (clv) or as-of date (others); the last purchase day when unset.
  std::optional<DayNumber> as_of;
  std::optional<DayNumber> observation_end;  // clv only: the end of the holdout
  // The store's orders in this currency only (a file has one); by default the only one, or
  // with several the shop's default currency (analytics_store.h, ChooseCurrency).
  std::optional<std::string> currency;
  ClvOptions clv;
  ParetoOptions pareto;
  ChurnRules churn;
};

struct ComputedReport {
  ReportKind kind = ReportKind::kRfm;
  AnalysisData data;
  std::optional<RfmReport> rfm;
  std::optional<ParetoReport> pareto;
  std::optional<CohortReport> cohorts;
  std::optional<PurchaseFit> churn_fit;
  std::optional<ChurnReport> churn;
  std::optional<ClvResult> clv;
  ClvOptions clv_options;

  boost::json::object Json() const;
  // The per-customer fields this report saves (RFM: segment and scores; churn: P(alive)
  // and band; CLV: P(alive), expected purchases and CLV), for customers the store knows.
  std::vector<SavedAnalytics> SavedRows(int64_t now) const;
};

// The summary window a request asks for, given the source's last purchase day. Errors:
// invalid_argument when the observation end is before the as-of date.
[[nodiscard]] Result<SummaryWindow> RequestWindow(const ReportRequest& request,
                                                  DayNumber last_purchase_day);

// Computes the report. Errors: the kernels' (see rfm.h, pareto.h, cohorts.h, churn.h,
// clv_pipeline.h), e.g. failed_precondition when a model cannot be fitted.
[[nodiscard]] Result<ComputedReport> RunReport(AnalysisData data, const ReportRequest& request);

}  // namespace loyal::analytics
