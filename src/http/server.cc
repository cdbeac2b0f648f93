// The listener and the lifecycle of Server (server.h); connections are in session.cc.
#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/signal_set.hpp>
#include <csignal>

#include "http/server_core.h"

namespace loyal::http::internal {
namespace {

constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);

int DefaultIoThreads() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

int DefaultHandlerThreads() { return std::max(8, 4 * DefaultIoThreads()); }

}  // namespace

ServerCore::ServerCore(ServerOptions opts, Dispatcher dispatcher)
    : options(std::move(opts)),
      dispatch(std::move(dispatcher)),
      pool(static_cast<size_t>(options.handler_threads > 0 ? options.handler_threads
                                                           : DefaultHandlerThreads())) {}

void ServerCore::SafeDispatch(Request& request, Reply reply) {
  // The first answer wins, so a dispatcher that throws after replying is not answered twice.
  auto replied = std::make_shared<std::atomic<bool>>(false);
  Reply once = [replied, reply = std::move(reply)](Response response) {
    if (!replied->exchange(true)) reply(std::move(response));
  };
  try {
    dispatch(request, once);
    return;
  } catch (const std::exception& e) {
    spdlog::error("unhandled exception in {} {}: {}", request.method, request.path, e.what());
  } catch (...) {
    spdlog::error("unhandled non-standard exception in {} {}", request.method, request.path);
  }
  once(ErrorResponse(Error{ErrorCode::kInternal, "internal error", ""}));
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

}  // namespace loyal::http::internal

namespace loyal::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using internal::DefaultIoThreads;
using internal::Session;
using internal::tcp;

struct Server::Impl : internal::ServerCore {
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
