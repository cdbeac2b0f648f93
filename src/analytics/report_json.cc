#include "analytics/report_json.h"

#include <cmath>

#include <boost/json/array.hpp>

#include "core/money.h"
#include "http/json_write.h"

namespace loyal::analytics {
namespace {

namespace json = boost::json;
using http::PutMoney;

// A count kept in a double by the kernels (weights of compressed triples) as the integer
// it is.
int64_t Count(double value) { return std::llround(value); }

json::object Header(std::string_view report, const ReportContext& context) {
  json::object out;
  out["report"] = report;
  out["as_of"] = FormatDate(context.stats->window.calibration_end);
  out["currency"] = context.currency;
  out["customers"] = static_cast<int64_t>(context.stats->size());
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

std::optional<int64_t> TotalMinor(std::span<const double> major, int exponent) {
  int64_t total = 0;
  for (double value : major) {
    const std::optional<int64_t> minor = EstimateToMinor(value, exponent);
    if (!minor) return std::nullopt;
    auto sum = CheckedAdd(total, *minor);
    if (!sum) return std::nullopt;
    total = *sum;
  }
  return total;
}

json::object RfmJson(const RfmReport& report, const ReportContext& context) {
  json::object out = Header("rfm", context);
  const int e = context.currency_exponent;
  PutMoney(out, "revenue", report.total_revenue_minor, e);
  json::array segments;
  for (const auto& s : report.segments) {
    json::object row{{"segment", SegmentSlug(s.segment)},
                     {"name", SegmentName(s.segment)},
                     {"customers", s.customers},
                     {"customer_share", JsonNumber(s.customer_share)}};
    PutMoney(row, "revenue", s.revenue_minor, e);
    row["revenue_share"] = JsonNumber(s.revenue_share);
    segments.push_back(std::move(row));
  }
  out["segments"] = std::move(segments);
  return out;
}

json::object ParetoJson(const ParetoReport& report, const ReportContext& context) {
  json::object out = Header("pareto", context);
  const int e = context.currency_exponent;
  PutMoney(out, "revenue", report.total_revenue_minor, e);
  PutMoney(out, "profit", report.total_profit_minor, e);
  json::array curve;
  for (const auto& p : report.curve) {
    json::object point{{"percent", p.percent}, {"customers", p.customers}};
    PutMoney(point, "revenue", p.revenue_minor, e);
    point["revenue_share"] = JsonNumber(p.revenue_share);
    PutMoney(point, "profit", p.profit_minor, e);
    point["profit_share"] = JsonNumber(p.profit_share);
    curve.push_back(std::move(point));
  }
  out["curve"] = std::move(curve);
  json::array top;
  for (uint32_t row : report.top) {
    json::object customer{{"customer_id", context.ids->Id(context.stats->customer[row])}};
    PutMoney(customer, "revenue", context.stats->NetRevenueMinor(row), e);
    PutMoney(customer, "profit", report.profit_minor[row], e);
    top.push_back(std::move(customer));
  }
  out["top_20_percent"] = std::move(top);
  return out;
}

json::object CohortsJson(const CohortReport& report, const ReportContext& context) {
  json::object out = Header("cohorts", context);
  const int e = context.currency_exponent;
  json::array cohorts;
  for (const auto& row : report.cohorts) {
    json::array active, retention, revenue, revenue_minor;
    for (size_t k = 0; k < row.active.size(); ++k) {
      active.push_back(row.active[k]);
      retention.push_back(JsonNumber(row.retention[k]));
      revenue.push_back(json::string(FormatScaledDecimal(row.revenue_minor[k], e)));
      revenue_minor.push_back(row.revenue_minor[k]);
    }
    json::object cohort{
        {"cohort", FormatMonth(row.cohort)}, {"size", row.size},
        {"active", std::move(active)},       {"retention", std::move(retention)},
        {"revenue", std::move(revenue)},     {"revenue_minor", std::move(revenue_minor)}};
    PutMoney(cohort, "total_revenue", row.total_revenue_minor, e);
    cohorts.push_back(std::move(cohort));
  }
  out["cohorts"] = std::move(cohorts);
  return out;
}

json::object ChurnJson(const ChurnReport& report, const FittedModel& model,
                       const ReportContext& context) {
  json::object out = Header("churn", context);
  const int e = context.currency_exponent;
  json::array bands;
  for (const auto& b : report.bands) {
    json::object band{{"churn_band", ChurnBandSlug(b.band)},
                      {"name", ChurnBandName(b.band)},
                      {"customers", b.customers}};
    PutMoney(band, "revenue", b.revenue_minor, e);
    band["mean_p_alive"] = JsonNumber(b.mean_p_alive);
    bands.push_back(std::move(band));
  }
  out["bands"] = std::move(bands);
  PutMoney(out, "revenue_at_risk", report.revenue_at_risk_minor, e);
  out["purchase_model"] = ModelJson(model);
  return out;
}

json::object ClvJson(const ClvResult& result, const ClvOptions& options,
                     const ReportContext& context) {
  const FittedModel& model = result.purchases.model;
  json::object out = ModelJson(model);
  out["customers"] = static_cast<int64_t>(context.stats->size());
  out["calibration_end"] = FormatDate(context.stats->window.calibration_end);
  out["currency"] = context.currency;
  out["horizon_weeks"] = options.horizon_weeks;
  out["discount_rate"] = JsonNumber(options.annual_discount_rate);
  const GammaGammaFit& spend = result.spend;
  out["spend"] = json::object{{"p", JsonNumber(spend.params.p)},
                              {"q", JsonNumber(spend.params.q)},
                              {"gamma", JsonNumber(spend.params.gamma)},
                              {"log_likelihood", JsonNumber(spend.log_likelihood)},
                              {"customers", Count(spend.customers)}};
  double total_purchases = 0;
  for (double purchases : result.scores.expected_purchases) total_purchases += purchases;
  out["expected_purchases"] = JsonNumber(total_purchases);
  PutMoney(out, "clv", TotalMinor(result.scores.clv, context.currency_exponent),
           context.currency_exponent);
  if (result.holdout) {
    const HoldoutReport& h = *result.holdout;
    json::array by_frequency;
    for (const auto& b : h.by_frequency) {
      by_frequency.push_back(json::object{{"frequency", b.frequency},
                                          {"customers", Count(b.customers)},
                                          {"actual", Count(b.actual)},
                                          {"predicted", JsonNumber(b.predicted)}});
    }
    out["holdout"] =
        json::object{{"observation_end", FormatDate(context.stats->window.observation_end)},
                     {"weeks", JsonNumber(h.weeks)},
                     {"actual", Count(h.actual)},
                     {"predicted", JsonNumber(h.predicted)},
                     {"by_frequency", std::move(by_frequency)}};
  }
  return out;
}

}  // namespace loyal::analytics
