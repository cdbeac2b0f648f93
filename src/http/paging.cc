#include "http/paging.h"

#include <charconv>

#include "core/hashing.h"

namespace loyal::http {
namespace {

constexpr char kCursorVersion = '\x01';
constexpr size_t kCheckBytes = 8;

// The first kCheckBytes of SHA-256 over the version, the list and the position: binding
// the list means a products cursor is no customers cursor, even for the same position.
std::string CheckValue(std::string_view list, std::string_view position) {
  std::string input;
  input += kCursorVersion;
  input += list;
  input += '\0';
  input += position;
  const std::string hex = Sha256Hex(input);
  std::string out;
  for (size_t i = 0; i < kCheckBytes; ++i) {
    out += static_cast<char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  }
  return out;
}

tl::unexpected<Error> BadCursor() {
  return InvalidArgument("is not a cursor returned by this list (pass next_after unchanged)",
                         "after");
}

Result<int> ReadLimit(const Request& request) {
  auto it = request.query.find("limit");
  if (it == request.query.end()) return kDefaultPageSize;
  const std::string& text = it->second;
  int limit = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
  if (ec != std::errc() || end != text.data() + text.size() || limit < 1 || limit > kMaxPageSize) {
    return InvalidArgument("must be an integer between 1 and " + std::to_string(kMaxPageSize),
                           "limit");
  }
  return limit;
}

}  // namespace

std::string EncodeCursor(std::string_view list, std::string_view position) {
  std::string raw;
  raw += kCursorVersion;
  raw += position;
  raw += CheckValue(list, position);
  return Base64UrlEncode(raw);
}

Result<std::string> DecodeCursor(std::string_view list, std::string_view cursor) {
  auto raw = Base64UrlDecode(cursor);
  if (!raw || raw->size() < 1 + kCheckBytes || (*raw)[0] != kCursorVersion) {
    return BadCursor();
  }
  std::string position = raw->substr(1, raw->size() - 1 - kCheckBytes);
  if (raw->substr(raw->size() - kCheckBytes) != CheckValue(list, position)) {
    return BadCursor();
  }
  return position;
}

Result<PageRequest> ReadPageRequest(const Request& request, std::string_view list) {
  PageRequest page;
  LOY_ASSIGN_OR_RETURN(page.limit, ReadLimit(request));
  if (auto it = request.query.find("after"); it != request.query.end()) {
    LOY_ASSIGN_OR_RETURN(page.after, DecodeCursor(list, it->second));
  }
  return page;
}

void WriteNextAfter(boost::json::object& out, std::string_view list,
                    std::string_view next_position) {
  out["next_after"] = next_position.empty() ? boost::json::value(nullptr)
                                            : boost::json::value(EncodeCursor(list, next_position));
}

std::vector<QueryParam> PageQueryParams(std::string_view order) {
  return {{.name = "limit",
           .type = "integer",
           .description = "page size, 1 to " + std::to_string(kMaxPageSize) + " (default " +
                          std::to_string(kDefaultPageSize) + ")"},
          {.name = "after",
           .description = "next_after of the previous page, unchanged (an opaque cursor; the "
                          "list is in " +
                          std::string(order) + " order)"}};
}

std::string PageSchema(std::string_view items, std::string_view item_schema) {
  return R"({"type": "object", "required": [")" + std::string(items) +
         R"(", "next_after"], "properties": {")" + std::string(items) +
         R"(": {"type": "array", "items": )" + std::string(item_schema) +
         R"(}, "next_after": {"type": ["string", "null"],
             "description": "an opaque cursor: pass it as ?after= for the next page; null on the last"}}})";
}

}  // namespace loyal::http
