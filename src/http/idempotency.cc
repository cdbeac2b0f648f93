#include "http/idempotency.h"

#include "core/hashing.h"

namespace loyal::http {
namespace {

constexpr size_t kMaxKeyLength = 255;
constexpr int64_t kPurgeEverySeconds = 3600;

int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }

// The scope column holds the route and, for a storefront customer, the subject after a
// space (a route pattern has none), so keys from before subjects existed read unchanged
// and no migration is needed.
std::string StoredScope(const IdempotencyKey& key) {
  return key.subject.empty() ? key.scope : key.scope + " customer=" + key.subject;
}

}  // namespace

IdempotencyKey ScopedKey(const Caller& caller, const RouteSpec& route, std::string_view header) {
  return IdempotencyKey{caller.api_key_id, route.method + " " + route.pattern, std::string(header),
                        caller.customer.value_or("")};
}

Status ValidateIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyLength) {
    return InvalidArgument("Idempotency-Key must be 1 to 255 characters");
  }
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) {
      return InvalidArgument("Idempotency-Key must be visible ASCII characters");
    }
  }
  return {};
}

std::string RequestFingerprint(const Request& request) {
  std::string canonical = request.path;
  for (const auto& [name, value] : request.query) {  // std::map: a stable order
    canonical.append("\n").append(name).append("=").append(value);
  }
  canonical.append("\n\n").append(request.body);
  return Sha256Hex(canonical);
}

IdempotencyStore::IdempotencyStore(const Clock& clock, std::chrono::seconds retention)
    : clock_(clock), retention_(retention) {}

Result<std::optional<Response>> IdempotencyStore::Find(db::Transaction& tx,
                                                       const IdempotencyKey& key,
                                                       std::string_view request_hash) const {
  LOY_ASSIGN_OR_RETURN(
      db::ResultSet rows,
      tx.Query("SELECT request_hash, status, response_body FROM idempotency_keys "
               "WHERE api_key_id = $1 AND scope = $2 AND idem_key = $3",
               {db::Value(key.api_key_id), db::Value(StoredScope(key)), db::Value(key.key)}));
  if (rows.empty()) return std::optional<Response>();
  if (rows[0].Text(0) != request_hash) {
    return Conflict("Idempotency-Key " + key.key +
                    " was already used with a different request; use a new key");
  }
  Response stored;
  stored.status = static_cast<int>(rows[0].Int(1));
  stored.body = std::string(rows[0].Text(2));
  stored.headers = {{"Idempotent-Replayed", "true"}};
  return std::optional<Response>(std::move(stored));
}

Status IdempotencyStore::Record(db::Transaction& tx, const IdempotencyKey& key,
                                std::string_view request_hash, const Response& response) const {
  LOY_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO idempotency_keys (api_key_id, scope, idem_key, request_hash, status, "
                 "response_body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                 {db::Value(key.api_key_id), db::Value(StoredScope(key)), db::Value(key.key),
                  db::Value(std::string(request_hash)), db::Value(int64_t{response.status}),
                  db::Value(response.body), db::Value(Seconds(clock_.Now()))}));
  return {};
}

bool IdempotencyStore::PurgeDue() {
  const int64_t now = Seconds(clock_.Now());
  int64_t last = last_purge_.load();
  // One thread wins the exchange and purges; the others carry on.
  return now - last >= kPurgeEverySeconds && last_purge_.compare_exchange_strong(last, now);
}

Result<int64_t> IdempotencyStore::Purge(db::Transaction& tx) const {
  const int64_t cutoff = Seconds(clock_.Now()) - retention_.count();
  return tx.Execute("DELETE FROM idempotency_keys WHERE created_at < $1", {db::Value(cutoff)});
}

std::string InFlightKeys::Flatten(const IdempotencyKey& key) {
  // The scope, subject and key cannot hold a newline (route patterns, printable ASCII).
  return std::to_string(key.api_key_id) + "\n" + StoredScope(key) + "\n" + key.key;
}

bool InFlightKeys::TryStart(const IdempotencyKey& key) {
  std::lock_guard lock(mu_);
  return running_.insert(Flatten(key)).second;
}

void InFlightKeys::Finish(const IdempotencyKey& key) {
  std::lock_guard lock(mu_);
  running_.erase(Flatten(key));
}

}  // namespace loyal::http
