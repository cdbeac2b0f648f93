#include "http/server.h"

#include <atomic>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "http/testing/test_client.h"

namespace loyal::http {
namespace {

using testing::HeaderList;
using testing::RawResponse;
using testing::TestConnection;

std::string ErrorCodeOf(const RawResponse& response) {
  return std::string(boost::json::parse(response.body).at("error").at("code").as_string());
}

// Answers with what it saw, so tests can check how the server built the Request.
Response Echo(Request& request) {
  if (request.path == "/throw") throw std::runtime_error("boom");
  boost::json::object seen;
  seen["method"] = request.method;
  seen["path"] = request.path;
  seen["body_size"] = request.body.size();
  boost::json::object query;
  for (const auto& [k, v] : request.query) query[k] = v;
  seen["query"] = std::move(query);
  seen["x_test"] = std::string(request.Header("x-test").value_or(""));
  return JsonResponse(seen);
}

// A dispatcher that answers at once with what `handle` returns.
Dispatcher Answering(std::function<Response(Request&)> handle) {
  return [handle = std::move(handle)](Request& request, Reply reply) { reply(handle(request)); };
}

class ServerTest : public ::testing::Test {
 protected:
  void StartServer(ServerOptions options, Dispatcher dispatch = Answering(Echo)) {
    options.address = "127.0.0.1";
    options.port = 0;
    options.access_log = getenv("LOYAL_TEST_ACCESS_LOG") != nullptr;
    server_ = std::make_unique<Server>(options, std::move(dispatch));
    ASSERT_TRUE(server_->Start().has_value());
    ASSERT_GT(server_->port(), 0);
  }
  TestConnection Connect() { return TestConnection::Connect(server_->port()).value(); }

  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  StartServer({});
  TestConnection connection = Connect();
  for (int i = 0; i < 3; ++i) {
    const std::string target = "/v1/items/" + std::to_string(i) +
                               "?q=a%20b&n=" + std::to_string(i) + "&q=second&email=a+b%40shop.com";
    RawResponse response =
        connection.Roundtrip("GET", target, "", HeaderList{{"X-Test", "v"}}).value();
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.headers.at("content-type"), "application/json");
    auto seen = boost::json::parse(response.body);
    EXPECT_EQ(seen.at("path").as_string(), "/v1/items/" + std::to_string(i));
    EXPECT_EQ(seen.at("query").at("q").as_string(), "a b");  // the first repeat wins
    EXPECT_EQ(seen.at("query").at("n").as_string(), std::to_string(i));
    EXPECT_EQ(seen.at("query").at("email").as_string(), "a+b@shop.com");
    EXPECT_EQ(seen.at("x_test").as_string(), "v");
  }
}

TEST_F(ServerTest, BodyOfExactlyOneMebibyteIsAccepted) {
  StartServer({});
  TestConnection connection = Connect();
  RawResponse response = connection.Roundtrip("POST", "/x", std::string(1 << 20, 'a')).value();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(boost::json::parse(response.body).at("body_size").as_int64(), 1 << 20);
}

TEST_F(ServerTest, BodyOverOneMebibyteIs413AndClosesTheConnection) {
  StartServer({});
  TestConnection connection = Connect();
  RawResponse response =
      connection.Roundtrip("POST", "/x", std::string((1 << 20) + 1, 'a')).value();
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(ErrorCodeOf(response), "payload_too_large");
  EXPECT_EQ(response.headers.at("connection"), "close");
  EXPECT_TRUE(connection.ClosedByPeer());
}

TEST_F(ServerTest, ExpectContinueGets100BeforeTheBodyIsSent) {
  StartServer({});
  TestConnection connection = Connect();
  ASSERT_TRUE(connection
                  .Send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                        "Expect: 100-continue\r\n\r\n")
                  .has_value());
  EXPECT_EQ(connection.ReadResponse().value().status, 100);
  ASSERT_TRUE(connection.Send("hello").has_value());
  RawResponse response = connection.ReadResponse().value();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(boost::json::parse(response.body).at("body_size").as_int64(), 5);
}

TEST_F(ServerTest, ExpectContinueWithOversizedBodyIs413WithoutReadingIt) {
  StartServer({});
  TestConnection connection = Connect();
  ASSERT_TRUE(connection
                  .Send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n"
                        "Expect: 100-continue\r\n\r\n")
                  .has_value());
  RawResponse response = connection.ReadResponse().value();
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(ErrorCodeOf(response), "payload_too_large");
}

TEST_F(ServerTest, MalformedRequestLineIs400Json) {
  StartServer({});
  TestConnection connection = Connect();
  ASSERT_TRUE(connection.Send("THIS IS NOT HTTP\r\n\r\n").has_value());
  RawResponse response = connection.ReadResponse().value();
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(ErrorCodeOf(response), "invalid_argument");
  EXPECT_TRUE(connection.ClosedByPeer());
}

TEST_F(ServerTest, AbsoluteFormTargetIs400ButKeepsTheConnection) {
  StartServer({});
  TestConnection connection = Connect();
  RawResponse bad = connection.Roundtrip("GET", "http://example.com/x").value();
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorCodeOf(bad), "invalid_argument");
  EXPECT_EQ(connection.Roundtrip("GET", "/x").value().status, 200);
}

TEST_F(ServerTest, OversizedHeadersAre431) {
  ServerOptions options;
  options.header_limit = 1024;
  StartServer(options);
  TestConnection connection = Connect();
  RawResponse response =
      connection.Roundtrip("GET", "/x", "", HeaderList{{"X-Big", std::string(2048, 'h')}}).value();
  EXPECT_EQ(response.status, 431);
  EXPECT_EQ(ErrorCodeOf(response), "invalid_argument");
}

TEST_F(ServerTest, EscapedExceptionIs500JsonAndTheServerCarriesOn) {
  StartServer({});
  TestConnection connection = Connect();
  RawResponse response = connection.Roundtrip("GET", "/throw").value();
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(ErrorCodeOf(response), "internal");
  EXPECT_EQ(connection.Roundtrip("GET", "/after").value().status, 200);
}

TEST_F(ServerTest, SlowHandlerDoesNotStallOtherConnectionsOnOneIoThread) {
  ServerOptions options;
  options.io_threads = 1;
  options.handler_threads = 4;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  StartServer(options, Answering([released](Request& request) {
                if (request.path == "/slow") released.wait();
                return Echo(request);
              }));
  TestConnection slow = Connect();
  ASSERT_TRUE(slow.Send(testing::BuildRequest("GET", "/slow")).has_value());
  TestConnection fast = Connect();
  EXPECT_EQ(fast.Roundtrip("GET", "/fast").value().status, 200);
  release.set_value();
  EXPECT_EQ(slow.ReadResponse().value().status, 200);
}

TEST_F(ServerTest, StopLetsAnInFlightRequestFinish) {
  std::atomic<bool> entered{false};
  StartServer({}, Answering([&entered](Request& request) {
                entered = true;
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                return Echo(request);
              }));
  TestConnection connection = Connect();
  ASSERT_TRUE(connection.Send(testing::BuildRequest("GET", "/x")).has_value());
  while (!entered) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::thread stopper([this] { server_->Stop(); });
  RawResponse response = connection.ReadResponse().value();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.at("connection"), "close");
  stopper.join();
  EXPECT_FALSE(TestConnection::Connect(server_->port()).has_value());
}

TEST_F(ServerTest, ReplyFromAnotherThreadLaterAnswersAndFreesTheHandlerThread) {
  ServerOptions options;
  options.handler_threads = 1;
  std::mutex mu;
  std::vector<std::pair<std::string, Reply>> held;  // replies the test sends later
  StartServer(options, [&](Request& request, Reply reply) {
    if (request.path != "/later") return reply(Echo(request));
    std::lock_guard lock(mu);
    held.emplace_back(request.path, std::move(reply));
  });
  TestConnection first = Connect();
  TestConnection second = Connect();
  ASSERT_TRUE(first.Send(testing::BuildRequest("GET", "/later")).has_value());
  ASSERT_TRUE(second.Send(testing::BuildRequest("GET", "/later")).has_value());
  // Both reached the one handler thread, which did not wait for either answer.
  EXPECT_EQ(Connect().Roundtrip("GET", "/now").value().status, 200);
  for (int i = 0; i < 400; ++i) {
    std::lock_guard lock(mu);
    if (held.size() == 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::vector<std::pair<std::string, Reply>> replies;
  {
    std::lock_guard lock(mu);
    replies.swap(held);
  }
  ASSERT_EQ(replies.size(), 2u);
  std::thread answerer([&replies] {
    for (auto& [path, reply] : replies) {
      Response response = JsonResponse(boost::json::object{{"late", path}}, 201);
      reply(response);
      reply(JsonResponse(boost::json::object{}, 500));  // a second answer is ignored
    }
  });
  answerer.join();
  for (TestConnection* connection : {&first, &second}) {
    RawResponse response = connection->ReadResponse().value();
    EXPECT_EQ(response.status, 201);
    EXPECT_EQ(boost::json::parse(response.body).at("late"), "/later");
  }
  EXPECT_EQ(first.Roundtrip("GET", "/again").value().status, 200);
}

TEST_F(ServerTest, IdleConnectionIsClosedAfterReadTimeout) {
  ServerOptions options;
  options.read_timeout = std::chrono::milliseconds(200);
  StartServer(options);
  TestConnection connection = Connect();
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(connection.ClosedByPeer());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(ServerTest, StartingTwiceOrOnABusyPortFails) {
  StartServer({});
  Status again = server_->Start();
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);

  ServerOptions options;
  options.address = "127.0.0.1";
  options.port = static_cast<uint16_t>(server_->port());
  Server second(options, Answering(Echo));
  Status busy = second.Start();
  ASSERT_FALSE(busy.has_value());
  EXPECT_EQ(busy.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace loyal::http
