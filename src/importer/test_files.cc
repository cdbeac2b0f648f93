#include "importer/test_files.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace loyal::importer::testing {

std::string TempPath(std::string_view name) {
  // ctest runs every test case as its own process, in parallel: a shared name in the shared
  // temp dir would let one case overwrite another's file mid-read, so each process gets a folder.
  static const std::string dir = [] {
    std::string d = ::testing::TempDir() + "loyal-importer-test-" + std::to_string(getpid()) + "/";
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir + std::string(name);
}

std::string WriteTempFile(std::string_view name, std::string_view content) {
  std::string path = TempPath(name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
  return path;
}

std::string WriteTempGzip(std::string_view name, std::string_view content, int members) {
  std::string path = TempPath(name);
  std::filesystem::remove(path);
  size_t per_member = content.size() / static_cast<size_t>(members) + 1;
  for (int m = 0; m < members; ++m) {
    // gzopen in append mode writes a new gzip member each time.
    gzFile gz = gzopen(path.c_str(), "ab");
    if (gz == nullptr) throw std::runtime_error("cannot write " + path);
    size_t from = std::min(content.size(), per_member * static_cast<size_t>(m));
    size_t len = std::min(per_member, content.size() - from);
    if (len > 0) gzwrite(gz, content.data() + from, static_cast<unsigned>(len));
    gzclose(gz);
  }
  return path;
}

std::string TestDataFile(std::string_view name) {
  return std::string(LOYAL_TEST_DATA) + "/" + std::string(name);
}

}  // namespace loyal::importer::testing
