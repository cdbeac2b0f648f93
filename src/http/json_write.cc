#include "http/json_write.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include <boost/json/serialize.hpp>

#include "core/money.h"

namespace loyal::http {
namespace {

namespace json = boost::json;

void AppendDouble(double value, std::string& out) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  // The longest shortest-round-trip fixed form of a double is about 330 characters
  // (DBL_MAX, or the digits of the smallest subnormal).
  char text[400];
  const auto written = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed);
  out.append(text, written.ptr);
  if (std::memchr(text, '.', static_cast<size_t>(written.ptr - text)) == nullptr) out += ".0";
}

void Append(const json::value& value, std::string& out) {
  switch (value.kind()) {
    case json::kind::double_:
      return AppendDouble(value.get_double(), out);
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& member : value.get_object()) {
        if (!first) out += ',';
        first = false;
        out += json::serialize(member.key());
        out += ':';
        Append(member.value(), out);
      }
      out += '}';
      return;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const json::value& element : value.get_array()) {
        if (!first) out += ',';
        first = false;
        Append(element, out);
      }
      out += ']';
      return;
    }
    default:  // null, bool, int64, uint64, string: Boost's text is already the house's
      out += json::serialize(value);
      return;
  }
}

}  // namespace

void PutMoney(json::object& out, std::string_view name, int64_t minor, int exponent) {
  std::string key(name);
  out[key] = FormatScaledDecimal(minor, exponent);
  key += "_minor";
  out[key] = minor;
}

void PutMoney(json::object& out, std::string_view name, std::optional<int64_t> minor,
              int exponent) {
  if (minor) return PutMoney(out, name, *minor, exponent);
  const std::string key(name);
  out[key] = nullptr;
  out[key + "_minor"] = nullptr;
}

std::string SerializeJson(const json::value& value) {
  std::string out;
  Append(value, out);
  return out;
}

}  // namespace loyal::http
