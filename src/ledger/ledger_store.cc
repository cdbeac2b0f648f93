#include "ledger/ledger_store.h"

#include <map>
#include <string>

#include "db/sql_values.h"

namespace loyal::ledger::store {
namespace {

using db::AtSeconds;
using db::Int;
using db::Seconds;
using db::Text;

constexpr std::string_view kBalanceColumns = "pending, available, held, debt, lifetime_earned";
constexpr std::string_view kLotColumns =
    "lot_id, source_txn_id, earned_at, available_from, expires_at, points, remaining, reversed, "
    "state";

// $1 customer, $2..$6 the delta in kBalanceColumns order, $7 now.
std::vector<db::Value> DeltaParams(int64_t customer_id, const Balances& d, Timestamp now) {
  return {Int(customer_id), Int(d.pending),         Int(d.available), Int(d.held),
          Int(d.debt),      Int(d.lifetime_earned), Seconds(now)};
}

Balances BalancesFrom(const db::Row& row) {
  return {row.Int(0), row.Int(1), row.Int(2), row.Int(3), row.Int(4)};
}

db::Value OptSeconds(const std::optional<Timestamp>& t) {
  return t ? Seconds(*t) : db::Value(db::kNull);
}

Result<Lot> LotFrom(const db::Row& row) {
  Lot lot;
  lot.lot_id = row.Int(0);
  lot.source_txn_id = row.Int(1);
  lot.earned_at = AtSeconds(row.Int(2));
  lot.available_from = AtSeconds(row.Int(3));
  if (auto at = row.OptInt(4)) lot.expires_at = AtSeconds(*at);
  lot.points = row.Int(5);
  lot.remaining = row.Int(6);
  lot.reversed = row.Int(7);
  auto state = ParseLotState(row.Text(8));
  if (!state) return Internal("ledger_lots.state holds an unknown value");
  lot.state = *state;
  return lot;
}

Result<std::vector<Lot>> LotsFrom(const db::ResultSet& rows) {
  std::vector<Lot> lots;
  lots.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    LOY_ASSIGN_OR_RETURN(Lot lot, LotFrom(rows[i]));
    lots.push_back(std::move(lot));
  }
  return lots;
}

// The WHERE clause (after customer_id or alone) of each selection; $2 (or $1) is `at`.
std::string SelectionWhere(LotSelection selection, int at_param) {
  const std::string at = "$" + std::to_string(at_param);
  switch (selection) {
    case LotSelection::kSpendable:
      return "state = 'available' AND remaining > 0";
    case LotSelection::kDue:
      return "state = 'pending' AND available_from <= " + at;
    case LotSelection::kExpired:
      return "state = 'available' AND remaining > 0 AND expires_at <= " + at;
    case LotSelection::kExpiring:
      return "state IN ('pending', 'available') AND remaining > 0 AND expires_at <= " + at;
    case LotSelection::kAll:
      return "1 = 1";
  }
  return "0 = 1";
}

Status InsertPostings(db::Transaction& tx, int64_t customer_id, int64_t txn_id,
                      std::span<const Posting> postings) {
  std::string sql =
      "INSERT INTO ledger_postings (customer_id, ledger_txn_id, posting_no, account, lot_id, "
      "points) VALUES ";
  std::vector<db::Value> params;
  params.reserve(postings.size() * 6);
  for (size_t i = 0; i < postings.size(); ++i) {
    const size_t base = params.size();
    sql += i == 0 ? "(" : ", (";
    for (size_t c = 1; c <= 6; ++c) sql += "$" + std::to_string(base + c) + (c < 6 ? ", " : ")");
    params.insert(params.end(), {Int(customer_id), Int(txn_id), Int(static_cast<int64_t>(i)),
                                 Text(AccountName(postings[i].account)),
                                 db::OptInt(postings[i].lot_id), Int(postings[i].points)});
  }
  LOY_RETURN_IF_ERROR(tx.Execute(sql, params));
  return {};
}

}  // namespace

Result<Balances> LockBalances(db::Transaction& tx, int64_t customer_id, Timestamp now) {
  const std::string sql =
      "UPDATE ledger_balances SET updated_at = $2 WHERE customer_id = $1 "
      "RETURNING " +
      std::string(kBalanceColumns);
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query(sql, {Int(customer_id), Seconds(now)}));
  if (!rows.empty()) return BalancesFrom(rows[0]);
  // DO NOTHING rather than failing on a racing insert, which would spoil a PostgreSQL
  // transaction; the second UPDATE then waits for and locks whichever row won.
  LOY_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO ledger_balances (customer_id, updated_at) VALUES ($1, $2) "
                 "ON CONFLICT (customer_id) DO NOTHING",
                 {Int(customer_id), Seconds(now)}));
  LOY_ASSIGN_OR_RETURN(rows, tx.Query(sql, {Int(customer_id), Seconds(now)}));
  if (rows.empty()) return Internal("ledger balance row vanished");
  return BalancesFrom(rows[0]);
}

Result<std::optional<Balances>> ApplyDelta(db::Transaction& tx, int64_t customer_id,
                                           const Balances& d, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("UPDATE ledger_balances SET pending = pending + $2, available = available + $3, "
               "held = held + $4, debt = debt + $5, lifetime_earned = lifetime_earned + $6, "
               "updated_at = $7 WHERE customer_id = $1 AND pending + $2 >= 0 AND "
               "available + $3 >= 0 AND held + $4 >= 0 AND debt + $5 >= 0 RETURNING " +
                   std::string(kBalanceColumns),
               DeltaParams(customer_id, d, now)));
  if (rows.empty()) return std::optional<Balances>();
  return std::optional<Balances>(BalancesFrom(rows[0]));
}

// The CASE that moves last_activity_at forward to $n, never back; NULL $n keeps it.
std::string LaterActivity(int param) {
  const std::string p = "$" + std::to_string(param);
  return "CASE WHEN " + p + " IS NOT NULL AND (ledger_balances.last_activity_at IS NULL OR " +
         "ledger_balances.last_activity_at < " + p + ") THEN " + p +
         " ELSE ledger_balances.last_activity_at END";
}

Result<Balances> AddToBalances(db::Transaction& tx, int64_t customer_id, const Balances& d,
                               Timestamp now, std::optional<Timestamp> activity_at) {
  std::vector<db::Value> params = DeltaParams(customer_id, d, now);
  params.push_back(OptSeconds(activity_at));
  LOY_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("INSERT INTO ledger_balances (customer_id, pending, available, held, debt, "
               "lifetime_earned, updated_at, last_activity_at) VALUES ($1, $2, $3, $4, $5, $6, "
               "$7, $8) ON CONFLICT (customer_id) DO UPDATE SET "
               "pending = ledger_balances.pending + excluded.pending, "
               "available = ledger_balances.available + excluded.available, "
               "held = ledger_balances.held + excluded.held, "
               "debt = ledger_balances.debt + excluded.debt, "
               "lifetime_earned = ledger_balances.lifetime_earned + excluded.lifetime_earned, "
               "updated_at = excluded.updated_at, last_activity_at = " +
                   LaterActivity(8) + " RETURNING " + std::string(kBalanceColumns),
               params));
  if (rows.empty()) return Internal("ledger balance upsert returned nothing");
  return BalancesFrom(rows[0]);
}

Result<Balances> ReadBalances(db::Transaction& tx, int64_t customer_id) {
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT " + std::string(kBalanceColumns) +
                                               " FROM ledger_balances WHERE customer_id = $1",
                                           {Int(customer_id)}));
  if (rows.empty()) return Balances{};
  return BalancesFrom(rows[0]);
}

Result<int64_t> InsertTxn(db::Transaction& tx, int64_t customer_id, TxnKind kind, const Memo& memo,
                          Timestamp now, std::span<const Posting> postings) {
  LOY_RETURN_IF_ERROR(CheckBalanced(postings));
  LOY_ASSIGN_OR_RETURN(int64_t txn_id, tx.NextId("ledger_txns"));
  LOY_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO ledger_txns (customer_id, ledger_txn_id, kind, reason, source_type, "
                 "source_ref, program_version, actor, created_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                 {Int(customer_id), Int(txn_id), Text(TxnKindName(kind)), Text(memo.reason),
                  Text(memo.source_type), Text(memo.source_ref), db::OptInt(memo.program_version),
                  db::OptText(memo.actor), Seconds(now)}));
  LOY_RETURN_IF_ERROR(InsertPostings(tx, customer_id, txn_id, postings));
  return txn_id;
}

Result<std::vector<Entry>> ReadEntries(db::Transaction& tx, int64_t customer_id, int64_t before_id,
                                       int limit) {
  const int64_t below = before_id > 0 ? before_id : INT64_MAX;
  LOY_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT ledger_txn_id, kind, reason, source_type, source_ref, program_version, "
               "actor, created_at FROM ledger_txns WHERE customer_id = $1 AND ledger_txn_id < $2 "
               "ORDER BY ledger_txn_id DESC LIMIT $3",
               {Int(customer_id), Int(below), Int(limit)}));
  std::vector<Entry> entries;
  std::map<int64_t, size_t> index;
  for (size_t i = 0; i < rows.size(); ++i) {
    const db::Row row = rows[i];
    Memo memo{std::string(row.Text(2)), std::string(row.Text(3)), std::string(row.Text(4)),
              row.OptInt(5), row.OptText(6)};
    entries.push_back(
        {row.Int(0), std::string(row.Text(1)), std::move(memo), AtSeconds(row.Int(7)), {}});
    index[row.Int(0)] = i;
  }
  if (entries.empty()) return entries;
  // One range query for all the page's postings rather than one query per entry.
  LOY_RETURN_IF_ERROR(tx.ForEach(
      "SELECT ledger_txn_id, account, lot_id, points FROM ledger_postings WHERE customer_id = $1 "
      "AND ledger_txn_id >= $2 AND ledger_txn_id <= $3 ORDER BY ledger_txn_id, posting_no",
      {Int(customer_id), Int(entries.back().txn_id), Int(entries.front().txn_id)},
      [&](const db::Row& row) -> Status {
        auto account = ParseAccount(row.Text(1));
        if (!account) return Internal("ledger_postings.account holds an unknown value");
        entries[index.at(row.Int(0))].postings.push_back({*account, row.OptInt(2), row.Int(3)});
        return {};
      }));
  return entries;
}

Result<int64_t> NewLotId(db::Transaction& tx) { return tx.NextId("ledger_lots"); }

Status InsertLot(db::Transaction& tx, int64_t customer_id, const Lot& lot) {
  LOY_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO ledger_lots (customer_id, " + std::string(kLotColumns) +
                     ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                 {Int(customer_id), Int(lot.lot_id), Int(lot.source_txn_id), Seconds(lot.earned_at),
                  Seconds(lot.available_from), OptSeconds(lot.expires_at), Int(lot.points),
                  Int(lot.remaining), Int(lot.reversed), Text(LotStateName(lot.state))}));
  return {};
}

Status UpdateLot(db::Transaction& tx, int64_t customer_id, const Lot& lot) {
  LOY_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("UPDATE ledger_lots SET remaining = $3, reversed = $4, state = $5 "
                 "WHERE customer_id = $1 AND lot_id = $2",
                 {Int(customer_id), Int(lot.lot_id), Int(lot.remaining), Int(lot.reversed),
                  Text(LotStateName(lot.state))}));
  if (changed != 1) return Internal("ledger lot " + std::to_string(lot.lot_id) + " not found");
  return {};
}

Result<std::optional<Lot>> FindLot(db::Transaction& tx, int64_t customer_id, int64_t lot_id) {
  LOY_ASSIGN_OR_RETURN(auto rows,
                       tx.Query("SELECT " + std::string(kLotColumns) +
                                    " FROM ledger_lots WHERE customer_id = $1 AND lot_id = $2",
                                {Int(customer_id), Int(lot_id)}));
  if (rows.empty()) return std::optional<Lot>();
  LOY_ASSIGN_OR_RETURN(Lot lot, LotFrom(rows[0]));
  return std::optional<Lot>(std::move(lot));
}

Result<std::vector<Lot>> ReadLots(db::Transaction& tx, int64_t customer_id, LotSelection selection,
                                  Timestamp at) {
  std::vector<db::Value> params{Int(customer_id)};
  // PostgreSQL refuses a parameter the statement does not use.
  if (selection != LotSelection::kSpendable && selection != LotSelection::kAll) {
    params.push_back(Seconds(at));
  }
  // One customer's lots come by the primary key. Left to itself, SQLite's planner takes the
  // (state, available_from) or (state, expires_at) index for a due or expired selection and
  // walks every customer's due lots to find this one's: a backfill that leaves thousands of
  // lots due made each release a scan of all of them. `state || ''` keeps those indexes,
  // which the jobs' store-wide scans need, out of this query on both backends.
  std::string where = SelectionWhere(selection, 2);
  if (const size_t state = where.find("state"); state != std::string::npos) {
    where.replace(state, 5, "(state || '')");
  }
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT " + std::string(kLotColumns) +
                                               " FROM ledger_lots WHERE customer_id = $1 AND " +
                                               where + " ORDER BY lot_id",
                                           params));
  return LotsFrom(rows);
}

Result<std::vector<int64_t>> CustomersWithLots(db::Transaction& tx, LotSelection selection,
                                               Timestamp at, int limit) {
  LOY_ASSIGN_OR_RETURN(auto rows,
                       tx.Query("SELECT DISTINCT customer_id FROM ledger_lots WHERE " +
                                    SelectionWhere(selection, 1) + " ORDER BY customer_id LIMIT $2",
                                {Seconds(at), Int(limit)}));
  std::vector<int64_t> out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows[i].Int(0));
  return out;
}

Result<std::vector<std::tuple<int64_t, Timestamp, int64_t>>> ExpiringBetween(
    db::Transaction& tx, Timestamp from, Timestamp until, int64_t after_customer,
    Timestamp after_expires_at, int limit) {
  LOY_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT customer_id, expires_at, SUM(remaining) FROM ledger_lots "
               "WHERE state IN ('pending', 'available') AND remaining > 0 AND expires_at > $1 "
               "AND expires_at <= $2 AND (customer_id > $3 OR (customer_id = $3 AND "
               "expires_at > $4)) GROUP BY customer_id, expires_at "
               "ORDER BY customer_id, expires_at LIMIT $5",
               {Seconds(from), Seconds(until), Int(after_customer), Seconds(after_expires_at),
                Int(limit)}));
  std::vector<std::tuple<int64_t, Timestamp, int64_t>> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    out.emplace_back(rows[i].Int(0), AtSeconds(rows[i].Int(1)), rows[i].Int(2));
  }
  return out;
}

Result<std::vector<std::pair<std::optional<Timestamp>, int64_t>>> OutstandingByExpiry(
    db::Transaction& tx, std::optional<int64_t> customer_id) {
  // Two spellings rather than "$1 IS NULL OR ...", so one customer's read is planned (and on
  // Citus routed) as a single-customer query.
  const std::string who = customer_id ? "l.customer_id = $1" : "1 = 1";
  std::vector<db::Value> params;
  if (customer_id) params.push_back(Int(*customer_id));
  std::map<std::optional<Timestamp>, int64_t> sums;
  auto add = [&](const db::Row& row) -> Status {
    std::optional<Timestamp> at;
    if (auto s = row.OptInt(0)) at = AtSeconds(*s);
    sums[at] += row.Int(1);
    return {};
  };
  LOY_RETURN_IF_ERROR(tx.ForEach(
      "SELECT l.expires_at, SUM(l.remaining) FROM ledger_lots l WHERE " + who +
          " AND l.state IN ('pending', 'available') AND l.remaining > 0 GROUP BY l.expires_at",
      params, add));
  LOY_RETURN_IF_ERROR(
      tx.ForEach("SELECT l.expires_at, SUM(hl.points) FROM ledger_holds h JOIN hold_lots hl ON "
                 "hl.customer_id = h.customer_id AND hl.hold_id = h.hold_id JOIN ledger_lots l ON "
                 "l.customer_id = hl.customer_id AND l.lot_id = hl.lot_id WHERE " +
                     who + " AND h.state = 'held' GROUP BY l.expires_at",
                 params, add));
  return std::vector<std::pair<std::optional<Timestamp>, int64_t>>(sums.begin(), sums.end());
}

Status SetLotAvailableFrom(db::Transaction& tx, int64_t customer_id, int64_t lot_id,
                           Timestamp available_from) {
  LOY_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("UPDATE ledger_lots SET available_from = $1 WHERE customer_id = "
                 "$2 AND lot_id = $3 AND state = 'pending'",
                 {db::Seconds(available_from), db::Int(customer_id), db::Int(lot_id)}));
  if (changed != 1) return Internal("no pending lot " + std::to_string(lot_id));
  return {};
}

Status TouchActivity(db::Transaction& tx, int64_t customer_id, Timestamp at, Timestamp now) {
  return tx
      .Execute(
          "INSERT INTO ledger_balances (customer_id, updated_at, last_activity_at) "
          "VALUES ($1, $2, $3) ON CONFLICT (customer_id) DO UPDATE SET updated_at = $2, "
          "last_activity_at = " +
              LaterActivity(3),
          {Int(customer_id), Seconds(now), Seconds(at)})
      .map([](auto&&) {});
}

Result<std::optional<Timestamp>> ReadLastActivity(db::Transaction& tx, int64_t customer_id) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT last_activity_at FROM ledger_balances WHERE customer_id = $1",
                          {Int(customer_id)}));
  if (rows.empty() || !rows[0].OptInt(0)) return std::optional<Timestamp>();
  return std::optional<Timestamp>(AtSeconds(*rows[0].OptInt(0)));
}

Result<std::vector<std::tuple<int64_t, Timestamp, int64_t>>> InactiveBefore(db::Transaction& tx,
                                                                            Timestamp before,
                                                                            int64_t after_customer,
                                                                            int limit) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT customer_id, last_activity_at, available FROM ledger_balances "
                          "WHERE last_activity_at < $1 AND available > 0 AND customer_id > $2 "
                          "ORDER BY customer_id LIMIT $3",
                          {Seconds(before), Int(after_customer), Int(limit)}));
  std::vector<std::tuple<int64_t, Timestamp, int64_t>> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    out.emplace_back(rows[i].Int(0), AtSeconds(rows[i].Int(1)), rows[i].Int(2));
  }
  return out;
}

Result<std::vector<std::pair<Timestamp, int64_t>>> EarnedSince(db::Transaction& tx,
                                                               int64_t customer_id,
                                                               Timestamp from) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT l.earned_at, l.points - l.reversed FROM ledger_lots l JOIN "
                          "ledger_txns t ON t.customer_id = l.customer_id AND t.ledger_txn_id = "
                          "l.source_txn_id WHERE l.customer_id = $1 AND l.earned_at >= $2 AND "
                          "t.kind IN ('earn', 'merge_in') ORDER BY l.earned_at",
                          {Int(customer_id), Seconds(from)}));
  std::vector<std::pair<Timestamp, int64_t>> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i)
    out.emplace_back(AtSeconds(rows[i].Int(0)), rows[i].Int(1));
  return out;
}

}  // namespace loyal::ledger::store
