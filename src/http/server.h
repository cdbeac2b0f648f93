// The HTTP/1.1 server: accepts connections, reads requests with keep-alive, hands each
// to a Dispatcher (normally http::Pipeline) and writes its Response. Boost.Beast and Asio
// live only in server_core.h, server.cc and session.cc.
//
// Threading: `io_threads` threads run one io_context and only parse and write; requests
// are dispatched on a separate pool of `handler_threads`, because reads block on the
// database and a slow one must not stall the other connections an io thread serves; writes
// are handed on to group commit and answered from its thread. Each connection handles one
// request at a time (no pipelining overlap). The Dispatcher is called from many pool
// threads at once and must be thread-safe.
//
// Protocol errors never reach the Dispatcher: a body over `body_limit` gets 413, headers
// over `header_limit` 431, a malformed request 400 (all with the JSON error envelope,
// then the connection closes); a Dispatcher that throws gets 500 and an error log.
//
// Thread-safety: Start, Stop and port may be called from any thread; Stop is idempotent.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/error.h"
#include "http/handler.h"

namespace loyal::http {

struct ServerOptions {
  std::string address = "0.0.0.0";
  uint16_t port = 8080;     // 0: any free port; read the chosen one with Server::port()
  int io_threads = 0;       // 0: one per core
  int handler_threads = 0;  // 0: four per core, at least 8 (handlers mostly wait on I/O)
  size_t body_limit = size_t{1} << 20;  // design.md: bodies over 1 MiB are 413
  size_t header_limit = size_t{16} << 10;
  // How long a client may take to send one whole request; also how long an idle
  // keep-alive connection stays open.
  std::chrono::milliseconds read_timeout = std::chrono::seconds(30);
  // How long Stop() waits for in-flight requests before closing their connections.
  std::chrono::milliseconds drain_timeout = std::chrono::seconds(10);
  bool access_log = true;  // one spdlog info line per request
};

// Answers a parsed request through `reply`, now or later from another thread (a write is
// answered once its group commit is durable), so a handler thread never waits for a commit.
// Must not throw (the server answers 500 if it does before replying). The request is the
// Dispatcher's to fill in (path_params, caller) and only lives until it returns.
using Dispatcher = std::function<void(Request&, Reply)>;

class Server {
 public:
  Server(ServerOptions options, Dispatcher dispatch);
  ~Server();  // Stop()s
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads; returns once connections are being accepted.
  // Errors: unavailable (address in use, cannot bind), failed_precondition (already started).
  [[nodiscard]] Status Start();

  // Stops accepting, lets in-flight requests finish and write their responses (up to
  // drain_timeout), closes idle connections and joins all threads. Whatever answers
  // requests later (group commit) must have replied to all of them, or been stopped,
  // before the Server is destroyed.
  void Stop();

  // Blocks until SIGINT or SIGTERM arrives or Stop() is called, then Stop()s. For main(),
  // after a successful Start().
  void WaitForStopSignal();

  // The port actually listened on (useful with port 0); 0 before Start().
  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace loyal::http
