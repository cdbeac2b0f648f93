#include "core/fixed_format.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace loyal {
namespace {

constexpr int kMaxFastDecimals = 9;
constexpr std::array<double, kMaxFastDecimals + 1> kPowersOfTen = {1e0, 1e1, 1e2, 1e3, 1e4,
                                                                   1e5, 1e6, 1e7, 1e8, 1e9};
constexpr std::array<uint64_t, 20> kIntegerPowersOfTen = [] {
  std::array<uint64_t, 20> p{};
  p[0] = 1;
  for (size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();
constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";
// Above this the integer digits no longer fit comfortably in a double's 53 bits.
constexpr double kMaxScaled = 0x1p50;
// The product by an exact power of ten is correctly rounded: off by at most this share of it.
constexpr double kProductError = 0x1p-53;

}  // namespace

std::to_chars_result FormatFixed(char* first, char* last, double value, int decimals) {
  const auto general = [&] {
    return std::to_chars(first, last, value, std::chars_format::fixed, decimals);
  };
  if (decimals < 0 || decimals > kMaxFastDecimals || !std::isfinite(value)) return general();
  const double scaled = std::fabs(value) * kPowersOfTen[decimals];
  if (scaled >= kMaxScaled) return general();
  // to_chars rounds the exact binary value. The computed fraction (floor and the subtraction
  // are exact) is within kProductError * scaled of the true one, so unless it lies within
  // twice that of one half it rounds the same way. Near one half, where a true tie is rounded
  // to even, the general path decides.
  const double whole = std::floor(scaled);
  const double fraction = scaled - whole;
  if (std::fabs(fraction - 0.5) <= 2 * kProductError * scaled) return general();
  const uint64_t digits = static_cast<uint64_t>(whole) + (fraction > 0.5 ? 1 : 0);
  // The length first, then the digits right to left straight into place, two at a time from a
  // table: divisions by constants compile to multiplications, pairs halve the chain of them,
  // and no copy of variable length (a library call) is left.
  int digit_count = 1;
  while (digit_count < 20 && digits >= kIntegerPowersOfTen[digit_count]) ++digit_count;
  digit_count = std::max(digit_count, decimals + 1);  // "0.05": a zero before the point
  const bool negative = std::signbit(value);
  const auto length = digit_count + (decimals > 0 ? 1 : 0) + (negative ? 1 : 0);
  if (last - first < length) return {last, std::errc::value_too_large};
  char* p = first + length;
  uint64_t rest = digits;
  const auto write_digits = [&](int count) {
    for (; count >= 2; count -= 2, rest /= 100) {
      p -= 2;
      std::memcpy(p, kDigitPairs + 2 * (rest % 100), 2);
    }
    if (count == 1) {
      *--p = static_cast<char>('0' + rest % 10);
      rest /= 10;
    }
  };
  write_digits(decimals);
  if (decimals > 0) *--p = '.';
  write_digits(digit_count - decimals);
  if (negative) *--p = '-';
  return {first + length, std::errc()};
}

}  // namespace loyal
