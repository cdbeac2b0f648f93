// Wire names of enums from one table per enum, so the name, the parser and the list of
// accepted names in an error message cannot drift apart:
//   constexpr EnumName<Rounding> kRoundingNames[] = {{Rounding::kDown, "down"}, ...};
//   NameOf(kRoundingNames, r); FindByName(kRoundingNames, "down"); NameList(kRoundingNames);
// constexpr and pure; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace loyal {

template <class Enum>
struct EnumName {
  Enum value;
  std::string_view name;
};

// The name of `value`; "" when the table lacks it.
template <class Enum, size_t N>
constexpr std::string_view NameOf(const EnumName<Enum> (&table)[N], Enum value) {
  for (const EnumName<Enum>& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return {};
}

// The value named `name`, or nullopt.
template <class Enum, size_t N>
constexpr std::optional<Enum> FindByName(const EnumName<Enum> (&table)[N], std::string_view name) {
  for (const EnumName<Enum>& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

// "a, b or c": the accepted names, for error messages.
template <class Enum, size_t N>
std::string NameList(const EnumName<Enum> (&table)[N]) {
  std::string list;
  for (size_t i = 0; i < N; ++i) {
    if (i > 0) list += i + 1 == N ? " or " : ", ";
    list += table[i].name;
  }
  return list;
}

}  // namespace loyal
