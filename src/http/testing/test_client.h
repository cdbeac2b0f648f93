// A small blocking HTTP/1.1 client over a raw socket, for tests that need exact control
// of the bytes on the wire (malformed request lines, oversized bodies, keep-alive reuse).
// Reads Content-Length-framed responses only, which is all the server sends.
//
// Thread-safety: one TestConnection per thread; distinct connections are independent.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace loyal::http::testing {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Returns the bytes of an HTTP/1.1 request to 127.0.0.1 with Content-Length set.
std::string BuildRequest(std::string_view method, std::string_view target,
                         std::string_view body = {}, const HeaderList& headers = {});

class TestConnection {
 public:
  // Connects to 127.0.0.1:port; reads time out after 10 s. Errors: unavailable.
  [[nodiscard]] static Result<TestConnection> Connect(int port);

  TestConnection(TestConnection&& other) noexcept;
  TestConnection& operator=(TestConnection&& other) noexcept;
  TestConnection(const TestConnection&) = delete;
  TestConnection& operator=(const TestConnection&) = delete;
  ~TestConnection();

  // Sends the bytes as they are. Errors: unavailable (peer closed).
  [[nodiscard]] Status Send(std::string_view bytes);

  // Reads one response. Errors: unavailable when the connection closes or times out
  // before a whole response arrived; invalid_argument for a response it cannot parse.
  [[nodiscard]] Result<RawResponse> ReadResponse();

  // Sends BuildRequest(...) and reads the response.
  [[nodiscard]] Result<RawResponse> Roundtrip(std::string_view method, std::string_view target,
                                              std::string_view body = {},
                                              const HeaderList& headers = {});

  // Returns true when the server closes the connection (end of stream) before the read
  // timeout, with no further bytes.
  bool ClosedByPeer();

 private:
  explicit TestConnection(int fd) : fd_(fd) {}
  // Reads more bytes into buffer_; false on close, error or timeout.
  bool Fill();

  int fd_ = -1;
  std::string buffer_;
};

}  // namespace loyal::http::testing
