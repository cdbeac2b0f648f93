#include "intake/guest_merge.h"

#include "analytics/analytics_service.h"
#include "core/text_rules.h"
#include "customers/customer_service.h"
#include "customers/customers.h"
#include "intake/event_store.h"
#include "intake/order_points_store.h"
#include "ledger/ledger_merge.h"
#include "ledger/ledger_service.h"
#include "orders/order_service.h"

namespace loyal::intake {
namespace {

// The guest `guest_id` names, or nullopt when it names `into` already (merged before).
Result<std::optional<customers::Customer>> FindGuest(db::Transaction& tx, std::string_view guest_id,
                                                     int64_t into) {
  if (!customers::IsGuestId(guest_id)) {
    return InvalidArgument("must be a guest's id (guest_…)", "guest_id");
  }
  auto guest = customers::GetCustomer(tx, guest_id);
  if (!guest && guest.error().code == ErrorCode::kNotFound) {
    return FailedPrecondition("names no guest", "guest_id");
  }
  if (!guest) return tl::unexpected(guest.error());
  if (guest->customer_id == into) return std::optional<customers::Customer>();
  if (guest->kind != customers::CustomerKind::kGuest) {
    return FailedPrecondition("that guest was merged into another customer", "guest_id");
  }
  return std::optional<customers::Customer>(std::move(*guest));
}

}  // namespace

Result<GuestMerge> MergeGuest(db::Transaction& tx, std::string_view customer_id,
                              std::string_view guest_id, std::optional<std::string> actor,
                              Timestamp now) {
  LOY_ASSIGN_OR_RETURN(customers::Customer customer, customers::GetCustomer(tx, customer_id));
  if (customer.kind == customers::CustomerKind::kGuest) {
    return FailedPrecondition("a guest cannot take in another guest; merge both into a customer");
  }
  LOY_ASSIGN_OR_RETURN(auto guest, FindGuest(tx, guest_id, customer.customer_id));
  GuestMerge out{std::string(customer_id), std::string(guest_id)};
  if (!guest) return out;

  const std::string reason =
      "guest " + std::string(guest_id) + " merged into customer " + EscapeForMessage(customer_id);
  ledger::Memo memo{reason, "merge", std::string(guest_id), std::nullopt, std::move(actor)};
  LOY_ASSIGN_OR_RETURN(ledger::MergedBooks books,
                       ledger::MergeBooks(tx, guest->customer_id, customer.customer_id, memo, now));
  LOY_ASSIGN_OR_RETURN(orders::MovedOrders moved,
                       orders::MoveCustomerOrders(tx, guest->customer_id, customer.customer_id));
  LOY_RETURN_IF_ERROR(
      store::MoveToCustomer(tx, guest->customer_id, customer.customer_id, books.lot_ids));
  LOY_RETURN_IF_ERROR(
      store::MoveEventRecords(tx, guest->customer_id, customer.customer_id, books.lot_ids));
  // The guest's orders were the customer's activity (after_inactivity expiry).
  LOY_ASSIGN_OR_RETURN(auto guest_active, ledger::LastActivity(tx, guest->customer_id));
  if (guest_active) {
    LOY_RETURN_IF_ERROR(ledger::RecordActivity(tx, customer.customer_id, *guest_active, now));
  }
  LOY_RETURN_IF_ERROR(analytics::ForgetCustomerAnalytics(tx, guest->customer_id));
  LOY_RETURN_IF_ERROR(customers::AbsorbGuest(tx, *guest, customer.customer_id));
  // A prospect who now has the guest's orders is a buyer.
  if (moved.orders > 0) {
    LOY_RETURN_IF_ERROR(customers::EnsureBuyer(tx, customer_id, {}, now));
  }
  out.merged = true;
  out.orders = moved.orders;
  out.returns = moved.returns;
  out.pending_points = books.pending;
  out.available_points = books.available;
  out.debt = books.debt;
  return out;
}

}  // namespace loyal::intake
