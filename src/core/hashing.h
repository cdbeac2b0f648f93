// SHA-256, HMAC-SHA256 and random tokens (OpenSSL): API keys, idempotency fingerprints,
// order and return request hashes, signed customer tokens. In core/ so that rooms below http/
// (orders) need not link it. Pure functions; thread-safe (OpenSSL 3's RAND is thread-safe).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace loyal {

// Returns the lower-case hex SHA-256 of `data` (64 characters).
std::string Sha256Hex(std::string_view data);

// Returns the 32 raw bytes of HMAC-SHA256(key, data) (RFC 2104).
std::string HmacSha256(std::string_view key, std::string_view data);

// Whether `a` and `b` are the same bytes, in time that depends only on their lengths, so a
// signature check tells a forger nothing about how much of a guess was right.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Returns `data` as unpadded base64url (RFC 4648 section 5).
std::string Base64UrlEncode(std::string_view data);

// Returns the bytes of unpadded base64url text, or nullopt when `text` is not exactly
// what Base64UrlEncode writes (other characters, padding, impossible lengths).
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Returns `bytes` cryptographically random bytes encoded as unpadded base64url.
// Errors: internal when the system's random source fails.
[[nodiscard]] Result<std::string> RandomToken(size_t bytes);

// Returns `length` characters drawn uniformly and independently from `alphabet` (1 to 256
// distinct characters), cryptographically random: codes people type, such as coupon codes,
// from an alphabet without look-alikes. Errors: internal when the random source fails.
[[nodiscard]] Result<std::string> RandomCode(size_t length, std::string_view alphabet);

}  // namespace loyal
