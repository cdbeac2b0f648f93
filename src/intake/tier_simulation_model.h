// The independent model of member tiers for tier_simulation_test.cc, written from the rules
// in docs/loyalty.md ("Member tiers") and not from src/program/: a member's orders as the
// shop placed, returned and cancelled them; the window of each kind counted day by day from
// the calendar; qualification, retain, grace and the three downgrade policies. Pure; one
// thread.
#pragma once

#include <date/date.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace loyal::intake::tier_model {

enum class Window { kRolling, kCalendar, kAnniversary, kLifetime };
enum class Policy { kNone, kOneLevel, kRecompute };

struct Threshold {
  int64_t eur_minor = 0;
  int64_t orders = 0;
  int64_t points = 0;
};

struct Rules {
  bool by_points = false;  // else spend or orders, either one enough
  Window window = Window::kRolling;
  Policy policy = Policy::kRecompute;
  int grace_days = 0;
  std::vector<Threshold> entry, retain;  // per level; level 0's unused
  std::vector<int64_t> multiplier;       // whole factors per level
};

struct Order {
  int32_t day = 0;
  int64_t unit_eur = 0;
  int64_t quantity = 0;
  int64_t returned = 0;
  bool cancelled = false;
  int64_t multiplier = 1;  // of the level held when it was placed
  int64_t Kept() const { return cancelled ? 0 : (quantity - returned) * unit_eur * 100; }
  bool Counts() const { return !cancelled && returned < quantity; }
  int64_t Points() const { return cancelled ? 0 : (quantity - returned) * unit_eur * multiplier; }
};

struct Member {
  std::vector<Order> orders;
  int32_t since = 0;  // the first order's day
  size_t level = 0;
  std::optional<int32_t> below_since;
};

inline date::year_month_day Ymd(int32_t day) { return date::sys_days{date::days{day}}; }
inline int32_t DayOf(date::year_month_day ymd) {
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / date::last;  // 29 Feb in a common year
  return static_cast<int32_t>(date::sys_days{ymd}.time_since_epoch().count());
}

// Whether an order of `order_day` counts on `today` for a member since `since`.
inline bool InWindow(Window w, int32_t order_day, int32_t today, int32_t since) {
  if (order_day > today) return false;
  const date::year_month_day t = Ymd(today);
  switch (w) {
    case Window::kRolling:  // after the same date a year ago
      return order_day > DayOf((t.year() - date::years{1}) / t.month() / t.day());
    case Window::kCalendar:
      return Ymd(order_day).year() == t.year();
    case Window::kAnniversary: {
      const date::year_month_day s = Ymd(since);
      int32_t start = DayOf(t.year() / s.month() / s.day());
      if (start > today) start = DayOf((t.year() - date::years{1}) / s.month() / s.day());
      return order_day >= std::max(start, since);
    }
    case Window::kLifetime:
      return true;
  }
  return false;
}

inline Threshold Amounts(const Rules& r, const Member& m, int32_t today) {
  Threshold a;
  for (const Order& o : m.orders) {
    if (!InWindow(r.window, o.day, today, m.since)) continue;
    a.eur_minor += o.Kept();
    a.orders += o.Counts() ? 1 : 0;
    a.points += o.Points();
  }
  return a;
}

inline bool Meets(const Rules& r, const Threshold& t, const Threshold& a) {
  return r.by_points ? a.points >= t.points : (a.eur_minor >= t.eur_minor || a.orders >= t.orders);
}

// One evaluation on `today`, as the shop's rules describe it.
inline void Evaluate(const Rules& r, Member& m, int32_t today) {
  const Threshold a = Amounts(r, m, today);
  size_t qualified = 0;
  for (size_t i = 1; i < r.entry.size(); ++i) {
    if (Meets(r, r.entry[i], a)) qualified = i;
  }
  auto keeps = [&](size_t level) { return level == 0 || Meets(r, r.retain[level], a); };
  if (qualified >= m.level) {
    m.level = qualified;
    m.below_since.reset();
    return;
  }
  if (keeps(m.level) || r.policy == Policy::kNone) {
    m.below_since.reset();
    return;
  }
  const int32_t since = m.below_since.value_or(today);
  if (today < since + r.grace_days) {
    m.below_since = since;
    return;
  }
  size_t to = m.level - 1;
  if (r.policy == Policy::kRecompute) {
    while (to > qualified && !keeps(to)) --to;
  }
  m.level = to;
  m.below_since.reset();
  if (!keeps(to)) m.below_since = today;  // a new grace for the level moved to
}

}  // namespace loyal::intake::tier_model
