#include "importer/field_parsers.h"

#include <charconv>

#include "core/text_rules.h"

namespace loyal::importer {
namespace {

template <class T>
Result<T> InColumn(Result<T>&& result, std::string_view column) {
  if (!result) return InvalidArgument(std::string(column) + ": " + result.error().message);
  return std::move(result);
}

bool TwoDigits(const char* p, int* out) {
  if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9') return false;
  *out = (p[0] - '0') * 10 + (p[1] - '0');
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return int64_t{era} * 146097 + doe - 719468;
}

bool ValidDay(int y, int m, int d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// "YYYY-MM-DD", optionally followed by "[ T]HH:MM" and ":SS", without an offset. Returns
// false for anything else, which the full parser then accepts or explains.
bool FastLocalDateTime(std::string_view s, ParsedDateTime* out) {
  if (s.size() != 10 && s.size() != 16 && s.size() != 19) return false;
  const char* p = s.data();
  int c, yy, mo, d, h = 0, mi = 0, sec = 0;
  if (!TwoDigits(p, &c) || !TwoDigits(p + 2, &yy) || p[4] != '-' || !TwoDigits(p + 5, &mo) ||
      p[7] != '-' || !TwoDigits(p + 8, &d)) {
    return false;
  }
  int y = c * 100 + yy;
  if (!ValidDay(y, mo, d)) return false;
  if (s.size() > 10) {
    if ((p[10] != ' ' && p[10] != 'T') || !TwoDigits(p + 11, &h) || p[13] != ':' ||
        !TwoDigits(p + 14, &mi) || h > 23 || mi > 59) {
      return false;
    }
    if (s.size() == 19 && (p[16] != ':' || !TwoDigits(p + 17, &sec) || sec > 59)) return false;
  }
  out->seconds = DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
  out->has_offset = false;
  return true;
}

}  // namespace

Result<int64_t> ParseInteger(std::string_view text, std::string_view column) {
  int64_t value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (!text.empty() && text[0] == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (text.empty() || ec != std::errc() || ptr != last) {
    return InvalidArgument(std::string(column) + " '" + EscapeForMessage(text) +
                           "' is not a whole number");
  }
  return value;
}

Result<ParsedDateTime> ParseWhen(std::string_view text, std::string_view column) {
  ParsedDateTime out;
  if (FastLocalDateTime(text, &out)) return out;
  return InColumn(ParseDateTime(text), column);
}

Result<int64_t> ParseDecimal(std::string_view text, int scale, std::string_view column) {
  return InColumn(ParseScaledDecimal(text, scale), column);
}

Result<DayNumber> ParseDay(std::string_view text, std::string_view column) {
  return InColumn(ParseDate(text), column);
}

Result<Currency> CurrencyCache::Parse(std::string_view code, std::string_view column) {
  if (!last_code_.empty() && code == last_code_) return last_;
  LOY_ASSIGN_OR_RETURN(last_, InColumn(Currency::Parse(code), column));
  last_code_.assign(code);
  return last_;
}

}  // namespace loyal::importer
