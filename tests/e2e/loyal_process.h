// Test support: runs the built `loyal` binary as a child process — one-shot commands
// (import, keys create) and a server on a free port for black-box HTTP tests.
// Not thread-safe; one object per test.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <string>
#include <thread>
#include <vector>

namespace loyal::e2e {

// The binary under test: $LOYAL_BINARY_DIR/loyal.
std::string LoyalBinary();

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `loyal args...` to completion and returns its exit code and output.
CommandResult RunLoyal(const std::vector<std::string>& args);

// A fresh temporary directory, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// `loyal serve --port 0 args...`; the constructor waits for the "listening on" line and
// reads the port from it (the rest of the server's stdout is read and dropped); the
// destructor sends SIGTERM and waits.
class LoyalServer {
 public:
  explicit LoyalServer(const std::vector<std::string>& args);
  ~LoyalServer();
  LoyalServer(const LoyalServer&) = delete;
  LoyalServer& operator=(const LoyalServer&) = delete;
  int port() const { return port_; }
  // Stops the server with SIGTERM; returns its exit code.
  int Stop() { return Kill(SIGTERM); }
  // Sends `signal` and waits for the server to end (SIGKILL: a crash, nothing flushed or
  // closed). Returns its exit code, 128 + the signal if it died of one; 0 if already ended.
  int Kill(int signal);

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int out_fd_ = -1;
  std::thread drain_;  // reads and drops the server's output once it has started
};

}  // namespace loyal::e2e
