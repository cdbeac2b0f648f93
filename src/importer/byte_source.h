// ByteSource: reads a file front to back in large blocks, gunzipping it on the fly when it
// starts with the gzip magic bytes (whatever its name), so importers and analytics read
// plain and .gz transaction files alike. Memory stays at one compressed input block
// whatever the file's size. A progress hook reports compressed bytes consumed against the
// file's size, which is what a progress bar over the file wants.
//
// Thread-safety: none; one ByteSource per reading thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "core/error.h"

namespace loyal::importer {

// Called after each block is read from the file: (bytes of the file consumed, file size).
using ProgressFn = std::function<void(int64_t bytes_read, int64_t total_bytes)>;

// A part of a file: bytes [begin, end); end < 0 means to the end of the file.
struct ByteRange {
  int64_t begin = 0;
  int64_t end = -1;
};

class ByteSource {
 public:
  // Opens `path`, or only `range` of it (plain files only: a gzip stream cannot be
  // entered in the middle). Returns not_found if it does not exist, unavailable if it
  // cannot be read, invalid_argument for a range of a gzip file or outside the file.
  [[nodiscard]] static Result<std::unique_ptr<ByteSource>> Open(const std::string& path,
                                                                ProgressFn progress = {},
                                                                ByteRange range = {});
  ~ByteSource();
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Fills `out` with the next bytes of the (decompressed) content and returns how many it
  // wrote: fewer than out.size() only at the end, 0 once the end has been reached.
  // Returns unavailable on a read error, invalid_argument for corrupt or truncated gzip.
  [[nodiscard]] Result<size_t> Read(std::span<char> out);

  const std::string& path() const { return path_; }
  bool compressed() const { return zstream_ != nullptr; }
  // Bytes of the file (or range) consumed so far, and its size.
  int64_t bytes_read() const { return file_bytes_read_; }
  int64_t total_bytes() const { return total_bytes_; }
  // Where the bytes come from: the range asked for (with its end resolved).
  const ByteRange& range() const { return range_; }

 private:
  struct ZStream;
  ByteSource(std::string path, int fd, ByteRange range, ProgressFn progress);
  [[nodiscard]] Result<size_t> ReadFile(char* out, size_t size);
  [[nodiscard]] Result<size_t> ReadGzip(std::span<char> out);

  std::string path_;
  int fd_ = -1;
  ByteRange range_;
  int64_t total_bytes_ = 0;
  int64_t file_bytes_read_ = 0;
  ProgressFn progress_;
  std::unique_ptr<ZStream> zstream_;  // set when the file is gzip
};

}  // namespace loyal::importer
