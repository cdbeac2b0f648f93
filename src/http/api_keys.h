// API keys: creation (`loyal keys create`), listing, revocation, and authentication of
// `Authorization: Bearer KEY`. A key is "lk_admin_" or "lk_store_" followed by 32 random
// bytes in base64url; only its SHA-256 is stored. A fast hash is the right tool here:
// the key has 256 bits of entropy, so there is nothing for a slow password hash to protect.
//
// Thread-safety: the free functions use the caller's Transaction; ApiKeyAuthenticator is
// shared by all request threads (its cache is guarded by a mutex).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "db/database.h"
#include "http/handler.h"

namespace loyal::http {

// Parses "admin" or "storefront" (the roles a key can have). Errors: invalid_argument.
[[nodiscard]] Result<Role> ParseKeyRole(std::string_view text);

struct NewApiKey {
  int64_t api_key_id = 0;
  std::string key;  // the plaintext key: show it once, it cannot be recovered
};

struct ApiKeyInfo {
  int64_t api_key_id = 0;
  Role role = Role::kAdmin;
  std::string label;
  Timestamp created_at;
  std::optional<Timestamp> revoked_at;
};

// Creates a key with `role` (kAdmin or kStorefront) and a free-text label. Returns the id
// and the plaintext key. Errors: invalid_argument (role kPublic), the store's errors.
[[nodiscard]] Result<NewApiKey> CreateApiKey(db::Transaction& tx, Role role, std::string_view label,
                                             const Clock& clock);

// Returns every key, oldest first (hashes are never returned). Errors: the store's.
[[nodiscard]] Result<std::vector<ApiKeyInfo>> ListApiKeys(db::Transaction& tx);

// How long an authenticator remembers a verified key by default, and so how long a revoked
// key may keep working in a running server.
inline constexpr std::chrono::seconds kApiKeyCacheTtl{30};

// Revokes a key; revoking a revoked key changes nothing. Authenticators may accept it for
// up to their cache TTL (kApiKeyCacheTtl by default) afterwards. Errors: not_found, the store's
// errors.
[[nodiscard]] Status RevokeApiKey(db::Transaction& tx, int64_t api_key_id, const Clock& clock);

// Returns permission_denied unless `caller` may use a route needing `min_role`
// (admin > storefront > public).
[[nodiscard]] Status Authorize(const Caller& caller, Role min_role);

class ApiKeyAuthenticator {
 public:
  // Verified keys are remembered for `cache_ttl` (by hash, never the key itself).
  ApiKeyAuthenticator(db::Database& db, const Clock& clock,
                      std::chrono::seconds cache_ttl = kApiKeyCacheTtl);

  // Returns the caller for an Authorization header value. Errors: unauthenticated
  // (missing header, not "Bearer KEY", unknown or revoked key), unavailable (store).
  [[nodiscard]] Result<Caller> Authenticate(std::optional<std::string_view> authorization);

 private:
  struct CacheEntry {
    Caller caller;
    Timestamp expires_at;
  };
  [[nodiscard]] Result<std::optional<Caller>> LoadByHash(const std::string& key_hash);

  db::Database& db_;
  const Clock& clock_;
  const std::chrono::seconds cache_ttl_;
  std::mutex mutex_;
  std::unordered_map<std::string, CacheEntry> cache_;  // key hash -> caller
};

}  // namespace loyal::http
