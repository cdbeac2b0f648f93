#include "importer/country_names.h"

#include <array>
#include <cctype>
#include <utility>

namespace loyal::importer {
namespace {

// Every country of the UCI Online Retail data and the usual spellings of the largest
// markets; extend as other exports need.
constexpr std::array<std::pair<std::string_view, std::string_view>, 52> kNames = {{
    {"australia", "AU"},
    {"austria", "AT"},
    {"bahrain", "BH"},
    {"belgium", "BE"},
    {"brazil", "BR"},
    {"canada", "CA"},
    {"china", "CN"},
    {"cyprus", "CY"},
    {"czech republic", "CZ"},
    {"czechia", "CZ"},
    {"denmark", "DK"},
    {"eire", "IE"},
    {"ireland", "IE"},
    {"england", "GB"},
    {"estonia", "EE"},
    {"finland", "FI"},
    {"france", "FR"},
    {"germany", "DE"},
    {"greece", "GR"},
    {"hong kong", "HK"},
    {"hungary", "HU"},
    {"iceland", "IS"},
    {"india", "IN"},
    {"israel", "IL"},
    {"italy", "IT"},
    {"japan", "JP"},
    {"korea", "KR"},
    {"lebanon", "LB"},
    {"lithuania", "LT"},
    {"luxembourg", "LU"},
    {"malta", "MT"},
    {"mexico", "MX"},
    {"netherlands", "NL"},
    {"new zealand", "NZ"},
    {"nigeria", "NG"},
    {"norway", "NO"},
    {"poland", "PL"},
    {"portugal", "PT"},
    {"rsa", "ZA"},
    {"south africa", "ZA"},
    {"saudi arabia", "SA"},
    {"singapore", "SG"},
    {"slovenia", "SI"},
    {"spain", "ES"},
    {"sweden", "SE"},
    {"switzerland", "CH"},
    {"united arab emirates", "AE"},
    {"uae", "AE"},
    {"united kingdom", "GB"},
    {"uk", "GB"},
    {"united states", "US"},
    {"usa", "US"},
}};

}  // namespace

std::optional<std::string> CountryCode(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [n, code] : kNames) {
    if (n == lower) return std::string(code);
  }
  if (name.size() == 2 && std::isalpha(static_cast<unsigned char>(name[0])) &&
      std::isalpha(static_cast<unsigned char>(name[1]))) {
    return std::string{static_cast<char>(std::toupper(static_cast<unsigned char>(name[0]))),
                       static_cast<char>(std::toupper(static_cast<unsigned char>(name[1])))};
  }
  return std::nullopt;
}

}  // namespace loyal::importer
