#include "db/sqlite/sqlite_connection.h"

#include <charconv>
#include <exception>
#include <thread>
#include <utility>

#include "core/hashing.h"
#include "core/text_rules.h"

namespace loyal::db::sqlite {
namespace {

// Dynamic SQL (IN lists of varying length) must not grow the cache without bound; past
// this many statements new ones are prepared per call.
constexpr size_t kMaxCachedStatements = 512;

ErrorCode CodeFor(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return ErrorCode::kAlreadyExists;
    case SQLITE_BUSY_SNAPSHOT:
      return ErrorCode::kConflict;
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return ErrorCode::kFailedPrecondition;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
      return ErrorCode::kUnavailable;
    case SQLITE_ERROR:
    case SQLITE_RANGE:
    case SQLITE_MISMATCH:
    case SQLITE_READONLY:
    case SQLITE_TOOBIG:
      return ErrorCode::kInvalidArgument;
    default:
      return ErrorCode::kInternal;
  }
}

std::string Shorten(std::string_view sql) {
  constexpr size_t kMax = 160;
  return sql.size() <= kMax ? std::string(sql) : std::string(sql.substr(0, kMax)) + "...";
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n;") == std::string_view::npos;
}

// Parses "$k" into k >= 1; 0 for anything else ("?", ":name", "$1::text").
int PlaceholderNumber(const char* name) {
  if (name == nullptr || name[0] != '$') return 0;
  std::string_view digits(name + 1);
  int k = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), k);
  if (ec != std::errc() || end != digits.data() + digits.size() || k < 1) return 0;
  return k;
}

// loyal_sha256_hex(text): the lower-case hex SHA-256 of the text's UTF-8 bytes, NULL for
// NULL. Migrations use it to derive in SQL the ids the code derives the same way
// (0010_guest_ids); PostgreSQL has sha256() built in.
void Sha256HexFunction(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const int bytes = sqlite3_value_bytes(argv[0]);
  try {
    const std::string hex = Sha256Hex(std::string_view(text, static_cast<size_t>(bytes)));
    sqlite3_result_text(context, hex.data(), static_cast<int>(hex.size()), SQLITE_TRANSIENT);
  } catch (const std::exception& e) {  // no exception may cross into SQLite's C frames
    sqlite3_result_error(context, e.what(), -1);
  }
}

}  // namespace

Error SqliteError(sqlite3* db, int rc, std::string_view context) {
  std::string message = "sqlite: ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if ((rc & 0xff) == SQLITE_BUSY) message += " (another writer held the database past the busy timeout)";
  if (!context.empty()) {
    message += " in: ";
    message += Shorten(context);
  }
  return Error{CodeFor(rc), std::move(message), {}};
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool read_only,
                                                     std::chrono::milliseconds busy_timeout) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<Connection> conn(new Connection(raw));  // closes `raw` on every path
  if (rc != SQLITE_OK) {
    return Unavailable("cannot open SQLite database " + EscapeForMessage(path, 4096) + ": " +
                       (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  conn->busy_timeout_ = busy_timeout;
  sqlite3_busy_handler(raw, &Connection::OnBusy, conn.get());
  rc = sqlite3_create_function_v2(raw, "loyal_sha256_hex", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                  &Sha256HexFunction, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    return Unavailable("cannot open SQLite database " + EscapeForMessage(path, 4096) + ": " +
                       sqlite3_errstr(rc));
  }
  // The writer's 64 MiB page cache (SQLite's default is 2 MiB) keeps a bulk import's
  // indexes in memory instead of re-reading evicted pages through the kernel on every
  // insert; readers, up to one per worker thread, get 8 MiB each.
  std::string pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
  pragmas += read_only ? " PRAGMA cache_size=-8192; PRAGMA query_only=ON;" : " PRAGMA cache_size=-65536;";
  Status status = conn->Exec(pragmas);
  std::string mode;
  internal::CellSink read_mode = [&](std::vector<Value>& row) -> Status {
    if (const auto* s = std::get_if<std::string>(&row.at(0))) mode = *s;
    return {};
  };
  // Setting WAL writes to the file header, so a read-only connection only checks it.
  if (status) status = conn->Run(read_only ? "PRAGMA journal_mode" : "PRAGMA journal_mode=WAL", {}, &read_mode, false).map([](int64_t) {});
  if (!status) {
    return Unavailable("cannot open SQLite database " + EscapeForMessage(path, 4096) + ": " +
                       status.error().message);
  }
  if (mode != "wal") {
    return Unavailable("SQLite database " + EscapeForMessage(path, 4096) +
                       " cannot use WAL journaling (journal_mode is " + mode +
                       "); put it on a local file system");
  }
  return conn;
}

int Connection::OnBusy(void* self, int attempts) {
  // SQLite's own busy timeout sleeps in steps of up to 100 ms, so a writer that waited for a
  // checkpoint's few milliseconds could sleep on for tens more: poll finely instead.
  constexpr auto kPoll = std::chrono::microseconds(200);
  auto* conn = static_cast<Connection*>(self);
  const auto now = std::chrono::steady_clock::now();
  if (attempts == 0) conn->busy_since_ = now;
  if (now - conn->busy_since_ >= conn->busy_timeout_) return 0;
  std::this_thread::sleep_for(kPoll);
  return 1;
}

int Connection::OnWalCommit(void* self, sqlite3*, const char*, int pages) {
  static_cast<Connection*>(self)->on_wal_commit_(pages);
  return SQLITE_OK;
}

void Connection::SetWalCommitHook(std::function<void(int)> on_commit) {
  on_wal_commit_ = std::move(on_commit);
  // Replaces the automatic checkpoint, which SQLite implements as a WAL hook itself.
  sqlite3_wal_hook(db_.get(), &Connection::OnWalCommit, this);
}

Result<Connection::WalProgress> Connection::Checkpoint(int mode) {
  WalProgress progress;
  int rc =
      sqlite3_wal_checkpoint_v2(db_.get(), nullptr, mode, &progress.frames, &progress.checkpointed);
  if (rc != SQLITE_OK) return tl::unexpected(SqliteError(db_.get(), rc, "checkpoint"));
  return progress;
}

Status Connection::Exec(std::string_view script) {
  // Transaction control (BEGIN, COMMIT, SAVEPOINT ..., a few per request under group commit)
  // is one statement: run it from the statement cache instead of parsing it every time.
  if (script.find(';') == std::string_view::npos)
    return Run(script, {}, nullptr).map([](int64_t) {});
  std::string sql(script);
  char* error = nullptr;
  int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);  // the same text is still available from sqlite3_errmsg
  if (rc != SQLITE_OK) return tl::unexpected(SqliteError(db_.get(), rc, script));
  return {};
}

Result<std::unique_ptr<Connection::Statement>> Connection::Prepare(std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  auto statement = std::make_unique<Statement>();
  statement->stmt.reset(raw);
  if (rc != SQLITE_OK) return tl::unexpected(SqliteError(db_.get(), rc, sql));
  if (raw == nullptr) return InvalidArgument("empty SQL statement");
  if (!IsBlank(std::string_view(tail, sql.data() + sql.size() - tail))) {
    return InvalidArgument("one statement per call (use ExecuteScript for scripts): " + Shorten(sql));
  }
  int count = sqlite3_bind_parameter_count(raw);
  for (int index = 1; index <= count; ++index) {
    int k = PlaceholderNumber(sqlite3_bind_parameter_name(raw, index));
    if (k == 0) {
      return InvalidArgument("placeholders must be $1..$n (write CAST($1 AS T), not $1::T): " + Shorten(sql));
    }
    if (static_cast<size_t>(k) > statement->slots.size()) statement->slots.resize(k, 0);
    statement->slots[k - 1] = index;
  }
  return statement;
}

Status Connection::Bind(Statement& statement, std::span<const Value> params) {
  if (params.size() != statement.slots.size()) {
    return InvalidArgument("statement takes " + std::to_string(statement.slots.size()) +
                           " parameters, got " + std::to_string(params.size()));
  }
  sqlite3_stmt* stmt = statement.stmt.get();
  for (size_t k = 0; k < params.size(); ++k) {
    int index = statement.slots[k];
    if (index == 0) continue;
    const Value& value = params[k];
    int rc = SQLITE_OK;
    if (const auto* i = std::get_if<int64_t>(&value)) {
      rc = sqlite3_bind_int64(stmt, index, *i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(stmt, index, *d);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      // SQLITE_STATIC: `params` outlives the statement's use; Run resets it before returning.
      rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else {
      rc = sqlite3_bind_null(stmt, index);
    }
    if (rc != SQLITE_OK) return tl::unexpected(SqliteError(db_.get(), rc));
  }
  return {};
}

Result<int64_t> Connection::Step(Statement& statement, const internal::CellSink* sink) {
  sqlite3_stmt* stmt = statement.stmt.get();
  const int columns = sqlite3_column_count(stmt);
  std::vector<Value> cells;
  int64_t rows = 0;
  const int64_t changes_before = sqlite3_total_changes64(db_.get());
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return tl::unexpected(SqliteError(db_.get(), rc, sqlite3_sql(stmt)));
    ++rows;
    if (sink == nullptr) continue;
    cells.resize(columns);
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_INTEGER: cells[c] = static_cast<int64_t>(sqlite3_column_int64(stmt, c)); break;
        case SQLITE_FLOAT: cells[c] = sqlite3_column_double(stmt, c); break;
        case SQLITE_NULL: cells[c] = kNull; break;
        default: {  // TEXT, and BLOB as bytes
          const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, c));
          cells[c] = std::string(data == nullptr ? "" : data, sqlite3_column_bytes(stmt, c));
        }
      }
    }
    LOY_RETURN_IF_ERROR((*sink)(cells));
  }
  if (sqlite3_stmt_readonly(stmt)) return rows;
  return sqlite3_total_changes64(db_.get()) - changes_before;
}

Result<int64_t> Connection::Run(std::string_view sql, std::span<const Value> params,
                                const internal::CellSink* sink, bool /*stream*/) {
  std::unique_ptr<Statement> uncached;
  Statement* statement = nullptr;
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second->in_use) {
    statement = it->second.get();
  } else {
    // Absent, or busy in an outer ForEach whose callback runs the same SQL again.
    LOY_ASSIGN_OR_RETURN(uncached, Prepare(sql));
    statement = uncached.get();
    if (it == cache_.end() && cache_.size() < kMaxCachedStatements) {
      statement = cache_.emplace(std::string(sql), std::move(uncached)).first->second.get();
    }
  }
  struct Reset {
    Statement* s;
    ~Reset() {
      sqlite3_reset(s->stmt.get());
      s->in_use = false;
    }
  } reset{statement};
  statement->in_use = true;
  LOY_RETURN_IF_ERROR(Bind(*statement, params));
  return Step(*statement, sink);
}

}  // namespace loyal::db::sqlite
