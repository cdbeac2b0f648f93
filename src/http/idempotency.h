// Idempotency-Key handling (design.md, Conventions): the first request with a key reserves
// it durably, the response it gets is stored, and a repeat with the same key and request
// gets that response again. A different request under the same key, or a repeat while the
// first is still running, is a conflict. Keys are scoped to (API key, "METHOD /pattern")
// and kept at least `retention` (24 h).
//
// Thread-safety: IdempotencyStore is shared by all request threads; the reservation is a
// primary-key insert, so of several concurrent requests with one key exactly one wins.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "http/handler.h"

namespace loyal::http {

struct IdempotencyKey {
  int64_t api_key_id = 0;
  std::string scope;  // "POST /v1/orders/{id}/returns"
  std::string key;    // the client's Idempotency-Key
};

// Returns invalid_argument unless `key` is 1 to 255 visible ASCII characters.
[[nodiscard]] Status ValidateIdempotencyKey(std::string_view key);

// Returns the hex SHA-256 of the request's path, query and body: what "the same request"
// means for a replay.
std::string RequestFingerprint(const Request& request);

class IdempotencyStore {
 public:
  IdempotencyStore(db::Database& db, const Clock& clock,
                   std::chrono::seconds retention = std::chrono::hours(24));

  // Reserves `key` for a request with fingerprint `request_hash`. Returns nullopt when
  // this call reserved it (the caller must then Complete or Release it), or the stored
  // response of the earlier identical request. Errors: conflict (the key was used for a
  // different request, or that request has not finished), the store's errors.
  [[nodiscard]] Result<std::optional<Response>> Reserve(const IdempotencyKey& key,
                                                        std::string_view request_hash);

  // Stores the response of a reserved key for replay. Errors: the store's.
  [[nodiscard]] Status Complete(const IdempotencyKey& key, const Response& response);

  // Drops a reservation whose request failed in a way worth retrying (5xx), so the
  // client may try again with the same key. Errors: the store's.
  [[nodiscard]] Status Release(const IdempotencyKey& key);

  // Deletes keys older than the retention period; returns how many. Reserve also calls
  // this, at most once an hour. Errors: the store's.
  [[nodiscard]] Result<int64_t> Purge();

 private:
  void PurgeIfDue();

  db::Database& db_;
  const Clock& clock_;
  const std::chrono::seconds retention_;
  std::atomic<int64_t> last_purge_{0};  // unix seconds
};

}  // namespace loyal::http
