#include "intake/order_points.h"

#include <algorithm>
#include <chrono>

#include "customers/customers.h"
#include "intake/order_points_store.h"
#include "intake/shop_context.h"
#include "intake/tier_effects.h"
#include "ledger/ledger_queries.h"
#include "ledger/ledger_service.h"
#include "orders/catalog_service.h"
#include "orders/order_service.h"
#include "program/earning.h"
#include "program/expiry.h"
#include "program/program_service.h"
#include "program/stored_order_rules.h"

namespace loyal::intake {
namespace {

// A pending lot waits for its order's release event; until then it is never due.
const Timestamp kReleaseNotScheduled = Timestamp(std::chrono::seconds(253'402'300'799));

// Lines as the program sees them (program/stored_order_rules.h). An order stored before
// categories were (NULL) falls back to the catalog when some rule asks for categories.
Result<program::OrderFacts> FactsOf(db::Transaction& tx, const orders::Order& order,
                                    const program::EarningRules& rules, bool first_order) {
  program::OrderFacts facts = program::StoredOrderFacts(order, first_order);
  if (!program::HasCategoryRules(rules)) return facts;
  for (program::EarnLine& earn : facts.lines) {
    if (earn.category) continue;
    auto product = orders::GetProduct(tx, earn.sku);
    if (product) {
      earn.category = product->category;
    } else if (product.error().code != ErrorCode::kNotFound) {
      return tl::unexpected(product.error());
    }
  }
  return facts;
}

ledger::Memo OrderMemo(const std::string& reason, const std::string& order_id,
                       int64_t program_version) {
  return ledger::Memo{reason + " " + order_id, "order", order_id, program_version, std::nullopt};
}

// Takes `points` back from the order's lot: cancels what is still pending, claws back (into
// debt where spent) what was released.
Status TakeBack(db::Transaction& tx, const store::OrderPoints& record, int64_t points,
                const ledger::Memo& memo, Timestamp now) {
  if (points <= 0) return {};
  LOY_ASSIGN_OR_RETURN(auto lot, ledger::GetLot(tx, record.customer_id, record.lot_id));
  if (lot.state == ledger::LotState::kPending) {
    return ledger::CancelPending(tx, record.customer_id, record.lot_id, points, memo, now)
        .map([](auto&&) {});
  }
  return ledger::ClawBack(tx, record.customer_id, record.lot_id, points, memo, now).map([](auto&&) {
  });
}

}  // namespace

// Any other live order is enough to say no, so the query stops at the first it finds.
Result<bool> IsFirstOrder(db::Transaction& tx, const orders::Order& order, FirstOf scope) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query(std::string("SELECT 1 FROM orders WHERE customer_id = $1 AND order_id ") +
                              (scope == FirstOf::kStoredBefore ? "<" : "<>") +
                              " $2 AND status <> 'cancelled' LIMIT 1",
                          {db::Value(order.customer_id), db::Value(order.order_id)}));
  return rows.empty();
}

Result<std::optional<store::OrderPoints>> EarnOrderPoints(
    db::Transaction& tx, const orders::Order& order, const program::ProgramVersion& version,
    const EarnContext& context, const settings::ShopSettings& shop, Timestamp now) {
  const program::Program& rules = version.program;
  const bool first_order = context.first_order;
  const std::optional<Timestamp>& release_event = context.release_event;
  LOY_ASSIGN_OR_RETURN(program::OrderFacts facts, FactsOf(tx, order, rules.earning, first_order));
  facts.tier_multiplier_millionths = context.tier_multiplier_millionths;
  LOY_ASSIGN_OR_RETURN(program::OrderEarning earning, program::EarnForOrder(rules.earning, facts));
  if (earning.Total() == 0) return std::optional<store::OrderPoints>();
  ledger::EarnRequest request;
  request.points = earning.Total();
  request.earned_at = order.placed_at;
  request.activity_at = order.placed_at;
  request.available_from = release_event
                               ? *release_event + std::chrono::days(shop.return_window_days)
                               : kReleaseNotScheduled;
  if (auto day = program::ExpiryDayAfterEarning(rules.expiry, order.placed_day)) {
    request.expires_at = StartOfDay(*day, shop.time_zone);
  }
  request.memo = OrderMemo("order", order.external_id, version.version);
  LOY_ASSIGN_OR_RETURN(ledger::Posted posted, ledger::Earn(tx, order.customer_id, request, now));
  return std::optional<store::OrderPoints>(store::OrderPoints{
      order.customer_id, order.order_id, *posted.lot_id, version.version, first_order,
      earning.first_order_bonus, earning.spend_bonus, earning.first_order_bonus,
      earning.spend_bonus, release_event.has_value(), earning.line_points});
}

Status CancelOrderPoints(db::Transaction& tx, const store::OrderPoints& record,
                         const orders::Order& order, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(auto lot, ledger::GetLot(tx, record.customer_id, record.lot_id));
  return TakeBack(tx, record, lot.points - lot.reversed,
                  OrderMemo("cancelled order", order.external_id, record.program_version), now);
}

Status ReverseReturnPoints(db::Transaction& tx, const orders::Order& order,
                           const orders::Return& ret, const program::Program& rules,
                           store::OrderPoints& record, Timestamp now) {
  int64_t points = 0;
  for (const orders::ReturnLine& line : ret.lines) {
    if (!line.order_line_no) continue;
    const orders::OrderLine& bought = order.lines.at(*line.order_line_no);
    const int64_t before = bought.returned_quantity - line.quantity;
    points += program::PointsForReturnedUnits(record.line_points.at(*line.order_line_no),
                                              bought.quantity, before, line.quantity);
  }
  // Bonuses by the rules that granted them, on what the customer kept.
  program::OrderBonuses kept =
      program::BonusesFor(rules.earning, std::string(order.currency.code()),
                          order.net_minor - order.refunded_minor, record.first_order);
  const int64_t first_kept = std::min(kept.first_order_bonus, record.first_order_bonus_kept);
  const int64_t spend_kept = std::min(kept.spend_bonus, record.spend_bonus_kept);
  points += record.first_order_bonus_kept - first_kept + record.spend_bonus_kept - spend_kept;
  record.first_order_bonus_kept = first_kept;
  record.spend_bonus_kept = spend_kept;
  return TakeBack(tx, record, points,
                  OrderMemo("return " + ret.external_id + " of order", order.external_id,
                            record.program_version),
                  now);
}

Status EarnForNewOrder(db::Transaction& tx, program::ProgramCache& programs,
                       const orders::Order& order, const settings::ShopSettings& shop,
                       Timestamp now) {
  LOY_ASSIGN_OR_RETURN(auto current, programs.Current(tx));
  if (!current) return {};
  const program::Program& rules = current->program;
  if (!BuyerMayEarn(order, rules)) return {};
  if (order.status == orders::OrderStatus::kCancelled) return {};
  EarnContext context;
  // Only a first-order bonus needs to know whether this is the first order.
  if (rules.earning.first_order_bonus > 0) {
    LOY_ASSIGN_OR_RETURN(context.first_order, IsFirstOrder(tx, order, FirstOf::kAllOrders));
  }
  // The tier the buyer holds before this order counts towards it.
  LOY_ASSIGN_OR_RETURN(context.tier_multiplier_millionths,
                       TierEarnMultiplier(tx, order.customer_id, rules));
  // An order stored at or past its release event starts the return window when placed.
  if (ReachedRelease(order.status, shop.points_release)) context.release_event = order.placed_at;
  const std::optional<Timestamp>& release_event = context.release_event;
  LOY_ASSIGN_OR_RETURN(auto record, EarnOrderPoints(tx, order, *current, context, shop, now));
  // Every order of a customer who may earn is activity, whatever it earns (Earn records it
  // in its own balance update).
  if (!record) return ledger::RecordActivity(tx, order.customer_id, order.placed_at, now);
  LOY_RETURN_IF_ERROR(store::Insert(tx, *record));
  if (release_event) return ledger::ReleaseDue(tx, order.customer_id, now).map([](auto&&) {});
  return {};
}

Status ApplyOrderStatusToPoints(db::Transaction& tx, const orders::Order& order,
                                const settings::ShopSettings& shop, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(auto record, store::Find(tx, order.customer_id, order.order_id));
  if (!record) return {};
  if (order.status == orders::OrderStatus::kCancelled) {
    return CancelOrderPoints(tx, *record, order, now);
  }
  if (record->release_scheduled || !ReachedRelease(order.status, shop.points_release)) return {};
  // Returns before the release event may have cancelled every point; nothing is left to wait.
  LOY_ASSIGN_OR_RETURN(auto lot, ledger::GetLot(tx, record->customer_id, record->lot_id));
  if (lot.state == ledger::LotState::kPending) {
    LOY_RETURN_IF_ERROR(ledger::ScheduleRelease(tx, record->customer_id, record->lot_id,
                                                now + std::chrono::days(shop.return_window_days),
                                                now));
  }
  record->release_scheduled = true;
  LOY_RETURN_IF_ERROR(store::Update(tx, *record));
  return ledger::ReleaseDue(tx, order.customer_id, now).map([](auto&&) {});
}

Status ReversePointsForReturn(db::Transaction& tx, program::ProgramCache& programs,
                              const orders::Return& ret, Timestamp now) {
  if (!ret.order_external_id) return {};
  LOY_ASSIGN_OR_RETURN(orders::Order order, orders::GetOrder(tx, *ret.order_external_id));
  LOY_ASSIGN_OR_RETURN(auto record, store::Find(tx, order.customer_id, order.order_id));
  if (!record) return {};
  LOY_ASSIGN_OR_RETURN(auto version, programs.Version(tx, record->program_version));
  LOY_RETURN_IF_ERROR(ReverseReturnPoints(tx, order, ret, version->program, *record, now));
  return store::Update(tx, *record);
}

}  // namespace loyal::intake
