#include "http/api_keys.h"

#include <algorithm>
#include <cctype>

#include "core/hashing.h"
#include "core/text_rules.h"

namespace loyal::http {
namespace {

constexpr size_t kKeyRandomBytes = 32;
// The cache is a convenience; past this many distinct keys it starts over rather than grow.
constexpr size_t kMaxCachedKeys = 10000;

int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp FromSeconds(int64_t s) { return Timestamp(std::chrono::seconds(s)); }

int Rank(Role role) {
  switch (role) {
    case Role::kPublic: return 0;
    case Role::kStorefront: return 1;
    case Role::kAdmin: return 2;
  }
  return 0;
}

// Returns the token of "Bearer TOKEN" (scheme case-insensitive), or nullopt.
std::optional<std::string_view> BearerToken(std::string_view header) {
  const size_t space = header.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string_view scheme = header.substr(0, space);
  std::string_view token = header.substr(space);
  auto lower_equals = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  };
  if (!std::equal(scheme.begin(), scheme.end(), std::string_view("bearer").begin(),
                  std::string_view("bearer").end(), lower_equals)) {
    return std::nullopt;
  }
  const size_t first = token.find_first_not_of(' ');
  if (first == std::string_view::npos) return std::nullopt;
  token = token.substr(first, token.find_last_not_of(' ') - first + 1);
  if (token.find(' ') != std::string_view::npos) return std::nullopt;
  return token;
}

}  // namespace

Result<Role> ParseKeyRole(std::string_view text) {
  if (text == "admin") return Role::kAdmin;
  if (text == "storefront") return Role::kStorefront;
  return InvalidArgument("role must be admin or storefront, not '" + EscapeForMessage(text) + "'",
                         "role");
}

Result<NewApiKey> CreateApiKey(db::Transaction& tx, Role role, std::string_view label,
                               const Clock& clock) {
  if (role == Role::kPublic) return InvalidArgument("a key's role must be admin or storefront");
  LOY_ASSIGN_OR_RETURN(std::string random, RandomToken(kKeyRandomBytes));
  NewApiKey created;
  created.key = (role == Role::kAdmin ? "lk_admin_" : "lk_store_") + random;
  LOY_ASSIGN_OR_RETURN(created.api_key_id, tx.NextId("api_keys"));
  LOY_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO api_keys (api_key_id, key_hash, role, label, created_at, revoked_at) "
                 "VALUES ($1, $2, $3, $4, $5, NULL)",
                 {db::Value(created.api_key_id), db::Value(Sha256Hex(created.key)),
                  db::Value(std::string(RoleName(role))),
                  label.empty() ? db::Value(db::kNull) : db::Value(std::string(label)),
                  db::Value(Seconds(clock.Now()))}));
  return created;
}

Result<std::vector<ApiKeyInfo>> ListApiKeys(db::Transaction& tx) {
  LOY_ASSIGN_OR_RETURN(db::ResultSet rows,
                       tx.Query("SELECT api_key_id, role, label, created_at, revoked_at "
                                "FROM api_keys ORDER BY api_key_id"));
  std::vector<ApiKeyInfo> keys;
  for (size_t i = 0; i < rows.size(); ++i) {
    db::Row row = rows[i];
    LOY_ASSIGN_OR_RETURN(Role role, ParseKeyRole(row.Text(1)));
    std::optional<int64_t> revoked = row.OptInt(4);
    keys.push_back(ApiKeyInfo{row.Int(0), role, row.OptText(2).value_or(""),
                              FromSeconds(row.Int(3)),
                              revoked ? std::optional(FromSeconds(*revoked)) : std::nullopt});
  }
  return keys;
}

Status RevokeApiKey(db::Transaction& tx, int64_t api_key_id, const Clock& clock) {
  LOY_ASSIGN_OR_RETURN(db::ResultSet rows, tx.Query("SELECT revoked_at FROM api_keys "
                                                    "WHERE api_key_id = $1",
                                                    {db::Value(api_key_id)}));
  if (rows.empty()) return NotFound("no API key " + std::to_string(api_key_id));
  if (!rows[0].IsNull(0)) return {};
  LOY_RETURN_IF_ERROR(tx.Execute("UPDATE api_keys SET revoked_at = $1 WHERE api_key_id = $2",
                                 {db::Value(Seconds(clock.Now())), db::Value(api_key_id)}));
  return {};
}

Status Authorize(const Caller& caller, Role min_role) {
  if (Rank(caller.role) >= Rank(min_role)) return {};
  return MakeError(ErrorCode::kPermissionDenied,
                   "this route needs " + std::string(RoleName(min_role)) + " access; the key is " +
                       std::string(RoleName(caller.role)));
}

ApiKeyAuthenticator::ApiKeyAuthenticator(db::Database& db, const Clock& clock,
                                         std::chrono::seconds cache_ttl)
    : db_(db), clock_(clock), cache_ttl_(cache_ttl) {}

Result<Caller> ApiKeyAuthenticator::Authenticate(std::optional<std::string_view> authorization) {
  if (!authorization) {
    return MakeError(ErrorCode::kUnauthenticated,
                     "missing API key: send Authorization: Bearer <key>");
  }
  std::optional<std::string_view> token = BearerToken(*authorization);
  if (!token) {
    return MakeError(ErrorCode::kUnauthenticated,
                     "malformed Authorization header: expected Bearer <key>");
  }
  const std::string key_hash = Sha256Hex(*token);
  const Timestamp now = clock_.Now();
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(key_hash);
    if (it != cache_.end() && it->second.expires_at > now) return it->second.caller;
  }
  LOY_ASSIGN_OR_RETURN(std::optional<Caller> caller, LoadByHash(key_hash));
  if (!caller) return MakeError(ErrorCode::kUnauthenticated, "invalid or revoked API key");
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kMaxCachedKeys) cache_.clear();
  cache_[key_hash] = CacheEntry{*caller, now + cache_ttl_};
  return *caller;
}

Result<std::optional<Caller>> ApiKeyAuthenticator::LoadByHash(const std::string& key_hash) {
  std::optional<Caller> caller;
  LOY_RETURN_IF_ERROR(db::RunInReadTransaction(db_, [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(db::ResultSet rows, tx.Query("SELECT api_key_id, role FROM api_keys "
                                                      "WHERE key_hash = $1 AND revoked_at IS NULL",
                                                      {db::Value(key_hash)}));
    if (rows.empty()) return {};
    LOY_ASSIGN_OR_RETURN(Role role, ParseKeyRole(rows[0].Text(1)));
    caller = Caller{role, rows[0].Int(0)};
    return {};
  }));
  return caller;
}

}  // namespace loyal::http
