// Internal to the simulator: one member's points books in memory while their history is
// replayed (member_replay.h), kept by the ledger's rules (ledger/ledger_service.h): lots
// released after the return window, settling debt first; spent and clawed back oldest expiry
// first; a clawback the available points cannot cover is debt; what remains of a lot at its
// expiry expires (a lot still pending then, at its release). Every change is reported as a
// dated flow. Values only; one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/time.h"

namespace loyal::program {

// What a change of a member's books is, for the simulation's report.
enum class PointsFlow { kIssued, kReversed, kRedeemed, kExpired, kDebtRecorded, kDebtSettled };

using OnFlow = std::function<void(Timestamp at, PointsFlow flow, int64_t points)>;

class ReplayBooks {
 public:
  explicit ReplayBooks(OnFlow on_flow) : on_flow_(std::move(on_flow)) {}

  // A new pending lot; returns its index.
  size_t Earn(Timestamp at, int64_t points, std::optional<Timestamp> expires_at);
  // The pending lot becomes available (what it releases settles debt first); a lot past its
  // expiry then expires. Returns the points it made available.
  int64_t Release(size_t lot, Timestamp at);
  // What remains of the lot expires, if it is available.
  void ExpireLot(size_t lot, Timestamp at);
  // Every available point expires (the inactivity policy).
  void ExpireAll(Timestamp at);
  // Takes back up to `points` the lot earned and has not given back: cancelled from a
  // pending lot; from an available one clawed back from it, then from the other available
  // lots in spending order, and what they cannot cover as debt.
  void TakeBack(size_t lot, int64_t points, Timestamp at);
  // What the lot earned less what was taken back.
  int64_t Kept(size_t lot) const { return lots_[lot].points - lots_[lot].reversed; }
  // Spends `points` (at most the available balance) in spending order.
  void Redeem(int64_t points, Timestamp at);

  int64_t pending() const;
  int64_t available() const;
  int64_t debt() const { return debt_; }

 private:
  enum class LotState { kPending, kAvailable, kDone };
  struct Lot {
    int64_t points = 0, remaining = 0, reversed = 0;
    std::optional<Timestamp> expires_at;
    LotState state = LotState::kPending;
  };
  // Takes up to `points` from the available lots in spending order; returns what it took.
  int64_t Spend(int64_t points);

  OnFlow on_flow_;
  std::vector<Lot> lots_;
  int64_t debt_ = 0;
};

}  // namespace loyal::program
