#include "http/json_fields.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <functional>
#include <stdexcept>

namespace loyal::http {
namespace {

using boost::json::value;

// Absent and null read the same: clients commonly send null for "not given".
const value* Lookup(const boost::json::object& obj, std::string_view name) {
  const value* v = obj.if_contains(name);
  return (v == nullptr || v->is_null()) ? nullptr : v;
}

template <class T>
using Converter = std::function<Result<T>(const value&, const std::string& field)>;

template <class T>
Result<T> ReadRequired(const boost::json::object& obj, std::string_view name, std::string_view path,
                       const Converter<T>& convert) {
  const std::string field = JsonPath(path, name);
  const value* v = Lookup(obj, name);
  if (v == nullptr) return InvalidArgument(field + " is required", field);
  return convert(*v, field);
}

template <class T>
Result<std::optional<T>> ReadOptional(const boost::json::object& obj, std::string_view name,
                                      std::string_view path, const Converter<T>& convert) {
  const value* v = Lookup(obj, name);
  if (v == nullptr) return std::optional<T>();
  LOY_ASSIGN_OR_RETURN(T result, convert(*v, JsonPath(path, name)));
  return std::optional<T>(std::move(result));
}

Result<std::string> AsString(const value& v, const std::string& field) {
  if (!v.is_string()) return InvalidArgument(field + " must be a string", field);
  return std::string(v.get_string());
}

Result<int64_t> AsInt64(const value& v, const std::string& field) {
  if (v.is_int64()) return v.get_int64();
  // boost::json stores only integers above INT64_MAX as uint64.
  if (v.is_uint64()) return InvalidArgument(field + " is out of range", field);
  return InvalidArgument(field + " must be an integer (no fraction or exponent)", field);
}

Result<bool> AsBool(const value& v, const std::string& field) {
  if (!v.is_bool()) return InvalidArgument(field + " must be true or false", field);
  return v.get_bool();
}

Result<const boost::json::object*> AsObject(const value& v, const std::string& field) {
  if (!v.is_object()) return InvalidArgument(field + " must be an object", field);
  return &v.get_object();
}

Result<const boost::json::array*> AsArray(const value& v, const std::string& field) {
  if (!v.is_array()) return InvalidArgument(field + " must be an array", field);
  return &v.get_array();
}

Result<DayNumber> AsDate(const value& v, const std::string& field) {
  if (!v.is_string()) return InvalidArgument(field + " must be a date string", field);
  auto day = ParseDate(v.get_string());
  if (!day || v.get_string().size() != 10) {
    return InvalidArgument(field + " must be a date as YYYY-MM-DD", field);
  }
  return *day;
}

Result<ParsedDateTime> AsDateTime(const value& v, const std::string& field) {
  if (!v.is_string()) return InvalidArgument(field + " must be a date-time string", field);
  auto parsed = ParseDateTime(v.get_string());
  if (!parsed) {
    return InvalidArgument(field + " must be an ISO 8601 date or date-time", field);
  }
  return *parsed;
}

template <class T>
Result<const T*> UnwrapPointer(Result<std::optional<const T*>> read) {
  if (!read) return tl::unexpected(std::move(read).error());
  return read->value_or(nullptr);
}

}  // namespace

std::string JsonPath(std::string_view parent, std::string_view name) {
  if (parent.empty()) return std::string(name);
  std::string out(parent);
  out += '.';
  out += name;
  return out;
}

std::string JsonIndexPath(std::string_view parent, size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

Result<std::string> RequiredString(const boost::json::object& obj, std::string_view name,
                                   std::string_view path) {
  return ReadRequired<std::string>(obj, name, path, AsString);
}
Result<std::optional<std::string>> OptionalString(const boost::json::object& obj,
                                                  std::string_view name, std::string_view path) {
  return ReadOptional<std::string>(obj, name, path, AsString);
}

Result<int64_t> RequiredInt64(const boost::json::object& obj, std::string_view name,
                              std::string_view path) {
  return ReadRequired<int64_t>(obj, name, path, AsInt64);
}
Result<std::optional<int64_t>> OptionalInt64(const boost::json::object& obj, std::string_view name,
                                             std::string_view path) {
  return ReadOptional<int64_t>(obj, name, path, AsInt64);
}

Result<bool> RequiredBool(const boost::json::object& obj, std::string_view name,
                          std::string_view path) {
  return ReadRequired<bool>(obj, name, path, AsBool);
}
Result<std::optional<bool>> OptionalBool(const boost::json::object& obj, std::string_view name,
                                         std::string_view path) {
  return ReadOptional<bool>(obj, name, path, AsBool);
}

Result<const boost::json::object*> RequiredObject(const boost::json::object& obj,
                                                  std::string_view name, std::string_view path) {
  return ReadRequired<const boost::json::object*>(obj, name, path, AsObject);
}
Result<const boost::json::object*> OptionalObject(const boost::json::object& obj,
                                                  std::string_view name, std::string_view path) {
  return UnwrapPointer(ReadOptional<const boost::json::object*>(obj, name, path, AsObject));
}

Result<const boost::json::array*> RequiredArray(const boost::json::object& obj,
                                                std::string_view name, std::string_view path) {
  return ReadRequired<const boost::json::array*>(obj, name, path, AsArray);
}
Result<const boost::json::array*> OptionalArray(const boost::json::object& obj,
                                                std::string_view name, std::string_view path) {
  return UnwrapPointer(ReadOptional<const boost::json::array*>(obj, name, path, AsArray));
}

Result<const boost::json::object*> ObjectAt(const boost::json::array& array, size_t index,
                                            std::string_view path) {
  const std::string field = JsonIndexPath(path, index);
  if (index >= array.size()) return InvalidArgument(field + " is required", field);
  return AsObject(array[index], field);
}

Result<DayNumber> RequiredDate(const boost::json::object& obj, std::string_view name,
                               std::string_view path) {
  return ReadRequired<DayNumber>(obj, name, path, AsDate);
}
Result<std::optional<DayNumber>> OptionalDate(const boost::json::object& obj, std::string_view name,
                                              std::string_view path) {
  return ReadOptional<DayNumber>(obj, name, path, AsDate);
}

Result<ParsedDateTime> RequiredDateTime(const boost::json::object& obj, std::string_view name,
                                        std::string_view path) {
  return ReadRequired<ParsedDateTime>(obj, name, path, AsDateTime);
}
Result<std::optional<ParsedDateTime>> OptionalDateTime(const boost::json::object& obj,
                                                       std::string_view name,
                                                       std::string_view path) {
  return ReadOptional<ParsedDateTime>(obj, name, path, AsDateTime);
}

namespace {

template <class Names>
Status RejectMembersNotIn(const boost::json::object& obj, const Names& allowed,
                          std::string_view path) {
  for (const auto& member : obj) {
    if (std::find(allowed.begin(), allowed.end(), member.key()) == allowed.end()) {
      const std::string field = JsonPath(path, member.key());
      return InvalidArgument("unknown field " + field, field);
    }
  }
  return {};
}

}  // namespace

Status RejectUnknownFields(const boost::json::object& obj,
                           std::initializer_list<std::string_view> allowed, std::string_view path) {
  return RejectMembersNotIn(obj, allowed, path);
}

Status RejectUnknownFields(const boost::json::object& obj, const std::vector<std::string>& allowed,
                           std::string_view path) {
  return RejectMembersNotIn(obj, allowed, path);
}

std::vector<std::string> SchemaFields(std::string_view schema, std::string_view pointer) {
  boost::system::error_code ec;
  const value parsed = boost::json::parse(schema, ec);
  const value* object_schema = ec ? nullptr : parsed.find_pointer(pointer, ec);
  const value* properties = object_schema != nullptr && object_schema->is_object()
                                ? object_schema->as_object().if_contains("properties")
                                : nullptr;
  if (properties == nullptr || !properties->is_object()) {
    throw std::logic_error("no object schema with properties at '" + std::string(pointer) + "'");
  }
  std::vector<std::string> names;
  for (const auto& member : properties->as_object()) names.emplace_back(member.key());
  return names;
}

bool IsExplicitNull(const boost::json::object& obj, std::string_view name) {
  const value* v = obj.if_contains(name);
  return v != nullptr && v->is_null();
}

Status RejectNulls(const boost::json::object& obj, std::initializer_list<std::string_view> names,
                   std::string_view path) {
  for (std::string_view name : names) {
    if (IsExplicitNull(obj, name)) {
      const std::string field = JsonPath(path, name);
      return InvalidArgument(field + " cannot be null", field);
    }
  }
  return {};
}

}  // namespace loyal::http
