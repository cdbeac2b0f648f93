#include "app/analyze_command.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "analytics/analytics_service.h"
#include "analytics/clv_model.h"
#include "app/analyze_input.h"
#include "app/analyze_output.h"
#include "app/command_support.h"
#include "db/open.h"
#include "http/json_write.h"

namespace loyal::app {
namespace {

using analytics::ReportKind;

struct AnalyzeOptions {
  std::string transactions, format, db, customers_out, currency;
  std::string calibration_end, observation_end, as_of;
  std::string model = "bgnbd";
  int horizon_weeks = 52;
  double discount_rate = 0.10;
  double margin_percent = 100;
  int64_t cost_per_purchase_minor = 0;
  bool json = false, save = false;
  // predict
  std::vector<double> params;
  double x = 0, tx = 0, T = 0, horizon = 0;
};

// Returns the value or exits with the error reported.
template <class T>
T OrExit(Result<T> result) {
  if (!result) ExitWith(ReportError(result.error()));
  return std::move(*result);
}

std::optional<DayNumber> OptionalDate(const std::string& text, const char* flag) {
  if (text.empty()) return std::nullopt;
  auto day = ParseDate(text);
  if (!day) ExitWith(ReportError(Error{ErrorCode::kInvalidArgument, day.error().message, flag}));
  return *day;
}

analytics::ReportRequest MakeRequest(ReportKind kind, const AnalyzeOptions& o) {
  analytics::ReportRequest request;
  request.kind = kind;
  if (kind == ReportKind::kClv) {
    request.as_of = OptionalDate(o.calibration_end, "--calibration-end");
    request.observation_end = OptionalDate(o.observation_end, "--observation-end");
    request.clv.model = OrExit(analytics::ParseModelKind(o.model));
    request.clv.horizon_weeks = o.horizon_weeks;
    request.clv.annual_discount_rate = o.discount_rate;
  } else {
    request.as_of = OptionalDate(o.as_of, "--as-of");
  }
  if (!o.currency.empty()) request.currency = o.currency;
  if (!std::isfinite(o.margin_percent) || o.margin_percent < 0 || o.margin_percent > 100) {
    ExitWith(ReportError(Error{ErrorCode::kInvalidArgument,
                               "the margin must be a percentage from 0 to 100", "--margin"}));
  }
  request.pareto.margin_bp = std::llround(o.margin_percent * 100);
  request.pareto.cost_per_purchase_minor = o.cost_per_purchase_minor;
  return request;
}

analytics::ComputedReport ComputeFromFile(const analytics::ReportRequest& request,
                                          const AnalyzeOptions& o) {
  if (o.save) {
    ExitWith(ReportError(Error{ErrorCode::kInvalidArgument,
                               "--save stores results in the store: use --db instead of "
                               "--transactions", "--save"}));
  }
  if (!o.currency.empty()) {
    ExitWith(ReportError(Error{ErrorCode::kInvalidArgument,
                               "--currency chooses among a store's currencies: use it with --db "
                               "(a transaction file has one currency)",
                               "--currency"}));
  }
  if (o.format.empty()) {
    ExitWith(ReportError(Error{ErrorCode::kInvalidArgument,
                               "--format is required with --transactions", "--format"}));
  }
  const auto format = OrExit(importer::ParseTransactionFormat(o.format));
  auto data = OrExit(LoadFileAnalysis(o.transactions, format, request));
  return OrExit(analytics::RunReport(std::move(data), request));
}

void RunReportCommand(ReportKind kind, const AnalyzeOptions& o) {
  const auto request = MakeRequest(kind, o);
  std::unique_ptr<db::Database> db;
  analytics::ComputedReport report;
  if (!o.transactions.empty()) {
    report = ComputeFromFile(request, o);
  } else {
    db = OrExit(db::OpenExistingDatabase(o.db));
    report = OrExit(analytics::ComputeStoreReport(*db, request));
  }
  if (o.json) {
    std::printf("%s\n", http::SerializeJson(report.Json()).c_str());
  } else {
    PrintReportText(report, stdout);
  }
  if (!o.customers_out.empty()) {
    if (auto written = WriteCustomersCsv(report, o.customers_out); !written) {
      ExitWith(ReportError(written.error()));
    }
  }
  if (o.save && db) {
    SystemClock clock;
    const int64_t now = clock.Now().time_since_epoch().count();
    if (auto saved = analytics::SaveComputedReport(*db, report, now); !saved) {
      ExitWith(ReportError(saved.error()));
    }
    std::fprintf(stderr, "saved the %s report for %zu customers\n",
                 std::string(analytics::ReportKindName(kind)).c_str(), report.data.stats.size());
  }
}

void RunPredict(const AnalyzeOptions& o) {
  const auto kind = OrExit(analytics::ParseModelKind(o.model));
  const auto p = OrExit(analytics::Predict(kind, o.params, o.x, o.tx, o.T, o.horizon));
  if (o.json) {
    const boost::json::object out{
        {"model", o.model},
        {"expected_purchases", analytics::JsonNumber(p.expected_purchases)},
        {"p_alive", analytics::JsonNumber(p.p_alive)}};
    std::printf("%s\n", http::SerializeJson(out).c_str());
  } else {
    std::printf("model %s, x = %g, t_x = %g, T = %g\nexpected purchases in the next %g weeks: "
                "%.4f\nP(alive): %.4f\n",
                o.model.c_str(), o.x, o.tx, o.T, o.horizon, p.expected_purchases, p.p_alive);
  }
}

void AddSourceOptions(CLI::App& command, AnalyzeOptions& o) {
  command.add_option("--transactions", o.transactions, "Transaction file (plain or gzip)");
  command.add_option("--format", o.format, "cdnow, cdnow-sample, online-retail or orders-csv");
  AddDbOption(command, o.db);
  command.add_option("--currency", o.currency,
                     "With --db: analyse the orders in this ISO 4217 currency (default: the "
                     "store's only one, or with several the default_currency setting)");
  command.add_flag("--save", o.save, "Store per-customer results and the report (with --db)");
  command.add_flag("--json", o.json, "Print one JSON object instead of tables");
}

void AddClv(CLI::App& analyze, const std::shared_ptr<AnalyzeOptions>& o) {
  auto* clv = analyze.add_subcommand("clv", "Fit a purchase and a spend model; score customers");
  AddSourceOptions(*clv, *o);
  clv->add_option("--calibration-end", o->calibration_end, "YYYY-MM-DD: end of the fitting window")
      ->required();
  clv->add_option("--observation-end", o->observation_end,
                  "YYYY-MM-DD: end of the holdout for validation");
  clv->add_option("--model", o->model, "bgnbd, pnbd or mbgnbd")->capture_default_str();
  clv->add_option("--horizon", o->horizon_weeks, "Weeks ahead for purchases and CLV")
      ->capture_default_str();
  clv->add_option("--discount-rate", o->discount_rate, "Annual discount rate of the CLV")
      ->capture_default_str();
  clv->add_option("--customers-out", o->customers_out, "Write one CSV row per customer");
  clv->callback([o] { RunReportCommand(ReportKind::kClv, *o); });
}

void AddPredict(CLI::App& analyze, const std::shared_ptr<AnalyzeOptions>& o) {
  auto* predict = analyze.add_subcommand("predict", "One customer's prediction from parameters");
  predict->add_option("--model", o->model, "bgnbd, pnbd or mbgnbd")->required();
  predict->add_option("--params", o->params, "P1,P2,P3,P4 (r,alpha,a,b or r,alpha,s,beta)")
      ->delimiter(',')
      ->required();
  predict->add_option("--x", o->x, "Repeat purchases")->required();
  predict->add_option("--tx", o->tx, "Weeks from the first to the last purchase")->required();
  predict->add_option("--T", o->T, "Weeks from the first purchase to now")->required();
  predict->add_option("--horizon", o->horizon, "Weeks ahead")->required();
  predict->add_flag("--json", o->json, "Print JSON");
  predict->callback([o] { RunPredict(*o); });
}

void AddReport(CLI::App& analyze, ReportKind kind, const char* help,
               const std::shared_ptr<AnalyzeOptions>& o) {
  auto* command = analyze.add_subcommand(std::string(analytics::ReportKindName(kind)), help);
  AddSourceOptions(*command, *o);
  command->add_option("--as-of", o->as_of, "YYYY-MM-DD (default: the last purchase day)");
  if (kind == ReportKind::kPareto) {
    command->add_option("--margin", o->margin_percent, "Gross margin, percent of revenue")
        ->capture_default_str();
    command->add_option("--cost-per-purchase-minor", o->cost_per_purchase_minor,
                        "Serving cost of each purchase day, in minor units (cents)")
        ->capture_default_str();
  }
  command->callback([kind, o] { RunReportCommand(kind, *o); });
}

}  // namespace

void AddAnalyzeCommand(CLI::App& app) {
  auto options = std::make_shared<AnalyzeOptions>();
  auto* analyze = app.add_subcommand("analyze", "Customer analytics: CLV, RFM, Pareto, cohorts, churn");
  analyze->require_subcommand(1);
  AddClv(*analyze, options);
  AddPredict(*analyze, options);
  AddReport(*analyze, ReportKind::kRfm, "RFM scores and segments", options);
  AddReport(*analyze, ReportKind::kPareto, "Revenue concentration: the top k% of customers", options);
  AddReport(*analyze, ReportKind::kCohorts, "Monthly acquisition cohorts: retention and revenue",
            options);
  AddReport(*analyze, ReportKind::kChurn, "Churn risk bands from P(alive) and recency", options);
}

}  // namespace loyal::app
