// `loyal program simulate`: the store's history replayed under a program document
// (program/simulation.h), printed as a table per month or as JSON, beside a second program
// with --compare. It opens the store read-only in effect: nothing is written.
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <memory>

#include "app/command_support.h"
#include "app/program_command.h"
#include "core/money.h"
#include "db/open.h"
#include "program/simulation.h"
#include "settings/settings_service.h"

namespace loyal::app {
namespace {

struct SimulateOptions {
  std::string db, program, compare, from, to, redemption_rate;
  bool json = false;
};

Result<program::SimulationOptions> ReadOptions(const SimulateOptions& o) {
  program::SimulationOptions out;
  if (!o.from.empty()) {
    LOY_ASSIGN_OR_RETURN(out.from, ParseDate(o.from));
  }
  if (!o.to.empty()) {
    LOY_ASSIGN_OR_RETURN(out.to, ParseDate(o.to));
  }
  if (!o.redemption_rate.empty()) {
    auto rate = ParseScaledDecimal(o.redemption_rate, 6);
    if (!rate || *rate < 0 || *rate > program::kMillionths) {
      return InvalidArgument("--redemption-rate is a share from 0 to 1, such as 0.35",
                             "redemption_rate");
    }
    out.redemption_rate_millionths = *rate;
  }
  return out;
}

void PrintTable(const program::SimulationReport& r, const char* title) {
  std::printf("%s: %s to %s, %lld customers, points valued at %s %s\n", title,
              FormatDate(r.first_day).c_str(), FormatDate(r.last_day).c_str(),
              static_cast<long long>(r.customers),
              FormatScaledDecimal(r.point_value_micros, 6).c_str(), r.currency.c_str());
  std::printf("%-8s %8s %10s %10s %10s %10s %12s", "month", "orders", "issued", "reversed",
              "redeemed", "expired", "outstanding");
  for (const std::string& code : r.tier_codes) std::printf(" %9s", code.c_str());
  std::printf("\n");
  auto row = [&](const std::string& label, const program::SimulationPeriod& p) {
    std::printf("%-8s %8lld %10lld %10lld %10lld %10lld %12lld", label.c_str(),
                static_cast<long long>(p.orders), static_cast<long long>(p.issued),
                static_cast<long long>(p.reversed), static_cast<long long>(p.redeemed),
                static_cast<long long>(p.expired), static_cast<long long>(p.outstanding));
    for (int64_t n : p.tier_members) std::printf(" %9lld", static_cast<long long>(n));
    std::printf("\n");
  };
  for (const program::SimulationPeriod& m : r.months) row(FormatDate(m.first_day).substr(0, 7), m);
  row("total", r.total);
  const int exponent = Currency::ParseStored(r.currency)->exponent();
  std::printf(
      "upgrades %lld, downgrades %lld; liability %s, cost %s (%s per order, %s%% of "
      "revenue %s)\n",
      static_cast<long long>(r.total.upgrades), static_cast<long long>(r.total.downgrades),
      FormatScaledDecimal(r.liability_minor, exponent).c_str(),
      FormatScaledDecimal(r.cost_minor, exponent).c_str(),
      FormatScaledDecimal(r.cost_per_order_minor, exponent).c_str(),
      FormatScaledDecimal(r.cost_share_millionths, 4).c_str(),
      FormatScaledDecimal(r.total.revenue_minor, exponent).c_str());
}

Status Simulate(const SimulateOptions& o) {
  LOY_ASSIGN_OR_RETURN(program::SimulationOptions options, ReadOptions(o));
  LOY_ASSIGN_OR_RETURN(program::Program proposed, ReadProgramFile(o.program));
  std::optional<program::Program> other;
  if (!o.compare.empty()) {
    LOY_ASSIGN_OR_RETURN(other, ReadProgramFile(o.compare));
  }
  LOY_ASSIGN_OR_RETURN(auto db, db::OpenExistingDatabase(o.db));
  LOY_ASSIGN_OR_RETURN(settings::ShopSettings shop, db::WithReadTransaction(*db, settings::Load));
  SystemClock clock;
  LOY_ASSIGN_OR_RETURN(program::SimulationReport report,
                       program::Simulate(*db, proposed, shop, options, clock.Now()));
  std::optional<program::SimulationReport> compared;
  if (other) {
    LOY_ASSIGN_OR_RETURN(compared, program::Simulate(*db, *other, shop, options, clock.Now()));
  }
  if (o.json) {
    LOY_ASSIGN_OR_RETURN(boost::json::object out, compared
                                                      ? program::ComparisonJson(report, *compared)
                                                      : program::SimulationJson(report));
    std::printf("%s\n", boost::json::serialize(out).c_str());
    return {};
  }
  PrintTable(report, o.program.c_str());
  if (compared) {
    std::printf("\n");
    PrintTable(*compared, o.compare.c_str());
  }
  return {};
}

}  // namespace

void AddSimulateCommand(CLI::App& program) {
  auto options = std::make_shared<SimulateOptions>();
  auto* cmd = program.add_subcommand(
      "simulate", "Replay the stored orders under a program document; nothing is written");
  AddDbOption(*cmd, options->db);
  cmd->add_option("--program", options->program, "the program document to price (JSON)")
      ->required();
  cmd->add_option("--compare", options->compare, "a second program document, side by side");
  cmd->add_option("--from", options->from, "the program starts on this day (YYYY-MM-DD)");
  cmd->add_option("--to", options->to, "the last day replayed (YYYY-MM-DD; default today)");
  cmd->add_option("--redemption-rate", options->redemption_rate,
                  "the share of released points members redeem (0..1); default: the "
                  "cheapest affordable reward of the catalog, whenever they can");
  cmd->add_flag("--json", options->json, "print the report as JSON");
  cmd->callback([options] {
    if (auto done = Simulate(*options); !done) ExitWith(ReportError(done.error()));
  });
}

}  // namespace loyal::app
