// Shop-settings use cases: read them all, change one, list them as text. Settings are read
// inside the transaction that needs them (an order's, a return's, an import batch's)
// rather than once at start-up, so `loyal settings set` or a future settings route takes
// effect on a running server with the next request.
//
// Thread-safety: stateless functions; the transaction belongs to the calling thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "db/database.h"
#include "settings/settings.h"

namespace loyal::settings {

// Returns the settings as stored now, defaults for those never set; stored keys this
// version does not know are ignored. Errors: failed_precondition (field = the key) when a
// stored value no longer passes its check (a zone this machine's tz database lacks); the
// transaction's.
[[nodiscard]] Result<ShopSettings> Load(db::Transaction& tx);

// Checks and stores one setting. Errors: invalid_argument (unknown key or bad value,
// field = key), and then nothing is stored; the transaction's.
[[nodiscard]] Status Set(db::Transaction& tx, std::string_view key, std::string_view value);

struct SettingText {
  std::string key;
  std::string value;  // as stored, or the default
};

// The key the customer-token secret is stored under. It is not a known setting, so List
// and `loyal settings get` never show it and Set refuses it.
inline constexpr std::string_view kCustomerTokenSecretKey = "customer_token_secret";

// Returns the shop's secret for signing storefront customer tokens (http/customer_tokens.h):
// 32 random bytes as base64url text, made and stored on first need. Two processes making it
// at once agree on the first one stored. Errors: internal when the random source fails;
// the transaction's.
[[nodiscard]] Result<std::string> CustomerTokenSecret(db::Transaction& tx);

// Returns every known setting with its current text, in KnownSettings() order. Errors: the
// transaction's.
[[nodiscard]] Result<std::vector<SettingText>> List(db::Transaction& tx);

}  // namespace loyal::settings
