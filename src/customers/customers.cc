#include "customers/customers.h"

#include <algorithm>
#include <cctype>

#include "core/hashing.h"

namespace loyal::customers {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Blank optional text means "not given", so a form that sends "" does not wipe a field.
void DropIfBlank(std::optional<std::string>& text) {
  if (text && Trim(*text).empty()) text.reset();
}

constexpr size_t kMaxNameLength = 200;

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

Status ValidateExternalId(std::string_view id, std::string_view field) {
  if (id.empty()) return InvalidArgument("must not be empty", std::string(field));
  if (id.size() > kMaxExternalIdLength) {
    return InvalidArgument("must be at most 128 bytes", std::string(field));
  }
  for (char c : id) {
    if (c <= ' ' || c > '~') {
      return InvalidArgument("must be printable ASCII without spaces", std::string(field));
    }
  }
  return {};
}

Result<std::string> NormalizeEmail(std::string_view email, std::string_view field) {
  std::string out(Trim(email));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const size_t at = out.find('@');
  const bool has_space = std::any_of(
      out.begin(), out.end(), [](unsigned char c) { return std::isspace(c) || std::iscntrl(c); });
  if (out.size() > 254 || has_space || at == std::string::npos || at == 0 || at + 1 == out.size() ||
      out.find('@', at + 1) != std::string::npos) {
    return InvalidArgument("is not an e-mail address", std::string(field));
  }
  return out;
}

Status NormalizeCustomerInput(CustomerInput& input) {
  LOY_RETURN_IF_ERROR(ValidateExternalId(input.external_id, "external_id"));
  DropIfBlank(input.email);
  DropIfBlank(input.name);
  DropIfBlank(input.country);
  if (input.email) {
    LOY_ASSIGN_OR_RETURN(input.email, NormalizeEmail(*input.email, "email"));
  }
  if (input.name) {
    input.name = std::string(Trim(*input.name));
    if (input.name->size() > kMaxNameLength) {
      return InvalidArgument("must be at most 200 bytes", "name");
    }
  }
  if (input.country) {
    std::string& c = *input.country;
    c = std::string(Trim(c));
    if (c.size() != 2 || !std::isalpha(static_cast<unsigned char>(c[0])) ||
        !std::isalpha(static_cast<unsigned char>(c[1]))) {
      return InvalidArgument("must be an ISO 3166-1 alpha-2 code such as \"GB\"", "country");
    }
    for (char& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return {};
}

}  // namespace loyal::customers
