// Internal to http/: the Beast/Asio state behind Server (server.cc: the listener and the
// server's lifecycle; session.cc: one connection). Only these two files and this header
// include Beast and Asio, which keeps the rest of the room quick to compile.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/server.h"

namespace loyal::http::internal {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using Parser = bhttp::request_parser<bhttp::string_body>;

class Session;

// State shared by the acceptor and every connection.
struct ServerCore {
  ServerCore(ServerOptions opts, Dispatcher dispatcher);

  void SafeDispatch(Request& request, Reply reply);
  void DoAccept();
  void Register(const std::shared_ptr<Session>& session);
  void Forget(Session* session);
  void RequestStop();
  void RunIoLoop();

  const ServerOptions options;
  const Dispatcher dispatch;
  std::atomic<bool> stopping{false};

  // Guards sessions and stop_requested; declared before ioc so connections destroyed
  // with the io_context can still unregister.
  std::mutex mutex;
  std::condition_variable changed;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  bool stop_requested = false;

  std::mutex lifecycle_mutex;  // serialises Start and Stop
  bool started = false;
  bool stopped = false;
  std::atomic<int> port{0};

  asio::io_context ioc;
  // Keeps run() going while the only pending work is a handler on the pool, which the
  // io_context does not count; Stop() ends it with ioc.stop().
  asio::executor_work_guard<asio::io_context::executor_type> keep_running{ioc.get_executor()};
  tcp::acceptor acceptor{asio::make_strand(ioc)};
  asio::steady_timer accept_retry{acceptor.get_executor()};
  std::vector<std::thread> io_threads;
  asio::thread_pool pool;  // declared after ioc: its jobs hold connections, so it goes first
};

// One connection: reads a request, dispatches it on the pool, writes the response, and
// repeats while keep-alive lasts. All its members are touched only on its strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ServerCore& core) : stream_(std::move(socket)), core_(core) {}
  ~Session() { core_.Forget(this); }

  void Start() {
    core_.Register(shared_from_this());
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->DoRead(); });
  }

  // Closes the connection unless a request is being handled (that one closes after its
  // response because the server is stopping).
  void CloseWhenIdle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->Close();
    });
  }

 private:
  void DoRead();
  void OnHeader(beast::error_code ec);
  void ReadBody();
  void OnRead(beast::error_code ec);
  void OnHandled(Response response);
  void Write(Response response, bool close, bool drain);
  void OnWrite(beast::error_code ec, bool close, bool drain);
  void DrainThenClose();
  void Close();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  ServerCore& core_;
  bool busy_ = false;
  // The current request, for the response and the access log.
  unsigned version_ = 11;
  bool keep_alive_ = false;
  std::string log_method_;
  std::string log_path_;
  SteadyClock::time_point started_at_;
  std::array<char, 16384> drain_buffer_{};
  size_t drained_ = 0;
};

}  // namespace loyal::http::internal
