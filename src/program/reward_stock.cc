#include "program/reward_stock.h"

#include "db/sql_values.h"

namespace loyal::program {

using db::Int;
using db::Text;

Result<bool> TakeStock(db::Transaction& tx, std::string_view code, int64_t stock) {
  // The first redemption of a reward makes its row; a racing one waits on the key and then
  // does nothing, and both go on to the guarded increment.
  LOY_RETURN_IF_ERROR(tx.Execute(
      "INSERT INTO reward_stock (code, redeemed) VALUES ($1, 0) ON CONFLICT (code) DO NOTHING",
      {Text(code)}));
  LOY_ASSIGN_OR_RETURN(int64_t changed,
                       tx.Execute("UPDATE reward_stock SET redeemed = redeemed + 1 "
                                  "WHERE code = $1 AND redeemed < $2",
                                  {Text(code), Int(stock)}));
  return changed == 1;
}

Status ReturnStock(db::Transaction& tx, std::string_view code) {
  LOY_ASSIGN_OR_RETURN(int64_t changed,
                       tx.Execute("UPDATE reward_stock SET redeemed = redeemed - 1 "
                                  "WHERE code = $1 AND redeemed > 0",
                                  {Text(code)}));
  if (changed != 1) return Internal("reward_stock counts no redemption of " + std::string(code));
  return {};
}

Result<std::map<std::string, int64_t>> RedeemedCounts(db::Transaction& tx) {
  std::map<std::string, int64_t> out;
  LOY_RETURN_IF_ERROR(
      tx.ForEach("SELECT code, redeemed FROM reward_stock", {}, [&](const db::Row& row) -> Status {
        out[std::string(row.Text(0))] = row.Int(1);
        return {};
      }));
  return out;
}

}  // namespace loyal::program
