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

// Returns every known setting with its current text, in KnownSettings() order. Errors: the
// transaction's.
[[nodiscard]] Result<std::vector<SettingText>> List(db::Transaction& tx);

}  // namespace loyal::settings
