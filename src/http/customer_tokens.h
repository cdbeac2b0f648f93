// Storefront customer tokens: how a shop's storefront proves which customer a browser
// speaks for. The shop's backend gets a token for its signed-in customer (`POST
// /v1/customer-tokens` or `loyal tokens create`) and the storefront sends it with its
// storefront key in the X-Customer-Token header; the token then reaches that customer's
// own loyalty, ledger and holds, and nothing of anyone else's.
//
// A token is "ct1.<base64url customer id>.<expiry, unix seconds>.<base64url MAC>", the MAC
// being HMAC-SHA256 with the shop's secret (settings_service.h's CustomerTokenSecret) over
// the version, the customer id and the expiry. It is not stored: anyone holding the secret
// can check it, and it stops working at its expiry (revoking one early means changing the
// secret, which ends them all).
//
// Thread-safety: the free functions are pure; CustomerTokens is shared by all request
// threads (its secret is loaded once, under a mutex).
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/time.h"
#include "http/handler.h"

namespace loyal::http {

// The request header that carries a token (lower case, as Request::Header wants it).
inline constexpr std::string_view kCustomerTokenHeader = "x-customer-token";

// How long a token may live: from a minute to 30 days.
inline constexpr std::chrono::seconds kMinTokenTtl{60};
inline constexpr std::chrono::seconds kMaxTokenTtl{30 * 24 * 3600};
inline constexpr std::chrono::seconds kDefaultTokenTtl{3600};

// Returns the token for `customer_id` (the shop's id) valid until `expires_at`.
std::string SignCustomerToken(std::string_view secret, std::string_view customer_id,
                              Timestamp expires_at);

// Returns the customer id a token was signed for. Errors: permission_denied for a token
// that is malformed, signed with another secret or altered, or expired at `now`.
[[nodiscard]] Result<std::string> VerifyCustomerToken(std::string_view secret,
                                                      std::string_view token, Timestamp now);

// Returns ok when `caller` may act for the customer the shop knows as `customer_id`: an
// admin for anyone, a storefront key only with a token for that customer. Errors:
// unauthenticated for a storefront call without a token (it needs X-Customer-Token),
// permission_denied for a token of another customer or a public caller.
[[nodiscard]] Status AuthorizeCustomer(const Caller& caller, std::string_view customer_id);

struct IssuedToken {
  std::string token;
  Timestamp expires_at;
};

class CustomerTokens {
 public:
  // Where the secret comes from: called until it first succeeds (it may create the secret).
  using SecretSource = std::function<Result<std::string>()>;

  CustomerTokens(SecretSource source, const Clock& clock);

  // Returns the secret, loading it on first need. Errors: the source's.
  [[nodiscard]] Result<std::string> Secret();

  // Returns a token for `customer_id` valid for `ttl` from now. Errors: invalid_argument
  // (field "ttl_seconds") for a ttl outside kMinTokenTtl..kMaxTokenTtl; Secret()'s.
  [[nodiscard]] Result<IssuedToken> Issue(std::string_view customer_id, std::chrono::seconds ttl);

  // VerifyCustomerToken with the shop's secret and the clock's now. Errors: its, Secret()'s.
  [[nodiscard]] Result<std::string> Verify(std::string_view token);

 private:
  SecretSource source_;
  const Clock& clock_;
  std::mutex mu_;
  std::optional<std::string> secret_;  // guarded by mu_
};

}  // namespace loyal::http
