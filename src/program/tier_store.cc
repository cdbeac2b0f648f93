#include "program/tier_store.h"

#include "db/sql_values.h"

namespace loyal::program::store {
namespace {

constexpr std::string_view kTierColumns =
    "customer_id, level_code, since_at, member_since_day, below_retain_since_day, "
    "program_version";

StoredTier TierFromRow(const db::Row& row) {
  StoredTier t;
  t.customer_id = row.Int(0);
  t.level_code = std::string(row.Text(1));
  t.since_at = db::AtSeconds(row.Int(2));
  t.member_since_day = static_cast<DayNumber>(row.Int(3));
  if (auto below = row.OptInt(4)) t.below_retain_since_day = static_cast<DayNumber>(*below);
  t.program_version = row.Int(5);
  return t;
}

std::optional<int64_t> OptDay(std::optional<DayNumber> day) {
  return day ? std::optional<int64_t>(*day) : std::nullopt;
}

}  // namespace

Result<std::optional<StoredTier>> FindTier(db::Transaction& tx, int64_t customer_id) {
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT " + std::string(kTierColumns) +
                                               " FROM customer_tiers WHERE customer_id = $1",
                                           {db::Int(customer_id)}));
  if (rows.empty()) return std::optional<StoredTier>();
  return std::optional<StoredTier>(TierFromRow(rows[0]));
}

Status SaveTier(db::Transaction& tx, const StoredTier& t, Timestamp now) {
  LOY_RETURN_IF_ERROR(tx.Execute(
      "INSERT INTO customer_tiers (" + std::string(kTierColumns) +
          ", updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (customer_id) DO UPDATE "
          "SET level_code = excluded.level_code, since_at = excluded.since_at, "
          "member_since_day = excluded.member_since_day, "
          "below_retain_since_day = excluded.below_retain_since_day, "
          "program_version = excluded.program_version, updated_at = excluded.updated_at",
      {db::Int(t.customer_id), db::Text(t.level_code), db::Seconds(t.since_at),
       db::Int(t.member_since_day), db::OptInt(OptDay(t.below_retain_since_day)),
       db::Int(t.program_version), db::Seconds(now)}));
  return {};
}

Status InsertMove(db::Transaction& tx, const TierMove& m) {
  LOY_ASSIGN_OR_RETURN(int64_t id, tx.NextId("tier_moves"));
  LOY_RETURN_IF_ERROR(tx.Execute(
      "INSERT INTO tier_history (customer_id, move_id, from_level, to_level, reason, reference, "
      "program_version, moved_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {db::Int(m.customer_id), db::Int(id), db::Text(m.from_level), db::Text(m.to_level),
       db::Text(m.reason), db::OptText(m.reference), db::Int(m.program_version),
       db::Seconds(m.moved_at)}));
  return {};
}

Result<std::vector<StoredMove>> ListMoves(db::Transaction& tx, int64_t customer_id,
                                          std::optional<int64_t> before_move, int limit) {
  LOY_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT move_id, from_level, to_level, reason, reference, program_version, "
               "moved_at FROM tier_history WHERE customer_id = $1 AND move_id < $2 "
               "ORDER BY move_id DESC LIMIT $3",
               {db::Int(customer_id), db::Int(before_move.value_or(INT64_MAX)), db::Int(limit)}));
  std::vector<StoredMove> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const db::Row& r = rows[i];
    std::optional<std::string> reference;
    if (!r.IsNull(4)) reference = std::string(r.Text(4));
    out.push_back(
        {r.Int(0),
         {customer_id, std::string(r.Text(1)), std::string(r.Text(2)), std::string(r.Text(3)),
          std::move(reference), r.Int(5), db::AtSeconds(r.Int(6))}});
  }
  return out;
}

Result<std::vector<StoredTier>> ListTiersToEvaluate(db::Transaction& tx,
                                                    const std::string& base_code, int64_t after,
                                                    int limit) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT " + std::string(kTierColumns) +
                              " FROM customer_tiers WHERE customer_id > $1 AND (level_code <> $2 "
                              "OR below_retain_since_day IS NOT NULL) ORDER BY customer_id "
                              "LIMIT $3",
                          {db::Int(after), db::Text(base_code), db::Int(limit)}));
  std::vector<StoredTier> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(TierFromRow(rows[i]));
  return out;
}

}  // namespace loyal::program::store
