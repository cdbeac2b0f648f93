#include "program/member_replay.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <queue>
#include <string>

#include "core/money.h"
#include "program/earning.h"
#include "program/expiry.h"
#include "program/stored_order_rules.h"
#include "program/tier_outlook.h"

namespace loyal::program {
namespace {

// At one instant the jobs' work (releases, expiries) comes before the customer's own.
enum class EventKind { kRelease, kExpire, kInactivity, kOrder, kCancel, kReturn };

struct Event {
  Timestamp at;
  EventKind kind;
  size_t seq = 0;    // tie-break: the order events were scheduled in
  size_t index = 0;  // the order, the return, the lot, or the activity day
  bool operator>(const Event& o) const {
    if (at != o.at) return at > o.at;
    if (kind != o.kind) return kind > o.kind;
    return seq > o.seq;
  }
};

// One replayed order: the record as it stands after what has happened to it so far.
struct OrderState {
  const orders::Order* stored = nullptr;
  orders::Order as_then;  // returned quantities and refund so far
  bool first = false;
  bool cancelled = false;
  std::optional<size_t> lot;
  OrderEarning earning;
  int64_t first_kept = 0, spend_kept = 0;     // bonuses the kept part still reaches
  std::optional<size_t> spend_at, points_at;  // its tier contributions
};

class Replay {
 public:
  Replay(const orders::CustomerHistory& history, const Program& program,
         const settings::ShopSettings& shop, const ReplayOptions& options, ReplaySink& sink)
      : history_(history),
        program_(program),
        shop_(shop),
        options_(options),
        sink_(sink),
        books_([this](Timestamp at, PointsFlow flow, int64_t points) {
          sink_.OnPoints(Day(at), flow, points);
        }) {}

  Result<ReplayOutcome> Run() {
    Schedule();
    while (!events_.empty()) {
      const Event event = events_.top();
      events_.pop();
      AdvanceTiers(Day(event.at));
      LOY_RETURN_IF_ERROR(Handle(event));
    }
    AdvanceTiers(Day(options_.end - std::chrono::seconds(1)));
    for (const OrderState& o : orders_)
      sink_.OnOrder(o.stored->placed_day, *o.stored, KeptMinor(o));
    outcome_.pending = books_.pending();
    outcome_.available = books_.available();
    outcome_.debt = books_.debt();
    if (member_) outcome_.tier_level = tier_.level;
    return std::move(outcome_);
  }

 private:
  DayNumber Day(Timestamp at) const { return orders::LocalDay(at, shop_.time_zone); }

  void Push(Timestamp at, EventKind kind, size_t index) {
    if (at < options_.end) events_.push(Event{at, kind, seq_++, index});
  }

  // The orders in range and what happened to them, as events.
  void Schedule() {
    int64_t first_live = INT64_MAX;
    for (const orders::Order& o : history_.orders) {
      if (options_.start && o.placed_at < *options_.start) continue;
      if (o.placed_at >= options_.end) continue;
      const bool cancelled = o.status == orders::OrderStatus::kCancelled;
      // Stored cancelled and never changed: it earned nothing and counts for nothing.
      if (cancelled && o.updated_at == o.created_at) continue;
      if (!cancelled) first_live = std::min(first_live, o.order_id);
      OrderState state;
      state.stored = &o;
      state.as_then = o;
      for (orders::OrderLine& line : state.as_then.lines) line.returned_quantity = 0;
      state.as_then.refunded_minor = 0;
      orders_.push_back(std::move(state));
      outcome_.first_order_day =
          std::min(outcome_.first_order_day.value_or(o.placed_day), o.placed_day);
    }
    for (size_t i = 0; i < orders_.size(); ++i) {
      const orders::Order& o = *orders_[i].stored;
      orders_[i].first = o.order_id <= first_live;
      by_id_[o.order_id] = i;
      Push(o.placed_at, EventKind::kOrder, i);
      if (o.status == orders::OrderStatus::kCancelled) Push(o.updated_at, EventKind::kCancel, i);
    }
    for (size_t r = 0; r < history_.returns.size(); ++r) {
      const orders::Return& ret = history_.returns[r];
      if (ret.order_id && by_id_.count(*ret.order_id)) Push(ret.returned_at, EventKind::kReturn, r);
    }
    member_ = program_.tiers.has_value() && !history_.orders.empty() &&
              !IsGuestOrder(history_.orders.front());
  }

  Status Handle(const Event& e) {
    switch (e.kind) {
      case EventKind::kOrder:
        return PlaceOrder(orders_[e.index]);
      case EventKind::kCancel:
        Cancel(orders_[e.index], e.at);
        return {};
      case EventKind::kReturn:
        Return(history_.returns[e.index], e.at);
        return {};
      case EventKind::kRelease:
        Redeem(books_.Release(e.index, e.at), e.at);
        return {};
      case EventKind::kExpire:
        books_.ExpireLot(e.index, e.at);
        return {};
      case EventKind::kInactivity:
        if (last_activity_ == static_cast<DayNumber>(e.index)) books_.ExpireAll(e.at);
        return {};
    }
    return {};
  }

  Status PlaceOrder(OrderState& o) {
    const orders::Order& order = *o.stored;
    const DayNumber day = order.placed_day;
    if (BuyerMayEarn(order, program_)) {
      RecordActivity(day);
      OrderFacts facts = StoredOrderFacts(order, o.first);
      facts.tier_multiplier_millionths = Multiplier();
      LOY_ASSIGN_OR_RETURN(o.earning, EarnForOrder(program_.earning, facts));
      if (o.earning.Total() > 0) Book(o, facts.tier_multiplier_millionths);
    }
    if (member_) {
      if (program_.tiers->Uses(TierBasis::kSpend) || program_.tiers->Uses(TierBasis::kOrders)) {
        o.spend_at = dated_.size();
        dated_.push_back({day, std::string(order.currency.code()), order.net_minor, 1, 0});
      }
      if (o.lot && program_.tiers->Uses(TierBasis::kPoints)) {
        o.points_at = dated_.size();
        dated_.push_back({day, "", 0, 0, o.earning.Total()});
      }
    }
    EvaluateTier(day);
    return {};
  }

  // The order's lot: pending until the return window after its release event has passed.
  void Book(OrderState& o, int64_t multiplier) {
    const orders::Order& order = *o.stored;
    std::optional<Timestamp> expires;
    if (auto day = ExpiryDayAfterEarning(program_.expiry, order.placed_day)) {
      expires = orders::StartOfDay(*day, shop_.time_zone);
    }
    o.lot = books_.Earn(order.placed_at, o.earning.Total(), expires);
    o.first_kept = o.earning.first_order_bonus;
    o.spend_kept = o.earning.spend_bonus;
    outcome_.orders.push_back({order.order_id, multiplier, o.earning.Total()});
    if (ReachedRelease(order.status, shop_.points_release)) {
      const Timestamp event =
          order.updated_at == order.created_at ? order.placed_at : order.updated_at;
      Push(event + std::chrono::days(shop_.return_window_days), EventKind::kRelease, *o.lot);
    }
    if (expires) Push(*expires, EventKind::kExpire, *o.lot);
  }

  void Cancel(OrderState& o, Timestamp at) {
    o.cancelled = true;
    if (o.lot) books_.TakeBack(*o.lot, books_.Kept(*o.lot), at);
    Recount(o);
    EvaluateTier(Day(at));
  }

  void Return(const orders::Return& ret, Timestamp at) {
    OrderState& o = orders_[by_id_.at(*ret.order_id)];
    int64_t points = 0;
    for (const orders::ReturnLine& line : ret.lines) {
      if (!line.order_line_no) continue;
      orders::OrderLine& bought = o.as_then.lines.at(*line.order_line_no);
      if (o.lot) {
        points += PointsForReturnedUnits(o.earning.line_points.at(*line.order_line_no),
                                         bought.quantity, bought.returned_quantity, line.quantity);
      }
      bought.returned_quantity += line.quantity;
    }
    o.as_then.refunded_minor += ret.refund_minor;
    if (o.lot) {
      // Bonuses by the rules that granted them, on what the customer kept.
      const OrderBonuses kept = BonusesFor(program_.earning, std::string(o.stored->currency.code()),
                                           o.stored->net_minor - o.as_then.refunded_minor, o.first);
      const int64_t first_kept = std::min(kept.first_order_bonus, o.first_kept);
      const int64_t spend_kept = std::min(kept.spend_bonus, o.spend_kept);
      points += o.first_kept - first_kept + o.spend_kept - spend_kept;
      o.first_kept = first_kept;
      o.spend_kept = spend_kept;
      books_.TakeBack(*o.lot, points, at);
    }
    Recount(o);
    EvaluateTier(Day(at));
  }

  // The net merchandise the order keeps: net less refunds; nothing once cancelled.
  static int64_t KeptMinor(const OrderState& o) {
    return o.cancelled ? 0 : o.stored->net_minor - o.as_then.refunded_minor;
  }

  // The order's tier contributions after a cancellation or return (orders::KeptOrder).
  void Recount(const OrderState& o) {
    if (o.spend_at) {
      const int64_t refunded = o.as_then.refunded_minor;
      const bool wholly_refunded = refunded > 0 && refunded >= o.stored->net_minor;
      dated_[*o.spend_at].spend_minor = KeptMinor(o);
      dated_[*o.spend_at].orders = o.cancelled || wholly_refunded ? 0 : 1;
    }
    if (o.points_at) dated_[*o.points_at].points = books_.Kept(*o.lot);
  }

  void RecordActivity(DayNumber day) {
    if (last_activity_ && *last_activity_ >= day) return;
    last_activity_ = day;
    if (auto gone = ExpiryDayAfterInactivity(program_.expiry, day)) {
      Push(orders::StartOfDay(*gone, shop_.time_zone), EventKind::kInactivity,
           static_cast<size_t>(day));
    }
  }

  int64_t Multiplier() const {
    if (!member_) return kMillionths;
    return program_.tiers->levels[tier_.level].benefits.earn_multiplier_millionths;
  }

  // An evaluation after an order, cancellation or return on `day`.
  void EvaluateTier(DayNumber day) {
    if (!member_) return;
    const TierRules& rules = *program_.tiers;
    if (!joined_) {
      joined_ = true;
      member_since_ = day;
      sink_.OnJoined(day, 0);
    }
    const TierState before = tier_;
    tier_ = NextTierState(rules, tier_, AmountsInWindow(rules, dated_, day, member_since_), day);
    if (tier_.level != before.level) sink_.OnTierMove(day, before.level, tier_.level);
    evaluated_through_ = day;
  }

  // The daily job's evaluations up to and including `day`. A member at the base level and
  // not in grace cannot move without an order (amounts only leave the window), so the job
  // skips them, as the live one does.
  void AdvanceTiers(DayNumber day) {
    if (!joined_ || evaluated_through_ >= day) return;
    if (tier_.level > 0 || tier_.below_retain_since) {
      tier_ = AdvanceTierDaily(
          *program_.tiers, tier_, dated_, evaluated_through_ + 1, day, member_since_,
          [&](DayNumber on, const TierAmounts&, const TierState& before, const TierState& after) {
            if (after.level != before.level) sink_.OnTierMove(on, before.level, after.level);
            return true;
          });
    }
    evaluated_through_ = day;
  }

  // What the member redeems of the points a release made available.
  void Redeem(int64_t released, Timestamp at) {
    if (options_.redemption_rate_millionths) {
      books_.Redeem(MulDivFloor(released, *options_.redemption_rate_millionths, kMillionths), at);
      return;
    }
    while (const Reward* reward = CheapestRedeemable(at)) {
      books_.Redeem(reward->points_cost, at);
      ++redeemed_[reward->code];
    }
  }

  const Reward* CheapestRedeemable(Timestamp at) const {
    const Reward* best = nullptr;
    for (const Reward& r : program_.rewards) {
      if (r.points_cost > books_.available() || (best && best->points_cost <= r.points_cost)) {
        continue;
      }
      if (!RedeemableAt(r, at, shop_.time_zone)) continue;
      if (r.per_customer_limit) {
        auto used = redeemed_.find(r.code);
        if (used != redeemed_.end() && used->second >= *r.per_customer_limit) continue;
      }
      if (r.tier) {
        auto level = program_.tiers ? program_.tiers->FindLevel(*r.tier) : std::nullopt;
        if (!member_ || !level || tier_.level < *level) continue;
      }
      best = &r;
    }
    return best;
  }

  const orders::CustomerHistory& history_;
  const Program& program_;
  const settings::ShopSettings& shop_;
  const ReplayOptions& options_;
  ReplaySink& sink_;
  ReplayBooks books_;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_;
  size_t seq_ = 0;
  std::vector<OrderState> orders_;
  std::map<int64_t, size_t> by_id_;
  std::optional<DayNumber> last_activity_;
  std::map<std::string, int64_t> redeemed_;  // per reward code
  // Tiers: whether the customer is a member (not a guest, the program has tiers), and the
  // state the evaluations left.
  bool member_ = false, joined_ = false;
  TierState tier_;
  DayNumber member_since_ = 0, evaluated_through_ = 0;
  std::vector<TierContribution> dated_;
  ReplayOutcome outcome_;
};

}  // namespace

Result<ReplayOutcome> ReplayMember(const orders::CustomerHistory& history, const Program& program,
                                   const settings::ShopSettings& shop, const ReplayOptions& options,
                                   ReplaySink& sink) {
  return Replay(history, program, shop, options, sink).Run();
}

}  // namespace loyal::program
