#include "settings/settings_service.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include "db/testing/backend_test.h"

namespace loyal::settings {
namespace {

class SettingsServiceTest : public db::testing::BackendTest {
 protected:
  // Runs `work` in one committed transaction and returns its status.
  Status InTx(const std::function<Status(db::Transaction&)>& work) {
    return db::RunInTransaction(db(), work);
  }

  Result<ShopSettings> LoadNow() {
    ShopSettings out;
    LOY_RETURN_IF_ERROR(InTx([&](db::Transaction& tx) -> Status {
      LOY_ASSIGN_OR_RETURN(out, Load(tx));
      return {};
    }));
    return out;
  }
};

TEST_P(SettingsServiceTest, AnEmptyStoreHasTheDefaults) {
  auto loaded = LoadNow();
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_EQ(loaded->time_zone->name(), "UTC");
  EXPECT_EQ(loaded->default_currency.code(), "USD");
}

TEST_P(SettingsServiceTest, SetIsSeenByTheNextLoadAndListShowsTextInTableOrder) {
  ASSERT_TRUE(InTx([](db::Transaction& tx) { return Set(tx, "time_zone", "Europe/London"); }));
  auto loaded = LoadNow();
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_EQ(loaded->time_zone->name(), "Europe/London");
  ASSERT_TRUE(InTx([](db::Transaction& tx) { return Set(tx, "time_zone", "Asia/Tokyo"); }));
  EXPECT_EQ(LoadNow()->time_zone->name(), "Asia/Tokyo");

  std::vector<SettingText> listed;
  ASSERT_TRUE(InTx([&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(listed, List(tx));
    return {};
  }));
  ASSERT_EQ(listed.size(), KnownSettings().size());
  EXPECT_EQ(listed[0].key, "time_zone");
  EXPECT_EQ(listed[0].value, "Asia/Tokyo");
  EXPECT_EQ(listed[1].key, "default_currency");
  EXPECT_EQ(listed[1].value, "USD");  // never set: the default
}

TEST_P(SettingsServiceTest, BadValueOrUnknownKeyIsInvalidArgumentAndStoresNothing) {
  auto bad = InTx([](db::Transaction& tx) { return Set(tx, "time_zone", "Europe/Atlantis"); });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "time_zone");
  // Not an ISO 4217 code, though shaped like one: the currency rule of every path.
  auto currency = InTx([](db::Transaction& tx) { return Set(tx, "default_currency", "XYZ"); });
  ASSERT_FALSE(currency);
  EXPECT_EQ(currency.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(currency.error().field, "default_currency");
  EXPECT_NE(currency.error().message.find("'XYZ' is not one"), std::string::npos);
  auto unknown = InTx([](db::Transaction& tx) { return Set(tx, "colour", "blue"); });
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(unknown.error().field, "colour");
  int64_t rows = -1;
  ASSERT_TRUE(InTx([&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(auto count, tx.Query("SELECT COUNT(*) FROM settings"));
    rows = count[0].Int(0);
    return {};
  }));
  EXPECT_EQ(rows, 0);
}

TEST_P(SettingsServiceTest, StoredValueThatNoLongerChecksIsFailedPreconditionNamingIt) {
  ASSERT_TRUE(InTx([](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO settings (key, value) VALUES ('time_zone', 'Old/Removed')"));
    return {};
  }));
  auto loaded = LoadNow();
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(loaded.error().field, "time_zone");
}

TEST_P(SettingsServiceTest, StoredKeysThisVersionDoesNotKnowAreIgnored) {
  ASSERT_TRUE(InTx([](db::Transaction& tx) -> Status {
    LOY_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO settings (key, value) VALUES ('future_setting', '42')"));
    return {};
  }));
  auto loaded = LoadNow();
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_EQ(loaded->default_currency.code(), "USD");
}

TEST_P(SettingsServiceTest, TheCustomerTokenSecretIsMadeOnceAndNeverListedOrSettable) {
  std::string first;
  std::string second;
  ASSERT_TRUE(InTx([&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(first, CustomerTokenSecret(tx));
    return {};
  }));
  EXPECT_EQ(first.size(), 43u) << "32 random bytes as base64url";
  ASSERT_TRUE(InTx([&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(second, CustomerTokenSecret(tx));
    return {};
  }));
  EXPECT_EQ(second, first);
  std::vector<SettingText> listed;
  ASSERT_TRUE(InTx([&](db::Transaction& tx) -> Status {
    LOY_ASSIGN_OR_RETURN(listed, List(tx));
    return {};
  }));
  for (const SettingText& s : listed) {
    EXPECT_NE(s.key, kCustomerTokenSecretKey);
    EXPECT_NE(s.value, first) << s.key;
  }
  auto refused = InTx([&](db::Transaction& tx) { return Set(tx, kCustomerTokenSecretKey, "x"); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM settings WHERE key = 'customer_token_secret'"), 1);
}

LOYAL_INSTANTIATE_BACKEND_TESTS(SettingsServiceTest);

}  // namespace
}  // namespace loyal::settings
