#include "core/time.h"

#include <date/date.h>
#include <date/tz.h>

#include "core/text_rules.h"

namespace loyal {
namespace {

// Reads exactly `n` digits at `pos`; false if any is not a digit.
bool ReadDigits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

Result<DayNumber> MakeDay(int y, int m, int d, std::string_view text) {
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return InvalidArgument("'" + EscapeForMessage(text) + "' is not a valid date");
  return static_cast<DayNumber>(date::sys_days(ymd).time_since_epoch().count());
}

}  // namespace

Result<DayNumber> ParseDate(std::string_view text) {
  int y, m, d;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-' && ReadDigits(text, 0, 4, y) &&
      ReadDigits(text, 5, 2, m) && ReadDigits(text, 8, 2, d)) {
    return MakeDay(y, m, d, text);
  }
  if (text.size() == 8 && ReadDigits(text, 0, 4, y) && ReadDigits(text, 4, 2, m) &&
      ReadDigits(text, 6, 2, d)) {
    return MakeDay(y, m, d, text);
  }
  return InvalidArgument("'" + EscapeForMessage(text) + "' is not a date (YYYY-MM-DD)");
}

std::string FormatDate(DayNumber day) {
  return date::format("%F", date::sys_days{date::days{day}});
}

Result<ParsedDateTime> ParseDateTime(std::string_view text) {
  auto bad = [&] {
    return InvalidArgument("'" + EscapeForMessage(text) + "' is not an ISO 8601 date or date-time");
  };
  if (text.size() < 10) return bad();
  auto day = ParseDate(text.substr(0, 10));
  if (!day || text[4] != '-') return bad();
  ParsedDateTime out{int64_t{*day} * 86400, false};
  if (text.size() == 10) return out;
  if (text[10] != 'T' && text[10] != ' ') return bad();
  int hh, mm, ss = 0;
  if (!ReadDigits(text, 11, 2, hh) || text.size() < 16 || text[13] != ':' ||
      !ReadDigits(text, 14, 2, mm) || hh > 23 || mm > 59) {
    return bad();
  }
  size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    if (!ReadDigits(text, pos + 1, 2, ss) || ss > 60) return bad();
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {  // fractions of a second are dropped
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    }
  }
  out.seconds += hh * 3600 + mm * 60 + ss;
  if (pos == text.size()) return out;
  if (text[pos] == 'Z' && pos + 1 == text.size()) {
    out.has_offset = true;
    return out;
  }
  int oh, om;
  if ((text[pos] != '+' && text[pos] != '-') || text.size() != pos + 6 ||
      !ReadDigits(text, pos + 1, 2, oh) || text[pos + 3] != ':' ||
      !ReadDigits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
    return bad();
  }
  int offset = (oh * 3600 + om * 60) * (text[pos] == '-' ? -1 : 1);
  out.seconds -= offset;
  out.has_offset = true;
  return out;
}

Timestamp ToUtc(const ParsedDateTime& parsed, const date::time_zone* zone) {
  const std::chrono::seconds wall(parsed.seconds);
  if (parsed.has_offset || zone == nullptr) return Timestamp(wall);
  return zone->to_sys(date::local_seconds(wall), date::choose::earliest);
}

std::string FormatTimestamp(Timestamp t) { return date::format("%FT%TZ", t); }

}  // namespace loyal
