#include "importer/byte_source.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "importer/test_files.h"

namespace loyal::importer {
namespace {

using testing::WriteTempFile;
using testing::WriteTempGzip;

// Reads everything through buffers of `block` bytes.
Result<std::string> ReadAll(const std::string& path, size_t block, ProgressFn progress = {}) {
  LOY_ASSIGN_OR_RETURN(auto source, ByteSource::Open(path, std::move(progress)));
  std::string out, buf(block, '\0');
  while (true) {
    LOY_ASSIGN_OR_RETURN(size_t n, source->Read(std::span<char>(buf.data(), buf.size())));
    out.append(buf.data(), n);
    if (n < block) return out;
  }
}

std::string Sample(size_t n) {
  std::string s;
  for (size_t i = 0; s.size() < n; ++i) s += "row " + std::to_string(i) + ",x\n";
  s.resize(n);
  return s;
}

TEST(ByteSourceTest, ReadsPlainFileInAnyBlockSize) {
  std::string content = Sample(100000);
  std::string path = WriteTempFile("plain.csv", content);
  for (size_t block : {1u, 7u, 4096u, 1u << 20}) {
    auto read = ReadAll(path, block);
    ASSERT_TRUE(read) << read.error().ToString();
    EXPECT_EQ(*read, content) << "block " << block;
  }
}

TEST(ByteSourceTest, GunzipsByMagicBytesWhateverTheName) {
  std::string content = Sample(3'000'000);
  std::string path = WriteTempGzip("compressed.csv", content);
  auto source = ByteSource::Open(path);
  ASSERT_TRUE(source);
  EXPECT_TRUE((*source)->compressed());
  auto read = ReadAll(path, 65536);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, content);
}

TEST(ByteSourceTest, ConcatenatedGzipMembersReadAsOneStream) {
  std::string content = Sample(50000);
  auto read = ReadAll(WriteTempGzip("members.csv.gz", content, 3), 1000);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, content);
}

TEST(ByteSourceTest, TruncatedGzipIsInvalidArgument) {
  std::string path = WriteTempGzip("whole.gz", Sample(200000));
  std::FILE* f = std::fopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  std::string raw(1 << 20, '\0');
  raw.resize(std::fread(raw.data(), 1, raw.size(), f));
  std::fclose(f);
  std::string cut = WriteTempFile("cut.gz", raw.substr(0, raw.size() / 2));
  auto read = ReadAll(cut, 4096);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(read.error().message.find("ends early"), std::string::npos) << read.error().message;
}

TEST(ByteSourceTest, MissingFileIsNotFound) {
  auto source = ByteSource::Open(testing::TempPath("no-such-file.csv"));
  ASSERT_FALSE(source);
  EXPECT_EQ(source.error().code, ErrorCode::kNotFound);
}

TEST(ByteSourceTest, ProgressEndsAtTheFileSize) {
  std::string content = Sample(300000);
  std::string path = WriteTempGzip("progress.gz", content);
  int64_t last_read = -1, last_total = -1, calls = 0;
  auto read = ReadAll(path, 8192, [&](int64_t r, int64_t t) {
    EXPECT_GE(r, last_read);
    last_read = r, last_total = t, ++calls;
  });
  ASSERT_TRUE(read);
  EXPECT_GT(calls, 0);
  EXPECT_EQ(last_read, last_total);
  EXPECT_LT(last_total, static_cast<int64_t>(content.size()));  // compressed size
}

}  // namespace
}  // namespace loyal::importer
