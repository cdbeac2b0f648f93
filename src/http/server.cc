// The Beast/Asio server behind server.h. This is the only file that includes Beast, so a
// sanitizer build compiles it once; that is why the connection and the listener share it.
#include "http/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

namespace loyal::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using Parser = bhttp::request_parser<bhttp::string_body>;

// After a 413 the unread body is drained (up to this much, for this long) before closing,
// so the client reads our answer instead of a connection reset.
constexpr size_t kMaxDrainBytes = size_t{8} << 20;
constexpr auto kDrainTimeout = std::chrono::seconds(2);
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);

int DefaultIoThreads() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

int DefaultHandlerThreads() { return std::max(8, 4 * DefaultIoThreads()); }

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Builds the Request; invalid_argument when the target is not an origin-form URI.
Result<Request> ToRequest(bhttp::request<bhttp::string_body>&& message) {
  auto url = boost::urls::parse_origin_form(message.target());
  if (!url) return InvalidArgument("malformed request target");
  Request request;
  request.method = std::string(message.method_string());
  request.path = std::string(url->encoded_path());
  // '+' stays a plus (RFC 3986), not a space as in HTML forms: e-mail filters such as
  // ?email=a+b@shop.com are far commoner in this API than spaces.
  for (const auto& param : url->params(boost::urls::encoding_opts(/*space_as_plus=*/false))) {
    request.query.emplace(param.key, param.value);  // the first of repeated keys wins
  }
  for (const auto& field : message) {
    auto [it, inserted] = request.headers.emplace(Lower(field.name_string()), field.value());
    if (!inserted) it->second.append(", ").append(field.value());  // RFC 9110 field combining
  }
  request.body = std::move(message.body());
  return request;
}

class Session;

// State shared by the acceptor and every connection.
struct ServerCore {
  ServerCore(ServerOptions opts, Dispatcher dispatcher)
      : options(std::move(opts)),
        dispatch(std::move(dispatcher)),
        pool(static_cast<size_t>(options.handler_threads > 0 ? options.handler_threads
                                                             : DefaultHandlerThreads())) {}

  Response SafeDispatch(Request& request);
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

void Session::DoRead() {
  if (core_.stopping) return Close();
  parser_.emplace();
  parser_->body_limit(core_.options.body_limit);
  parser_->header_limit(static_cast<uint32_t>(core_.options.header_limit));
  stream_.expires_after(core_.options.read_timeout);
  bhttp::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
}

void Session::OnHeader(beast::error_code ec) {
  if (ec || parser_->is_done()) return OnRead(ec);
  // Clients such as curl hold a large body back (up to a second) until they see
  // "100 Continue"; an oversized one never gets here, it was refused with the header.
  const auto& header = parser_->get();
  if (beast::iequals(header[bhttp::field::expect], "100-continue")) {
    auto interim = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_,
                                                                        header.version());
    bhttp::async_write(stream_, *interim,
                       [self = shared_from_this(), interim](beast::error_code write_ec, size_t) {
                         if (write_ec) return self->Close();
                         self->ReadBody();
                       });
    return;
  }
  ReadBody();
}

void Session::ReadBody() {
  bhttp::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
}

void Session::OnRead(beast::error_code ec) {
  // A client that left, idled out or was told to go: nothing to answer. Parse errors (the
  // http category) are answered below.
  const auto& parse_errors = bhttp::make_error_code(bhttp::error::bad_method).category();
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      (ec && ec.category() != parse_errors)) {
    return Close();
  }
  started_at_ = SteadyClock::now();
  busy_ = true;
  if (parser_->is_header_done()) {
    const auto& header = parser_->get();
    log_method_ = std::string(header.method_string());
    log_path_ = std::string(header.target().substr(0, header.target().find('?')));
    version_ = header.version();
  } else {
    log_method_ = log_path_ = "-";
    version_ = 11;
  }
  if (ec == bhttp::error::body_limit) {
    return Write(ErrorResponse(Error{ErrorCode::kPayloadTooLarge,
                                     "request body is larger than " +
                                         std::to_string(core_.options.body_limit) + " bytes",
                                     ""}),
                 /*close=*/true, /*drain=*/true);
  }
  if (ec == bhttp::error::header_limit) {
    Response response =
        ErrorResponse(Error{ErrorCode::kInvalidArgument, "request headers are too large", ""});
    response.status = 431;
    return Write(std::move(response), true, false);
  }
  if (ec) {
    return Write(ErrorResponse(InvalidArgument("malformed HTTP request: " + ec.message()).value()),
                 true, false);
  }
  auto message = parser_->release();
  keep_alive_ = message.keep_alive();
  Result<Request> request = ToRequest(std::move(message));
  if (!request) return Write(ErrorResponse(request.error()), !keep_alive_, false);
  asio::post(core_.pool, [self = shared_from_this(), req = std::move(*request)]() mutable {
    Response response = self->core_.SafeDispatch(req);
    asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
      self->OnHandled(std::move(response));
    });
  });
}

void Session::OnHandled(Response response) {
  Write(std::move(response), !keep_alive_ || core_.stopping, false);
}

void Session::Write(Response response, bool close, bool drain) {
  auto message = std::make_shared<bhttp::response<bhttp::string_body>>();
  message->version(version_);
  message->result(static_cast<unsigned>(response.status));
  message->set(bhttp::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) message->set(name, value);
  message->body() = std::move(response.body);
  message->keep_alive(!close);
  message->prepare_payload();
  if (core_.options.access_log) {
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started_at_);
    spdlog::info("{} {} {} {}us", log_method_, log_path_, response.status, micros.count());
  }
  stream_.expires_after(core_.options.read_timeout);
  bhttp::async_write(stream_, *message,
                     [self = shared_from_this(), message, close, drain](
                         beast::error_code ec, size_t) { self->OnWrite(ec, close, drain); });
}

void Session::OnWrite(beast::error_code ec, bool close, bool drain) {
  busy_ = false;
  if (ec) return Close();
  if (drain) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kDrainTimeout);
    return DrainThenClose();
  }
  if (close) return Close();
  DoRead();
}

void Session::DrainThenClose() {
  stream_.async_read_some(asio::buffer(drain_buffer_),
                          [self = shared_from_this()](beast::error_code ec, size_t n) {
                            self->drained_ += n;
                            if (ec || self->drained_ > kMaxDrainBytes) return self->Close();
                            self->DrainThenClose();
                          });
}

void Session::Close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

Response ServerCore::SafeDispatch(Request& request) {
  try {
    return dispatch(request);
  } catch (const std::exception& e) {
    spdlog::error("unhandled exception in {} {}: {}", request.method, request.path, e.what());
  } catch (...) {
    spdlog::error("unhandled non-standard exception in {} {}", request.method, request.path);
  }
  return ErrorResponse(Error{ErrorCode::kInternal, "internal error", ""});
}

void ServerCore::DoAccept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;
    if (!ec) {
      // Responses go out in one write; Nagle would only hold back the tail of a large one.
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<Session>(std::move(socket), *this)->Start();
      return DoAccept();
    }
    // Out of descriptors and the like: back off briefly instead of spinning.
    spdlog::warn("accept failed: {}", ec.message());
    accept_retry.expires_after(kAcceptRetryDelay);
    accept_retry.async_wait([this](beast::error_code) {
      if (acceptor.is_open()) DoAccept();
    });
  });
}

void ServerCore::Register(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(mutex);
  sessions.emplace(session.get(), session);
}

void ServerCore::Forget(Session* session) {
  std::lock_guard lock(mutex);
  sessions.erase(session);
  if (sessions.empty()) changed.notify_all();
}

void ServerCore::RequestStop() {
  std::lock_guard lock(mutex);
  stop_requested = true;
  changed.notify_all();
}

void ServerCore::RunIoLoop() {
  // A handler should never throw; if one does (allocation failure), log and carry on
  // rather than lose the thread.
  while (true) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("exception escaped the io loop: {}", e.what());
    }
  }
}

}  // namespace

struct Server::Impl : ServerCore {
  using ServerCore::ServerCore;
};

Server::Server(ServerOptions options, Dispatcher dispatch)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dispatch))) {}

Server::~Server() { Stop(); }

Status Server::Start() {
  Impl& core = *impl_;
  std::lock_guard lock(core.lifecycle_mutex);
  if (core.started) return FailedPrecondition("server already started");
  const std::string where = core.options.address + ":" + std::to_string(core.options.port);
  beast::error_code ec;
  auto address = asio::ip::make_address(core.options.address, ec);
  if (ec) return InvalidArgument("bad listen address " + core.options.address);
  tcp::endpoint endpoint(address, core.options.port);
  core.acceptor.open(endpoint.protocol(), ec);
  if (!ec) core.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) core.acceptor.bind(endpoint, ec);
  if (!ec) core.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    core.acceptor.close(ignored);
  }
  if (ec) return Unavailable("cannot listen on " + where + ": " + ec.message());
  core.port = core.acceptor.local_endpoint().port();
  core.started = true;
  asio::dispatch(core.acceptor.get_executor(), [&core] { core.DoAccept(); });
  const int threads = core.options.io_threads > 0 ? core.options.io_threads : DefaultIoThreads();
  for (int i = 0; i < threads; ++i) core.io_threads.emplace_back([&core] { core.RunIoLoop(); });
  spdlog::info("listening on {}:{} ({} io threads)", core.options.address, core.port.load(),
               threads);
  return {};
}

void Server::Stop() {
  Impl& core = *impl_;
  std::lock_guard lifecycle(core.lifecycle_mutex);
  if (!core.started || core.stopped) return;
  core.stopped = true;
  core.stopping = true;
  asio::post(core.acceptor.get_executor(), [&core] {
    beast::error_code ignored;
    core.acceptor.close(ignored);
    core.accept_retry.cancel();
  });
  // Locked outside the mutex: dropping the last reference runs ~Session, which takes it.
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(core.mutex);
    for (auto& [ptr, weak] : core.sessions) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (const auto& session : live) session->CloseWhenIdle();
  live.clear();
  std::unique_lock lock(core.mutex);
  core.changed.wait_for(lock, core.options.drain_timeout, [&] { return core.sessions.empty(); });
  core.stop_requested = true;
  core.changed.notify_all();
  lock.unlock();
  core.ioc.stop();
  for (std::thread& thread : core.io_threads) thread.join();
  core.pool.join();
  spdlog::info("server stopped");
}

void Server::WaitForStopSignal() {
  Impl& core = *impl_;
  asio::signal_set signals(core.ioc, SIGINT, SIGTERM);
  signals.async_wait([&core](beast::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("signal {} received; stopping", signal);
    core.RequestStop();
  });
  {
    std::unique_lock lock(core.mutex);
    core.changed.wait(lock, [&] { return core.stop_requested; });
  }
  Stop();
}

int Server::port() const { return impl_->port.load(); }

}  // namespace loyal::http
