#include "db/migrations.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace loyal::db {
namespace {

// Any constant works; it only has to be the same in every Loyal process.
constexpr int64_t kMigrationLockKey = 0x6c6f79616c;  // "loyal"

struct FileNameParts {
  int64_t version = 0;
  std::string name;
  std::string_view dialect;  // "", "sqlite" or "postgres"
};

Result<FileNameParts> ParseFileName(std::string_view file) {
  auto bad = [&] {
    return InvalidArgument("migration file \"" + std::string(file) +
                           "\" must be named NNNN_lower_snake[.sqlite|.postgres].sql");
  };
  constexpr std::string_view kExt = ".sql";
  if (file.size() <= kExt.size() || !file.ends_with(kExt)) return bad();
  std::string_view stem = file.substr(0, file.size() - kExt.size());
  FileNameParts parts;
  for (std::string_view dialect : {std::string_view("sqlite"), std::string_view("postgres")}) {
    std::string suffix = "." + std::string(dialect);
    if (stem.ends_with(suffix)) {
      parts.dialect = dialect;
      stem.remove_suffix(suffix.size());
    }
  }
  if (stem.size() < 6 || stem[4] != '_') return bad();
  for (size_t i = 0; i < stem.size(); ++i) {
    char c = stem[i];
    bool ok = i < 4 ? (c >= '0' && c <= '9')
                    : (i == 4 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    if (!ok) return bad();
  }
  parts.version = std::stoll(std::string(stem.substr(0, 4)));
  parts.name = std::string(stem);
  return parts;
}

std::string_view DialectOf(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgres";
}

// Checks what the database has applied against what this binary knows; returns the names
// already applied.
Result<std::set<std::string>> AppliedNames(Transaction& tx, std::span<const Migration> known) {
  LOY_ASSIGN_OR_RETURN(ResultSet rows, tx.Query("SELECT version, name FROM schema_migrations"));
  int64_t newest_known = 0;
  std::set<std::string> known_names;
  for (const Migration& m : known) {
    newest_known = std::max(newest_known, m.version);
    known_names.insert(m.name);
  }
  std::set<std::string> applied;
  for (size_t i = 0; i < rows.size(); ++i) {
    int64_t version = rows[i].Int(0);
    std::string name(rows[i].Text(1));
    if (version > newest_known) {
      return FailedPrecondition("database schema version " + std::to_string(version) +
                                " is newer than this binary (" + std::to_string(newest_known) +
                                "); upgrade loyal");
    }
    if (!known_names.contains(name)) {
      return FailedPrecondition("database has schema migration " + name +
                                " that this binary does not know; upgrade loyal");
    }
    applied.insert(std::move(name));
  }
  return applied;
}

}  // namespace

Result<std::vector<Migration>> ParseMigrations(std::span<const MigrationFile> files,
                                               Backend backend) {
  // name -> (portable sql, backend sql)
  std::map<std::pair<int64_t, std::string>, std::pair<std::string, std::string>> grouped;
  for (const MigrationFile& file : files) {
    LOY_ASSIGN_OR_RETURN(FileNameParts parts, ParseFileName(file.file_name));
    auto& texts = grouped[{parts.version, parts.name}];
    if (parts.dialect.empty()) {
      texts.first = std::string(file.sql);
    } else if (parts.dialect == DialectOf(backend)) {
      texts.second = std::string(file.sql);
    }
  }
  std::vector<Migration> migrations;
  for (auto& [key, texts] : grouped) {
    // A migration may be one backend's alone: the other records it and runs nothing.
    std::string sql = texts.first;
    if (!sql.empty() && !texts.second.empty()) sql += "\n;\n";
    sql += texts.second;
    migrations.push_back(Migration{key.first, key.second, std::move(sql)});
  }
  return migrations;
}

Status ApplyMigrations(Database& db, std::span<const Migration> migrations, const Clock& clock) {
  return RunInTransaction(db, [&](Transaction& tx) -> Status {
    if (tx.backend() == Backend::kPostgres) {
      const Value key[] = {Value(kMigrationLockKey)};
      LOY_RETURN_IF_ERROR(tx.Execute("SELECT pg_advisory_xact_lock($1)", key));
    }
    LOY_RETURN_IF_ERROR(tx.ExecuteScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT NOT NULL, "
        "name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (version, name))"));
    LOY_ASSIGN_OR_RETURN(std::set<std::string> applied, AppliedNames(tx, migrations));
    const std::string now = FormatTimestamp(clock.Now());
    for (const Migration& m : migrations) {
      if (applied.contains(m.name)) continue;
      Status status = m.sql.empty() ? Status() : tx.ExecuteScript(m.sql);
      if (!status) {
        Error error = std::move(status).error();
        error.message = "migration " + m.name + ": " + error.message;
        return tl::unexpected(std::move(error));
      }
      LOY_RETURN_IF_ERROR(tx.Execute(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
          {Value(m.version), Value(m.name), Value(now)}));
    }
    return {};
  });
}

}  // namespace loyal::db
