// Error and Result: how every fallible function in Loyal reports failure.
// Values only; thread-safe as any value type.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace loyal {

// The closed set of failure kinds. http/ maps each to one status code; rooms never
// speak HTTP. Keep in step with ErrorCodeName() and the table in http/error_mapping.cc.
enum class ErrorCode {
  kInvalidArgument,     // malformed input: 400
  kFailedPrecondition,  // well-formed, but the rules refuse it: 422
  kUnauthenticated,     // 401
  kPermissionDenied,    // 403
  kNotFound,            // 404
  kAlreadyExists,       // 409
  kConflict,            // 409 (idempotency key reused with another body, concurrent update)
  kPayloadTooLarge,     // 413
  kResourceExhausted,   // 429
  kUnavailable,         // 503 (database unreachable, shutting down)
  kInternal,            // 500
};

// Returns the snake_case wire name of `code`, e.g. "invalid_argument".
std::string_view ErrorCodeName(ErrorCode code);

// A failure with a message safe to show a client and, for input errors, the offending
// field as a JSON path ("lines[0].quantity") or, on the command line, "file:line".
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;

  // "invalid_argument: quantity must be positive (lines[0].quantity)"
  std::string ToString() const;
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message,
                                       std::string field = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(field)});
}
inline tl::unexpected<Error> InvalidArgument(std::string message, std::string field = {}) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}
inline tl::unexpected<Error> FailedPrecondition(std::string message, std::string field = {}) {
  return MakeError(ErrorCode::kFailedPrecondition, std::move(message), std::move(field));
}
inline tl::unexpected<Error> NotFound(std::string message) {
  return MakeError(ErrorCode::kNotFound, std::move(message));
}
inline tl::unexpected<Error> Conflict(std::string message) {
  return MakeError(ErrorCode::kConflict, std::move(message));
}
inline tl::unexpected<Error> Internal(std::string message) {
  return MakeError(ErrorCode::kInternal, std::move(message));
}
inline tl::unexpected<Error> Unavailable(std::string message) {
  return MakeError(ErrorCode::kUnavailable, std::move(message));
}

}  // namespace loyal

#define LOY_CONCAT_INNER_(a, b) a##b
#define LOY_CONCAT_(a, b) LOY_CONCAT_INNER_(a, b)

// Returns the error of a Result/Status expression from the enclosing function.
#define LOY_RETURN_IF_ERROR(expr)                                   \
  do {                                                              \
    auto&& loy_status_ = (expr);                                    \
    if (!loy_status_) return tl::unexpected(loy_status_.error());   \
  } while (0)

// LOY_ASSIGN_OR_RETURN(auto x, Compute()); assigns the value or returns the error.
#define LOY_ASSIGN_OR_RETURN(lhs, expr) \
  LOY_ASSIGN_OR_RETURN_IMPL_(LOY_CONCAT_(loy_result_, __LINE__), lhs, expr)
#define LOY_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)         \
  auto tmp = (expr);                                       \
  if (!tmp) return tl::unexpected(std::move(tmp).error()); \
  lhs = std::move(*tmp)
