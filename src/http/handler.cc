// Router matching, header look-up and JSON body parsing.
#include "http/handler.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <optional>
#include <stdexcept>

#include "core/text_rules.h"
#include "http/json_fields.h"

namespace loyal::http {
namespace {

// Splits "/a/b/c" into {"a","b","c"}; "/" gives {""} so it only matches the root.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path.front() != '/') return segments;
  path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool ValidParamName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Returns the decoded segment, or nullopt for an empty segment or bad percent-encoding.
std::optional<std::string> DecodeSegment(std::string_view segment) {
  if (segment.empty()) return std::nullopt;
  auto pct = boost::urls::make_pct_string_view(segment);
  if (!pct) return std::nullopt;
  return pct->decode();
}

// The JSON path of the first string (or member name) in `v` that is not valid UTF-8; a bad
// member name is reported at its object's path.
std::optional<std::string> FirstInvalidUtf8(const boost::json::value& v, const std::string& path) {
  if (v.is_string()) {
    if (IsValidUtf8(v.get_string())) return std::nullopt;
    return path;
  }
  if (v.is_array()) {
    const auto& array = v.get_array();
    for (size_t i = 0; i < array.size(); ++i) {
      if (auto bad = FirstInvalidUtf8(array[i], JsonIndexPath(path, i))) return bad;
    }
  }
  if (v.is_object()) {
    for (const auto& member : v.get_object()) {
      if (!IsValidUtf8(member.key())) return path;
      if (auto bad = FirstInvalidUtf8(member.value(), JsonPath(path, member.key()))) return bad;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kPublic: return "public";
    case Role::kStorefront: return "storefront";
    case Role::kAdmin: return "admin";
  }
  return "public";
}

std::optional<std::string_view> Request::Header(std::string_view lower_name) const {
  auto it = headers.find(std::string(lower_name));
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

void Router::Add(RouteSpec spec, Handler handler) {
  AddRoute(std::move(spec), RouteHandlers{std::move(handler), nullptr});
}

void Router::AddWrite(RouteSpec spec, WriteHandler handler) {
  AddRoute(std::move(spec), RouteHandlers{nullptr, std::move(handler)});
}

void Router::AddRoute(RouteSpec spec, RouteHandlers handlers) {
  const std::string where = spec.method + " " + spec.pattern;
  if (spec.pattern.empty() || spec.pattern.front() != '/') {
    throw std::logic_error("route pattern must start with '/': " + where);
  }
  Pattern pattern;
  std::vector<std::string> names;
  for (std::string_view text : SplitPath(spec.pattern)) {
    Segment segment;
    if (text.size() >= 2 && text.front() == '{' && text.back() == '}') {
      segment.is_param = true;
      segment.text = std::string(text.substr(1, text.size() - 2));
      if (!ValidParamName(segment.text) ||
          std::find(names.begin(), names.end(), segment.text) != names.end()) {
        throw std::logic_error("bad or repeated path parameter in " + where);
      }
      names.push_back(segment.text);
    } else {
      if (text.find_first_of("{}") != std::string_view::npos) {
        throw std::logic_error("a {param} must be a whole segment: " + where);
      }
      segment.text = std::string(text);
    }
    pattern.push_back(std::move(segment));
  }
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Pattern& other = patterns_[i];
    bool same_shape =
        routes_[i].first.method == spec.method && other.size() == pattern.size() &&
        std::equal(other.begin(), other.end(), pattern.begin(),
                   [](const Segment& a, const Segment& b) {
                     return a.is_param == b.is_param && (a.is_param || a.text == b.text);
                   });
    if (same_shape) throw std::logic_error("route registered twice: " + where);
  }
  routes_.emplace_back(std::move(spec), std::move(handlers));
  patterns_.push_back(std::move(pattern));
}

template <class MethodPredicate>
std::optional<size_t> Router::BestMatch(const std::vector<std::string_view>& segments,
                                        MethodPredicate method_ok) const {
  std::optional<size_t> best;
  std::vector<bool> best_literals;
  for (size_t i = 0; i < routes_.size(); ++i) {
    const Pattern& pattern = patterns_[i];
    if (pattern.size() != segments.size() || !method_ok(routes_[i].first.method)) continue;
    std::vector<bool> literals(pattern.size());
    bool matches = true;
    for (size_t s = 0; s < pattern.size() && matches; ++s) {
      literals[s] = !pattern[s].is_param;
      matches = pattern[s].is_param ? DecodeSegment(segments[s]).has_value()
                                    : pattern[s].text == segments[s];
    }
    // Lexicographic comparison of literal flags: the earliest literal segment wins.
    if (matches && (!best || literals > best_literals)) {
      best = i;
      best_literals = std::move(literals);
    }
  }
  return best;
}

Result<Router::Match> Router::Find(std::string_view method, std::string_view path) const {
  const std::vector<std::string_view> segments = SplitPath(path);
  auto index = BestMatch(segments, [&](const std::string& m) { return m == method; });
  if (!index) {
    if (BestMatch(segments, [](const std::string&) { return true; })) {
      return InvalidArgument("method not allowed");
    }
    return NotFound("no route for " + std::string(path));
  }
  Match match{&routes_[*index].first, &routes_[*index].second, {}};
  const Pattern& pattern = patterns_[*index];
  for (size_t s = 0; s < pattern.size(); ++s) {
    if (pattern[s].is_param) match.path_params[pattern[s].text] = *DecodeSegment(segments[s]);
  }
  return match;
}

std::vector<std::string> Router::AllowedMethods(std::string_view path) const {
  const std::vector<std::string_view> segments = SplitPath(path);
  std::vector<std::string> methods;
  for (const auto& [spec, handler] : routes_) {
    if (std::find(methods.begin(), methods.end(), spec.method) != methods.end()) continue;
    const std::string& method = spec.method;
    if (BestMatch(segments, [&](const std::string& m) { return m == method; })) {
      methods.push_back(method);
    }
  }
  std::sort(methods.begin(), methods.end());
  return methods;
}

Result<boost::json::object> ParseJsonObject(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return InvalidArgument("request body is empty; expected a JSON object");
  }
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(body, ec);
  if (ec) {
    // A body that parses once invalid UTF-8 is let through has a string that is not text:
    // name its field, as the input rules do for every other bad value.
    boost::json::parse_options lenient;
    lenient.allow_invalid_utf8 = true;
    boost::system::error_code lenient_ec;
    boost::json::value parsed = boost::json::parse(body, lenient_ec, {}, lenient);
    if (!lenient_ec) {
      if (auto field = FirstInvalidUtf8(parsed, "")) {
        return InvalidArgument("must be valid UTF-8", *field);
      }
    }
    return InvalidArgument("malformed JSON: " + ec.message());
  }
  if (!value.is_object()) return InvalidArgument("request body must be a JSON object");
  return std::move(value.as_object());
}

}  // namespace loyal::http
