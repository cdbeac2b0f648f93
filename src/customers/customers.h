// Customer records (the CRM side of Loyal): the domain types and the input rules shared by
// the HTTP API, the order intake and the importers. Customer PII lives here only; other
// rooms refer to a customer by its internal customer_id. Values and pure functions;
// thread-safe as any value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"

namespace loyal::customers {

// A shop's customer; a guest is created for each order placed without a customer id; a
// prospect is known (e.g. signed up for news) but has not bought yet.
enum class CustomerKind { kCustomer, kGuest, kProspect };

// Returns "customer", "guest" or "prospect".
std::string_view KindName(CustomerKind kind);
// Returns the kind with that wire name, or invalid_argument.
[[nodiscard]] Result<CustomerKind> ParseKind(std::string_view name);

struct Customer {
  int64_t customer_id = 0;                 // Loyal's internal id; never shown to clients
  std::optional<std::string> external_id;  // the shop's id; absent for guests
  // A guest's public id (GuestIdForOrder), shown and looked up where a shop's id would
  // be; absent for customers and prospects (and for a guest with neither order nor return).
  std::optional<std::string> guest_id;
  std::optional<std::string> email;        // trimmed, lower case
  std::optional<std::string> name;
  std::optional<std::string> country;  // ISO 3166-1 alpha-2, upper case
  std::optional<DayNumber> birthday;
  Timestamp created_at{};
  Timestamp updated_at{};
  bool marketing_consent = false;
  CustomerKind kind = CustomerKind::kCustomer;
};

// What a caller says about a customer: a merge (docs/api-customers-orders.md, "Upserts").
// On create, unset fields take their defaults (consent false, kind customer); on update,
// unset fields keep their stored values and the fields named in `cleared` are cleared.
struct CustomerInput {
  std::string external_id;
  std::optional<std::string> email;
  std::optional<std::string> name;
  std::optional<std::string> country;
  std::optional<DayNumber> birthday;
  std::optional<bool> marketing_consent;
  std::optional<CustomerKind> kind;
  // When set (importers replaying history), the creation time instead of "now".
  std::optional<Timestamp> created_at;
  // Fields the caller gave as JSON null, by their JSON names: any of "email", "name",
  // "country", "birthday" (the others always have a value). A cleared field is unset.
  std::vector<std::string> cleared;
};

// Guests' public ids begin with this; shop ids may not (UpsertCustomer, EnsureBuyer).
inline constexpr std::string_view kGuestIdPrefix = "guest_";

// Returns the public id of the guest who placed the shop's order `order_external_id`:
// "guest_" and the first 24 hex digits of SHA-256("order:" + id). Derived from the order
// alone, it is the same across restarts, re-imports and backends; migration 0010 computes
// the same in SQL for guests created before it. GuestIdForReturn does the same ("return:")
// for the guest of an imported return that matched no order.
std::string GuestIdForOrder(std::string_view order_external_id);
std::string GuestIdForReturn(std::string_view return_external_id);

// Returns the id the API shows for the customer: the shop's id, else the guest's public id
// (nullopt for a guest with neither).
std::optional<std::string> PublicId(const Customer& customer);

// Whether `id` has the guest prefix (and so cannot be a shop's id).
bool IsGuestId(std::string_view id);

// Validates `input` by core/text_rules.h's rules and normalizes it in place (email lower
// case, country upper case, empty strings for optional text treated as absent). Returns
// invalid_argument with the JSON field name ("email", "country", ...) of the first problem.
[[nodiscard]] Status NormalizeCustomerInput(CustomerInput& input);

}  // namespace loyal::customers
