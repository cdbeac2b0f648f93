#include "http/customer_tokens.h"

#include <charconv>

#include "core/hashing.h"

namespace loyal::http {
namespace {

constexpr std::string_view kVersion = "ct1";

// What the MAC covers; newlines cannot occur in a customer id (printable ASCII) or a
// number, so no two (id, expiry) pairs share a text.
std::string SignedText(std::string_view customer_id, int64_t expires) {
  return std::string(kVersion) + "\n" + std::string(customer_id) + "\n" + std::to_string(expires);
}

tl::unexpected<Error> Forged() {
  return MakeError(ErrorCode::kPermissionDenied, "the customer token is not valid");
}

// The token's three parts after its version, or nullopt when it has another shape.
struct Parts {
  std::string_view id;
  std::string_view expires;
  std::string_view mac;
};
std::optional<Parts> Split(std::string_view token) {
  if (!token.starts_with(kVersion) || token.size() <= kVersion.size() ||
      token[kVersion.size()] != '.') {
    return std::nullopt;
  }
  std::string_view rest = token.substr(kVersion.size() + 1);
  const size_t a = rest.find('.');
  const size_t b = a == std::string_view::npos ? a : rest.find('.', a + 1);
  if (b == std::string_view::npos || rest.find('.', b + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  return Parts{rest.substr(0, a), rest.substr(a + 1, b - a - 1), rest.substr(b + 1)};
}

}  // namespace

std::string SignCustomerToken(std::string_view secret, std::string_view customer_id,
                              Timestamp expires_at) {
  const int64_t expires = expires_at.time_since_epoch().count();
  return std::string(kVersion) + "." + Base64UrlEncode(customer_id) + "." +
         std::to_string(expires) + "." +
         Base64UrlEncode(HmacSha256(secret, SignedText(customer_id, expires)));
}

Result<std::string> VerifyCustomerToken(std::string_view secret, std::string_view token,
                                        Timestamp now) {
  auto parts = Split(token);
  if (!parts) return Forged();
  auto id = Base64UrlDecode(parts->id);
  auto mac = Base64UrlDecode(parts->mac);
  int64_t expires = 0;
  auto [end, ec] = std::from_chars(parts->expires.data(),
                                   parts->expires.data() + parts->expires.size(), expires);
  if (!id || id->empty() || !mac || ec != std::errc() ||
      end != parts->expires.data() + parts->expires.size()) {
    return Forged();
  }
  // The MAC first: an expiry is only worth reporting on a token the shop signed.
  if (!ConstantTimeEquals(*mac, HmacSha256(secret, SignedText(*id, expires)))) {
    return Forged();
  }
  if (now.time_since_epoch().count() >= expires) {
    return MakeError(ErrorCode::kPermissionDenied, "the customer token has expired; get a new one");
  }
  return *id;
}

Status AuthorizeCustomer(const Caller& caller, std::string_view customer_id) {
  if (caller.role == Role::kAdmin) return {};
  if (caller.role == Role::kStorefront && !caller.customer) {
    return MakeError(ErrorCode::kUnauthenticated,
                     "a storefront key reaches a customer's points only with that customer's "
                     "token in the X-Customer-Token header");
  }
  if (caller.role == Role::kStorefront && *caller.customer == customer_id) return {};
  return MakeError(ErrorCode::kPermissionDenied, "the customer token is for another customer");
}

CustomerTokens::CustomerTokens(SecretSource source, const Clock& clock)
    : source_(std::move(source)), clock_(clock) {}

Result<std::string> CustomerTokens::Secret() {
  std::lock_guard lock(mu_);
  if (!secret_) {
    LOY_ASSIGN_OR_RETURN(std::string loaded, source_());
    secret_ = std::move(loaded);
  }
  return *secret_;
}

Result<IssuedToken> CustomerTokens::Issue(std::string_view customer_id, std::chrono::seconds ttl) {
  if (ttl < kMinTokenTtl || ttl > kMaxTokenTtl) {
    return InvalidArgument("must be from 60 to 2592000 seconds (30 days)", "ttl_seconds");
  }
  LOY_ASSIGN_OR_RETURN(std::string secret, Secret());
  const Timestamp expires_at = clock_.Now() + ttl;
  return IssuedToken{SignCustomerToken(secret, customer_id, expires_at), expires_at};
}

Result<std::string> CustomerTokens::Verify(std::string_view token) {
  LOY_ASSIGN_OR_RETURN(std::string secret, Secret());
  return VerifyCustomerToken(secret, token, clock_.Now());
}

}  // namespace loyal::http
