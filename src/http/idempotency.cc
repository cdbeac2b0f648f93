#include "http/idempotency.h"

#include <spdlog/spdlog.h>

#include "http/hashing.h"

namespace loyal::http {
namespace {

constexpr size_t kMaxKeyLength = 255;
constexpr int64_t kPurgeEverySeconds = 3600;
// A reservation this old belongs to a request that can no longer be running (the server
// stopped mid-request); it still blocks the key, since its effect may have committed.
constexpr int64_t kAbandonedAfterSeconds = 600;

int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }

}  // namespace

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

IdempotencyStore::IdempotencyStore(db::Database& db, const Clock& clock,
                                   std::chrono::seconds retention)
    : db_(db), clock_(clock), retention_(retention) {}

Result<std::optional<Response>> IdempotencyStore::Reserve(const IdempotencyKey& key,
                                                          std::string_view request_hash) {
  PurgeIfDue();
  const int64_t now = Seconds(clock_.Now());
  // Decided inside the transaction, reported after it: RunInTransaction retries on a
  // conflict error, which is only right for database conflicts.
  enum class Outcome { kReserved, kReplay, kOtherRequest, kRunning, kAbandoned, kVanished };
  Outcome outcome = Outcome::kReserved;
  Response stored;
  LOY_RETURN_IF_ERROR(db::RunInTransaction(db_, [&](db::Transaction& tx) -> Status {
    // ON CONFLICT DO NOTHING waits for a concurrent inserter of the same key to finish,
    // so the SELECT below sees whichever reservation won.
    LOY_ASSIGN_OR_RETURN(
        int64_t inserted,
        tx.Execute("INSERT INTO idempotency_keys (api_key_id, scope, idem_key, request_hash, "
                   "status, response_body, created_at) VALUES ($1, $2, $3, $4, NULL, NULL, $5) "
                   "ON CONFLICT (api_key_id, scope, idem_key) DO NOTHING",
                   {db::Value(key.api_key_id), db::Value(key.scope), db::Value(key.key),
                    db::Value(std::string(request_hash)), db::Value(now)}));
    outcome = Outcome::kReserved;
    if (inserted == 1) return {};
    LOY_ASSIGN_OR_RETURN(
        db::ResultSet rows,
        tx.Query("SELECT request_hash, status, response_body, created_at FROM idempotency_keys "
                 "WHERE api_key_id = $1 AND scope = $2 AND idem_key = $3",
                 {db::Value(key.api_key_id), db::Value(key.scope), db::Value(key.key)}));
    if (rows.empty()) {
      outcome = Outcome::kVanished;
    } else if (rows[0].Text(0) != request_hash) {
      outcome = Outcome::kOtherRequest;
    } else if (rows[0].IsNull(1)) {
      outcome =
          now - rows[0].Int(3) > kAbandonedAfterSeconds ? Outcome::kAbandoned : Outcome::kRunning;
    } else {
      outcome = Outcome::kReplay;
      stored.status = static_cast<int>(rows[0].Int(1));
      stored.body = std::string(rows[0].Text(2));
      stored.headers = {{"Idempotent-Replayed", "true"}};
    }
    return {};
  }));
  const std::string named = "Idempotency-Key " + key.key;
  switch (outcome) {
    case Outcome::kReserved: return std::optional<Response>();
    case Outcome::kReplay: return std::optional<Response>(std::move(stored));
    case Outcome::kOtherRequest:
      return Conflict(named + " was already used with a different request; use a new key");
    case Outcome::kRunning: return Conflict("a request with " + named + " is still in progress");
    case Outcome::kAbandoned:
      return Conflict("the earlier request with " + named +
                      " never finished; check whether it took effect, then use a new key");
    case Outcome::kVanished: break;
  }
  return Conflict(named + " was released while this request read it; retry");
}

Status IdempotencyStore::Complete(const IdempotencyKey& key, const Response& response) {
  return db::RunInTransaction(db_, [&](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(
        tx.Execute("UPDATE idempotency_keys SET status = $1, response_body = $2 "
                   "WHERE api_key_id = $3 AND scope = $4 AND idem_key = $5",
                   {db::Value(int64_t{response.status}), db::Value(response.body),
                    db::Value(key.api_key_id), db::Value(key.scope), db::Value(key.key)}));
    return {};
  });
}

Status IdempotencyStore::Release(const IdempotencyKey& key) {
  return db::RunInTransaction(db_, [&](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(tx.Execute(
        "DELETE FROM idempotency_keys WHERE api_key_id = $1 AND scope = $2 AND idem_key = $3 "
        "AND status IS NULL",
        {db::Value(key.api_key_id), db::Value(key.scope), db::Value(key.key)}));
    return {};
  });
}

Result<int64_t> IdempotencyStore::Purge() {
  const int64_t cutoff = Seconds(clock_.Now()) - retention_.count();
  int64_t deleted = 0;
  LOY_RETURN_IF_ERROR(db::RunInTransaction(db_, [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(deleted, tx.Execute("DELETE FROM idempotency_keys WHERE created_at < $1",
                                             {db::Value(cutoff)}));
    return {};
  }));
  return deleted;
}

void IdempotencyStore::PurgeIfDue() {
  const int64_t now = Seconds(clock_.Now());
  int64_t last = last_purge_.load();
  // One thread wins the exchange and purges; the others carry on.
  if (now - last < kPurgeEverySeconds || !last_purge_.compare_exchange_strong(last, now)) return;
  Result<int64_t> purged = Purge();
  if (!purged) {
    spdlog::warn("purging old idempotency keys failed: {}", purged.error().ToString());
  } else if (*purged > 0) {
    spdlog::info("purged {} idempotency keys older than {}s", *purged, retention_.count());
  }
}

}  // namespace loyal::http
