// SHA-256 and random tokens (OpenSSL) for API keys and idempotency fingerprints.
// Pure functions; thread-safe (OpenSSL 3's RAND is thread-safe).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace loyal::http {

// Returns the lower-case hex SHA-256 of `data` (64 characters).
std::string Sha256Hex(std::string_view data);

// Returns `bytes` cryptographically random bytes encoded as unpadded base64url.
// Errors: internal when the system's random source fails.
[[nodiscard]] Result<std::string> RandomToken(size_t bytes);

}  // namespace loyal::http
