// RecordScanner: splits a ByteSource into records and fields at hundreds of MB/s for the
// transaction readers. Comma-separated mode takes a fast path over unquoted lines
// (string_views into the read buffer, no copies, no allocations per row) and hands a
// record containing quotes to core's RFC 4180 CsvParser, so embedded commas, doubled
// quotes and quoted newlines work. Whitespace mode splits on runs of spaces and tabs
// (the CDNOW files). CRLF and LF both end a line; blank lines are skipped; a UTF-8 byte
// order mark at the start is dropped.
//
// Memory is bounded: a record (a line, or lines joined by a quoted field) longer than
// max_record_bytes (1 MiB by default, far past any valid row: the longest field the input
// rules allow is 10,000 bytes) is reported as malformed, "record longer than N bytes", and
// skipped without being held, so the read buffer never grows past twice that limit.
//
// Thread-safety: none; one scanner per reading thread.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/error.h"
#include "importer/byte_source.h"

namespace loyal::importer {

enum class Splitting { kComma, kWhitespace };

struct RawRecord {
  // The first min(field_count, kMaxFields) fields; valid only during the callback.
  std::span<const std::string_view> fields;
  size_t field_count = 0;  // all the fields the record has, which may exceed kMaxFields
  int64_t line = 0;        // 1-based line on which the record starts
};

class RecordScanner {
 public:
  static constexpr size_t kMaxFields = 16;
  static constexpr size_t kDefaultMaxRecordBytes = 1 << 20;
  using RecordFn = std::function<Status(const RawRecord&)>;
  // A record the CSV rules reject (text after a closing quote, a quote never closed), or
  // one longer than max_record_bytes.
  using MalformedFn = std::function<Status(int64_t line, std::string_view reason)>;

  // `first_line` is the line number of the source's first byte (1 unless the source is a
  // range starting inside the file); a byte order mark is dropped only at the file's start.
  RecordScanner(ByteSource& source, Splitting splitting, int64_t first_line = 1,
                size_t max_record_bytes = kDefaultMaxRecordBytes);

  // Reads the whole source, calling on_record for every record and on_malformed for each
  // one that cannot be split. Returns the source's read errors or the first error either
  // callback returns.
  [[nodiscard]] Status Run(const RecordFn& on_record, const MalformedFn& on_malformed);

  // The number of the line after the last one scanned: once Run has read a source that ends
  // at a line end, the line the bytes after it start on.
  int64_t next_line() const { return line_; }

 private:
  // Scans the complete records in buf_[begin_, end_) and moves begin_ past them; a
  // record cut off by the end of the buffer waits for the next fill.
  [[nodiscard]] Status ScanBuffer(bool at_eof, const RecordFn& on_record,
                                  const MalformedFn& on_malformed);
  [[nodiscard]] Status ScanCommas(bool at_eof, const RecordFn& on_record,
                                  const MalformedFn& on_malformed);
  [[nodiscard]] Status ScanWhitespace(bool at_eof, const RecordFn& on_record,
                                      const MalformedFn& on_malformed);
  [[nodiscard]] Status QuotedRecord(const char* start, const char* end, bool at_eof,
                                    const RecordFn& on_record, const MalformedFn& on_malformed,
                                    const char** next);
  [[nodiscard]] Status FillBuffer(bool* at_eof);

  // Where a scan through a CSV record stands.
  struct QuoteState {
    bool in_quotes = false, after_close = false, field_start = true;
  };
  static const char* AdvanceRecord(const char* p, const char* end, QuoteState& state,
                                   int64_t* newlines);
  // Reports the record at `start` (the bytes up to `end` read; `complete` when no more
  // come) as too long and skips what of it is read: skipped_to_ is where the scan goes on.
  [[nodiscard]] Status TooLong(const char* start, const char* end, bool complete,
                               const MalformedFn& on_malformed);
  const char* SkipOn(const char* p, const char* end, bool at_eof);

  ByteSource& source_;
  Splitting splitting_;
  size_t max_record_bytes_;
  std::vector<char> buf_;
  size_t begin_ = 0;
  size_t end_ = 0;
  int64_t line_ = 1;
  bool first_block_ = true;
  bool skipping_ = false;  // inside a record too long to read, which continues in later reads
  QuoteState skip_;
  const char* skipped_to_ = nullptr;
  std::array<std::string_view, kMaxFields> fields_;
  CsvParser csv_;
};

}  // namespace loyal::importer
