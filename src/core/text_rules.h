// The input rules for text: one table of the text fields that come into Loyal (the shop's ids,
// skus, product titles, names, e-mails, country codes), each with its byte limit and the
// characters it may hold, used alike by the API, order intake and the importers, so a field
// has the same limits whichever way it arrives. Every rule refuses invalid UTF-8 (what is
// stored is served back in JSON). Also: text made safe to quote in an error message.
//
// Pure functions over values; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace loyal {

// What a field's text may hold.
enum class TextChars {
  kToken,      // printable ASCII without spaces: the shop's ids, codes
  kWord,       // UTF-8 without spaces or control characters: e-mail addresses
  kLine,       // UTF-8 without control characters: names, titles, skus
  kMultiLine,  // kLine plus tabs and line breaks: descriptions
};

struct TextRule {
  size_t max_bytes = 0;
  TextChars chars = TextChars::kLine;
  bool required = false;        // empty text is refused
  bool no_edge_spaces = false;  // leading or trailing spaces are refused (kept as given)
};

// The table. Control characters are C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F).
namespace rules {
// The shop's ids of customers, orders and returns: they travel in URL paths.
inline constexpr TextRule kExternalId{128, TextChars::kToken, true, false};
// Some shops' codes have spaces inside, so only the edges are refused.
inline constexpr TextRule kSku{128, TextChars::kLine, true, true};
inline constexpr TextRule kProductTitle{500, TextChars::kLine, true, false};
inline constexpr TextRule kProductDescription{10'000, TextChars::kMultiLine, false, false};
inline constexpr TextRule kProductCategory{200, TextChars::kLine, false, false};
inline constexpr TextRule kCustomerName{200, TextChars::kLine, false, false};
// RFC 5321's limit on a path; the shape (local@domain) is CheckEmail's.
inline constexpr TextRule kEmail{254, TextChars::kWord, true, false};
// Why points were adjusted, for the people who read the ledger ("goodwill after a late
// delivery").
inline constexpr TextRule kReason{500, TextChars::kLine, true, true};
}  // namespace rules

// Returns OK when `text` obeys `rule`, else invalid_argument with field `field` and one of
// "must not be empty", "must be at most N bytes", "must be valid UTF-8", "must not contain
// control characters", "must be printable ASCII without spaces", "must not contain spaces",
// "must not start or end with a space".
[[nodiscard]] Status CheckText(std::string_view text, const TextRule& rule, std::string_view field);

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF).
bool IsValidUtf8(std::string_view text);

// Returns OK when `email` (already trimmed) obeys rules::kEmail and looks like local@domain
// with one '@'; else invalid_argument "is not an e-mail address" (or kEmail's message) with
// field `field`.
[[nodiscard]] Status CheckEmail(std::string_view email, std::string_view field);

// Returns the e-mail address trimmed of surrounding whitespace and with ASCII letters lower
// case, or CheckEmail's error.
[[nodiscard]] Result<std::string> NormalizeEmail(std::string_view email, std::string_view field);

// Returns an ISO 3166-1 alpha-2 code ("gb", " GB ") trimmed and upper case, or
// invalid_argument with field `field` unless it is two ASCII letters.
[[nodiscard]] Result<std::string> NormalizeCountryCode(std::string_view code,
                                                       std::string_view field);

// Returns `text` without surrounding ASCII whitespace.
std::string_view TrimSpaces(std::string_view text);

// Returns `text` fit to quote in an error message, on a terminal or in JSON: bytes that are
// not valid UTF-8, control characters and backslashes as \xNN (so the original bytes can
// be told apart), cut after `max_bytes` bytes of the input with "..." appended.
std::string EscapeForMessage(std::string_view text, size_t max_bytes = 80);

}  // namespace loyal
