// One connection of the server: reads a request, dispatches it on the handler pool, writes
// the response, and repeats while keep-alive lasts.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <memory>
#include <string>

#include "http/server_core.h"

namespace loyal::http::internal {
namespace {

// After a 413 the unread body is drained (up to this much, for this long) before closing,
// so the client reads our answer instead of a connection reset.
constexpr size_t kMaxDrainBytes = size_t{8} << 20;
constexpr auto kDrainTimeout = std::chrono::seconds(2);

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

}  // namespace

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
    self->core_.SafeDispatch(req, [self](Response response) {
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->OnHandled(std::move(response));
      });
    });
  });
}

void Session::OnHandled(Response response) {
  RenderBody(response);
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

}  // namespace loyal::http::internal
