// Paging for list routes (design.md: `limit`, default 50, max 500; `after`): reading the
// query parameters, describing them in OpenAPI, and the opaque cursors a page hands out in
// `next_after`. A cursor is base64url of a versioned encoding of the list's position (a
// store's internal id, a sku) with a check value bound to the list it came from, so a
// client sees no internal id as such, and a cursor that was edited, truncated or taken
// from another list is refused with 400 (field "after") instead of silently paging from
// somewhere else. The check value is a hash, not a keyed MAC: it detects tampering, it
// does not keep the position secret from a client that decodes it.
//
// Pure functions; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "http/handler.h"

namespace loyal::http {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// Returns the opaque cursor for `position` in the list named `list` ("customers").
std::string EncodeCursor(std::string_view list, std::string_view position);

// Returns the position a cursor from EncodeCursor(list, ...) carries. Errors:
// invalid_argument (field "after") for anything else, including another list's cursor.
[[nodiscard]] Result<std::string> DecodeCursor(std::string_view list, std::string_view cursor);

// What a list request asks for: `limit` and the decoded position of `after` ("" for the
// first page).
struct PageRequest {
  int limit = kDefaultPageSize;
  std::string after;
};

// Reads "limit" (default 50) and "after" (decoded for `list`). Errors: invalid_argument
// with field "limit" unless it is an integer 1..500, or "after" as DecodeCursor's.
[[nodiscard]] Result<PageRequest> ReadPageRequest(const Request& request, std::string_view list);

// Sets out["next_after"] to the cursor of `next_position` in `list`, or null when it is
// empty (the page is the last).
void WriteNextAfter(boost::json::object& out, std::string_view list,
                    std::string_view next_position);

// The paging parameters of a list route ("limit", "after"), for its RouteSpec; `order`
// names what the list is sorted by (e.g. "sku").
std::vector<QueryParam> PageQueryParams(std::string_view order);

// The OpenAPI schema (JSON text) of a page: {"<items>": [item_schema...], "next_after"}.
std::string PageSchema(std::string_view items, std::string_view item_schema);

}  // namespace loyal::http
