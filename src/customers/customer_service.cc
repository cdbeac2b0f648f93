#include "customers/customer_service.h"

#include <charconv>

#include "core/text_rules.h"
#include "customers/customer_store.h"

namespace loyal::customers {
namespace {

// The merge rule: set fields replace, cleared ones are unset, the rest keep their values.
void ApplyInput(const CustomerInput& input, Customer& c) {
  for (const std::string& field : input.cleared) {
    if (field == "email") c.email.reset();
    if (field == "name") c.name.reset();
    if (field == "country") c.country.reset();
    if (field == "birthday") c.birthday.reset();
  }
  if (input.email) c.email = input.email;
  if (input.name) c.name = input.name;
  if (input.country) c.country = input.country;
  if (input.birthday) c.birthday = input.birthday;
  if (input.marketing_consent) c.marketing_consent = *input.marketing_consent;
  if (input.kind) c.kind = *input.kind;
}

// Whether the two records differ in nothing a caller sets (the times aside).
bool SameFields(const Customer& a, const Customer& b) {
  return a.external_id == b.external_id && a.email == b.email && a.name == b.name &&
         a.country == b.country && a.birthday == b.birthday &&
         a.marketing_consent == b.marketing_consent && a.kind == b.kind;
}

// The position is the last internal id of the previous page; routes wrap it in an opaque
// cursor (http/paging.h), so a malformed one here is a caller's bug or a forged cursor.
Result<int64_t> ParseCursor(std::string_view after) {
  if (after.empty()) return int64_t{0};
  int64_t id = 0;
  auto [end, ec] = std::from_chars(after.data(), after.data() + after.size(), id);
  if (ec != std::errc() || end != after.data() + after.size() || id < 0) {
    return InvalidArgument("is not a cursor returned by this API", "after");
  }
  return id;
}

// Inserts a new record for `external_id` unless a concurrent transaction claimed the id
// first; returns the id of whichever record holds it (fresh.customer_id when ours won).
Result<int64_t> CreateOrGetWinner(db::Transaction& tx, Customer& fresh) {
  LOY_ASSIGN_OR_RETURN(fresh.customer_id, NewCustomerId(tx));
  LOY_ASSIGN_OR_RETURN(bool claimed,
                       store::ClaimExternalId(tx, *fresh.external_id, fresh.customer_id));
  if (claimed) {
    LOY_RETURN_IF_ERROR(store::Insert(tx, fresh));
    return fresh.customer_id;
  }
  LOY_ASSIGN_OR_RETURN(auto winner, store::LookupId(tx, *fresh.external_id));
  if (!winner) return Internal("customer look-up vanished during a concurrent create");
  return *winner;
}

}  // namespace

Result<UpsertResult> UpsertCustomer(db::Transaction& tx, CustomerInput input, Timestamp now) {
  LOY_RETURN_IF_ERROR(NormalizeCustomerInput(input));
  if (input.kind == CustomerKind::kGuest) {
    return InvalidArgument("guest customers are created by guest orders only", "kind");
  }
  if (IsGuestId(input.external_id)) {
    return InvalidArgument("ids beginning with guest_ are Loyal's ids for guest customers",
                           "external_id");
  }
  LOY_ASSIGN_OR_RETURN(auto existing, store::FindByExternalId(tx, input.external_id));
  if (!existing) {
    Customer fresh;
    fresh.external_id = input.external_id;
    fresh.created_at = input.created_at.value_or(now);
    fresh.updated_at = now;
    ApplyInput(input, fresh);
    LOY_ASSIGN_OR_RETURN(int64_t id, CreateOrGetWinner(tx, fresh));
    if (id == fresh.customer_id) return UpsertResult{std::move(fresh), true};
    LOY_ASSIGN_OR_RETURN(existing, store::FindById(tx, id));
    if (!existing) return Internal("customer look-up points at a missing record");
  }
  Customer updated = *existing;
  ApplyInput(input, updated);
  // A body that changes nothing (a replay) leaves the record as it was, updated_at too.
  if (SameFields(updated, *existing)) return UpsertResult{std::move(updated), false};
  updated.updated_at = now;
  LOY_RETURN_IF_ERROR(store::Update(tx, updated));
  return UpsertResult{std::move(updated), false};
}

Result<std::vector<int64_t>> CustomersBornOn(db::Transaction& tx,
                                             const std::vector<DayNumber>& days,
                                             int64_t after_customer_id, int limit) {
  return store::BornOn(tx, days, after_customer_id, limit);
}

Result<Customer> GetCustomer(db::Transaction& tx, std::string_view external_id) {
  LOY_ASSIGN_OR_RETURN(auto found, store::FindByExternalId(tx, external_id));
  if (!found) return NotFound("no customer with id '" + EscapeForMessage(external_id) + "'");
  return std::move(*found);
}

Result<Customer> GetCustomerById(db::Transaction& tx, int64_t customer_id) {
  LOY_ASSIGN_OR_RETURN(auto found, store::FindById(tx, customer_id));
  if (!found) return NotFound("no such customer");
  return std::move(*found);
}

Result<CustomerPage> ListCustomers(db::Transaction& tx, const ListQuery& query) {
  if (query.limit < 1 || query.limit > http::kMaxPageSize) {
    return InvalidArgument("must be between 1 and 500", "limit");
  }
  store::ListFilter filter;
  LOY_ASSIGN_OR_RETURN(filter.after_id, ParseCursor(query.after));
  filter.limit = query.limit;
  filter.kind = query.kind;
  if (query.email) {
    LOY_ASSIGN_OR_RETURN(filter.email, NormalizeEmail(*query.email, "email"));
  }
  CustomerPage page;
  LOY_ASSIGN_OR_RETURN(page.customers, store::List(tx, filter));
  if (static_cast<int>(page.customers.size()) == query.limit) {
    page.next_after = std::to_string(page.customers.back().customer_id);
  }
  return page;
}

Result<int64_t> EnsureBuyer(db::Transaction& tx, std::string_view external_id,
                            const BuyerContact& contact, Timestamp now) {
  LOY_RETURN_IF_ERROR(CheckText(external_id, rules::kExternalId, "customer.external_id"));
  LOY_ASSIGN_OR_RETURN(auto id, store::LookupId(tx, external_id));
  if (!id && IsGuestId(external_id)) {
    return InvalidArgument("names no guest customer (ids beginning with guest_ are Loyal's)",
                           "customer.external_id");
  }
  if (!id) {
    Customer fresh;
    fresh.external_id = std::string(external_id);
    fresh.email = contact.email;
    fresh.name = contact.name;
    fresh.created_at = now;
    fresh.updated_at = now;
    return CreateOrGetWinner(tx, fresh);
  }
  // A prospect who buys becomes a customer; other fields stay as the shop set them.
  LOY_RETURN_IF_ERROR(store::PromoteProspect(tx, *id, now));
  return *id;
}

Result<int64_t> NewCustomerId(db::Transaction& tx) { return tx.NextId("customers"); }

Status CreateGuest(db::Transaction& tx, int64_t customer_id, const std::string& guest_id,
                   const BuyerContact& contact, Timestamp now) {
  // The order that makes the guest has already claimed its own id, so only a hash
  // collision (or a shop id with the guest prefix from before it was reserved) gets here.
  LOY_ASSIGN_OR_RETURN(bool claimed, store::ClaimExternalId(tx, guest_id, customer_id));
  if (!claimed) return Internal("guest id " + guest_id + " is taken");
  Customer guest;
  guest.customer_id = customer_id;
  guest.guest_id = guest_id;
  guest.email = contact.email;
  guest.name = contact.name;
  guest.created_at = now;
  guest.updated_at = now;
  guest.kind = CustomerKind::kGuest;
  return store::Insert(tx, guest);
}

Status AbsorbGuest(db::Transaction& tx, const Customer& guest, int64_t into) {
  if (guest.kind != CustomerKind::kGuest || !guest.guest_id) {
    return Internal("only a guest with a public id can be absorbed");
  }
  return store::RepointAndDelete(tx, *guest.guest_id, guest.customer_id, into);
}

}  // namespace loyal::customers
