// Country names as order exports write them ("United Kingdom", "EIRE", "USA") mapped to
// the ISO 3166-1 alpha-2 codes customer records keep. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace loyal::importer {

// Returns the alpha-2 code for an English country name or a code already in that form
// ("gb" -> "GB"), or nullopt for names that are not one country ("Unspecified",
// "European Community", "Channel Islands") or that the table does not know.
std::optional<std::string> CountryCode(std::string_view name);

}  // namespace loyal::importer
