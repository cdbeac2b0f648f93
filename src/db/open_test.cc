// OpenDatabase: picking the backend and the errors for a store that cannot be opened.
#include "db/open.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace loyal::db {
namespace {

// A TCP port on 127.0.0.1 with nothing listening: bound, never listened on, then closed.
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

class ScratchDir {
 public:
  ScratchDir() : path_(std::filesystem::temp_directory_path() / ("loyal-open-test-" + std::to_string(getpid()))) {
    std::filesystem::remove_all(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(OpenDatabaseTest, RecognisesPostgresUrls) {
  EXPECT_TRUE(IsPostgresUrl("postgresql://u@h/db"));
  EXPECT_TRUE(IsPostgresUrl("postgres://h:5432/db"));
  EXPECT_FALSE(IsPostgresUrl("loyal-data/loyal.db"));
  EXPECT_FALSE(IsPostgresUrl("/var/lib/postgresql.db"));
}

TEST(OpenDatabaseTest, UnreachablePostgresIsUnavailableNamingHostAndPortButNotThePassword) {
  int port = FreePort();
  auto opened = OpenDatabase("postgresql://loyal:s3cr3t-pw@127.0.0.1:" + std::to_string(port) + "/shop");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
  const std::string& message = opened.error().message;
  EXPECT_NE(message.find("127.0.0.1:" + std::to_string(port) + "/shop"), std::string::npos) << message;
  EXPECT_EQ(message.find("s3cr3t-pw"), std::string::npos) << message;
}

TEST(OpenDatabaseTest, SqliteCreatesTheParentDirectoriesAndMigrates) {
  ScratchDir scratch;
  auto path = scratch.path() / "a" / "b" / "loyal.db";
  auto opened = OpenDatabase(path.string());
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ((*opened)->backend(), Backend::kSqlite);
  EXPECT_TRUE(std::filesystem::exists(path));
  auto tx = (*opened)->BeginReadOnly();
  ASSERT_TRUE(tx);
  auto settings = (*tx)->Query("SELECT COUNT(*) FROM settings");
  ASSERT_TRUE(settings) << settings.error().ToString();
  EXPECT_EQ((*settings)[0].Int(0), 0);
}

TEST(OpenDatabaseTest, ExistingStoreOnAMissingPathIsNotFoundAndCreatesNothing) {
  ScratchDir scratch;
  auto path = scratch.path() / "typo" / "loyal.db";
  auto opened = OpenExistingDatabase(path.string());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(opened.error().field, "db");
  EXPECT_NE(opened.error().message.find(path.string()), std::string::npos)
      << opened.error().message;
  EXPECT_FALSE(std::filesystem::exists(path.parent_path()));
}

TEST(OpenDatabaseTest, ExistingStoreOpensOnceCreated) {
  ScratchDir scratch;
  auto path = scratch.path() / "loyal.db";
  ASSERT_TRUE(OpenDatabase(path.string()));
  auto opened = OpenExistingDatabase(path.string());
  ASSERT_TRUE(opened) << opened.error().ToString();
  EXPECT_EQ((*opened)->backend(), Backend::kSqlite);
}

TEST(OpenDatabaseTest, SqlitePathThatCannotBeADirectoryIsUnavailable) {
  ScratchDir scratch;
  std::filesystem::create_directories(scratch.path());
  std::ofstream(scratch.path() / "plain-file") << "not a directory";
  auto opened = OpenDatabase((scratch.path() / "plain-file" / "loyal.db").string());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(opened.error().message.find("plain-file"), std::string::npos) << opened.error().message;
}

TEST(OpenDatabaseTest, SqliteFileThatIsNotADatabaseIsUnavailable) {
  ScratchDir scratch;
  std::filesystem::create_directories(scratch.path());
  auto path = scratch.path() / "garbage.db";
  std::ofstream(path) << std::string(8192, 'x');
  auto opened = OpenDatabase(path.string());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(opened.error().message.find("garbage.db"), std::string::npos) << opened.error().message;
}

TEST(OpenDatabaseTest, EmptyTargetIsInvalidArgument) {
  auto opened = OpenDatabase("");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(opened.error().field, "db");
}

}  // namespace
}  // namespace loyal::db
