// Test support: a blocking HTTP/1.1 client over one keep-alive connection to 127.0.0.1.
// Not thread-safe; one client per thread.
#pragma once

#include <map>
#include <memory>
#include <string>

namespace loyal::e2e {

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
};

class HttpClient {
 public:
  explicit HttpClient(int port);
  ~HttpClient();

  // Sends one request on the kept-alive connection (reconnecting if the server closed it).
  // `headers` are added as given; a bearer key set with SetKey() is sent as Authorization.
  HttpResult Send(const std::string& method, const std::string& target,
                  const std::string& body = "",
                  const std::map<std::string, std::string>& headers = {});
  HttpResult Get(const std::string& target) { return Send("GET", target); }
  HttpResult Post(const std::string& target, const std::string& body,
                  const std::map<std::string, std::string>& headers = {}) {
    return Send("POST", target, body, headers);
  }
  void SetKey(std::string key) { key_ = std::move(key); }
  // How many TCP connections this client has opened (keep-alive tests).
  int connections_opened() const { return connections_opened_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string key_;
  int connections_opened_ = 0;
};

}  // namespace loyal::e2e
