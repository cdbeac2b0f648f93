#include "analytics/report_json.h"

#include <cmath>

#include <boost/json/array.hpp>

namespace loyal::analytics {
namespace {

namespace json = boost::json;

json::object Header(std::string_view report, const ReportContext& context) {
  json::object out;
  out["report"] = report;
  out["as_of"] = FormatDate(context.stats->window.calibration_end);
  out["currency"] = context.currency;
  out["customers"] = context.stats->size();
  return out;
}

json::object Named(const std::vector<NamedValue>& values) {
  json::object out;
  for (const auto& v : values) out[v.name] = JsonNumber(v.value);
  return out;
}

json::object ModelJson(const FittedModel& model) {
  json::object out;
  out["model"] = ModelKindName(model.kind);
  out["params"] = Named(model.params);
  out["log_likelihood"] = JsonNumber(model.log_likelihood);
  out["std_errors"] = Named(model.std_errors);
  out["boundary"] = model.boundary;
  if (!model.message.empty()) out["note"] = model.message;
  return out;
}

}  // namespace

json::value JsonNumber(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value;
}

json::object RfmJson(const RfmReport& report, const ReportContext& context) {
  json::object out = Header("rfm", context);
  out["revenue_minor"] = report.total_revenue_minor;
  json::array segments;
  for (const auto& s : report.segments) {
    segments.push_back(json::object{{"segment", SegmentName(s.segment)},
                                    {"customers", s.customers},
                                    {"customer_share", s.customer_share},
                                    {"revenue_minor", s.revenue_minor},
                                    {"revenue_share", s.revenue_share}});
  }
  out["segments"] = std::move(segments);
  return out;
}

json::object ParetoJson(const ParetoReport& report, const ReportContext& context) {
  json::object out = Header("pareto", context);
  out["revenue_minor"] = report.total_revenue_minor;
  out["profit_minor"] = report.total_profit_minor;
  json::array curve;
  for (const auto& p : report.curve) {
    curve.push_back(json::object{{"percent", p.percent},
                                 {"customers", p.customers},
                                 {"revenue_minor", p.revenue_minor},
                                 {"revenue_share", p.revenue_share},
                                 {"profit_minor", p.profit_minor},
                                 {"profit_share", p.profit_share}});
  }
  out["curve"] = std::move(curve);
  json::array top;
  for (uint32_t row : report.top) {
    top.push_back(json::object{{"customer_id", context.ids->Id(context.stats->customer[row])},
                               {"revenue_minor", context.stats->NetRevenueMinor(row)},
                               {"profit_minor", report.profit_minor[row]}});
  }
  out["top_20_percent"] = std::move(top);
  return out;
}

json::object CohortsJson(const CohortReport& report, const ReportContext& context) {
  json::object out = Header("cohorts", context);
  json::array cohorts;
  for (const auto& row : report.cohorts) {
    json::array active, retention, revenue;
    for (size_t k = 0; k < row.active.size(); ++k) {
      active.push_back(row.active[k]);
      retention.push_back(row.retention[k]);
      revenue.push_back(row.revenue_minor[k]);
    }
    cohorts.push_back(json::object{{"cohort", FormatMonth(row.cohort)},
                                   {"size", row.size},
                                   {"active", std::move(active)},
                                   {"retention", std::move(retention)},
                                   {"revenue_minor", std::move(revenue)},
                                   {"total_revenue_minor", row.total_revenue_minor}});
  }
  out["cohorts"] = std::move(cohorts);
  return out;
}

json::object ChurnJson(const ChurnReport& report, const FittedModel& model,
                       const ReportContext& context) {
  json::object out = Header("churn", context);
  json::array bands;
  for (const auto& b : report.bands) {
    bands.push_back(json::object{{"band", ChurnBandName(b.band)},
                                 {"customers", b.customers},
                                 {"revenue_minor", b.revenue_minor},
                                 {"mean_p_alive", b.mean_p_alive}});
  }
  out["bands"] = std::move(bands);
  out["revenue_at_risk_minor"] = report.revenue_at_risk_minor;
  out["purchase_model"] = ModelJson(model);
  return out;
}

json::object ClvJson(const ClvResult& result, const ClvOptions& options,
                     const ReportContext& context) {
  const FittedModel& model = result.purchases.model;
  json::object out = ModelJson(model);
  out["customers"] = context.stats->size();
  out["calibration_end"] = FormatDate(context.stats->window.calibration_end);
  out["currency"] = context.currency;
  out["horizon_weeks"] = options.horizon_weeks;
  out["discount_rate"] = options.annual_discount_rate;
  const GammaGammaFit& spend = result.spend;
  out["spend"] = json::object{{"p", JsonNumber(spend.params.p)},
                              {"q", JsonNumber(spend.params.q)},
                              {"gamma", JsonNumber(spend.params.gamma)},
                              {"log_likelihood", JsonNumber(spend.log_likelihood)},
                              {"customers", JsonNumber(spend.customers)}};
  double total_clv = 0, total_purchases = 0;
  for (size_t i = 0; i < result.scores.clv.size(); ++i) {
    total_clv += result.scores.clv[i];
    total_purchases += result.scores.expected_purchases[i];
  }
  out["expected_purchases"] = JsonNumber(total_purchases);
  out["clv"] = JsonNumber(total_clv);
  if (result.holdout) {
    const HoldoutReport& h = *result.holdout;
    json::array by_frequency;
    for (const auto& b : h.by_frequency) {
      by_frequency.push_back(json::object{{"frequency", b.frequency},
                                          {"customers", JsonNumber(b.customers)},
                                          {"actual", JsonNumber(b.actual)},
                                          {"predicted", JsonNumber(b.predicted)}});
    }
    out["holdout"] = json::object{{"observation_end", FormatDate(context.stats->window.observation_end)},
                                  {"weeks", JsonNumber(h.weeks)},
                                  {"actual", JsonNumber(h.actual)},
                                  {"predicted", JsonNumber(h.predicted)},
                                  {"by_frequency", std::move(by_frequency)}};
  }
  return out;
}

}  // namespace loyal::analytics
