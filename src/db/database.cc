#include "db/database.h"

#include <charconv>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace loyal::db {
namespace {

const Value& Cell(std::span<const Value> cells, size_t col) {
  if (col >= cells.size()) {
    throw std::logic_error("Row: column " + std::to_string(col) + " out of range (" +
                           std::to_string(cells.size()) + " columns)");
  }
  return cells[col];
}

// A whole-string parse, so "12abc" is a programming error rather than 12.
template <class T>
T ParseNumber(std::string_view text, const char* what) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw std::logic_error(std::string("Row: cell \"") + std::string(text) + "\" is not " + what);
  }
  return value;
}

}  // namespace

bool Row::IsNull(size_t col) const {
  return std::holds_alternative<std::monostate>(Cell(cells_, col));
}

int64_t Row::Int(size_t col) const {
  const Value& cell = Cell(cells_, col);
  if (const auto* i = std::get_if<int64_t>(&cell)) return *i;
  if (const auto* s = std::get_if<std::string>(&cell)) return ParseNumber<int64_t>(*s, "an integer");
  if (std::holds_alternative<std::monostate>(cell)) return 0;
  throw std::logic_error("Row: column " + std::to_string(col) + " is a real, not an integer");
}

double Row::Double(size_t col) const {
  const Value& cell = Cell(cells_, col);
  if (const auto* d = std::get_if<double>(&cell)) return *d;
  if (const auto* i = std::get_if<int64_t>(&cell)) return static_cast<double>(*i);
  if (const auto* s = std::get_if<std::string>(&cell)) return ParseNumber<double>(*s, "a number");
  return 0.0;
}

std::string_view Row::Text(size_t col) const {
  const Value& cell = Cell(cells_, col);
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (std::holds_alternative<std::monostate>(cell)) return {};
  throw std::logic_error("Row: column " + std::to_string(col) + " is a number, not text");
}

std::optional<int64_t> Row::OptInt(size_t col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

std::optional<std::string> Row::OptText(size_t col) const {
  if (IsNull(col)) return std::nullopt;
  return std::string(Text(col));
}

Status RunInTransaction(Database& db, const std::function<Status(Transaction&)>& work) {
  constexpr int kAttempts = 5;
  Error last;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) {
      // Back off a little more each time so the transactions that collided spread out.
      std::this_thread::sleep_for(std::chrono::milliseconds(2 << attempt));
    }
    LOY_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, db.Begin());
    Status status = work(*tx);
    if (status) status = tx->Commit();
    if (status) return status;
    if (status.error().code != ErrorCode::kConflict) return status;
    last = std::move(status).error();
  }
  last.message = "gave up after " + std::to_string(kAttempts) + " conflicting attempts: " + last.message;
  return tl::unexpected(std::move(last));
}

Status RunInReadTransaction(Database& db, const std::function<Status(Transaction&)>& work) {
  LOY_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> tx, db.BeginReadOnly());
  LOY_RETURN_IF_ERROR(work(*tx));
  return tx->Commit();
}

}  // namespace loyal::db
