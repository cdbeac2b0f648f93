#include "core/fixed_format.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace loyal {
namespace {

constexpr int kMaxFastDecimals = 9;
constexpr std::array<double, kMaxFastDecimals + 1> kPowersOfTen = {1e0, 1e1, 1e2, 1e3, 1e4,
                                                                   1e5, 1e6, 1e7, 1e8, 1e9};
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
  // Digits right to left into a scratch buffer, two at a time from a table (divisions by
  // constants compile to multiplications; pairs halve the chain of them), then one copy.
  char scratch[32];
  char* const scratch_end = scratch + sizeof scratch;
  char* p = scratch_end;
  uint64_t rest = digits;
  int fraction_digits = decimals;
  for (; fraction_digits >= 2; fraction_digits -= 2, rest /= 100) {
    p -= 2;
    std::memcpy(p, kDigitPairs + 2 * (rest % 100), 2);
  }
  if (fraction_digits == 1) {
    *--p = static_cast<char>('0' + rest % 10);
    rest /= 10;
  }
  if (decimals > 0) *--p = '.';
  while (true) {  // the whole part, at least one digit
    if (rest < 10) {
      *--p = static_cast<char>('0' + rest);
      break;
    }
    p -= 2;
    std::memcpy(p, kDigitPairs + 2 * (rest % 100), 2);
    rest /= 100;
    if (rest == 0) break;
  }
  if (std::signbit(value)) *--p = '-';
  const auto length = scratch_end - p;
  if (last - first < length) return {last, std::errc::value_too_large};
  std::memcpy(first, p, static_cast<size_t>(length));
  return {first + length, std::errc()};
}

}  // namespace loyal
