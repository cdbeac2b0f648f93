// The program simulator's core: one member's stored history (orders and returns) replayed
// under a program as live intake and the daily jobs would have booked it as it happened.
// Each order earns by the program's earning rules (earning.h, read as stored_order_rules.h
// reads a stored order) at the multiplier of the tier the member held just before it; its
// points stay pending until the return window after its release event has passed; a
// cancellation takes back what the order's lot still holds and a return what its lines
// earned (and the bonuses the kept part no longer reaches); points expire by the expiry
// rules; tiers are evaluated after every order, cancellation and return, and once a day
// (tier_outlook.h AdvanceTierDaily). Redemptions follow an assumed rate or the rewards
// catalog (see ReplayOptions). Everything is reported to a ReplaySink as dated flows.
//
// What stored data cannot say is read as the backfill reads it (intake/backfill.h): an
// order's status changed once, at its updated_at (its release event then, or its
// cancellation); an order stored cancelled and never changed earned nothing and counts for
// nothing; the first-order bonus goes to the order no earlier stored live order precedes.
//
// Pure: no store, no clock. Thread-safe for distinct sinks.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "orders/order_service.h"
#include "program/program.h"
#include "program/replay_books.h"
#include "settings/settings.h"

namespace loyal::program {

struct ReplayOptions {
  std::optional<Timestamp> start;  // orders placed before are left out (the program starts)
  Timestamp end;                   // nothing at or after it happens
  // Of the points each lot makes available, this share (millionths) is redeemed at once.
  // nullopt: members redeem the cheapest reward of the catalog they may, whenever they can
  // afford it (valid then, their tier allowing, within the per-customer limit; stock is
  // not modelled).
  std::optional<int64_t> redemption_rate_millionths;
};

// What the replay tells the report, as it happens.
class ReplaySink {
 public:
  virtual ~ReplaySink() = default;
  // An order placed (that earns or not): its day and the net merchandise it kept by `end`.
  virtual void OnOrder(DayNumber day, const orders::Order& order, int64_t kept_minor) = 0;
  virtual void OnPoints(DayNumber day, PointsFlow flow, int64_t points) = 0;
  // A member's first evaluation put them at `level`; later ones moved them.
  virtual void OnJoined(DayNumber day, size_t level) = 0;
  virtual void OnTierMove(DayNumber day, size_t from, size_t to) = 0;
};

// One earning order's outcome: what the backfill books for it.
struct ReplayedOrder {
  int64_t order_id = 0;
  int64_t tier_multiplier_millionths = 0;
  int64_t points = 0;  // earned, before anything was taken back
};

// The member's books at `end`.
struct ReplayOutcome {
  std::vector<ReplayedOrder> orders;
  int64_t pending = 0, available = 0, debt = 0;
  std::optional<size_t> tier_level;  // nullopt for a guest, or without tiers
  std::optional<DayNumber> first_order_day;  // of the orders replayed; nullopt: none were
};

// Replays `history` under `program` for the shop `shop`. Errors: invalid_argument when a
// stored order cannot earn (an amount out of range; it could not have been stored).
[[nodiscard]] Result<ReplayOutcome> ReplayMember(const orders::CustomerHistory& history,
                                                 const Program& program,
                                                 const settings::ShopSettings& shop,
                                                 const ReplayOptions& options, ReplaySink& sink);

}  // namespace loyal::program
