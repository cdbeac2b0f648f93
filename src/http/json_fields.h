// Typed reads of fields from a request's JSON object, with errors that name the field
// by its JSON path ("lines[0].quantity") so clients see exactly what was wrong.
//
// Every function takes the object, the field's name and `path`, the JSON path of the
// object itself ("" for the top level, "lines[0]" for an element). Errors are
// invalid_argument with Error::field set to the field's full path. An optional field that
// is absent or JSON null reads as std::nullopt (a merge tells the two apart with
// IsExplicitNull); a required field that is absent or null is "required". Pure functions;
// thread-safe.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/error.h"
#include "core/time.h"

namespace loyal::http {

// Returns the path of member `name` of the object at `parent`: ("lines[0]", "sku") ->
// "lines[0].sku"; ("", "sku") -> "sku".
std::string JsonPath(std::string_view parent, std::string_view name);

// Returns the path of element `index` of the array at `parent`: ("lines", 0) -> "lines[0]".
std::string JsonIndexPath(std::string_view parent, size_t index);

// Strings. Errors: invalid_argument when missing (Required*) or not a string.
[[nodiscard]] Result<std::string> RequiredString(const boost::json::object& obj,
                                                 std::string_view name, std::string_view path = {});
[[nodiscard]] Result<std::optional<std::string>> OptionalString(const boost::json::object& obj,
                                                                std::string_view name,
                                                                std::string_view path = {});

// Integers: a JSON number without fraction or exponent that fits in int64 (1.0 and 1e3 are
// refused, so money and points never pass through a double). Errors: invalid_argument.
[[nodiscard]] Result<int64_t> RequiredInt64(const boost::json::object& obj, std::string_view name,
                                            std::string_view path = {});
[[nodiscard]] Result<std::optional<int64_t>> OptionalInt64(const boost::json::object& obj,
                                                           std::string_view name,
                                                           std::string_view path = {});

// Booleans: JSON true/false only. Errors: invalid_argument.
[[nodiscard]] Result<bool> RequiredBool(const boost::json::object& obj, std::string_view name,
                                        std::string_view path = {});
[[nodiscard]] Result<std::optional<bool>> OptionalBool(const boost::json::object& obj,
                                                       std::string_view name,
                                                       std::string_view path = {});

// Nested objects and arrays, returned by pointer into `obj` (valid while obj is);
// Optional* return nullptr when absent or null. Errors: invalid_argument.
[[nodiscard]] Result<const boost::json::object*> RequiredObject(const boost::json::object& obj,
                                                                std::string_view name,
                                                                std::string_view path = {});
[[nodiscard]] Result<const boost::json::object*> OptionalObject(const boost::json::object& obj,
                                                                std::string_view name,
                                                                std::string_view path = {});
[[nodiscard]] Result<const boost::json::array*> RequiredArray(const boost::json::object& obj,
                                                              std::string_view name,
                                                              std::string_view path = {});
[[nodiscard]] Result<const boost::json::array*> OptionalArray(const boost::json::object& obj,
                                                              std::string_view name,
                                                              std::string_view path = {});

// Element `index` of `array` (whose path is `path`) as an object. Errors: invalid_argument
// "must be an object" with field "lines[3]".
[[nodiscard]] Result<const boost::json::object*> ObjectAt(const boost::json::array& array,
                                                          size_t index, std::string_view path);

// ISO dates "YYYY-MM-DD" as day numbers. Errors: invalid_argument (missing, not a string,
// not a real date).
[[nodiscard]] Result<DayNumber> RequiredDate(const boost::json::object& obj, std::string_view name,
                                             std::string_view path = {});
[[nodiscard]] Result<std::optional<DayNumber>> OptionalDate(const boost::json::object& obj,
                                                            std::string_view name,
                                                            std::string_view path = {});

// ISO 8601 dates or date-times, as core/time.h's ParseDateTime reads them (an offset is
// applied; without one the caller interprets it in the shop's time zone).
// Errors: invalid_argument.
[[nodiscard]] Result<ParsedDateTime> RequiredDateTime(const boost::json::object& obj,
                                                      std::string_view name,
                                                      std::string_view path = {});
[[nodiscard]] Result<std::optional<ParsedDateTime>> OptionalDateTime(const boost::json::object& obj,
                                                                     std::string_view name,
                                                                     std::string_view path = {});

// Returns invalid_argument "unknown field" naming the first member of `obj` not in
// `allowed` (field = its path), so a misspelt optional field is not silently ignored.
[[nodiscard]] Status RejectUnknownFields(const boost::json::object& obj,
                                         std::initializer_list<std::string_view> allowed,
                                         std::string_view path = {});
[[nodiscard]] Status RejectUnknownFields(const boost::json::object& obj,
                                         const std::vector<std::string>& allowed,
                                         std::string_view path = {});

// Returns the property names of the object schema at JSON pointer `pointer` ("" for the
// root, "/properties/lines/items" for an order's lines) in `schema`, an OpenAPI schema as
// JSON text: so a parser's accepted fields and the request schema OpenAPI documents come
// from one declaration. Call it once (a function-local static). A schema that does not
// parse or has no such object is a programmer error (throws std::logic_error).
std::vector<std::string> SchemaFields(std::string_view schema, std::string_view pointer = {});

// Whether `obj` has member `name` and it is JSON null: in a merge (POST upserts) null
// clears a stored value, while an absent member keeps it.
bool IsExplicitNull(const boost::json::object& obj, std::string_view name);

// Returns invalid_argument "<field> cannot be null" for the first of `names` that `obj`
// holds as JSON null: fields a merge cannot clear (they always have a value).
[[nodiscard]] Status RejectNulls(const boost::json::object& obj,
                                 std::initializer_list<std::string_view> names,
                                 std::string_view path = {});

}  // namespace loyal::http
