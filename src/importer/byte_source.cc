#include "importer/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "core/text_rules.h"

namespace loyal::importer {
namespace {
// Large enough that syscalls and inflate calls are a rounding error per megabyte.
constexpr size_t kCompressedBlock = 1 << 20;

// The path as messages name it: text, whatever bytes it has.
std::string Shown(const std::string& path) { return EscapeForMessage(path, 4096); }
}  // namespace

struct ByteSource::ZStream {
  z_stream z{};
  std::vector<unsigned char> in = std::vector<unsigned char>(kCompressedBlock);
  bool input_done = false;
  bool finished = false;
  ~ZStream() { inflateEnd(&z); }
};

Result<std::unique_ptr<ByteSource>> ByteSource::Open(const std::string& path, ProgressFn progress,
                                                     ByteRange range) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound(Shown(path) + ": no such file");
    return Unavailable(Shown(path) + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Unavailable(Shown(path) + ": not a readable file");
  }
  if (range.end < 0) range.end = st.st_size;
  if (range.begin < 0 || range.begin > range.end || range.end > st.st_size) {
    ::close(fd);
    return InvalidArgument(Shown(path) + ": byte range outside the file");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  std::unique_ptr<ByteSource> source(new ByteSource(path, fd, range, std::move(progress)));
  unsigned char magic[2] = {0, 0};
  if (::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    if (range.begin != 0 || range.end != st.st_size) {
      return InvalidArgument(Shown(path) + ": a gzip file can only be read whole");
    }
    source->zstream_ = std::make_unique<ZStream>();
    // 32 + MAX_WBITS: accept a gzip (or zlib) header.
    if (inflateInit2(&source->zstream_->z, 32 + MAX_WBITS) != Z_OK) {
      return Internal("zlib could not be initialised");
    }
  }
  return source;
}

ByteSource::ByteSource(std::string path, int fd, ByteRange range, ProgressFn progress)
    : path_(std::move(path)),
      fd_(fd),
      range_(range),
      total_bytes_(range.end - range.begin),
      progress_(std::move(progress)) {}

ByteSource::~ByteSource() {
  zstream_.reset();
  if (fd_ >= 0) ::close(fd_);
}

Result<size_t> ByteSource::ReadFile(char* out, size_t size) {
  size = std::min<size_t>(size, static_cast<size_t>(total_bytes_ - file_bytes_read_));
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd_, out + done, size - done,
                        range_.begin + file_bytes_read_ + static_cast<int64_t>(done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return Unavailable(Shown(path_) + ": " + std::strerror(errno));
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  file_bytes_read_ += static_cast<int64_t>(done);
  if (progress_) progress_(file_bytes_read_, total_bytes_);
  return done;
}

Result<size_t> ByteSource::Read(std::span<char> out) {
  if (zstream_) return ReadGzip(out);
  return ReadFile(out.data(), out.size());
}

Result<size_t> ByteSource::ReadGzip(std::span<char> out) {
  ZStream& zs = *zstream_;
  z_stream& z = zs.z;
  z.next_out = reinterpret_cast<unsigned char*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  while (z.avail_out > 0 && !zs.finished) {
    if (z.avail_in == 0 && !zs.input_done) {
      LOY_ASSIGN_OR_RETURN(size_t n, ReadFile(reinterpret_cast<char*>(zs.in.data()), zs.in.size()));
      zs.input_done = n < zs.in.size();
      z.next_in = zs.in.data();
      z.avail_in = static_cast<uInt>(n);
    }
    int rc = inflate(&z, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members (as `cat a.gz b.gz` makes) are one stream.
      if (z.avail_in == 0 && zs.input_done) {
        zs.finished = true;
      } else if (inflateReset(&z) != Z_OK) {
        return Internal("zlib could not be reset");
      }
      continue;
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0 && zs.input_done) {
      return InvalidArgument(Shown(path_) + ": gzip data ends early (truncated file?)");
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return InvalidArgument(Shown(path_) + ": corrupt gzip data" +
                             (z.msg != nullptr ? std::string(" (") + z.msg + ")" : ""));
    }
  }
  return out.size() - z.avail_out;
}

}  // namespace loyal::importer
