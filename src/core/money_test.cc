#include "core/money.h"

#include <cmath>

#include <gtest/gtest.h>

namespace loyal {
namespace {

TEST(MoneyTest, CurrencyAcceptsOnlyActiveIsoCodesWithTheirMinorUnits) {
  ASSERT_TRUE(Currency::Parse("GBP"));
  EXPECT_EQ(Currency::Parse("GBP")->code(), "GBP");
  EXPECT_EQ(Currency::Parse("gbp").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Currency::Parse("GB").error().code, ErrorCode::kInvalidArgument);
  for (std::string_view code : {"XYZ", "XAU", "XXX", "XTS", "HRK", "G\xffP"}) {
    auto parsed = Currency::Parse(code, "lines[0].currency");
    ASSERT_FALSE(parsed) << code;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << code;
    EXPECT_EQ(parsed.error().field, "lines[0].currency") << code;
  }
  EXPECT_NE(Currency::Parse("XYZ").error().message.find("'XYZ' is not one"), std::string::npos);
  EXPECT_EQ(Currency::Parse("G\xffP").error().message.find('\xff'), std::string::npos);
  const std::pair<const char*, int> kExponents[] = {
      {"AED", 2}, {"EUR", 2}, {"USD", 2}, {"JPY", 0}, {"KRW", 0}, {"XPF", 0}, {"KWD", 3},
      {"TND", 3}, {"CLF", 4}, {"UYW", 4}, {"ZWG", 2}, {"XCG", 2}, {"ZMW", 2}};
  for (const auto& [code, exponent] : kExponents) {
    auto parsed = Currency::Parse(code);
    ASSERT_TRUE(parsed) << code;
    EXPECT_EQ(parsed->exponent(), exponent) << code;
  }
}

TEST(MoneyTest, StoredCurrenciesOutsideTheTableStillReadBack) {
  auto legacy = Currency::ParseStored("XYZ");
  ASSERT_TRUE(legacy);
  EXPECT_EQ(legacy->code(), "XYZ");
  EXPECT_EQ(legacy->exponent(), 2);
  ASSERT_TRUE(Currency::ParseStored("JPY"));
  EXPECT_EQ(Currency::ParseStored("JPY")->exponent(), 0);
  EXPECT_EQ(Currency::ParseStored("xy").error().code, ErrorCode::kInternal);
}

TEST(MoneyTest, ParseScaledDecimalIsExact) {
  EXPECT_EQ(*ParseScaledDecimal("12.34", 2), 1234);
  EXPECT_EQ(*ParseScaledDecimal("12", 2), 1200);
  EXPECT_EQ(*ParseScaledDecimal("-0.5", 2), -50);
  EXPECT_EQ(*ParseScaledDecimal(".5", 2), 50);
  EXPECT_EQ(*ParseScaledDecimal("0.001", 6), 1000);
  EXPECT_EQ(*ParseScaledDecimal("1.2300", 2), 123);  // trailing zeros lose nothing
}

TEST(MoneyTest, ParseScaledDecimalRefusesRoundingAndJunk) {
  EXPECT_EQ(ParseScaledDecimal("1.234", 2).error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(ParseScaledDecimal("", 2));
  EXPECT_FALSE(ParseScaledDecimal("1e5", 2));
  EXPECT_FALSE(ParseScaledDecimal("-", 2));
  EXPECT_FALSE(ParseScaledDecimal("1.2.3", 2));
  EXPECT_FALSE(ParseScaledDecimal("99999999999999999999", 2));
}

TEST(MoneyTest, FormatScaledDecimalPadsFractions) {
  EXPECT_EQ(FormatScaledDecimal(1234, 2), "12.34");
  EXPECT_EQ(FormatScaledDecimal(5, 2), "0.05");
  EXPECT_EQ(FormatScaledDecimal(-5, 3), "-0.005");
  EXPECT_EQ(FormatScaledDecimal(42, 0), "42");
  EXPECT_EQ(FormatScaledDecimal(0, 2), "0.00");
  EXPECT_EQ(FormatScaledDecimal(100, 2), "1.00");
  EXPECT_EQ(FormatScaledDecimal(-1234, 2), "-12.34");
  EXPECT_EQ(FormatScaledDecimal(INT64_MIN, 2), "-92233720368547758.08");
}

TEST(MoneyTest, ScaledDecimalToCharsSaysWhenItDoesNotFit) {
  char text[5];
  auto fits = ScaledDecimalToChars(text, text + 5, 1234, 2);
  EXPECT_EQ(fits.ec, std::errc());
  EXPECT_EQ(std::string(text, fits.ptr), "12.34");
  EXPECT_EQ(ScaledDecimalToChars(text, text + 5, -1234, 2).ec, std::errc::value_too_large);
}

TEST(MoneyTest, EstimatesRoundToMinorUnitsHalfToEven) {
  EXPECT_EQ(EstimateToMinor(67626.96004813331, 2), 6762696);
  EXPECT_EQ(EstimateToMinor(0.125, 2), 12);  // 12.5 cents: to even
  EXPECT_EQ(EstimateToMinor(0.135, 2), 14);  // 13.5 cents (0.135 micro-rounded): to even
  EXPECT_EQ(EstimateToMinor(-0.125, 2), -12);
  EXPECT_EQ(EstimateToMinor(1234.5, 0), 1234);  // JPY
  EXPECT_EQ(EstimateToMinor(1.0005, 3), 1000);  // KWD, 1000.5 fils
  EXPECT_EQ(EstimateToMinor(0.0000004, 2), 0);
  EXPECT_EQ(EstimateToMinor(std::nan(""), 2), std::nullopt);
  EXPECT_EQ(EstimateToMinor(HUGE_VAL, 2), std::nullopt);
  EXPECT_EQ(EstimateToMinor(1e15, 2), std::nullopt);
}

TEST(MoneyTest, LineTotalRoundsHalfToEven) {
  auto gbp = *Currency::Parse("GBP");
  // 3 × 0.005 = 0.015 -> 0.02 (1.5 minor units rounds to even 2)
  EXPECT_EQ(*LineTotalMinor(3, 5'000, gbp), 2);
  // 1 × 0.005 = 0.5 minor units -> 0 (even)
  EXPECT_EQ(*LineTotalMinor(1, 5'000, gbp), 0);
  // 5 × 0.005 = 2.5 minor units -> 2
  EXPECT_EQ(*LineTotalMinor(5, 5'000, gbp), 2);
  EXPECT_EQ(*LineTotalMinor(7, 5'000, gbp), 4);  // 3.5 -> 4
  EXPECT_EQ(*LineTotalMinor(-3, 5'000, gbp), -2);
  EXPECT_EQ(*LineTotalMinor(6, 2'550'000, gbp), 1530);
  auto jpy = *Currency::Parse("JPY");
  EXPECT_EQ(*LineTotalMinor(2, 150'500'000, jpy), 301);
}

TEST(MoneyTest, LineTotalsBeyond64BitProductsAreExactOrOutOfRange) {
  auto gbp = *Currency::Parse("GBP");
  // 10^13 × 10.00: the product in micros (10^20) overflows 64 bits, the total does not.
  EXPECT_EQ(*LineTotalMinor(10'000'000'000'000, 10'000'000, gbp), 10'000'000'000'000'000);
  // (2·10^15 + 1) × 0.005 = 10^15 + 0.5 minor units: still half to even.
  EXPECT_EQ(*LineTotalMinor(2'000'000'000'000'001, 5'000, gbp), 1'000'000'000'000'000);
  EXPECT_EQ(*LineTotalMinor(-2'000'000'000'000'003, 5'000, gbp), -1'000'000'000'000'002);
  EXPECT_EQ(LineTotalMinor(INT64_MAX, 1'000'000, gbp).error().code, ErrorCode::kInvalidArgument);
}

TEST(MoneyTest, CheckedAddReportsOverflow) {
  EXPECT_EQ(*CheckedAdd(2, 3), 5);
  EXPECT_EQ(CheckedAdd(INT64_MAX, 1).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace loyal
