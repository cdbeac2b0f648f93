#include "intake/event_store.h"

#include "db/sql_values.h"
#include "intake/order_points_store.h"

namespace loyal::intake::store {

using db::AtSeconds;
using db::Int;
using db::Seconds;
using db::Text;

Status InsertEvent(db::Transaction& tx, const StoredEvent& e, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(int64_t event_id, tx.NextId("customer_events"));
  return tx
      .Execute(
          "INSERT INTO customer_events (customer_id, event_id, public_id, name, occurred_at, "
          "reference, points, capped, program_version, lot_id, created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
          {Int(e.customer_id), Int(event_id), Text(e.public_id), Text(e.name),
           Seconds(e.occurred_at), db::OptText(e.reference), Int(e.points), Int(e.capped ? 1 : 0),
           Int(e.program_version), db::OptInt(e.lot_id), Seconds(now)})
      .map([](auto&&) {});
}

Result<int64_t> CountEvent(db::Transaction& tx, int64_t customer_id, const std::string& name,
                           const std::string& period) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query("INSERT INTO event_cap_counts (customer_id, name, period, events) "
                          "VALUES ($1, $2, $3, 1) ON CONFLICT (customer_id, name, period) "
                          "DO UPDATE SET events = event_cap_counts.events + 1 RETURNING events",
                          {Int(customer_id), Text(name), Text(period)}));
  if (rows.empty()) return Internal("event counter upsert returned nothing");
  return rows[0].Int(0);
}

Result<std::vector<int64_t>> BirthdaysPaid(db::Transaction& tx, std::span<const int64_t> customers,
                                           int year) {
  std::vector<int64_t> paid;
  if (customers.empty()) return paid;
  std::string sql = "SELECT customer_id FROM birthday_bonuses WHERE year = $1 AND customer_id IN (";
  std::vector<db::Value> params{Int(year)};
  for (size_t i = 0; i < customers.size(); ++i) {
    sql += (i == 0 ? "$" : ", $") + std::to_string(i + 2);
    params.push_back(Int(customers[i]));
  }
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query(sql + ")", params));
  for (size_t i = 0; i < rows.size(); ++i) paid.push_back(rows[i].Int(0));
  return paid;
}

Result<bool> ClaimBirthday(db::Transaction& tx, int64_t customer_id, int year, int64_t points,
                           Timestamp now) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query("INSERT INTO birthday_bonuses (customer_id, year, points, created_at) "
                          "VALUES ($1, $2, $3, $4) ON CONFLICT (customer_id, year) DO NOTHING "
                          "RETURNING customer_id",
                          {Int(customer_id), Int(year), Int(points), Seconds(now)}));
  return !rows.empty();
}

Result<bool> InsertWarning(db::Transaction& tx, int64_t customer_id, const ExpiryWarning& w) {
  LOY_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("INSERT INTO expiry_warnings (customer_id, expires_at, points, written_at) "
               "VALUES ($1, $2, $3, $4) ON CONFLICT (customer_id, expires_at) DO NOTHING "
               "RETURNING customer_id",
               {Int(customer_id), Seconds(w.expires_at), Int(w.points), Seconds(w.written_at)}));
  return !rows.empty();
}

Result<std::vector<ExpiryWarning>> ReadWarnings(db::Transaction& tx, int64_t customer_id) {
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT expires_at, points, written_at FROM "
                                           "expiry_warnings WHERE customer_id = $1 "
                                           "ORDER BY expires_at",
                                           {Int(customer_id)}));
  std::vector<ExpiryWarning> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    out.push_back({AtSeconds(rows[i].Int(0)), rows[i].Int(1), AtSeconds(rows[i].Int(2))});
  }
  return out;
}

Status MoveEventRecords(db::Transaction& tx, int64_t from, int64_t to,
                        const std::map<int64_t, int64_t>& lot_ids) {
  LOY_RETURN_IF_ERROR(MoveRowsWithLots(tx, "customer_events", "event_id", from, to, lot_ids));
  // One person's events count against one cap.
  LOY_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO event_cap_counts (customer_id, name, period, events) "
                 "SELECT $2, name, period, events FROM event_cap_counts WHERE customer_id = $1 "
                 "ON CONFLICT (customer_id, name, period) DO UPDATE SET "
                 "events = event_cap_counts.events + excluded.events",
                 {Int(from), Int(to)}));
  for (const char* table : {"event_cap_counts", "expiry_warnings", "birthday_bonuses"}) {
    LOY_RETURN_IF_ERROR(
        tx.Execute(std::string("DELETE FROM ") + table + " WHERE customer_id = $1", {Int(from)}));
  }
  return {};
}

}  // namespace loyal::intake::store
