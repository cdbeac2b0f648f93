#include "importer/record_scanner.h"

#include <algorithm>
#include <cstddef>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace loyal::importer {
namespace {

// Bytes after the data that block loads may touch (their matches are masked off).
constexpr size_t kPadding = 64;

// Yields, in order, the positions of the bytes that end a field or need the slow path
// (',', '\n', '"') between `from` and `end`, sixteen bytes per compare with SSE2.
class SpecialFinder {
 public:
  SpecialFinder(const char* from, const char* end) : block_(from), end_(end) { Load(); }
  // Returns the next position, or `end` when there is none.
  const char* Next() {
    while (mask_ == 0) {
      block_ += kWidth;
      if (block_ >= end_) return end_;
      Load();
    }
    const char* at = block_ + __builtin_ctz(mask_);
    mask_ &= mask_ - 1;
    return at;
  }

 private:
  static constexpr int kWidth = 16;
  void Load() {
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block_));
    __m128i hits = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
        _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    mask_ = static_cast<uint32_t>(_mm_movemask_epi8(hits));
#else
    mask_ = 0;
    for (int i = 0; i < kWidth; ++i) {
      char c = block_[i];
      if (c == ',' || c == '\n' || c == '"') mask_ |= 1u << i;
    }
#endif
    ptrdiff_t left = end_ - block_;
    if (left < kWidth) mask_ &= (1u << left) - 1;
  }

  const char* block_;
  const char* end_;
  uint32_t mask_ = 0;
};

// CsvParser's messages start with its own "line N: "; ours name the file's line instead.
std::string_view WithoutLinePrefix(std::string_view message) {
  if (message.starts_with("line ")) {
    size_t colon = message.find(": ");
    if (colon != std::string_view::npos) return message.substr(colon + 2);
  }
  return message;
}

}  // namespace

// Finds the '\n' that ends a CSV record, honouring quotes the way CsvParser does (a quote
// opens a field only at its start; "" inside is a literal), from `p` in `state` (a record's
// start, or where an earlier call stopped). Returns nullptr if the record does not end
// before `end`, with `state` where it stopped; counts embedded newlines.
const char* RecordScanner::AdvanceRecord(const char* p, const char* end, QuoteState& state,
                                         int64_t* newlines) {
  bool& in_quotes = state.in_quotes;
  bool& after_close = state.after_close;
  bool& field_start = state.field_start;
  for (; p < end; ++p) {
    char c = *p;
    if (in_quotes) {
      if (c == '"') {
        in_quotes = false;
        after_close = true;
      } else if (c == '\n') {
        ++*newlines;
      }
      continue;
    }
    if (c == '"' && (field_start || after_close)) {
      in_quotes = true;
    } else if (c == '\n') {
      return p;
    }
    after_close = false;
    field_start = c == ',';
  }
  return nullptr;
}

namespace {
constexpr size_t kInitialBuffer = 4 << 20;
}  // namespace

RecordScanner::RecordScanner(ByteSource& source, Splitting splitting, int64_t first_line,
                             size_t max_record_bytes)
    : source_(source),
      splitting_(splitting),
      max_record_bytes_(max_record_bytes),
      // Twice the longest record, so that a record cut by the buffer's end fits once moved
      // to its start: the buffer never grows.
      buf_(std::max(kInitialBuffer, 2 * max_record_bytes) + kPadding),
      line_(first_line),
      first_block_(source.range().begin == 0) {}

Status RecordScanner::TooLong(const char* start, const char* end, bool complete,
                              const MalformedFn& on_malformed) {
  LOY_RETURN_IF_ERROR(
      on_malformed(line_, "record longer than " + std::to_string(max_record_bytes_) +
                              " bytes (the longest the importer reads; is a quote not closed?)"));
  // Skip it without holding it: only the quoting state is kept across reads.
  skipping_ = true;
  skip_ = QuoteState{};
  skipped_to_ = SkipOn(start, end, complete);
  return {};
}

// Continues skipping a record too long to read; returns where the bytes after it start.
const char* RecordScanner::SkipOn(const char* p, const char* end, bool at_eof) {
  int64_t newlines = 0;
  const char* record_end =
      splitting_ == Splitting::kComma
          ? AdvanceRecord(p, end, skip_, &newlines)
          : static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
  line_ += newlines;
  if (record_end == nullptr && !at_eof) return end;
  skipping_ = false;
  ++line_;
  return record_end != nullptr ? record_end + 1 : end;
}

Status RecordScanner::FillBuffer(bool* at_eof) {
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  size_t want = buf_.size() - kPadding - end_;
  LOY_ASSIGN_OR_RETURN(size_t got, source_.Read(std::span<char>(buf_.data() + end_, want)));
  end_ += got;
  *at_eof = got < want;
  if (first_block_) {
    first_block_ = false;
    if (end_ >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) begin_ = 3;
  }
  return {};
}

Status RecordScanner::Run(const RecordFn& on_record, const MalformedFn& on_malformed) {
  bool at_eof = false;
  while (!at_eof) {
    LOY_RETURN_IF_ERROR(FillBuffer(&at_eof));
    LOY_RETURN_IF_ERROR(ScanBuffer(at_eof, on_record, on_malformed));
  }
  return {};
}

Status RecordScanner::QuotedRecord(const char* start, const char* end, bool at_eof,
                                   const RecordFn& on_record, const MalformedFn& on_malformed,
                                   const char** next) {
  int64_t newlines = 0;
  QuoteState state;
  const char* record_end = AdvanceRecord(start, end, state, &newlines);
  const char* stop = record_end != nullptr ? record_end + 1 : end;
  if (static_cast<size_t>(stop - start) > max_record_bytes_) {
    LOY_RETURN_IF_ERROR(TooLong(start, end, at_eof, on_malformed));
    *next = skipped_to_;
    return {};
  }
  if (record_end == nullptr && !at_eof) {
    *next = nullptr;  // the record continues in bytes not read yet
    return {};
  }
  Status callback_status;
  auto deliver = [&](const CsvRecord& r) -> Status {
    size_t n = std::min(r.fields.size(), kMaxFields);
    std::copy_n(r.fields.begin(), n, fields_.begin());
    callback_status = on_record(RawRecord{std::span(fields_.data(), n), r.fields.size(), line_});
    return callback_status;
  };
  Status parsed = csv_.Feed(std::string_view(start, static_cast<size_t>(stop - start)), deliver);
  if (parsed && record_end == nullptr) parsed = csv_.Finish(deliver);
  if (!callback_status) return callback_status;
  if (!parsed) {
    csv_ = CsvParser();  // its state is undefined after an error
    LOY_RETURN_IF_ERROR(on_malformed(line_, WithoutLinePrefix(parsed.error().message)));
  }
  line_ += newlines + (record_end != nullptr ? 1 : 0);
  *next = stop;
  return {};
}

Status RecordScanner::ScanBuffer(bool at_eof, const RecordFn& on_record,
                                 const MalformedFn& on_malformed) {
  return splitting_ == Splitting::kComma ? ScanCommas(at_eof, on_record, on_malformed)
                                         : ScanWhitespace(at_eof, on_record, on_malformed);
}

Status RecordScanner::ScanCommas(bool at_eof, const RecordFn& on_record,
                                 const MalformedFn& on_malformed) {
  const char* p = buf_.data() + begin_;
  const char* const end = buf_.data() + end_;
  if (skipping_) p = SkipOn(p, end, at_eof);
  SpecialFinder finder(p, end);
  while (p < end) {
    const char* token = p;
    const char* s;
    size_t n = 0;
    while ((s = finder.Next()) != end && *s == ',') {
      if (n < kMaxFields) fields_[n] = std::string_view(token, static_cast<size_t>(s - token));
      ++n;
      token = s + 1;
    }
    if (s != end && *s == '"') {
      const char* next = nullptr;
      LOY_RETURN_IF_ERROR(QuotedRecord(p, end, at_eof, on_record, on_malformed, &next));
      if (next == nullptr) break;
      p = next;
      finder = SpecialFinder(p, end);
      continue;
    }
    if (static_cast<size_t>(s - p) > max_record_bytes_) {
      LOY_RETURN_IF_ERROR(TooLong(p, end, at_eof, on_malformed));
      p = skipped_to_;
      finder = SpecialFinder(p, end);
      continue;
    }
    if (s == end && !at_eof) break;  // the line continues in bytes not read yet
    const char* last_end = (s > token && s[-1] == '\r') ? s - 1 : s;
    if (n > 0 || last_end > token) {
      if (n < kMaxFields)
        fields_[n] = std::string_view(token, static_cast<size_t>(last_end - token));
      ++n;
      LOY_RETURN_IF_ERROR(
          on_record(RawRecord{std::span(fields_.data(), std::min(n, kMaxFields)), n, line_}));
    }
    ++line_;
    p = s == end ? end : s + 1;
  }
  begin_ = static_cast<size_t>(p - buf_.data());
  return {};
}

Status RecordScanner::ScanWhitespace(bool at_eof, const RecordFn& on_record,
                                     const MalformedFn& on_malformed) {
  const char* p = buf_.data() + begin_;
  const char* const end = buf_.data() + end_;
  if (skipping_) p = SkipOn(p, end, at_eof);
  while (p < end) {
    const char* q = p;
    const char* token = p;
    size_t n = 0;
    bool in_token = false;
    for (; q < end && *q != '\n'; ++q) {
      bool space = *q == ' ' || *q == '\t' || *q == '\r';
      if (space && in_token) {
        if (n < kMaxFields) fields_[n] = std::string_view(token, static_cast<size_t>(q - token));
        ++n;
      }
      if (!space && !in_token) token = q;
      in_token = !space;
    }
    if (static_cast<size_t>(q - p) > max_record_bytes_) {
      LOY_RETURN_IF_ERROR(TooLong(p, end, at_eof, on_malformed));
      p = skipped_to_;
      continue;
    }
    if (q == end && !at_eof) break;  // the line continues in bytes not read yet
    if (in_token) {
      if (n < kMaxFields) fields_[n] = std::string_view(token, static_cast<size_t>(q - token));
      ++n;
    }
    if (n > 0) {
      LOY_RETURN_IF_ERROR(
          on_record(RawRecord{std::span(fields_.data(), std::min(n, kMaxFields)), n, line_}));
    }
    ++line_;
    p = q == end ? end : q + 1;
  }
  begin_ = static_cast<size_t>(p - buf_.data());
  return {};
}

}  // namespace loyal::importer
