#include "core/text_rules.h"

#include <algorithm>
#include <cstdint>

namespace loyal {
namespace {

// The length of the UTF-8 sequence starting at text[i] and its code point, or 0 when the
// bytes there are not a well-formed sequence (RFC 3629: shortest form, no surrogates, at
// most U+10FFFF).
size_t DecodeUtf8(std::string_view text, size_t i, uint32_t* code_point) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  size_t length;
  uint32_t cp, min;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *code_point = cp;
  return length;
}

bool IsControl(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The characters `chars` refuses in `cp`, as the message saying so; nullptr when allowed.
const char* RefusedChar(uint32_t cp, TextChars chars) {
  switch (chars) {
    case TextChars::kToken:
      return (cp <= ' ' || cp > '~') ? "must be printable ASCII without spaces" : nullptr;
    case TextChars::kWord:
      if (IsControl(cp)) return "must not contain control characters";
      return cp == ' ' ? "must not contain spaces" : nullptr;
    case TextChars::kLine:
      return IsControl(cp) ? "must not contain control characters" : nullptr;
    case TextChars::kMultiLine:
      if (cp == '\t' || cp == '\n' || cp == '\r') return nullptr;
      return IsControl(cp) ? "must not contain control characters" : nullptr;
  }
  return nullptr;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  uint32_t cp;
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

Status CheckText(std::string_view text, const TextRule& rule, std::string_view field) {
  auto bad = [&](std::string message) {
    return InvalidArgument(std::move(message), std::string(field));
  };
  if (text.empty()) return rule.required ? bad("must not be empty") : Status{};
  if (text.size() > rule.max_bytes) {
    return bad("must be at most " + std::to_string(rule.max_bytes) + " bytes");
  }
  if (!IsValidUtf8(text)) return bad("must be valid UTF-8");
  uint32_t cp;
  for (size_t i = 0; i < text.size();) {
    i += DecodeUtf8(text, i, &cp);
    if (const char* refused = RefusedChar(cp, rule.chars)) return bad(refused);
  }
  if (rule.no_edge_spaces && (text.front() == ' ' || text.back() == ' ')) {
    return bad("must not start or end with a space");
  }
  return {};
}

Status CheckEmail(std::string_view email, std::string_view field) {
  LOY_RETURN_IF_ERROR(CheckText(email, rules::kEmail, field));
  const size_t at = email.find('@');
  const bool spaced = std::any_of(email.begin(), email.end(), IsAsciiSpace);
  if (spaced || at == std::string_view::npos || at == 0 || at + 1 == email.size() ||
      email.find('@', at + 1) != std::string_view::npos) {
    return InvalidArgument("is not an e-mail address", std::string(field));
  }
  return {};
}

Result<std::string> NormalizeEmail(std::string_view email, std::string_view field) {
  std::string out(TrimSpaces(email));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  LOY_RETURN_IF_ERROR(CheckEmail(out, field));
  return out;
}

Result<std::string> NormalizeCountryCode(std::string_view code, std::string_view field) {
  std::string out(TrimSpaces(code));
  const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (out.size() != 2 || !letter(out[0]) || !letter(out[1])) {
    return InvalidArgument("must be an ISO 3166-1 alpha-2 code such as \"GB\"", std::string(field));
  }
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsAsciiSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::string EscapeForMessage(std::string_view text, size_t max_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  const bool cut = text.size() > max_bytes;
  if (cut) text = text.substr(0, max_bytes);
  std::string out;
  out.reserve(text.size());
  uint32_t cp;
  for (size_t i = 0; i < text.size();) {
    size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0 || IsControl(cp) || cp == '\\') {
      const auto b = static_cast<unsigned char>(text[i]);
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
      // A control character of two bytes (C1) is escaped byte by byte too.
      n = 1;
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  if (cut) out += "...";
  return out;
}

}  // namespace loyal
