// The intake points simulation's own model of the program and of orders
// (points_simulation_test.cc): the rules it runs under, as constants and plain arithmetic
// written from docs/loyalty.md rather than from the code under test, so that the
// simulation checks the code against them. Test-only; values and pure functions.
#pragma once

#include <date/date.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"
#include "db/sql_values.h"
#include "ledger/ledger_model.h"
#include "program/program.h"

namespace loyal::intake::simulation_model {

using ledger::model::LotKey;

constexpr int64_t kDay = 86400;
constexpr int64_t kNever = 253'402'300'799;  // a lot waiting for its order's release
constexpr int kCustomers = 4;
constexpr int64_t kFirstOrderBonus = 100, kSpendBonus = 50, kSpendFrom = 10'000;
constexpr int kExpiryMonths = 2, kWindowDays = 7, kHoldTimeout = 30 * 60;
constexpr int64_t kReviewPoints = 10, kReviewsPerDay = 2;

inline Timestamp At(int64_t seconds) { return db::AtSeconds(seconds); }

// The first second at which points earned at `earned` are gone: the same day two months
// later (the month's last day when it is shorter), at midnight UTC (the shop's zone).
inline int64_t ExpiryOf(int64_t earned) {
  const date::sys_days day =
      date::floor<date::days>(date::sys_seconds(std::chrono::seconds(earned)));
  date::year_month_day ymd = date::year_month_day(day) + date::months(kExpiryMonths);
  if (!ymd.ok())
    ymd = date::year_month_day(
        date::year_month_day_last(ymd.year(), date::month_day_last(ymd.month())));
  return date::sys_days(ymd).time_since_epoch().count() * kDay;
}

struct MLine {
  int64_t quantity = 0, amount_minor = 0, returned = 0, points = 0;
};

enum class Stage { kPlaced, kPaid, kShipped, kDelivered, kCancelled };

struct MOrder {
  std::string id, customer;
  Stage stage = Stage::kPlaced;
  std::vector<MLine> lines;
  bool first = false;
  int64_t first_kept = 0, spend_kept = 0, total_minor = 0, refunded_minor = 0;
  std::optional<LotKey> lot;   // none when it earned nothing
  std::optional<size_t> hold;  // the customer's hold (index in MCustomer::holds) it pays with
};

inline program::Program SimProgram() {
  program::Program p;
  p.earning.rate_millionths["EUR"] = program::kMillionths;
  p.earning.first_order_bonus = kFirstOrderBonus;
  p.earning.spend_bonuses = {{"EUR", kSpendFrom, kSpendBonus}};
  p.expiry.policy = program::ExpiryPolicy::kAfterEarning;
  p.expiry.months = kExpiryMonths;
  p.events = {{"review", kReviewPoints, kReviewsPerDay, program::CapPeriod::kDay}};
  return p;
}

// What the order earns under the program (each line's points set, the order's total and
// kept bonuses filled in), `first` saying whether it is the customer's first live order.
inline int64_t EarnedBy(MOrder& order, bool first) {
  int64_t points = 0;
  for (MLine& line : order.lines) {
    line.points = line.amount_minor / 100;
    points += line.points;
    order.total_minor += line.amount_minor;
  }
  order.first = first;
  order.first_kept = first ? kFirstOrderBonus : 0;
  order.spend_kept = order.total_minor >= kSpendFrom ? kSpendBonus : 0;
  return points + order.first_kept + order.spend_kept;
}

// Records `units` of line `line_no` returned and gives the points that takes back: pro rata
// on the units returned so far (so all of them reverse the line's points), and the bonuses
// the rest of the order no longer reaches.
inline int64_t ReturnUnits(MOrder& order, int64_t line_no, int64_t units) {
  MLine& line = order.lines[static_cast<size_t>(line_no)];
  int64_t points = line.points * (line.returned + units) / line.quantity -
                   line.points * line.returned / line.quantity;
  line.returned += units;
  order.refunded_minor += line.amount_minor / line.quantity * units;
  const int64_t kept = order.total_minor - order.refunded_minor;
  const int64_t first = kept > 0 ? order.first_kept : 0;
  const int64_t spend = kept >= kSpendFrom ? order.spend_kept : 0;
  points += order.first_kept - first + order.spend_kept - spend;
  order.first_kept = first;
  order.spend_kept = spend;
  return points;
}

// The share of the order's merchandise returned so far, as (returned, whole): each line's
// returned value pro rata to its units over the order's value, or units over units when
// the merchandise was free. A hold the order paid with comes back in this share.
inline std::pair<int64_t, int64_t> ReturnedShare(const MOrder& order) {
  int64_t returned = 0, whole = 0;
  for (const MLine& l : order.lines) {
    returned += l.amount_minor * l.returned / l.quantity;
    whole += l.amount_minor;
  }
  if (whole > 0) return {returned, whole};
  returned = 0;
  for (const MLine& l : order.lines) {
    returned += l.returned;
    whole += l.quantity;
  }
  return {returned, whole};
}

}  // namespace loyal::intake::simulation_model
