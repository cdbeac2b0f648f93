#include "core/time.h"

#include <date/tz.h>
#include <gtest/gtest.h>

namespace loyal {
namespace {

TEST(TimeTest, ParseDateAcceptsIsoAndCompactForms) {
  EXPECT_EQ(*ParseDate("1970-01-01"), 0);
  EXPECT_EQ(*ParseDate("19970101"), *ParseDate("1997-01-01"));
  EXPECT_EQ(FormatDate(*ParseDate("2011-09-30")), "2011-09-30");
  EXPECT_EQ(*ParseDate("1969-12-31"), -1);
}

TEST(TimeTest, ParseDateRefusesImpossibleDates) {
  EXPECT_EQ(ParseDate("2021-02-30").error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(ParseDate("2021-13-01"));
  EXPECT_FALSE(ParseDate("2021/01/01"));
  EXPECT_FALSE(ParseDate(""));
}

TEST(TimeTest, ParseDateTimeHandlesOffsets) {
  auto local = *ParseDateTime("2010-12-01 08:26:00");
  EXPECT_FALSE(local.has_offset);
  EXPECT_EQ(local.seconds, int64_t{*ParseDate("2010-12-01")} * 86400 + 8 * 3600 + 26 * 60);
  auto utc = *ParseDateTime("2010-12-01T08:26Z");
  EXPECT_TRUE(utc.has_offset);
  EXPECT_EQ(utc.seconds, local.seconds);
  auto plus_one = *ParseDateTime("2010-12-01T09:26:00.250+01:00");
  EXPECT_EQ(plus_one.seconds, local.seconds);
  EXPECT_EQ(ParseDateTime("2010-12-01").value().seconds, int64_t{*ParseDate("2010-12-01")} * 86400);
}

TEST(TimeTest, ParseDateTimeRefusesJunk) {
  EXPECT_FALSE(ParseDateTime("2010-12-01T25:00"));
  EXPECT_FALSE(ParseDateTime("2010-12-01T08"));
  EXPECT_FALSE(ParseDateTime("2010-12-01T08:00+1"));
  EXPECT_FALSE(ParseDateTime("yesterday"));
}

TEST(TimeTest, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(Timestamp(std::chrono::seconds(1000)));
  EXPECT_EQ(clock.Now().time_since_epoch().count(), 1000);
  clock.Advance(std::chrono::seconds(5));
  EXPECT_EQ(FormatTimestamp(clock.Now()), "1970-01-01T00:16:45Z");
}

TEST(TimeTest, DayOfFloorsNegativeSeconds) {
  EXPECT_EQ(DayOf(0), 0);
  EXPECT_EQ(DayOf(86399), 0);
  EXPECT_EQ(DayOf(-1), -1);
}

}  // namespace
}  // namespace loyal

namespace loyal {
namespace {

TEST(ToUtcTest, LocalTimesUseTheZoneAndOffsetsWin) {
  auto local = ParseDateTime("2024-07-01T12:00:00");
  auto with_offset = ParseDateTime("2024-07-01T12:00:00Z");
  const date::time_zone* london = date::locate_zone("Europe/London");
  EXPECT_EQ(FormatTimestamp(ToUtc(*local, london)), "2024-07-01T11:00:00Z");
  EXPECT_EQ(FormatTimestamp(ToUtc(*with_offset, london)), "2024-07-01T12:00:00Z");
  EXPECT_EQ(FormatTimestamp(ToUtc(*local, nullptr)), "2024-07-01T12:00:00Z");
}

}  // namespace
}  // namespace loyal
