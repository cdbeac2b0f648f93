#include <string>

#include "core/money.h"
#include "http/json_fields.h"
#include "program/program_json_parts.h"

namespace loyal::program::internal {

Error OutOfRange(const std::string& field, const std::string& range) {
  return Error{ErrorCode::kInvalidArgument, field + " must be " + range, field};
}

Result<int64_t> ReadInt(const boost::json::object& obj, std::string_view name,
                        std::string_view path, int64_t min, int64_t max, int64_t fallback) {
  LOY_ASSIGN_OR_RETURN(auto v, http::OptionalInt64(obj, name, path));
  if (!v) return fallback;
  if (*v < min || *v > max) {
    return tl::unexpected(
        OutOfRange(http::JsonPath(path, name),
                   "between " + std::to_string(min) + " and " + std::to_string(max)));
  }
  return *v;
}

Result<int64_t> DecimalMillionths(const boost::json::value& v, const std::string& field,
                                  int64_t max) {
  Result<int64_t> millionths = tl::unexpected(Error{});
  if (v.is_string()) {
    millionths = ParseScaledDecimal(v.get_string(), 6);
  } else if (v.is_int64() && v.get_int64() >= 0 && v.get_int64() <= max / kMillionths) {
    millionths = v.get_int64() * kMillionths;
  }
  if (!millionths || *millionths < 0 || *millionths > max) {
    return tl::unexpected(OutOfRange(field, "a decimal between 0 and " +
                                                std::to_string(max / kMillionths) +
                                                " with at most 6 decimal places, as a string"));
  }
  return *millionths;
}

std::string FormatMillionths(int64_t millionths) {
  std::string text = FormatScaledDecimal(millionths, 6);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

Result<std::string> CurrencyKey(std::string_view code, const std::string& field) {
  auto currency = Currency::Parse(code);
  if (!currency) return InvalidArgument(field + ": " + currency.error().message, field);
  return std::string(currency->code());
}

Result<int64_t> MinorUnits(const boost::json::value& v, const std::string& field) {
  if (!v.is_int64() || v.get_int64() < 0) {
    return tl::unexpected(OutOfRange(field, "an integer of minor units, at least 0"));
  }
  return v.get_int64();
}

boost::json::object PerCurrencyJson(const std::map<std::string, int64_t>& values, bool as_decimal) {
  boost::json::object out;
  for (const auto& [code, v] : values) {
    out[code] = as_decimal ? boost::json::value(FormatMillionths(v)) : boost::json::value(v);
  }
  return out;
}

Result<std::string> ReadText(const boost::json::object& obj, std::string_view name,
                             std::string_view path) {
  LOY_ASSIGN_OR_RETURN(std::string text, http::RequiredString(obj, name, path));
  if (text.empty() || text.size() > kMaxTextBytes) {
    return tl::unexpected(OutOfRange(http::JsonPath(path, name), "between 1 and 200 bytes"));
  }
  return text;
}

bool IsSlug(std::string_view name) {
  constexpr size_t kMaxSlugBytes = 64;
  if (name.empty() || name.size() > kMaxSlugBytes || name[0] < 'a' || name[0] > 'z') {
    return false;
  }
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace loyal::program::internal
