#include "core/fixed_format.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace loyal {
namespace {

constexpr int kMaxFastDecimals = 9;
constexpr std::array<double, kMaxFastDecimals + 1> kPowersOfTen = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
constexpr std::array<uint64_t, kMaxFastDecimals + 1> kIntegerPowersOfTen = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};
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
  const uint64_t unit = kIntegerPowersOfTen[decimals];
  char* out = first;
  if (std::signbit(value)) {
    if (out == last) return {last, std::errc::value_too_large};
    *out++ = '-';
  }
  auto integer = std::to_chars(out, last, digits / unit);
  if (integer.ec != std::errc()) return integer;
  out = integer.ptr;
  if (decimals == 0) return {out, std::errc()};
  if (last - out < decimals + 1) return {last, std::errc::value_too_large};
  *out++ = '.';
  uint64_t rest = digits % unit;
  for (int k = decimals - 1; k >= 0; --k, rest /= 10) out[k] = static_cast<char>('0' + rest % 10);
  return {out + decimals, std::errc()};
}

}  // namespace loyal
