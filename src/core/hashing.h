// SHA-256 and random tokens (OpenSSL): API keys, idempotency fingerprints, order and
// return request hashes. In core/ so that rooms below http/ (orders) need not link it.
// Pure functions; thread-safe (OpenSSL 3's RAND is thread-safe).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace loyal {

// Returns the lower-case hex SHA-256 of `data` (64 characters).
std::string Sha256Hex(std::string_view data);

// Returns `bytes` cryptographically random bytes encoded as unpadded base64url.
// Errors: internal when the system's random source fails.
[[nodiscard]] Result<std::string> RandomToken(size_t bytes);

}  // namespace loyal
