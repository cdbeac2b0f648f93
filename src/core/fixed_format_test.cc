#include "core/fixed_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

namespace loyal {
namespace {

std::string Fast(double value, int decimals) {
  char buf[400];
  auto r = FormatFixed(buf, buf + sizeof buf, value, decimals);
  EXPECT_EQ(r.ec, std::errc());
  return std::string(buf, r.ptr);
}

std::string Reference(double value, int decimals) {
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
  return std::string(buf, r.ptr);
}

TEST(FixedFormatTest, WritesWhatToCharsWritesForOrdinaryValues) {
  EXPECT_EQ(Fast(1.226, 6), "1.226000");
  EXPECT_EQ(Fast(38.857142857, 4), "38.8571");
  EXPECT_EQ(Fast(0, 2), "0.00");
  EXPECT_EQ(Fast(7, 0), "7");
  EXPECT_EQ(Fast(0.996, 2), "1.00");
  EXPECT_EQ(Fast(-12.345678, 3), "-12.346");
}

TEST(FixedFormatTest, ExactTiesRoundToEvenAsToCharsDoes) {
  // Exactly representable halves: to_chars rounds these to even, a naive round() would not.
  for (double v : {0.5, 1.5, 2.5, 0.125, 0.375, 2.675, 1.0000005, -0.5, -2.5}) {
    for (int d = 0; d <= 6; ++d) EXPECT_EQ(Fast(v, d), Reference(v, d)) << v << " " << d;
  }
  EXPECT_EQ(Fast(2.5, 0), "2");
  EXPECT_EQ(Fast(0.125, 2), "0.12");
}

TEST(FixedFormatTest, SignsOfZeroAndTinyNegativesFollowToChars) {
  for (double v : {-0.0, -0.001, -1e-300, 1e-300, std::numeric_limits<double>::denorm_min()}) {
    for (int d : {0, 2, 6}) EXPECT_EQ(Fast(v, d), Reference(v, d)) << v << " " << d;
  }
}

TEST(FixedFormatTest, LargeNonFiniteAndManyDecimalsTakeTheGeneralPath) {
  const double inf = std::numeric_limits<double>::infinity();
  for (double v : {1e20, -3e17, 1.5e15, inf, -inf, std::nan("")}) {
    for (int d : {0, 2, 9}) EXPECT_EQ(Fast(v, d), Reference(v, d)) << v << " " << d;
  }
  EXPECT_EQ(Fast(1.0 / 3, 17), Reference(1.0 / 3, 17));
}

TEST(FixedFormatTest, RandomValuesMatchToCharsAtEveryPrecision) {
  std::mt19937_64 rng(20261129);
  std::uniform_real_distribution<double> mantissa(-1, 1);
  std::uniform_int_distribution<int> exponent(-12, 16);
  std::uniform_int_distribution<int> cents(-1000000, 1000000);
  for (int i = 0; i < 50000; ++i) {
    const double wide = mantissa(rng) * std::pow(10.0, exponent(rng));
    const double money = cents(rng) / 100.0 / (1 + i % 7);  // means of amounts, as in the CSV
    for (int d = 0; d <= 9; ++d) {
      ASSERT_EQ(Fast(wide, d), Reference(wide, d)) << wide << " " << d;
      ASSERT_EQ(Fast(money, d), Reference(money, d)) << money << " " << d;
    }
  }
}

TEST(FixedFormatTest, ShortBufferIsValueTooLargeAsInToChars) {
  char buf[4];
  EXPECT_EQ(FormatFixed(buf, buf + sizeof buf, 12.345, 2).ec, std::errc::value_too_large);
  EXPECT_EQ(FormatFixed(buf, buf + sizeof buf, 1234567.0, 0).ec, std::errc::value_too_large);
  EXPECT_EQ(FormatFixed(buf, buf + 3, -12.0, 0).ptr, buf + 3);
}

}  // namespace
}  // namespace loyal
