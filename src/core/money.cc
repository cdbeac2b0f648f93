#include "core/money.h"

#include <array>
#include <cmath>
#include <cstring>
#include <limits>

namespace loyal {

Result<Currency> Currency::Parse(std::string_view code) {
  if (code.size() != 3) return InvalidArgument("currency must be a 3-letter ISO 4217 code");
  Currency c;
  for (int i = 0; i < 3; ++i) {
    if (code[i] < 'A' || code[i] > 'Z') {
      return InvalidArgument("currency must be a 3-letter ISO 4217 code");
    }
    c.code_[i] = code[i];
  }
  c.exponent_ = static_cast<int8_t>(c.MinorUnitDigits());
  return c;
}

int Currency::MinorUnitDigits() const {
  // ISO 4217 minor-unit exceptions; everything else has two decimals.
  static constexpr std::array<std::string_view, 16> kZero = {
      "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
      "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF"};
  static constexpr std::array<std::string_view, 7> kThree = {"BHD", "IQD", "JOD", "KWD",
                                                             "LYD", "OMR", "TND"};
  for (auto z : kZero)
    if (z == code()) return 0;
  for (auto t : kThree)
    if (t == code()) return 3;
  return 2;
}

namespace {
// GCC's 128-bit integer holds any int64 product; __extension__ keeps -Wpedantic quiet.
__extension__ typedef __int128 Int128;
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

int64_t Pow10(int n) {
  static constexpr std::array<int64_t, 19> kPowers = [] {
    std::array<int64_t, 19> p{};
    p[0] = 1;
    for (size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
    return p;
  }();
  return kPowers[static_cast<size_t>(n)];
}

// product / divisor rounded half to even. C++ division truncates toward zero, so the
// rounding step goes away from zero by the product's sign.
template <typename Int>
Int DivideHalfEven(Int product, int64_t divisor) {
  Int quotient = product / divisor;
  Int remainder = product % divisor;
  Int twice = (remainder < 0 ? -remainder : remainder) * 2;
  if (twice > divisor || (twice == divisor && (quotient % 2 != 0))) {
    quotient += product < 0 ? -1 : 1;
  }
  return quotient;
}
}  // namespace

Result<int64_t> ParseScaledDecimal(std::string_view text, int scale) {
  auto bad = [&] { return InvalidArgument("'" + std::string(text) + "' is not a decimal number"); };
  if (text.empty()) return bad();
  bool negative = false;
  size_t i = 0;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
  }
  int64_t whole = 0;
  int whole_digits = 0;
  for (; i < text.size() && text[i] != '.'; ++i, ++whole_digits) {
    char c = text[i];
    if (c < '0' || c > '9') return bad();
    if (whole > (kMax - (c - '0')) / 10) return InvalidArgument("number out of range");
    whole = whole * 10 + (c - '0');
  }
  int64_t frac = 0;
  int frac_digits = 0;
  if (i < text.size()) {
    for (++i; i < text.size(); ++i, ++frac_digits) {
      char c = text[i];
      if (c < '0' || c > '9') return bad();
      if (frac_digits >= scale) {
        if (c != '0') {
          return InvalidArgument("'" + std::string(text) + "' has more than " +
                                 std::to_string(scale) + " decimal places");
        }
        continue;
      }
      frac = frac * 10 + (c - '0');
    }
  }
  if (whole_digits == 0 && frac_digits == 0) return bad();
  int used = frac_digits < scale ? frac_digits : scale;
  frac *= Pow10(scale - used);
  int64_t unit = Pow10(scale);
  if (whole > (kMax - frac) / unit) return InvalidArgument("number out of range");
  int64_t value = whole * unit + frac;
  return negative ? -value : value;
}

std::to_chars_result ScaledDecimalToChars(char* first, char* last, int64_t scaled, int scale) {
  // Work in unsigned so INT64_MIN formats without overflow.
  const bool negative = scaled < 0;
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(scaled) : static_cast<uint64_t>(scaled);
  char digits[24];
  const auto written = std::to_chars(digits, digits + sizeof digits, magnitude);
  const size_t count = static_cast<size_t>(written.ptr - digits);
  const size_t places = scale > 0 ? static_cast<size_t>(scale) : 0;
  // At least one digit before the point: (5, 2) -> "0.05".
  const size_t whole = count > places ? count - places : 1;
  const size_t length = (negative ? 1 : 0) + whole + (places > 0 ? 1 + places : 0);
  if (static_cast<size_t>(last - first) < length) return {last, std::errc::value_too_large};
  char* p = first;
  if (negative) *p++ = '-';
  if (count > places) {
    std::memcpy(p, digits, whole);
    p += whole;
  } else {
    *p++ = '0';
  }
  if (places > 0) {
    *p++ = '.';
    const size_t zeros = count < places ? places - count : 0;
    std::memset(p, '0', zeros);
    p += zeros;
    std::memcpy(p, digits + (count - (places - zeros)), places - zeros);
    p += places - zeros;
  }
  return {p, std::errc()};
}

std::string FormatScaledDecimal(int64_t scaled, int scale) {
  char text[48];
  const auto written = ScaledDecimalToChars(text, text + sizeof text, scaled, scale);
  return std::string(text, written.ptr);
}

std::optional<int64_t> EstimateToMinor(double major, int exponent) {
  // Within int64 with room to spare: about 9.2e12 major units.
  constexpr double kMaxMicros = 0x1p62;
  const double micros = std::nearbyint(major * static_cast<double>(kMicrosPerUnit));
  if (!std::isfinite(micros) || std::fabs(micros) >= kMaxMicros) return std::nullopt;
  return DivideHalfEven(static_cast<int64_t>(micros), Pow10(6 - exponent));
}

Result<int64_t> LineTotalMinor(int64_t quantity, int64_t unit_price_micros,
                               const Currency& currency) {
  const int64_t divisor = Pow10(6 - currency.exponent());
  // Nearly every product fits in 64 bits (with room for the rounding step), where division
  // is several times cheaper than in 128.
  if (int64_t product; !__builtin_mul_overflow(quantity, unit_price_micros, &product) &&
                       product > std::numeric_limits<int64_t>::min() / 2) {
    return DivideHalfEven(product, divisor);
  }
  const Int128 quotient =
      DivideHalfEven(static_cast<Int128>(quantity) * unit_price_micros, divisor);
  if (quotient > kMax || quotient < -kMax) return InvalidArgument("line total out of range");
  return static_cast<int64_t>(quotient);
}

Result<int64_t> CheckedAdd(int64_t a, int64_t b) {
  int64_t out;
  if (__builtin_add_overflow(a, b, &out)) return InvalidArgument("amount out of range");
  return out;
}

}  // namespace loyal
