// Money and Points: exact integer amounts. Money is a count of a currency's minor units;
// unit prices may carry micro-units (1e-6 of a major unit) and round half to even when
// multiplied out to a line total. No floating point anywhere. Values; thread-safe.
#pragma once

#include <charconv>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace loyal {

// An ISO 4217 currency: one of the active codes of a table compiled in (money.cc), with its
// minor unit.
class Currency {
 public:
  // Returns the currency, or invalid_argument (with field `field`) unless `code` is an
  // active ISO 4217 code a shop can price in ("EUR"; not "XYZ", "eur" or "XAU").
  [[nodiscard]] static Result<Currency> Parse(std::string_view code,
                                              std::string_view field = "currency");
  // Reads a code the store holds: any three upper-case letters, so that rows written before
  // the table was enforced still read back (a code not in the table has two decimals).
  // Returns internal for anything else.
  [[nodiscard]] static Result<Currency> ParseStored(std::string_view code);
  std::string_view code() const { return std::string_view(code_, 3); }
  // Digits after the decimal point: 2 for most, 0 for JPY/KRW/..., 3 for BHD/KWD/...
  int exponent() const { return exponent_; }
  friend bool operator==(const Currency& a, const Currency& b) { return a.code() == b.code(); }

 private:
  char code_[3] = {'X', 'X', 'X'};
  int8_t exponent_ = 2;
};

struct Money {
  int64_t minor = 0;
  Currency currency;
  friend bool operator==(const Money&, const Money&) = default;
};

// Points are whole numbers; balances never go negative (debt is its own account).
struct Points {
  int64_t value = 0;
  friend auto operator<=>(const Points&, const Points&) = default;
};

inline constexpr int64_t kMicrosPerUnit = 1'000'000;

// Parses a plain decimal ("12", "-3.5", "0.0085") into an integer scaled by 10^scale.
// Returns invalid_argument on anything else, on more fractional digits than `scale`
// (so money is never silently rounded), or on overflow.
[[nodiscard]] Result<int64_t> ParseScaledDecimal(std::string_view text, int scale);

// Formats `scaled` / 10^scale as a plain decimal with exactly `scale` digits: (1234, 2) -> "12.34".
std::string FormatScaledDecimal(int64_t scaled, int scale);
// The same text written into [first, last), as std::to_chars does (errc::value_too_large
// when it does not fit), for writers of many rows that keep no strings.
std::to_chars_result ScaledDecimalToChars(char* first, char* last, int64_t scaled, int scale);

// An estimate of money (a CLV, an expected spend) in major units, as a whole number of minor
// units of a currency with `exponent` digits: the double is rounded once, to micro-units,
// and those to minor units half to even in integer arithmetic (as line totals are), so sums
// of the results are exact. Returns nullopt when `major` is not finite or out of range.
std::optional<int64_t> EstimateToMinor(double major, int exponent);

// Line total in minor units of quantity × unit price (micro-units), rounded half to even.
// Returns invalid_argument on overflow.
[[nodiscard]] Result<int64_t> LineTotalMinor(int64_t quantity, int64_t unit_price_micros,
                                             const Currency& currency);

// floor(value × numerator / denominator) for value, numerator >= 0 and denominator > 0,
// exact in 128 bits; INT64_MAX when the quotient does not fit (a share of a tiny base).
int64_t MulDivFloor(int64_t value, int64_t numerator, int64_t denominator);

// Checked addition for running totals of money or points.
[[nodiscard]] Result<int64_t> CheckedAdd(int64_t a, int64_t b);

// Splits `discount` over `amounts` in proportion to each, exactly: the shares sum to
// `discount`, each is the floor of its exact share plus at most one unit handed out by
// largest remainder (ties to the earlier line). Shared by the orders room (line nets) and
// the program (earning). Errors: invalid_argument when the discount is negative or exceeds
// the amounts' sum.
[[nodiscard]] Result<std::vector<int64_t>> AllocateDiscount(const std::vector<int64_t>& amounts,
                                                            int64_t discount);

// The part of `whole` that `units_now` more of `units` (> 0) units carry when
// `units_before` were counted already: floor(whole * (before + now) / units) minus
// floor(whole * before / units), so counting every unit in any number of steps sums to
// exactly `whole`. Requires 0 <= units_before, units_before + units_now <= units.
int64_t ProRataStep(int64_t whole, int64_t units, int64_t units_before, int64_t units_now);

}  // namespace loyal
