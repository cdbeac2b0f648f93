// The JSON form of every analytics report, shared by `loyal analyze ... --json` and
// GET /v1/analytics/{report}, so the command line and the API say the same thing.
// Money is written as http/json_write.h says: "x_minor" (integer minor units) beside "x"
// (its decimal string), with the currency named once at the top; estimates of money (CLV)
// are rounded to minor units the same way. Counts are integers; shares, probabilities and
// model estimates are numbers (plain decimals through http::SerializeJson); no NaN or
// infinity is ever written. Segments and churn bands are slugs, each with its display name.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include <boost/json/object.hpp>

#include "analytics/churn.h"
#include "analytics/clv_pipeline.h"
#include "analytics/cohorts.h"
#include "analytics/customer_index.h"
#include "analytics/customer_stats.h"
#include "analytics/pareto.h"
#include "analytics/rfm.h"

namespace loyal::analytics {

// What every report carries: the currency, the as-of (calibration end) date, the count.
struct ReportContext {
  const CustomerStats* stats = nullptr;
  const CustomerIndex* ids = nullptr;
  std::string_view currency;
  int currency_exponent = 2;
};

boost::json::object RfmJson(const RfmReport& report, const ReportContext& context);
boost::json::object ParetoJson(const ParetoReport& report, const ReportContext& context);
boost::json::object CohortsJson(const CohortReport& report, const ReportContext& context);
boost::json::object ChurnJson(const ChurnReport& report, const FittedModel& model,
                              const ReportContext& context);
boost::json::object ClvJson(const ClvResult& result, const ClvOptions& options,
                            const ReportContext& context);

// A finite double as itself; NaN or infinity as null (estimates only; never money).
boost::json::value JsonNumber(double value);

// The sum of estimates of money given in major units, each rounded to minor units first
// (core/money.h's EstimateToMinor), so the total is the sum of the per-customer amounts;
// nullopt when one is not finite or the sum overflows.
std::optional<int64_t> TotalMinor(std::span<const double> major, int exponent);

}  // namespace loyal::analytics
