#include "intake/event_intake.h"

#include <algorithm>

#include "core/hashing.h"
#include "customers/customer_service.h"
#include "intake/event_store.h"
#include "intake/shop_context.h"
#include "intake/tier_effects.h"
#include "ledger/ledger_queries.h"
#include "ledger/ledger_service.h"
#include "orders/orders.h"
#include "program/expiry.h"
#include "program/program_service.h"

namespace loyal::intake {
namespace {

constexpr size_t kEventTokenBytes = 12;

// DayNumber 0 (1970-01-01) was a Thursday: three days after a Monday.
DayNumber MondayOf(DayNumber day) {
  const int since_monday = ((day + 3) % 7 + 7) % 7;
  return day - since_monday;
}

// Earns the event's points as an available lot, expiring as the program says from the day
// the event occurred, and fills in what the event earned; returns the lot.
Result<int64_t> EarnEventPoints(db::Transaction& tx, int64_t customer_id,
                                const program::ProgramVersion& current,
                                const program::EventRule& rule, const settings::ShopSettings& shop,
                                RecordedEvent& event, Timestamp now) {
  const Timestamp earned_at = std::min(event.occurred_at, now);
  ledger::EarnRequest earn;
  earn.points = rule.points;
  earn.earned_at = earned_at;
  earn.activity_at = event.occurred_at;
  if (auto day = program::ExpiryDayAfterEarning(current.program.expiry,
                                                orders::LocalDay(earned_at, shop.time_zone))) {
    earn.expires_at = StartOfDay(*day, shop.time_zone);
  }
  earn.memo = ledger::Memo{"event " + rule.name + " " + event.public_id, "event", event.public_id,
                           current.version, std::nullopt};
  // No return window: available at once, settling any debt first.
  LOY_ASSIGN_OR_RETURN(ledger::Posted posted, ledger::EarnAvailable(tx, customer_id, earn, now));
  event.points = rule.points;
  event.expires_at = earn.expires_at;
  event.balances = posted.balances;
  return *posted.lot_id;
}

// Whether the event is over its rule's cap, counting it.
Result<bool> OverCap(db::Transaction& tx, int64_t customer_id, const program::EventRule& rule,
                     DayNumber day) {
  if (!rule.cap_count) return false;
  LOY_ASSIGN_OR_RETURN(int64_t count, store::CountEvent(tx, customer_id, rule.name,
                                                        CapPeriodKey(rule.cap_period, day)));
  return count > *rule.cap_count;
}

}  // namespace

std::string CapPeriodKey(program::CapPeriod period, DayNumber day) {
  switch (period) {
    case program::CapPeriod::kDay:
      return "day:" + FormatDate(day);
    case program::CapPeriod::kWeek:
      return "week:" + FormatDate(MondayOf(day));
    case program::CapPeriod::kMonth:
      return "month:" + FormatDate(day).substr(0, 7);
    case program::CapPeriod::kYear:
      return "year:" + FormatDate(day).substr(0, 4);
    case program::CapPeriod::kLifetime:
      break;
  }
  return "lifetime";
}

Result<RecordedEvent> RecordEvent(db::Transaction& tx, const EventRequest& request, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(Shop shop, ShopContext(tx, now));
  LOY_ASSIGN_OR_RETURN(customers::Customer customer,
                       customers::GetCustomer(tx, request.customer_external_id));
  LOY_ASSIGN_OR_RETURN(auto current, program::CurrentProgram(tx));
  if (!current) return FailedPrecondition("no loyalty program is in force: nothing can earn");
  const program::EventRule* rule = current->program.FindEvent(request.name);
  if (rule == nullptr) {
    return FailedPrecondition("the program has no event called \"" + request.name + "\"", "name");
  }
  if (customer.kind == customers::CustomerKind::kGuest && !current->program.earning.guests_earn) {
    return FailedPrecondition("guests earn no points under this program", "id");
  }
  RecordedEvent event;
  event.customer_external_id = request.customer_external_id;
  event.name = request.name;
  event.reference = request.reference;
  event.program_version = current->version;
  event.occurred_at =
      request.occurred_at ? ToUtc(*request.occurred_at, shop.settings.time_zone) : now;
  if (event.occurred_at > now + kMaxEventLead) {
    return FailedPrecondition("occurred_at is more than a day in the future", "occurred_at");
  }
  LOY_ASSIGN_OR_RETURN(std::string token, RandomToken(kEventTokenBytes));
  event.public_id = "evt_" + token;
  const DayNumber day = orders::LocalDay(event.occurred_at, shop.settings.time_zone);
  LOY_ASSIGN_OR_RETURN(event.capped, OverCap(tx, customer.customer_id, *rule, day));
  std::optional<int64_t> lot_id;
  if (event.capped) {
    LOY_RETURN_IF_ERROR(ledger::RecordActivity(tx, customer.customer_id, event.occurred_at, now));
    LOY_ASSIGN_OR_RETURN(event.balances, ledger::GetBalances(tx, customer.customer_id));
  } else {
    LOY_ASSIGN_OR_RETURN(lot_id, EarnEventPoints(tx, customer.customer_id, *current, *rule,
                                                 shop.settings, event, now));
  }
  LOY_RETURN_IF_ERROR(
      store::InsertEvent(tx,
                         store::StoredEvent{customer.customer_id, event.public_id, event.name,
                                            event.occurred_at, event.reference, event.points,
                                            event.capped, event.program_version, lot_id},
                         now));
  // Points earned move a tier whose basis counts them; guests hold no tier.
  const auto& tiers = current->program.tiers;
  if (event.points > 0 && tiers && tiers->Uses(program::TierBasis::kPoints) &&
      customer.kind != customers::CustomerKind::kGuest) {
    LOY_RETURN_IF_ERROR(EvaluateTier(tx, *current, customer.customer_id,
                                     program::TierReason::kEvent, event.public_id, shop.settings,
                                     now));
  }
  return event;
}

}  // namespace loyal::intake
