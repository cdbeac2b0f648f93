// The program simulator: the store's order history replayed under a proposed program
// (member_replay.h), one member at a time, summed per calendar month of the shop: points
// issued, taken back, redeemed and expired, what members hold at each month's end and its
// value (the liability), the tier distribution and the moves between tiers, and what the
// program costs per order and as a share of revenue. It reads the store and never writes.
//
// Thread-safety: stateless; `db` is shared as database.h says.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "program/program.h"
#include "settings/settings.h"

namespace loyal::program {

struct SimulationOptions {
  std::optional<DayNumber> from;  // the program starts then: earlier orders are left out
  std::optional<DayNumber> to;    // the last day replayed (default: today)
  // The share of the points made available that members redeem at once (millionths);
  // nullopt: they redeem the catalog's rewards as soon as they can afford one.
  std::optional<int64_t> redemption_rate_millionths;
};

// Points and orders of one month, or of the whole run.
struct SimulationPeriod {
  DayNumber first_day = 0;    // the month's first day (of the run: its first day)
  int64_t orders = 0;         // orders placed, not cancelled
  int64_t revenue_minor = 0;  // their net merchandise kept, in the shop's default currency
  int64_t issued = 0, reversed = 0, redeemed = 0, expired = 0;
  int64_t debt_recorded = 0, debt_settled = 0;
  int64_t upgrades = 0, downgrades = 0;
  // At the period's end: what members hold (pending and available), what they owe, and
  // the members per tier level (the program's order).
  int64_t outstanding = 0, debt = 0;
  std::vector<int64_t> tier_members;
};

struct SimulationReport {
  DayNumber first_day = 0, last_day = 0;
  std::string currency;  // the shop's default, in which money is valued
  int64_t point_value_micros = 0;
  std::vector<std::string> tier_codes;  // empty without tiers
  int64_t customers = 0;                // with at least one order replayed
  std::vector<SimulationPeriod> months;
  SimulationPeriod total;
  // What the program costs: points issued that are neither taken back nor expired, valued
  // at the point value; per order and as a share (millionths) of revenue.
  int64_t cost_minor = 0, cost_per_order_minor = 0, cost_share_millionths = 0;
  int64_t liability_minor = 0;  // total.outstanding valued
};

// Replays every customer's stored orders and returns under `program`, with the shop's
// settings `shop`, as of `now`. Errors: invalid_argument (field "to") when `to` is before
// `from`; the store's.
[[nodiscard]] Result<SimulationReport> Simulate(db::Database& db, const Program& program,
                                                const settings::ShopSettings& shop,
                                                const SimulationOptions& options, Timestamp now);

// The report as JSON (docs/loyalty.md "Simulating a program"): money as *_minor integers and
// decimal strings. Errors: internal when a value overflows.
[[nodiscard]] Result<boost::json::object> SimulationJson(const SimulationReport& report);

// Two reports side by side, with `other` less `program` on the totals.
[[nodiscard]] Result<boost::json::object> ComparisonJson(const SimulationReport& program,
                                                         const SimulationReport& other);

}  // namespace loyal::program
