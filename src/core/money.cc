#include "core/money.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <numeric>

#include "core/text_rules.h"

namespace loyal {

namespace {

struct IsoCurrency {
  std::string_view code;
  int exponent;  // the minor unit: digits after the decimal point
};

// The active alphabetic codes of ISO 4217 (list one) with their minor units, sorted by
// code. Taken from Debian's iso-codes 4.15 with the later amendments: XCG (Caribbean
// guilder) and ZWG (Zimbabwe Gold) added; HRK, ANG, SLL and ZWL withdrawn. Codes whose
// minor unit is "N.A." (precious metals, bond-market units, XDR, XSU, XUA, the testing
// code XTS, "no currency" XXX) are not money a shop prices in and are left out.
constexpr IsoCurrency kIsoCurrencies[] = {
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"AOA", 2}, {"ARS", 2}, {"AUD", 2}, {"AWG", 2},
    {"AZN", 2}, {"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0}, {"BMD", 2},
    {"BND", 2}, {"BOB", 2}, {"BOV", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2}, {"BYN", 2},
    {"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHE", 2}, {"CHF", 2}, {"CHW", 2}, {"CLF", 4}, {"CLP", 0},
    {"CNY", 2}, {"COP", 2}, {"COU", 2}, {"CRC", 2}, {"CUC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2},
    {"DJF", 0}, {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2}, {"ERN", 2}, {"ETB", 2}, {"EUR", 2},
    {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2}, {"GIP", 2}, {"GMD", 2}, {"GNF", 0},
    {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2}, {"HTG", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2},
    {"INR", 2}, {"IQD", 3}, {"IRR", 2}, {"ISK", 0}, {"JMD", 2}, {"JOD", 3}, {"JPY", 0}, {"KES", 2},
    {"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0}, {"KWD", 3}, {"KYD", 2}, {"KZT", 2},
    {"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LRD", 2}, {"LSL", 2}, {"LYD", 3}, {"MAD", 2}, {"MDL", 2},
    {"MGA", 2}, {"MKD", 2}, {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2}, {"MVR", 2},
    {"MWK", 2}, {"MXN", 2}, {"MXV", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2}, {"NGN", 2}, {"NIO", 2},
    {"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PAB", 2}, {"PEN", 2}, {"PGK", 2}, {"PHP", 2},
    {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RUB", 2}, {"RWF", 0},
    {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2}, {"SGD", 2}, {"SHP", 2}, {"SLE", 2},
    {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2}, {"SVC", 2}, {"SYP", 2}, {"SZL", 2}, {"THB", 2},
    {"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TOP", 2}, {"TRY", 2}, {"TTD", 2}, {"TWD", 2}, {"TZS", 2},
    {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"USN", 2}, {"UYI", 0}, {"UYU", 2}, {"UYW", 4}, {"UZS", 2},
    {"VED", 2}, {"VES", 2}, {"VND", 0}, {"VUV", 0}, {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XCG", 2},
    {"XOF", 0}, {"XPF", 0}, {"YER", 2}, {"ZAR", 2}, {"ZMW", 2}, {"ZWG", 2},
};

const IsoCurrency* FindIsoCurrency(std::string_view code) {
  const auto* end = std::end(kIsoCurrencies);
  const auto* it =
      std::lower_bound(std::begin(kIsoCurrencies), end, code,
                       [](const IsoCurrency& c, std::string_view k) { return c.code < k; });
  return it != end && it->code == code ? it : nullptr;
}

bool IsThreeUpperCaseLetters(std::string_view code) {
  return code.size() == 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

Result<Currency> Currency::Parse(std::string_view code, std::string_view field) {
  const IsoCurrency* iso = FindIsoCurrency(code);
  if (iso == nullptr) {
    std::string message = "must be an ISO 4217 currency code such as \"EUR\"";
    // Three letters are safe to quote back; anything else might not be.
    if (IsThreeUpperCaseLetters(code)) message += "; '" + std::string(code) + "' is not one";
    return InvalidArgument(std::move(message), std::string(field));
  }
  Currency c;
  std::copy(code.begin(), code.end(), c.code_);
  c.exponent_ = static_cast<int8_t>(iso->exponent);
  return c;
}

Result<Currency> Currency::ParseStored(std::string_view code) {
  if (!IsThreeUpperCaseLetters(code)) return Internal("a stored currency code is malformed");
  const IsoCurrency* iso = FindIsoCurrency(code);
  Currency c;
  std::copy(code.begin(), code.end(), c.code_);
  c.exponent_ = static_cast<int8_t>(iso != nullptr ? iso->exponent : 2);
  return c;
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
  auto bad = [&] {
    return InvalidArgument("'" + EscapeForMessage(text) + "' is not a decimal number");
  };
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
          return InvalidArgument("'" + EscapeForMessage(text) + "' has more than " +
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

Result<std::vector<int64_t>> AllocateDiscount(const std::vector<int64_t>& amounts,
                                              int64_t discount) {
  Int128 total = 0;
  for (int64_t a : amounts) total += a;
  if (discount < 0 || discount > total) {
    return InvalidArgument("must be between 0 and the sum of the lines' amounts");
  }
  std::vector<int64_t> shares(amounts.size(), 0);
  if (discount == 0) return shares;
  std::vector<Int128> remainders(amounts.size());
  int64_t handed_out = 0;
  for (size_t i = 0; i < amounts.size(); ++i) {
    Int128 exact = static_cast<Int128>(discount) * amounts[i];
    shares[i] = static_cast<int64_t>(exact / total);
    remainders[i] = exact % total;
    handed_out += shares[i];
  }
  std::vector<size_t> order(amounts.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  for (size_t k = 0; handed_out < discount; ++k, ++handed_out) ++shares[order[k]];
  return shares;
}

int64_t ProRataStep(int64_t whole, int64_t units, int64_t units_before, int64_t units_now) {
  auto pro_rata = [&](int64_t counted) {
    return static_cast<int64_t>(static_cast<Int128>(whole) * counted / units);
  };
  return pro_rata(units_before + units_now) - pro_rata(units_before);
}

int64_t MulDivFloor(int64_t value, int64_t numerator, int64_t denominator) {
  const Int128 quotient = static_cast<Int128>(value) * numerator / denominator;
  return quotient > std::numeric_limits<int64_t>::max() ? std::numeric_limits<int64_t>::max()
                                                        : static_cast<int64_t>(quotient);
}

}  // namespace loyal
