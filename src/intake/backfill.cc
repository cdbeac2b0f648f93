#include "intake/backfill.h"

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "intake/order_points.h"
#include "intake/order_points_store.h"
#include "intake/shop_context.h"
#include "intake/tier_effects.h"
#include "ledger/ledger_service.h"
#include "orders/order_service.h"

namespace loyal::intake {
namespace {

// The chunk's orders: those after `after_order_id` in range that have no record yet.
Result<std::vector<std::pair<int64_t, std::string>>> NextOrders(db::Transaction& tx,
                                                                const BackfillOptions& options,
                                                                int64_t after_order_id) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT o.order_id, o.external_id FROM orders o WHERE o.order_id > $1 "
                          "AND o.placed_day >= $2 AND NOT EXISTS (SELECT 1 FROM order_points p "
                          "WHERE p.customer_id = o.customer_id AND p.order_id = o.order_id) "
                          "ORDER BY o.order_id LIMIT $3",
                          {db::Value(std::max(after_order_id, options.first_order_id - 1)),
                           db::Value(static_cast<int64_t>(options.since.value_or(INT32_MIN))),
                           db::Value(static_cast<int64_t>(options.chunk_orders))}));
  std::vector<std::pair<int64_t, std::string>> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.emplace_back(rows[i].Int(0), rows[i].Text(1));
  return out;
}

// An order stored with its status unchanged since reached it when placed (as
// EarnForNewOrder has it); one moved there later, at its last status change.
std::optional<Timestamp> ReleaseEvent(const orders::Order& order,
                                      const settings::ShopSettings& shop) {
  if (!ReachedRelease(order.status, shop.points_release)) return std::nullopt;
  return order.updated_at == order.created_at ? order.placed_at : order.updated_at;
}

int64_t Earned(const store::OrderPoints& record) {
  int64_t points = record.first_order_bonus + record.spend_bonus;
  for (int64_t line : record.line_points) points += line;
  return points;
}

// One chunk's work, in one transaction.
class Chunk {
 public:
  Chunk(db::Transaction& tx, const program::ProgramVersion& version,
        const settings::ShopSettings& shop, Timestamp now, BackfillCounts& counts)
      : tx_(tx), version_(version), shop_(shop), now_(now), counts_(counts) {}

  // Earns for the order the shop calls `external_id` and applies its history.
  Status Order(const std::string& external_id) {
    LOY_ASSIGN_OR_RETURN(orders::Order order, orders::GetOrder(tx_, external_id));
    ++counts_.orders;
    const program::Program& rules = version_.program;
    if (!BuyerMayEarn(order, rules)) return {};
    const bool cancelled = order.status == orders::OrderStatus::kCancelled;
    // Stored cancelled and never changed: live intake earned nothing for it either.
    if (cancelled && order.updated_at == order.created_at) return {};
    bool first = false;
    if (rules.earning.first_order_bonus > 0) {
      LOY_ASSIGN_OR_RETURN(first, IsFirstOrder(tx_, order, FirstOf::kStoredBefore));
    }
    const std::optional<Timestamp> release = ReleaseEvent(order, shop_);
    // History earns at ×1: the tiers the buyer held back then are not replayed.
    EarnContext context{first, program::kMillionths, release};
    LOY_ASSIGN_OR_RETURN(auto record, EarnOrderPoints(tx_, order, version_, context, shop_, now_));
    if (!record) return {};
    ++counts_.earned;
    counts_.points += Earned(*record);
    if (cancelled) {
      ++counts_.cancelled;
      LOY_RETURN_IF_ERROR(CancelOrderPoints(tx_, *record, order, now_));
    } else {
      LOY_RETURN_IF_ERROR(History(order, release, *record));
    }
    return writer_.Add(tx_, *record);
  }

  // Writes the records still buffered and releases what is due.
  Status Finish() {
    LOY_RETURN_IF_ERROR(writer_.Flush(tx_));
    for (int64_t customer_id : due_) {
      LOY_RETURN_IF_ERROR(ledger::ReleaseDue(tx_, customer_id, now_).map([](auto&&) {}));
    }
    return {};
  }

 private:
  // Replays the order's returns, oldest first, each against the order as it stood just
  // after it, and releases the points once the return window has passed, as the jobs had:
  // a return inside the window cancels pending points, one after it claws back.
  Status History(const orders::Order& order, std::optional<Timestamp> release,
                 store::OrderPoints& record) {
    const auto window = std::chrono::days(shop_.return_window_days);
    bool released = false;
    auto release_by = [&](Timestamp at) -> Status {
      if (released || !release || *release + window > at || *release + window > now_) return {};
      released = true;
      return ledger::ReleaseDue(tx_, order.customer_id, now_).map([](auto&&) {});
    };
    orders::Order as_then = order;
    bool any = as_then.refunded_minor > 0;
    for (orders::OrderLine& line : as_then.lines) {
      any = any || line.returned_quantity > 0;
      line.returned_quantity = 0;
    }
    as_then.refunded_minor = 0;
    std::vector<orders::Return> returns;
    if (any) {
      LOY_ASSIGN_OR_RETURN(returns, orders::ListOrderReturns(tx_, order.external_id));
    }
    for (const orders::Return& ret : returns) {
      for (const orders::ReturnLine& line : ret.lines) {
        if (!line.order_line_no) continue;
        as_then.lines.at(*line.order_line_no).returned_quantity += line.quantity;
      }
      as_then.refunded_minor += ret.refund_minor;
      LOY_RETURN_IF_ERROR(release_by(ret.returned_at));
      LOY_RETURN_IF_ERROR(ReverseReturnPoints(tx_, as_then, ret, version_.program, record, now_));
      ++counts_.returns;
    }
    // Released with the customer's other due lots when the chunk ends: one release
    // transaction per customer, as the jobs would post it.
    if (!released && release && *release + window <= now_) due_.insert(order.customer_id);
    return {};
  }

  db::Transaction& tx_;
  const program::ProgramVersion& version_;
  const settings::ShopSettings& shop_;
  const Timestamp now_;
  BackfillCounts& counts_;
  store::OrderPointsWriter writer_;
  std::set<int64_t> due_;  // customers with points to release at the end
};

}  // namespace

Result<BackfillCounts> Backfill(db::Database& db, program::ProgramCache& programs,
                                const BackfillOptions& options, Timestamp now) {
  BackfillCounts counts;
  int64_t after = 0;
  for (;;) {
    LOY_ASSIGN_OR_RETURN(
        bool more, db::WithTransaction(db, [&](db::Transaction& tx) -> Result<bool> {
          LOY_ASSIGN_OR_RETURN(auto current, programs.Current(tx));
          if (!current) {
            return FailedPrecondition(
                "the store has no program, so nothing can earn: `loyal program init` or `loyal "
                "program set` first");
          }
          LOY_ASSIGN_OR_RETURN(Shop shop, ShopContext(tx, now));
          LOY_ASSIGN_OR_RETURN(auto orders, NextOrders(tx, options, after));
          Chunk chunk(tx, *current, shop.settings, now, counts);
          for (const auto& [order_id, external_id] : orders) {
            LOY_RETURN_IF_ERROR(chunk.Order(external_id));
            after = order_id;
          }
          LOY_RETURN_IF_ERROR(chunk.Finish());
          return static_cast<int>(orders.size()) == options.chunk_orders;
        }));
    if (!more) break;
  }
  // The members' tiers as the history they now have earns them.
  LOY_ASSIGN_OR_RETURN(auto current, db::WithReadTransaction(db, program::CurrentProgram));
  LOY_ASSIGN_OR_RETURN(Shop shop, db::WithReadTransaction(db, [&](db::Transaction& tx) {
                         return ShopContext(tx, now);
                       }));
  LOY_ASSIGN_OR_RETURN(counts.tier_moves, EvaluateAllTiers(db, shop.settings, *current,
                                                           program::TierReason::kBackfill, now));
  return counts;
}

}  // namespace loyal::intake
