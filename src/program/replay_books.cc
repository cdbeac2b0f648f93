#include "program/replay_books.h"

#include <algorithm>
#include <numeric>

namespace loyal::program {

size_t ReplayBooks::Earn(Timestamp at, int64_t points, std::optional<Timestamp> expires_at) {
  lots_.push_back(Lot{points, points, 0, expires_at, LotState::kPending});
  on_flow_(at, PointsFlow::kIssued, points);
  return lots_.size() - 1;
}

int64_t ReplayBooks::Release(size_t index, Timestamp at) {
  Lot& lot = lots_[index];
  if (lot.state != LotState::kPending) return 0;
  lot.state = LotState::kAvailable;
  const int64_t settled = std::min(debt_, lot.remaining);
  if (settled > 0) {
    lot.remaining -= settled;
    debt_ -= settled;
    on_flow_(at, PointsFlow::kDebtSettled, settled);
  }
  if (lot.expires_at && *lot.expires_at <= at) {
    ExpireLot(index, at);
    return 0;
  }
  return lot.remaining;
}

void ReplayBooks::ExpireLot(size_t index, Timestamp at) {
  Lot& lot = lots_[index];
  if (lot.state != LotState::kAvailable) return;
  if (lot.remaining > 0) on_flow_(at, PointsFlow::kExpired, lot.remaining);
  lot.remaining = 0;
  lot.state = LotState::kDone;
}

void ReplayBooks::ExpireAll(Timestamp at) {
  for (size_t i = 0; i < lots_.size(); ++i) ExpireLot(i, at);
}

void ReplayBooks::TakeBack(size_t index, int64_t points, Timestamp at) {
  Lot& lot = lots_[index];
  points = std::min(points, Kept(index));
  if (points <= 0) return;
  lot.reversed += points;
  on_flow_(at, PointsFlow::kReversed, points);
  if (lot.state == LotState::kPending) {
    lot.remaining -= points;
    return;
  }
  int64_t left = points;
  if (lot.state == LotState::kAvailable) {
    const int64_t own = std::min(left, lot.remaining);
    lot.remaining -= own;
    left -= own;
  }
  left -= Spend(left);
  if (left > 0) {
    debt_ += left;
    on_flow_(at, PointsFlow::kDebtRecorded, left);
  }
}

void ReplayBooks::Redeem(int64_t points, Timestamp at) {
  const int64_t spent = Spend(std::min(points, available()));
  if (spent > 0) on_flow_(at, PointsFlow::kRedeemed, spent);
}

int64_t ReplayBooks::Spend(int64_t points) {
  // Spending order: the earliest expiry first, lots that never expire last, then as earned.
  std::vector<size_t> order;
  for (size_t i = 0; i < lots_.size(); ++i) {
    if (lots_[i].state == LotState::kAvailable && lots_[i].remaining > 0) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto& ea = lots_[a].expires_at;
    const auto& eb = lots_[b].expires_at;
    if (ea.has_value() != eb.has_value()) return ea.has_value();
    return ea && *ea < *eb;
  });
  int64_t taken = 0;
  for (size_t i : order) {
    if (taken == points) break;
    const int64_t take = std::min(points - taken, lots_[i].remaining);
    lots_[i].remaining -= take;
    taken += take;
  }
  return taken;
}

int64_t ReplayBooks::pending() const {
  return std::accumulate(lots_.begin(), lots_.end(), int64_t{0}, [](int64_t sum, const Lot& l) {
    return sum + (l.state == LotState::kPending ? l.remaining : 0);
  });
}

int64_t ReplayBooks::available() const {
  return std::accumulate(lots_.begin(), lots_.end(), int64_t{0}, [](int64_t sum, const Lot& l) {
    return sum + (l.state == LotState::kAvailable ? l.remaining : 0);
  });
}

}  // namespace loyal::program
