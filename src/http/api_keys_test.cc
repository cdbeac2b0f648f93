#include "http/api_keys.h"

#include <gtest/gtest.h>

#include "db/testing/backend_test.h"
#include "core/hashing.h"

namespace loyal::http {
namespace {

using std::chrono::seconds;

const Timestamp kStart{seconds(1'700'000'000)};

class ApiKeysTest : public db::testing::BackendTest {
 protected:
  NewApiKey Create(Role role, std::string label = "test") {
    NewApiKey created;
    EXPECT_TRUE(db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(created, CreateApiKey(tx, role, label, clock_));
      return {};
    }));
    return created;
  }
  ManualClock clock_{kStart};
};

TEST_P(ApiKeysTest, CreateStoresOnlyTheHashOfAPrefixedRandomKey) {
  NewApiKey admin = Create(Role::kAdmin);
  NewApiKey store = Create(Role::kStorefront);
  EXPECT_EQ(admin.key.rfind("lk_admin_", 0), 0u);
  EXPECT_EQ(store.key.rfind("lk_store_", 0), 0u);
  EXPECT_EQ(admin.key.size(), 9u + 43u);  // 32 bytes in unpadded base64url
  EXPECT_NE(admin.key, store.key);
  EXPECT_NE(admin.api_key_id, store.api_key_id);
  ASSERT_TRUE(db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(db::ResultSet rows,
                         tx.Query("SELECT key_hash, role, created_at FROM api_keys "
                                  "WHERE api_key_id = $1",
                                  {db::Value(admin.api_key_id)}));
    EXPECT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].Text(0), Sha256Hex(admin.key));
    EXPECT_EQ(rows[0].Text(1), "admin");
    EXPECT_EQ(rows[0].Int(2), 1'700'000'000);
    return {};
  }));
}

TEST_P(ApiKeysTest, CreateRefusesThePublicRole) {
  Status status = db::RunInTransaction(db(), [&](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(CreateApiKey(tx, Role::kPublic, "", clock_));
    return {};
  });
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(ApiKeysTest, AuthenticateReturnsTheKeysRoleAndId) {
  NewApiKey admin = Create(Role::kAdmin);
  NewApiKey store = Create(Role::kStorefront);
  ApiKeyAuthenticator auth(db(), clock_);
  Caller a = auth.Authenticate("Bearer " + admin.key).value();
  EXPECT_EQ(a.role, Role::kAdmin);
  EXPECT_EQ(a.api_key_id, admin.api_key_id);
  Caller s = auth.Authenticate("bearer   " + store.key + " ").value();
  EXPECT_EQ(s.role, Role::kStorefront);
  EXPECT_EQ(s.api_key_id, store.api_key_id);
}

TEST_P(ApiKeysTest, MissingMalformedAndUnknownKeysAreUnauthenticated) {
  NewApiKey admin = Create(Role::kAdmin);
  ApiKeyAuthenticator auth(db(), clock_);
  for (std::optional<std::string> header :
       {std::optional<std::string>(), std::optional<std::string>(admin.key),
        std::optional<std::string>("Basic " + admin.key), std::optional<std::string>("Bearer "),
        std::optional<std::string>("Bearer a b"),
        std::optional<std::string>("Bearer " + admin.key + "x")}) {
    auto caller = auth.Authenticate(header);
    ASSERT_FALSE(caller.has_value()) << header.value_or("(none)");
    EXPECT_EQ(caller.error().code, ErrorCode::kUnauthenticated) << header.value_or("(none)");
  }
}

TEST_P(ApiKeysTest, RevokedKeyIsRefusedOnceTheCacheEntryExpires) {
  NewApiKey admin = Create(Role::kAdmin);
  ApiKeyAuthenticator auth(db(), clock_, seconds(30));
  ASSERT_TRUE(auth.Authenticate("Bearer " + admin.key).has_value());
  ASSERT_TRUE(db::RunInTransaction(
      db(), [&](db::Transaction& tx) { return RevokeApiKey(tx, admin.api_key_id, clock_); }));
  EXPECT_TRUE(auth.Authenticate("Bearer " + admin.key).has_value());  // cached
  clock_.Advance(seconds(31));
  auto refused = auth.Authenticate("Bearer " + admin.key);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(ApiKeyAuthenticator(db(), clock_).Authenticate("Bearer " + admin.key).error().code,
            ErrorCode::kUnauthenticated);
}

TEST_P(ApiKeysTest, ListShowsRolesLabelsAndRevocation) {
  NewApiKey admin = Create(Role::kAdmin, "ops");
  NewApiKey store = Create(Role::kStorefront, "");
  clock_.Advance(seconds(5));
  Status revoke_missing = db::RunInTransaction(
      db(), [&](db::Transaction& tx) { return RevokeApiKey(tx, store.api_key_id + 100, clock_); });
  ASSERT_FALSE(revoke_missing.has_value());
  EXPECT_EQ(revoke_missing.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(db::RunInTransaction(
      db(), [&](db::Transaction& tx) { return RevokeApiKey(tx, store.api_key_id, clock_); }));
  std::vector<ApiKeyInfo> keys;
  ASSERT_TRUE(db::RunInReadTransaction(db(), [&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(keys, ListApiKeys(tx));
    return {};
  }));
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].api_key_id, admin.api_key_id);
  EXPECT_EQ(keys[0].role, Role::kAdmin);
  EXPECT_EQ(keys[0].label, "ops");
  EXPECT_FALSE(keys[0].revoked_at.has_value());
  EXPECT_EQ(keys[1].role, Role::kStorefront);
  EXPECT_EQ(keys[1].label, "");
  EXPECT_EQ(keys[1].revoked_at, std::optional<Timestamp>(kStart + seconds(5)));
}

LOYAL_INSTANTIATE_BACKEND_TESTS(ApiKeysTest);

TEST(AuthorizeTest, RolesRankAdminOverStorefrontOverPublic) {
  Caller admin{Role::kAdmin, 1};
  Caller store{Role::kStorefront, 2};
  EXPECT_TRUE(Authorize(admin, Role::kAdmin).has_value());
  EXPECT_TRUE(Authorize(admin, Role::kStorefront).has_value());
  EXPECT_TRUE(Authorize(store, Role::kStorefront).has_value());
  EXPECT_TRUE(Authorize(store, Role::kPublic).has_value());
  Status denied = Authorize(store, Role::kAdmin);
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(denied.error().message, "this route needs admin access; the key is storefront");
}

TEST(ParseKeyRoleTest, AcceptsOnlyAdminAndStorefront) {
  EXPECT_EQ(ParseKeyRole("admin").value(), Role::kAdmin);
  EXPECT_EQ(ParseKeyRole("storefront").value(), Role::kStorefront);
  EXPECT_EQ(ParseKeyRole("public").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseKeyRole("Admin").error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace loyal::http
