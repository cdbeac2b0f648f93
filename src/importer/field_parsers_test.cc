#include "importer/field_parsers.h"

#include <gtest/gtest.h>

namespace loyal::importer {
namespace {

TEST(FieldParsersTest, FastDateTimePathAgreesWithCoreParser) {
  const char* texts[] = {"2010-12-01",           "2010-12-01 08:26",
                         "2010-12-01T08:26:59",  "2012-02-29 23:59:59",
                         "1969-12-31 23:59:59",  "2000-02-29",
                         "1900-02-29",           "2011-02-29 10:00",
                         "2010-13-01",           "2010-12-32",
                         "2010-12-01 24:00",     "2010-12-01 08:60",
                         "2010-12-01 08:26:60",  "2010-12-01X08:26",
                         "2010/12/01",           "2010-12-01 8:26",
                         "2010-12-01T08:26Z",    "2010-12-01T08:26+01:00",
                         "0001-01-01",           "20101201",
                         "2010-12-01 08:26:00.5"};
  for (const char* text : texts) {
    auto fast = ParseWhen(text, "placed_at");
    auto core = ParseDateTime(text);
    ASSERT_EQ(fast.has_value(), core.has_value()) << text;
    if (core) {
      EXPECT_EQ(fast->seconds, core->seconds) << text;
      EXPECT_EQ(fast->has_offset, core->has_offset) << text;
    } else {
      EXPECT_EQ(fast.error().message, "placed_at: " + core.error().message) << text;
    }
  }
}

TEST(FieldParsersTest, IntegersAcceptSignsAndRejectEverythingElse) {
  EXPECT_EQ(*ParseInteger("-12", "Quantity"), -12);
  EXPECT_EQ(*ParseInteger("+7", "Quantity"), 7);
  for (const char* bad : {"", "1.0", "12a", " 1", "99999999999999999999", "+"}) {
    auto r = ParseInteger(bad, "Quantity");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message, "Quantity '" + std::string(bad) + "' is not a whole number");
  }
}

TEST(FieldParsersTest, CurrencyCacheFollowsChangesAndNamesTheColumn) {
  CurrencyCache cache;
  EXPECT_EQ(cache.Parse("EUR", "currency")->code(), "EUR");
  EXPECT_EQ(cache.Parse("EUR", "currency")->code(), "EUR");
  EXPECT_EQ(cache.Parse("JPY", "currency")->exponent(), 0);
  auto bad = cache.Parse("eur", "currency");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "currency: must be an ISO 4217 currency code such as \"EUR\"");
  EXPECT_EQ(cache.Parse("JPY", "currency")->code(), "JPY");
}

}  // namespace
}  // namespace loyal::importer
