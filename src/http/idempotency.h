// Idempotency-Key handling (design.md, Conventions). The key's record is written in the
// request's own transaction (its group-commit savepoint), beside the effect it guards, so a
// crash leaves both or neither: a key whose request died never blocks a retry. A repeat with
// the same key and request gets the stored response again; a different request under the
// key is a conflict, and so is a repeat while the first is still running in this process
// (InFlightKeys). Keys are scoped to the caller and the route (and, on storefront calls,
// the customer token's subject), and kept at least `retention` (24 h).
//
// Thread-safety: IdempotencyStore's methods use the caller's Transaction and may run on
// many threads at once; InFlightKeys is shared by all request threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
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
  // The customer a storefront call acts for (Caller::customer), "" otherwise: one
  // storefront key serves every shopper's browser, and two shoppers' keys must not meet.
  std::string subject = {};
};

// Returns the key a request with Idempotency-Key `header` runs under: the calling API key,
// the route (method and pattern) and the customer token's subject, so one client's keys
// never meet another's.
IdempotencyKey ScopedKey(const Caller& caller, const RouteSpec& route, std::string_view header);

// Returns invalid_argument unless `key` is 1 to 255 visible ASCII characters.
[[nodiscard]] Status ValidateIdempotencyKey(std::string_view key);

// Returns the hex SHA-256 of the request's path, query and body: what "the same request"
// means for a replay.
std::string RequestFingerprint(const Request& request);

class IdempotencyStore {
 public:
  explicit IdempotencyStore(const Clock& clock,
                            std::chrono::seconds retention = std::chrono::hours(24));

  // Returns the response stored for `key` by a committed request with fingerprint
  // `request_hash` (with an Idempotent-Replayed header), or nullopt when the key is unused.
  // Errors: conflict when the key was used for a different request; the store's.
  [[nodiscard]] Result<std::optional<Response>> Find(db::Transaction& tx, const IdempotencyKey& key,
                                                     std::string_view request_hash) const;

  // Stores `response` under `key` in the transaction that holds the request's effect.
  // Errors: already_exists when another transaction stored the key first (a concurrent
  // request on another connection; run again, Find then replays it); the store's.
  [[nodiscard]] Status Record(db::Transaction& tx, const IdempotencyKey& key,
                              std::string_view request_hash, const Response& response) const;

  // Whether an hourly purge is due; true for one caller an hour, which should then Purge.
  bool PurgeDue();

  // Deletes keys older than the retention period; returns how many. Errors: the store's.
  [[nodiscard]] Result<int64_t> Purge(db::Transaction& tx) const;

 private:
  const Clock& clock_;
  const std::chrono::seconds retention_;
  std::atomic<int64_t> last_purge_{0};  // unix seconds
};

// The keys whose requests are running in this process, so that a repeat arriving meanwhile
// is told so (409) instead of queueing behind the first.
class InFlightKeys {
 public:
  // Returns true and marks `key` running, or false if it already is.
  bool TryStart(const IdempotencyKey& key);
  void Finish(const IdempotencyKey& key);

 private:
  static std::string Flatten(const IdempotencyKey& key);

  std::mutex mu_;
  std::set<std::string> running_;  // guarded by mu_
};

}  // namespace loyal::http
