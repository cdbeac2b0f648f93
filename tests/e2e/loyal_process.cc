#include "loyal_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace loyal::e2e {
namespace {

std::vector<char*> Argv(const std::string& binary, const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

// Forks and execs the binary with stdout/stderr going to the given pipe write ends.
pid_t Spawn(const std::vector<std::string>& args, int out_fd, int err_fd) {
  std::string binary = LoyalBinary();
  auto argv = Argv(binary, args);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, STDIN_FILENO);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

}  // namespace

std::string LoyalBinary() { return std::string(LOYAL_BINARY_DIR) + "/loyal"; }

CommandResult RunLoyal(const std::vector<std::string>& args) {
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = Spawn(args, out[1], err[1]);
  close(out[1]);
  close(err[1]);
  CommandResult result;
  // Drain both pipes together so a chatty child never blocks on a full pipe.
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = ExitCode(status);
  return result;
}

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "loyal-e2e-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

LoyalServer::LoyalServer(const std::vector<std::string>& args) {
  std::vector<std::string> full = {"serve", "--port", "0"};
  full.insert(full.end(), args.begin(), args.end());
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = Spawn(full, out[1], STDERR_FILENO);
  close(out[1]);
  // The server prints "listening on http://127.0.0.1:PORT" once it accepts connections.
  std::string seen;
  char buf[4096];
  const std::string marker = "listening on http://127.0.0.1:";
  while (true) {
    pollfd pfd{out[0], POLLIN, 0};
    if (poll(&pfd, 1, 120'000) <= 0) break;
    ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<size_t>(n));
    auto at = seen.find(marker);
    if (at != std::string::npos && seen.find('\n', at) != std::string::npos) {
      port_ = std::atoi(seen.c_str() + at + marker.size());
      break;
    }
  }
  // Kept open until the server ends: closing it would SIGPIPE the server on its next print.
  out_fd_ = out[0];
  if (port_ == 0) {
    Stop();
    throw std::runtime_error("loyal serve did not start; it printed: " + seen);
  }
  // The server logs every request to stdout; unread, the pipe fills after a few hundred
  // requests and the server blocks in its next log call. Read to the end (the server's exit).
  drain_ = std::thread([fd = out_fd_] {
    char sink[4096];
    for (;;) {
      ssize_t n = read(fd, sink, sizeof sink);
      if (n == 0 || (n < 0 && errno != EINTR)) break;
    }
  });
}

int LoyalServer::Kill(int signal) {
  if (pid_ <= 0) return 0;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (drain_.joinable()) drain_.join();
  if (out_fd_ >= 0) close(out_fd_);
  out_fd_ = -1;
  return ExitCode(status);
}

LoyalServer::~LoyalServer() { Stop(); }

}  // namespace loyal::e2e
