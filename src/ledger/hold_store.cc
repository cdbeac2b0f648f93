#include "ledger/hold_store.h"

#include "core/enum_names.h"
#include "db/customer_rows.h"
#include "db/sql_values.h"

namespace loyal::ledger {

namespace {

constexpr EnumName<HoldState> kHoldStates[] = {{HoldState::kHeld, "held"},
                                               {HoldState::kCaptured, "captured"},
                                               {HoldState::kReleased, "released"}};

}  // namespace

std::string_view HoldStateName(HoldState state) { return NameOf(kHoldStates, state); }

}  // namespace loyal::ledger

namespace loyal::ledger::store {
namespace {

using db::AtSeconds;
using db::Int;
using db::Seconds;
using db::Text;

Result<Hold> HoldFrom(int64_t customer_id, const db::Row& row) {
  Hold hold;
  hold.customer_id = customer_id;
  hold.hold_id = row.Int(0);
  hold.public_id = row.Text(1);
  hold.points = row.Int(2);
  hold.reference = row.Text(3);
  auto state = FindByName(kHoldStates, row.Text(4));
  if (!state) return Internal("ledger_holds.state holds an unknown value");
  hold.state = *state;
  hold.restored = row.Int(5);
  hold.place_txn_id = row.Int(6);
  hold.resolve_txn_id = row.OptInt(7);
  hold.created_at = AtSeconds(row.Int(8));
  if (auto at = row.OptInt(9)) hold.resolved_at = AtSeconds(*at);
  hold.order_bound = row.Int(10) != 0;
  return hold;
}

}  // namespace

Result<int64_t> NewHoldId(db::Transaction& tx) { return tx.NextId("ledger_holds"); }

Status InsertHold(db::Transaction& tx, const Hold& hold, const std::vector<Take>& takes) {
  LOY_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO hold_lookup (public_id, customer_id, hold_id) VALUES ($1, $2, $3)",
                 {Text(hold.public_id), Int(hold.customer_id), Int(hold.hold_id)}));
  LOY_RETURN_IF_ERROR(tx.Execute(
      "INSERT INTO ledger_holds (customer_id, hold_id, public_id, points, reference, state, "
      "place_txn_id, created_at) VALUES ($1, $2, $3, $4, $5, 'held', $6, $7)",
      {Int(hold.customer_id), Int(hold.hold_id), Text(hold.public_id), Int(hold.points),
       Text(hold.reference), Int(hold.place_txn_id), Seconds(hold.created_at)}));
  for (size_t i = 0; i < takes.size(); ++i) {
    LOY_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO hold_lots (customer_id, hold_id, lot_id, take_no, points) "
                   "VALUES ($1, $2, $3, $4, $5)",
                   {Int(hold.customer_id), Int(hold.hold_id), Int(takes[i].lot_id),
                    Int(static_cast<int64_t>(i)), Int(takes[i].points)}));
  }
  return {};
}

Result<std::optional<std::pair<int64_t, int64_t>>> LookupHold(db::Transaction& tx,
                                                              std::string_view public_id) {
  return db::LookupCustomerRow(tx, "hold_lookup", "public_id", "hold_id", public_id);
}

Result<std::optional<Hold>> FindHold(db::Transaction& tx, int64_t customer_id, int64_t hold_id) {
  LOY_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT hold_id, public_id, points, reference, state, restored, place_txn_id, "
               "resolve_txn_id, created_at, resolved_at, order_bound FROM ledger_holds "
               "WHERE customer_id = $1 AND hold_id = $2",
               {Int(customer_id), Int(hold_id)}));
  if (rows.empty()) return std::optional<Hold>();
  LOY_ASSIGN_OR_RETURN(Hold hold, HoldFrom(customer_id, rows[0]));
  return std::optional<Hold>(std::move(hold));
}

Result<std::vector<HoldLot>> ReadHoldLots(db::Transaction& tx, int64_t customer_id,
                                          int64_t hold_id) {
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT lot_id, points, restored FROM hold_lots "
                                           "WHERE customer_id = $1 AND hold_id = $2 "
                                           "ORDER BY take_no",
                                           {Int(customer_id), Int(hold_id)}));
  std::vector<HoldLot> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    out.push_back({rows[i].Int(0), rows[i].Int(1), rows[i].Int(2)});
  }
  return out;
}

Status Resolve(db::Transaction& tx, const Hold& hold, HoldState state, int64_t txn_id,
               Timestamp now) {
  LOY_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("UPDATE ledger_holds SET state = $3, resolve_txn_id = $4, resolved_at = $5 "
                 "WHERE customer_id = $1 AND hold_id = $2 AND state = 'held'",
                 {Int(hold.customer_id), Int(hold.hold_id), Text(HoldStateName(state)), Int(txn_id),
                  Seconds(now)}));
  if (changed != 1) return Internal("hold " + hold.public_id + " was not held");
  return {};
}

Status MarkOrderBound(db::Transaction& tx, const Hold& hold) {
  LOY_RETURN_IF_ERROR(
      tx.Execute("UPDATE ledger_holds SET order_bound = 1 WHERE customer_id = $1 AND hold_id = $2",
                 {Int(hold.customer_id), Int(hold.hold_id)}));
  return {};
}

Status AddRestored(db::Transaction& tx, const Hold& hold, int64_t lot_id, int64_t points) {
  LOY_RETURN_IF_ERROR(
      tx.Execute("UPDATE hold_lots SET restored = restored + $4 "
                 "WHERE customer_id = $1 AND hold_id = $2 AND lot_id = $3",
                 {Int(hold.customer_id), Int(hold.hold_id), Int(lot_id), Int(points)}));
  LOY_RETURN_IF_ERROR(tx.Execute(
      "UPDATE ledger_holds SET restored = restored + $3 WHERE customer_id = $1 AND hold_id = $2",
      {Int(hold.customer_id), Int(hold.hold_id), Int(points)}));
  return {};
}

Result<int64_t> CountHolds(db::Transaction& tx, int64_t customer_id) {
  LOY_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT COUNT(*) FROM ledger_holds WHERE customer_id = $1", {Int(customer_id)}));
  return rows[0].Int(0);
}

Result<std::vector<std::string>> HeldBefore(db::Transaction& tx, Timestamp before, int limit) {
  LOY_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT public_id FROM ledger_holds WHERE state = 'held' AND "
               "order_bound = 0 AND created_at < $1 ORDER BY customer_id, hold_id LIMIT $2",
               {Seconds(before), Int(limit)}));
  std::vector<std::string> out;
  for (size_t i = 0; i < rows.size(); ++i) out.emplace_back(rows[i].Text(0));
  return out;
}

}  // namespace loyal::ledger::store
