#include <string>

#include "core/money.h"
#include "http/json_write.h"
#include "program/simulation.h"

namespace loyal::program {
namespace {

std::string Month(DayNumber first_day) { return FormatDate(first_day).substr(0, 7); }

Result<boost::json::object> PeriodJson(const SimulationPeriod& p, const SimulationReport& report,
                                       const Currency& currency) {
  boost::json::object out{{"orders", p.orders}};
  http::PutMoney(out, "revenue", p.revenue_minor, currency.exponent());
  out["points"] = boost::json::object{{"issued", p.issued},           {"reversed", p.reversed},
                                      {"redeemed", p.redeemed},       {"expired", p.expired},
                                      {"outstanding", p.outstanding}, {"debt", p.debt}};
  LOY_ASSIGN_OR_RETURN(int64_t liability,
                       LineTotalMinor(p.outstanding, report.point_value_micros, currency));
  http::PutMoney(out, "liability", liability, currency.exponent());
  if (!report.tier_codes.empty()) {
    boost::json::object members;
    for (size_t i = 0; i < report.tier_codes.size(); ++i) {
      members[report.tier_codes[i]] = p.tier_members.empty() ? 0 : p.tier_members[i];
    }
    out["tiers"] = boost::json::object{
        {"members", std::move(members)}, {"upgrades", p.upgrades}, {"downgrades", p.downgrades}};
  }
  return out;
}

}  // namespace

Result<boost::json::object> SimulationJson(const SimulationReport& report) {
  auto currency = Currency::ParseStored(report.currency);
  if (!currency) return Internal("the report's currency is malformed");
  boost::json::object out{{"from", FormatDate(report.first_day)},
                          {"to", FormatDate(report.last_day)},
                          {"currency", report.currency},
                          {"point_value", FormatScaledDecimal(report.point_value_micros, 6)},
                          {"customers", report.customers}};
  LOY_ASSIGN_OR_RETURN(boost::json::object total, PeriodJson(report.total, report, *currency));
  http::PutMoney(total, "cost", report.cost_minor, currency->exponent());
  http::PutMoney(total, "cost_per_order", report.cost_per_order_minor, currency->exponent());
  total["cost_share_of_revenue"] = FormatScaledDecimal(report.cost_share_millionths, 6);
  out["total"] = std::move(total);
  boost::json::array months;
  for (const SimulationPeriod& m : report.months) {
    LOY_ASSIGN_OR_RETURN(boost::json::object month, PeriodJson(m, report, *currency));
    month.emplace("month", Month(m.first_day));
    months.push_back(std::move(month));
  }
  out["months"] = std::move(months);
  return out;
}

Result<boost::json::object> ComparisonJson(const SimulationReport& program,
                                           const SimulationReport& other) {
  LOY_ASSIGN_OR_RETURN(boost::json::object a, SimulationJson(program));
  LOY_ASSIGN_OR_RETURN(boost::json::object b, SimulationJson(other));
  const SimulationPeriod& x = program.total;
  const SimulationPeriod& y = other.total;
  boost::json::object difference{
      {"points", boost::json::object{{"issued", y.issued - x.issued},
                                     {"reversed", y.reversed - x.reversed},
                                     {"redeemed", y.redeemed - x.redeemed},
                                     {"expired", y.expired - x.expired},
                                     {"outstanding", y.outstanding - x.outstanding}}},
      {"upgrades", y.upgrades - x.upgrades},
      {"downgrades", y.downgrades - x.downgrades}};
  auto currency = Currency::ParseStored(program.currency);
  http::PutMoney(difference, "cost", other.cost_minor - program.cost_minor, currency->exponent());
  http::PutMoney(difference, "liability", other.liability_minor - program.liability_minor,
                 currency->exponent());
  return boost::json::object{
      {"program", std::move(a)}, {"compare", std::move(b)}, {"difference", std::move(difference)}};
}

}  // namespace loyal::program
