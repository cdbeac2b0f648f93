#include "db/postgres/pg_connection.h"

#include <charconv>
#include <utility>
#include <vector>

namespace loyal::db::postgres {
namespace {

constexpr size_t kMaxPreparedStatements = 512;

// Type OIDs from pg_type.h (stable across releases).
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kOidOid = 26;
constexpr Oid kFloat4Oid = 700, kFloat8Oid = 701, kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* res) const { PQclear(res); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

std::string OneLine(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\t' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

ErrorCode CodeFor(std::string_view state) {
  if (state == "23505") return ErrorCode::kAlreadyExists;
  if (state == "40001" || state == "40P01") return ErrorCode::kConflict;
  if (state == "25006") return ErrorCode::kInvalidArgument;  // write in a read-only transaction
  if (state == "08P01") return ErrorCode::kInvalidArgument;  // e.g. wrong parameter count
  if (state.starts_with("23")) return ErrorCode::kFailedPrecondition;
  if (state.starts_with("08") || state.starts_with("53") || state.starts_with("57P")) {
    return ErrorCode::kUnavailable;
  }
  if (state.starts_with("42") || state.starts_with("22")) return ErrorCode::kInvalidArgument;
  return ErrorCode::kInternal;
}

// The row cell for column `col` of `res`, typed by the column's OID so both backends give
// integers as integers.
Value Cell(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return kNull;
  std::string_view text(PQgetvalue(res, row, col), PQgetlength(res, row, col));
  Oid type = PQftype(res, col);
  if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid || type == kOidOid ||
      type == kNumericOid) {
    int64_t i = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
    if (ec == std::errc() && end == text.data() + text.size()) return i;
    return std::string(text);  // a NUMERIC with a fraction or beyond 64 bits
  }
  if (type == kFloat8Oid || type == kFloat4Oid) {
    double d = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (ec == std::errc() && end == text.data() + text.size()) return d;
    return std::string(text);  // Infinity, NaN
  }
  if (type == kBoolOid) return static_cast<int64_t>(text == "t" ? 1 : 0);
  return std::string(text);
}

Status SendRows(const PGresult* res, const internal::CellSink& sink, std::vector<Value>& cells) {
  const int columns = PQnfields(res);
  for (int r = 0, rows = PQntuples(res); r < rows; ++r) {
    cells.resize(columns);
    for (int c = 0; c < columns; ++c) cells[c] = Cell(res, r, c);
    LOY_RETURN_IF_ERROR(sink(cells));
  }
  return {};
}

int64_t CountOf(const PGresult* res) {
  if (PQresultStatus(res) == PGRES_TUPLES_OK || PQresultStatus(res) == PGRES_SINGLE_TUPLE) {
    return PQntuples(res);
  }
  std::string_view tuples = PQcmdTuples(const_cast<PGresult*>(res));
  int64_t n = 0;
  std::from_chars(tuples.data(), tuples.data() + tuples.size(), n);
  return n;
}

bool Succeeded(const PGresult* res) {
  ExecStatusType status = PQresultStatus(res);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_SINGLE_TUPLE;
}

// Text forms of the parameters plus their types (0 lets the statement decide).
struct Params {
  std::vector<std::string> numbers;
  std::vector<const char*> values;
  std::vector<Oid> types;
  std::string signature;

  explicit Params(std::span<const Value> params) {
    numbers.reserve(params.size());
    for (const Value& value : params) {
      char buffer[32];
      if (const auto* i = std::get_if<int64_t>(&value)) {
        numbers.emplace_back(buffer, std::to_chars(buffer, buffer + sizeof buffer, *i).ptr);
        values.push_back(numbers.back().c_str());
        types.push_back(kInt8Oid);
        signature += 'i';
      } else if (const auto* d = std::get_if<double>(&value)) {
        numbers.emplace_back(buffer, std::to_chars(buffer, buffer + sizeof buffer, *d).ptr);
        values.push_back(numbers.back().c_str());
        types.push_back(kFloat8Oid);
        signature += 'd';
      } else if (const auto* s = std::get_if<std::string>(&value)) {
        values.push_back(s->c_str());
        types.push_back(0);
        signature += 't';
      } else {
        values.push_back(nullptr);
        types.push_back(0);
        signature += 'n';
      }
    }
  }
};

}  // namespace

Error PgError(const PGresult* res, PGconn* conn, std::string_view context) {
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string text = res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  ErrorCode code = state != nullptr ? CodeFor(state) : ErrorCode::kInternal;
  // A protocol error on a live connection is the caller's mistake; a dead one is not.
  if (PQstatus(conn) == CONNECTION_BAD) code = ErrorCode::kUnavailable;
  std::string message = "postgres: " + OneLine(text);
  if (!context.empty()) {
    message += " in: " + OneLine(context.substr(0, 160)) + (context.size() > 160 ? "..." : "");
  }
  return Error{code, std::move(message), {}};
}

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& url) {
  // Defaults first: keywords after the expanded URL would override what the URL says.
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "loyal", url.c_str(), nullptr};
  std::unique_ptr<PgConnection> conn(new PgConnection(PQconnectdbParams(keys, values, 1)));
  PGconn* raw = conn->conn_.get();
  if (raw == nullptr) return Unavailable("cannot connect to PostgreSQL: out of memory");
  if (PQstatus(raw) != CONNECTION_OK) {
    std::string where = std::string(PQhost(raw) ? PQhost(raw) : "?") + ":" +
                        (PQport(raw) ? PQport(raw) : "?") + "/" + (PQdb(raw) ? PQdb(raw) : "?");
    return Unavailable("cannot connect to PostgreSQL at " + where + ": " +
                       OneLine(PQerrorMessage(raw)));
  }
  // CREATE ... IF NOT EXISTS and friends send notices; libpq would print them to stderr.
  PQsetNoticeProcessor(raw, [](void*, const char*) {}, nullptr);
  LOY_RETURN_IF_ERROR(conn->Exec(
      "SET synchronous_commit = on; SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'"));
  return conn;
}

bool PgConnection::Idle() const {
  return PQstatus(conn_.get()) == CONNECTION_OK && PQtransactionStatus(conn_.get()) == PQTRANS_IDLE;
}

Status PgConnection::Exec(std::string_view script) {
  std::string sql(script);
  PgResult res(PQexec(conn_.get(), sql.c_str()));
  if (res == nullptr || !Succeeded(res.get())) return tl::unexpected(PgError(res.get(), conn_.get(), script));
  return {};
}

Result<std::string> PgConnection::Prepared(const std::string& key, std::string_view sql,
                                           std::span<const Oid> types) {
  if (auto it = prepared_.find(key); it != prepared_.end()) return it->second;
  if (prepared_.size() >= kMaxPreparedStatements) return std::string();
  std::string name = "loyal_" + std::to_string(prepared_.size() + 1);
  std::string text(sql);
  PgResult res(PQprepare(conn_.get(), name.c_str(), text.c_str(), static_cast<int>(types.size()),
                         types.data()));
  if (res == nullptr || !Succeeded(res.get())) return tl::unexpected(PgError(res.get(), conn_.get(), sql));
  prepared_.emplace(key, name);
  return name;
}

Result<int64_t> PgConnection::Run(std::string_view sql, std::span<const Value> params,
                                  const internal::CellSink* sink, bool stream) {
  Params p(params);
  std::string key = p.signature + "\n" + std::string(sql);
  LOY_ASSIGN_OR_RETURN(std::string name, Prepared(key, sql, p.types));
  std::string text = name.empty() ? std::string(sql) : std::string();
  PGconn* raw = conn_.get();
  const int n = static_cast<int>(params.size());
  auto send = [&] {
    return name.empty() ? PQsendQueryParams(raw, text.c_str(), n, p.types.data(), p.values.data(),
                                            nullptr, nullptr, 0)
                        : PQsendQueryPrepared(raw, name.c_str(), n, p.values.data(), nullptr, nullptr, 0);
  };
  if (!send()) return tl::unexpected(PgError(nullptr, raw, sql));
  if (stream && sink != nullptr) PQsetSingleRowMode(raw);
  // Read every result even after a failure, so the connection is ready for the next call.
  Status status;
  int64_t count = 0;
  std::vector<Value> cells;
  while (PgResult res{PQgetResult(raw)}) {
    if (!status) continue;
    if (!Succeeded(res.get())) {
      status = tl::unexpected(PgError(res.get(), raw, sql));
      continue;
    }
    if (sink != nullptr) status = SendRows(res.get(), *sink, cells);
    count += CountOf(res.get());
  }
  if (!status) return tl::unexpected(std::move(status).error());
  // Single-row mode ends with an empty TUPLES_OK result, so the count is the rows sent.
  return count;
}

}  // namespace loyal::db::postgres
