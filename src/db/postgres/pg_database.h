// The PostgreSQL driver: a Database over a bounded pool of libpq connections.
//
// Each transaction holds one connection from Begin to Commit/Rollback; a broken connection
// is dropped rather than returned. Read-write transactions run at READ COMMITTED;
// read-only ones at REPEATABLE READ READ ONLY, so all their statements see the snapshot
// taken by the first (on Citus, each worker's shards are read at that worker's own
// snapshot: there is no distributed one). NextId uses a real sequence per name
// (loyal_seq_<name>, INCREMENT BY kIdBlock) and hands out each fetched block from memory,
// so ids cost one round trip per block and stay unique across processes.
//
// Thread-safety: Begin/BeginReadOnly/NextId may be called from any thread; see database.h.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "db/database.h"
#include "db/postgres/pg_connection.h"

namespace loyal::db::postgres {

struct PgOptions {
  size_t max_connections = 16;
  // How long Begin waits for a free connection when all are in use.
  std::chrono::milliseconds acquire_timeout{10000};
};

class PgDatabase final : public Database {
 public:
  // Ids fetched per sequence round trip; fixed, because it is the sequence's increment.
  static constexpr int64_t kIdBlock = 64;

  // Connects to `url` (postgresql://user@host:port/db). Does not apply migrations
  // (OpenDatabase in db/open.h does). Errors: unavailable, naming host and port.
  [[nodiscard]] static Result<std::unique_ptr<PgDatabase>> Open(std::string url, PgOptions options = {});

  [[nodiscard]] Result<std::unique_ptr<Transaction>> Begin() override;
  [[nodiscard]] Result<std::unique_ptr<Transaction>> BeginReadOnly() override;
  Backend backend() const override { return Backend::kPostgres; }

  // For PgTransaction: the next id of `sequence`, fetching a block on `conn` when the
  // cached one is used up; and taking back a connection when a transaction ends.
  [[nodiscard]] Result<int64_t> NextId(PgConnection& conn, std::string_view sequence);
  void Release(std::unique_ptr<PgConnection> conn);

 private:
  struct Block {
    int64_t next = 0;
    int64_t end = 0;  // exclusive
  };

  PgDatabase(std::string url, PgOptions options) : url_(std::move(url)), options_(options) {}
  Result<std::unique_ptr<Transaction>> BeginWith(bool writer);
  Result<std::unique_ptr<PgConnection>> Acquire();
  Status CreateSequence(const std::string& sequence_name);

  const std::string url_;
  const PgOptions options_;
  std::mutex mu_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mu_
  size_t open_ = 0;                                   // guarded by mu_; idle plus in use

  std::mutex ids_mu_;
  std::map<std::string, Block, std::less<>> blocks_;  // guarded by ids_mu_
  std::set<std::string, std::less<>> created_;        // guarded by ids_mu_
};

}  // namespace loyal::db::postgres
