#include "settings/settings.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <set>

namespace loyal::settings {
namespace {

TEST(SettingsTest, KeysAreUniqueAndEveryDefaultPassesItsOwnCheck) {
  std::set<std::string_view> keys;
  for (const Setting& s : KnownSettings()) {
    EXPECT_TRUE(keys.insert(s.key).second) << s.key;
    EXPECT_FALSE(s.description.empty()) << s.key;
    ShopSettings scratch;
    EXPECT_TRUE(s.apply(s.default_value, scratch)) << s.key;
  }
}

TEST(SettingsTest, DefaultsAreUtcAndUsd) {
  ShopSettings defaults = DefaultSettings();
  ASSERT_NE(defaults.time_zone, nullptr);
  EXPECT_EQ(defaults.time_zone->name(), "UTC");
  EXPECT_EQ(defaults.default_currency.code(), "USD");
}

TEST(SettingsTest, ApplyReadsGoodValuesAndRefusesBadOnesNamingTheKey) {
  ShopSettings s = DefaultSettings();
  ASSERT_TRUE((*FindSetting("time_zone"))->apply("Europe/London", s));
  EXPECT_EQ(s.time_zone->name(), "Europe/London");
  ASSERT_TRUE((*FindSetting("default_currency"))->apply("GBP", s));
  EXPECT_EQ(s.default_currency.code(), "GBP");

  auto zone = (*FindSetting("time_zone"))->apply("Mars/Olympus", s);
  ASSERT_FALSE(zone);
  EXPECT_EQ(zone.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(zone.error().field, "time_zone");
  EXPECT_EQ(s.time_zone->name(), "Europe/London");  // a refused value leaves the old one
  auto currency = (*FindSetting("default_currency"))->apply("pounds", s);
  ASSERT_FALSE(currency);
  EXPECT_EQ(currency.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(currency.error().field, "default_currency");
}

TEST(SettingsTest, ThePointsReleaseWindowDefaultsToSevenDaysAfterDelivery) {
  ShopSettings s = DefaultSettings();
  EXPECT_EQ(s.return_window_days, 7);
  EXPECT_EQ(s.points_release, PointsRelease::kDelivered);
  ASSERT_TRUE((*FindSetting("return_window_days"))->apply("0", s));
  EXPECT_EQ(s.return_window_days, 0);
  ASSERT_TRUE((*FindSetting("points_release"))->apply("paid", s));
  EXPECT_EQ(s.points_release, PointsRelease::kPaid);
  for (const char* bad : {"-1", "366", "7 days", ""}) {
    auto refused = (*FindSetting("return_window_days"))->apply(bad, s);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().field, "return_window_days");
  }
  auto refused = (*FindSetting("points_release"))->apply("shipped", s);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "points_release");
  EXPECT_EQ(s.return_window_days, 0) << "a refused value changed the settings";
  EXPECT_EQ(s.points_release, PointsRelease::kPaid);
}

TEST(SettingsTest, APointIsWorthACentUnlessSetToAnExactDecimal) {
  ShopSettings s = DefaultSettings();
  EXPECT_EQ(s.point_value_micros, 10'000);
  ASSERT_TRUE((*FindSetting("point_value"))->apply("0.005", s));
  EXPECT_EQ(s.point_value_micros, 5'000);
  ASSERT_TRUE((*FindSetting("point_value"))->apply("1000", s));
  EXPECT_EQ(s.point_value_micros, 1'000'000'000);
  for (const char* bad : {"-0.01", "0.0000001", "1000.000001", "a cent", ""}) {
    auto refused = (*FindSetting("point_value"))->apply(bad, s);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().field, "point_value");
  }
  EXPECT_EQ(s.point_value_micros, 1'000'000'000) << "a refused value changed the settings";
}

TEST(SettingsTest, UnknownKeyIsInvalidArgumentListingTheKnownOnes) {
  auto found = FindSetting("shoe_size");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(found.error().field, "shoe_size");
  EXPECT_NE(found.error().message.find("time_zone, default_currency"), std::string::npos)
      << found.error().message;
}

TEST(SettingsTest, LocateTimeZoneNamesTheCallersField) {
  auto zone = LocateTimeZone("Nowhere/Special", "time-zone");
  ASSERT_FALSE(zone);
  EXPECT_EQ(zone.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(zone.error().field, "time-zone");
  ASSERT_TRUE(LocateTimeZone("Asia/Tokyo", "time-zone"));
}

}  // namespace
}  // namespace loyal::settings
