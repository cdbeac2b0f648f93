// Test helpers: scratch files for the importer's tests. Not thread-safe; tests only.
#pragma once

#include <string>
#include <string_view>

namespace loyal::importer::testing {

// The path of `name` in this test process's own scratch folder (created on first use).
std::string TempPath(std::string_view name);

// Writes `content` to a fresh file named `name` under the test temp dir; returns its path.
std::string WriteTempFile(std::string_view name, std::string_view content);

// Writes `content` gzip-compressed (as one member, or as `members` concatenated members).
std::string WriteTempGzip(std::string_view name, std::string_view content, int members = 1);

// The path of a data set shipped in the project's testdata/ (see testdata/README.md).
std::string TestDataFile(std::string_view name);

}  // namespace loyal::importer::testing
