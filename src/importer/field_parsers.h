// Field parsers for the transaction readers: numbers, dates and currencies from CSV text,
// with errors that name the column ("placed_at: '2024-13-01' is not ..."). The common
// date-time shapes take a fast path (no allocation, no calendar library) that agrees
// with core's ParseDateTime, which handles everything else and words the errors.
//
// Thread-safety: functions are pure; a CurrencyCache belongs to one reader.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/money.h"
#include "core/time.h"

namespace loyal::importer {

// Returns the whole number in `text` (an optional sign, digits), or invalid_argument
// "<column> '<text>' is not a whole number".
[[nodiscard]] Result<int64_t> ParseInteger(std::string_view text, std::string_view column);

// As ParseDateTime; errors are prefixed with "<column>: ".
[[nodiscard]] Result<ParsedDateTime> ParseWhen(std::string_view text, std::string_view column);

// As ParseScaledDecimal; errors are prefixed with "<column>: ".
[[nodiscard]] Result<int64_t> ParseDecimal(std::string_view text, int scale,
                                           std::string_view column);

// As ParseDate; errors are prefixed with "<column>: ".
[[nodiscard]] Result<DayNumber> ParseDay(std::string_view text, std::string_view column);

// Currency::Parse remembering the last code, since a file rarely changes currency.
class CurrencyCache {
 public:
  // Returns the currency, or invalid_argument prefixed with "<column>: ".
  [[nodiscard]] Result<Currency> Parse(std::string_view code, std::string_view column);

 private:
  std::string last_code_;
  Currency last_;
};

}  // namespace loyal::importer
