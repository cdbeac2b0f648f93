#include "program/simulation.h"

#include <date/date.h>

#include <chrono>
#include <map>

#include "core/money.h"
#include "orders/order_service.h"
#include "program/member_replay.h"
#include "program/stored_order_rules.h"

namespace loyal::program {
namespace {

// Customers replayed per page read from the store.
constexpr int kCustomersPerPage = 2000;

DayNumber MonthStart(DayNumber day) {
  const date::year_month_day ymd{date::sys_days{date::days{day}}};
  return static_cast<DayNumber>(
      date::sys_days{ymd.year() / ymd.month() / 1}.time_since_epoch().count());
}

DayNumber NextMonthStart(DayNumber month_start) {
  const date::year_month_day ymd{date::sys_days{date::days{month_start}}};
  const auto next = date::year_month{ymd.year(), ymd.month()} + date::months{1};
  return static_cast<DayNumber>(date::sys_days{next / 1}.time_since_epoch().count());
}

// Sums what every member's replay reports, by month; what is held at a month's end is the
// running sum of the changes up to it.
class MonthlySums : public ReplaySink {
 public:
  MonthlySums(const settings::ShopSettings& shop, size_t levels) : shop_(shop), levels_(levels) {}

  void OnOrder(DayNumber day, const orders::Order& order, int64_t kept_minor) override {
    if (order.status == orders::OrderStatus::kCancelled) return;
    Month& m = At(day);
    ++m.sums.orders;
    if (order.currency == shop_.default_currency) m.sums.revenue_minor += kept_minor;
  }

  void OnPoints(DayNumber day, PointsFlow flow, int64_t points) override {
    SimulationPeriod& m = At(day).sums;
    switch (flow) {
      case PointsFlow::kIssued:
        m.issued += points;
        break;
      case PointsFlow::kReversed:
        m.reversed += points;
        break;
      case PointsFlow::kRedeemed:
        m.redeemed += points;
        break;
      case PointsFlow::kExpired:
        m.expired += points;
        break;
      case PointsFlow::kDebtRecorded:
        m.debt_recorded += points;
        break;
      case PointsFlow::kDebtSettled:
        m.debt_settled += points;
        break;
    }
  }

  void OnJoined(DayNumber day, size_t level) override { ++At(day).members_change[level]; }

  void OnTierMove(DayNumber day, size_t from, size_t to) override {
    Month& m = At(day);
    --m.members_change[from];
    ++m.members_change[to];
    ++(to > from ? m.sums.upgrades : m.sums.downgrades);
  }

  // The months from `first` through `last`, with the running balances filled in.
  std::vector<SimulationPeriod> Months(DayNumber first, DayNumber last) {
    std::vector<SimulationPeriod> out;
    int64_t outstanding = 0, debt = 0;
    std::vector<int64_t> members(levels_, 0);
    for (DayNumber start = MonthStart(first); start <= last; start = NextMonthStart(start)) {
      Month& m = At(start);
      SimulationPeriod period = m.sums;
      period.first_day = start;
      outstanding += period.issued - period.reversed + period.debt_recorded - period.debt_settled -
                     period.redeemed - period.expired;
      debt += period.debt_recorded - period.debt_settled;
      for (size_t i = 0; i < levels_; ++i) members[i] += m.members_change[i];
      period.outstanding = outstanding;
      period.debt = debt;
      period.tier_members = members;
      out.push_back(std::move(period));
    }
    return out;
  }

 private:
  struct Month {
    SimulationPeriod sums;
    std::vector<int64_t> members_change;
  };
  Month& At(DayNumber day) {
    auto [it, added] = months_.try_emplace(MonthStart(day));
    if (added) it->second.members_change.assign(levels_, 0);
    return it->second;
  }

  const settings::ShopSettings& shop_;
  const size_t levels_;
  std::map<DayNumber, Month> months_;
};

SimulationPeriod Total(const std::vector<SimulationPeriod>& months, DayNumber first_day) {
  SimulationPeriod total;
  total.first_day = first_day;
  for (const SimulationPeriod& m : months) {
    total.orders += m.orders;
    total.revenue_minor += m.revenue_minor;
    total.issued += m.issued;
    total.reversed += m.reversed;
    total.redeemed += m.redeemed;
    total.expired += m.expired;
    total.debt_recorded += m.debt_recorded;
    total.debt_settled += m.debt_settled;
    total.upgrades += m.upgrades;
    total.downgrades += m.downgrades;
  }
  if (!months.empty()) {
    total.outstanding = months.back().outstanding;
    total.debt = months.back().debt;
    total.tier_members = months.back().tier_members;
  }
  return total;
}

Result<int64_t> Value(int64_t points, const settings::ShopSettings& shop) {
  return LineTotalMinor(points, shop.point_value_micros, shop.default_currency);
}

}  // namespace

Result<SimulationReport> Simulate(db::Database& db, const Program& program,
                                  const settings::ShopSettings& shop,
                                  const SimulationOptions& options, Timestamp now) {
  const DayNumber today = orders::LocalDay(now, shop.time_zone);
  ReplayOptions replay;
  replay.redemption_rate_millionths = options.redemption_rate_millionths;
  const DayNumber last = options.to.value_or(today);
  if (options.from && last < *options.from) {
    return InvalidArgument("the simulation ends before it starts", "to");
  }
  replay.end = std::min(now, orders::StartOfDay(last + 1, shop.time_zone));
  if (options.from) replay.start = orders::StartOfDay(*options.from, shop.time_zone);
  SimulationReport report;
  report.currency = std::string(shop.default_currency.code());
  report.point_value_micros = shop.point_value_micros;
  if (program.tiers) {
    for (const TierLevel& level : program.tiers->levels) report.tier_codes.push_back(level.code);
  }
  MonthlySums sums(shop, report.tier_codes.size());
  std::optional<DayNumber> first_order_day;
  const bool categories = HasCategoryRules(program.earning);
  auto replay_all = [&](db::Transaction& tx) -> Status {
    int64_t after = 0;
    for (;;) {
      LOY_ASSIGN_OR_RETURN(auto page,
                           orders::ReadCustomerHistories(tx, after, kCustomersPerPage, categories));
      if (page.empty()) return {};
      for (const orders::CustomerHistory& history : page) {
        LOY_ASSIGN_OR_RETURN(ReplayOutcome outcome,
                             ReplayMember(history, program, shop, replay, sums));
        if (!outcome.first_order_day) continue;
        ++report.customers;
        first_order_day =
            std::min(first_order_day.value_or(*outcome.first_order_day), *outcome.first_order_day);
      }
      after = page.back().customer_id;
    }
  };
  LOY_RETURN_IF_ERROR(db::RunInReadTransaction(db, replay_all));
  report.first_day = options.from.value_or(first_order_day.value_or(last));
  report.last_day = last;
  report.months = sums.Months(report.first_day, report.last_day);
  report.total = Total(report.months, report.first_day);
  const SimulationPeriod& t = report.total;
  LOY_ASSIGN_OR_RETURN(report.cost_minor, Value(t.issued - t.reversed - t.expired, shop));
  LOY_ASSIGN_OR_RETURN(report.liability_minor, Value(t.outstanding, shop));
  if (t.orders > 0) report.cost_per_order_minor = report.cost_minor / t.orders;
  if (t.revenue_minor > 0) {
    report.cost_share_millionths =
        MulDivFloor(std::max<int64_t>(report.cost_minor, 0), kMillionths, t.revenue_minor);
  }
  return report;
}

}  // namespace loyal::program
