#include "customers/customers.h"

#include "core/text_rules.h"

#include "core/hashing.h"

namespace loyal::customers {
namespace {

// Blank optional text means "not given", so a form that sends "" does not wipe a field.
void DropIfBlank(std::optional<std::string>& text) {
  if (text && TrimSpaces(*text).empty()) text.reset();
}

// 24 hex digits (96 bits): collisions stay out of reach for any shop's order count.
constexpr size_t kGuestIdHexDigits = 24;

std::string GuestId(std::string_view kind, std::string_view external_id) {
  std::string input(kind);
  input += ':';
  input += external_id;
  return std::string(kGuestIdPrefix) + Sha256Hex(input).substr(0, kGuestIdHexDigits);
}

}  // namespace

std::string GuestIdForOrder(std::string_view order_external_id) {
  return GuestId("order", order_external_id);
}

std::string GuestIdForReturn(std::string_view return_external_id) {
  return GuestId("return", return_external_id);
}

std::optional<std::string> PublicId(const Customer& customer) {
  return customer.external_id ? customer.external_id : customer.guest_id;
}

bool IsGuestId(std::string_view id) { return id.starts_with(kGuestIdPrefix); }

std::string_view KindName(CustomerKind kind) {
  switch (kind) {
    case CustomerKind::kCustomer:
      return "customer";
    case CustomerKind::kGuest:
      return "guest";
    case CustomerKind::kProspect:
      return "prospect";
  }
  return "customer";
}

Result<CustomerKind> ParseKind(std::string_view name) {
  for (CustomerKind kind :
       {CustomerKind::kCustomer, CustomerKind::kGuest, CustomerKind::kProspect}) {
    if (KindName(kind) == name) return kind;
  }
  return InvalidArgument("kind must be one of customer, guest, prospect", "kind");
}

Status NormalizeCustomerInput(CustomerInput& input) {
  LOY_RETURN_IF_ERROR(CheckText(input.external_id, rules::kExternalId, "external_id"));
  DropIfBlank(input.email);
  DropIfBlank(input.name);
  DropIfBlank(input.country);
  if (input.email) {
    LOY_ASSIGN_OR_RETURN(input.email, NormalizeEmail(*input.email, "email"));
  }
  if (input.name) {
    input.name = std::string(TrimSpaces(*input.name));
    LOY_RETURN_IF_ERROR(CheckText(*input.name, rules::kCustomerName, "name"));
  }
  if (input.country) {
    LOY_ASSIGN_OR_RETURN(input.country, NormalizeCountryCode(*input.country, "country"));
  }
  return {};
}

}  // namespace loyal::customers
