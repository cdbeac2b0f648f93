// An incremental RFC 4180 CSV parser over bytes: quoted fields with embedded commas,
// doubled quotes and newlines; CRLF or LF line ends; UTF-8 passes through untouched.
// Feed it chunks of any size (a file read in blocks, a gunzipped stream); it calls back
// once per complete record. Not thread-safe: one parser per stream.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace loyal {

struct CsvRecord {
  std::span<const std::string_view> fields;  // valid only during the callback
  int64_t line = 0;                          // 1-based line on which the record starts
};

class CsvParser {
 public:
  explicit CsvParser(char delimiter = ',') : delimiter_(delimiter) {}

  // Parses `chunk`, calling `on_record(const CsvRecord&)` for each record it completes.
  // on_record returns a Status; its first error stops parsing and is returned. Returns
  // invalid_argument for a character after a closing quote that is not a delimiter or
  // line end.
  template <class F>
  [[nodiscard]] Status Feed(std::string_view chunk, F&& on_record);

  // Flushes a last record that had no line end. Returns invalid_argument for a quoted
  // field still open at the end of input.
  template <class F>
  [[nodiscard]] Status Finish(F&& on_record);

 private:
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted, kAfterCr };

  template <class F>
  Status EmitRecord(F& on_record);
  // Ends the current field at `c`, a delimiter or line end; a line end ends the record.
  template <class F>
  Status EndFieldAt(char c, F& on_record);
  void EndField() {
    ends_.push_back(buffer_.size());
    ++fields_in_record_;
  }

  char delimiter_;
  State state_ = State::kFieldStart;
  std::string buffer_;         // the current record's field bytes, unescaped
  std::vector<size_t> ends_;   // end offset of each completed field in buffer_
  std::vector<std::string_view> views_;
  size_t fields_in_record_ = 0;
  int64_t line_ = 1;           // line the parser is on
  int64_t record_line_ = 1;    // line the current record began on
};

template <class F>
Status CsvParser::EmitRecord(F& on_record) {
  views_.clear();
  size_t start = 0;
  for (size_t end : ends_) {
    views_.emplace_back(buffer_.data() + start, end - start);
    start = end;
  }
  Status status = on_record(CsvRecord{views_, record_line_});
  buffer_.clear();
  ends_.clear();
  fields_in_record_ = 0;
  state_ = State::kFieldStart;
  return status;
}

template <class F>
Status CsvParser::EndFieldAt(char c, F& on_record) {
  EndField();
  if (c == delimiter_) {
    state_ = State::kFieldStart;
    return {};
  }
  ++line_;
  LOY_RETURN_IF_ERROR(EmitRecord(on_record));
  if (c == '\r') state_ = State::kAfterCr;
  return {};
}

template <class F>
Status CsvParser::Feed(std::string_view chunk, F&& on_record) {
  for (size_t i = 0; i < chunk.size(); ++i) {
    char c = chunk[i];
    switch (state_) {
      case State::kAfterCr:
        state_ = State::kFieldStart;
        if (c == '\n') continue;  // CRLF already ended the record
        [[fallthrough]];
      case State::kFieldStart:
        if (fields_in_record_ == 0 && buffer_.empty()) record_line_ = line_;
        if (c == '"') {
          state_ = State::kQuoted;
          continue;
        }
        state_ = State::kUnquoted;
        [[fallthrough]];
      case State::kUnquoted: {
        // Fast path: copy the run of ordinary bytes in one go.
        size_t j = i;
        while (j < chunk.size() && chunk[j] != delimiter_ && chunk[j] != '\n' && chunk[j] != '\r') ++j;
        buffer_.append(chunk.data() + i, j - i);
        if (j == chunk.size()) {
          i = j - 1;
          continue;
        }
        i = j;
        LOY_RETURN_IF_ERROR(EndFieldAt(chunk[i], on_record));
        continue;
      }
      case State::kQuoted:
        if (c == '"') {
          state_ = State::kQuoteInQuoted;
        } else {
          if (c == '\n') ++line_;
          buffer_.push_back(c);
        }
        continue;
      case State::kQuoteInQuoted:
        if (c == '"') {  // a doubled quote is one literal quote
          buffer_.push_back('"');
          state_ = State::kQuoted;
          continue;
        }
        if (c != delimiter_ && c != '\n' && c != '\r') {
          return InvalidArgument("line " + std::to_string(line_) +
                                 ": unexpected character after a closing quote");
        }
        LOY_RETURN_IF_ERROR(EndFieldAt(c, on_record));
        continue;
    }
  }
  return {};
}

template <class F>
Status CsvParser::Finish(F&& on_record) {
  switch (state_) {
    case State::kQuoted:
      return InvalidArgument("line " + std::to_string(record_line_) +
                             ": quoted field not closed at end of input");
    case State::kUnquoted:
    case State::kQuoteInQuoted:
      EndField();
      return EmitRecord(on_record);
    case State::kFieldStart:
      // A trailing delimiter ("a,b,") leaves an empty last field to emit.
      if (fields_in_record_ > 0) {
        EndField();
        return EmitRecord(on_record);
      }
      return {};
    case State::kAfterCr:
      return {};
  }
  return {};
}

}  // namespace loyal
