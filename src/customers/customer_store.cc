#include "customers/customer_store.h"

#include "db/sql_values.h"

namespace loyal::customers::store {
namespace {

constexpr std::string_view kColumns =
    "customer_id, external_id, email, name, country, birthday, created_at, updated_at, "
    "marketing_consent, kind, guest_id";

using db::AtSeconds;
using db::OptText;
using db::Seconds;

Result<Customer> FromRow(const db::Row& row) {
  Customer c;
  c.customer_id = row.Int(0);
  c.external_id = row.OptText(1);
  c.email = row.OptText(2);
  c.name = row.OptText(3);
  c.country = row.OptText(4);
  if (auto day = row.OptInt(5)) c.birthday = static_cast<DayNumber>(*day);
  c.created_at = AtSeconds(row.Int(6));
  c.updated_at = AtSeconds(row.Int(7));
  c.marketing_consent = row.Int(8) != 0;
  auto kind = ParseKind(row.Text(9));
  if (!kind) return Internal("customers.kind holds an unknown value");
  c.kind = *kind;
  c.guest_id = row.OptText(10);
  return c;
}

Result<std::optional<Customer>> FirstCustomer(const db::ResultSet& rows) {
  if (rows.empty()) return std::optional<Customer>();
  LOY_ASSIGN_OR_RETURN(Customer c, FromRow(rows[0]));
  return std::optional<Customer>(std::move(c));
}

std::vector<db::Value> RowValues(const Customer& c) {
  return {db::Value(c.customer_id),
          OptText(c.external_id),
          OptText(c.email),
          OptText(c.name),
          OptText(c.country),
          c.birthday ? db::Value(int64_t{*c.birthday}) : db::Value(db::kNull),
          Seconds(c.created_at),
          Seconds(c.updated_at),
          db::Value(int64_t{c.marketing_consent ? 1 : 0}),
          db::Value(std::string(KindName(c.kind))),
          OptText(c.guest_id)};
}

}  // namespace

Result<std::optional<Customer>> FindById(db::Transaction& tx, int64_t customer_id) {
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT " + std::string(kColumns) +
                                               " FROM customers WHERE customer_id = $1",
                                           {db::Value(customer_id)}));
  return FirstCustomer(rows);
}

Result<std::optional<Customer>> FindByExternalId(db::Transaction& tx,
                                                 std::string_view external_id) {
  LOY_ASSIGN_OR_RETURN(auto id, LookupId(tx, external_id));
  if (!id) return std::optional<Customer>();
  return FindById(tx, *id);
}

Result<std::optional<int64_t>> LookupId(db::Transaction& tx, std::string_view external_id) {
  LOY_ASSIGN_OR_RETURN(auto rows,
                       tx.Query("SELECT customer_id FROM customer_lookup WHERE external_id = $1",
                                {db::Value(std::string(external_id))}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

Result<bool> ClaimExternalId(db::Transaction& tx, std::string_view external_id,
                             int64_t customer_id) {
  // ON CONFLICT DO NOTHING rather than catching already_exists: a failed statement would
  // leave a PostgreSQL transaction unusable, and the loser must go on to re-read.
  LOY_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("INSERT INTO customer_lookup (external_id, customer_id) VALUES ($1, $2) "
                 "ON CONFLICT (external_id) DO NOTHING",
                 {db::Value(std::string(external_id)), db::Value(customer_id)}));
  return changed == 1;
}

Status Insert(db::Transaction& tx, const Customer& customer) {
  const std::vector<db::Value> values = RowValues(customer);
  LOY_RETURN_IF_ERROR(tx.Execute("INSERT INTO customers (" + std::string(kColumns) +
                                     ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                                 values));
  return {};
}

Status Update(db::Transaction& tx, const Customer& customer) {
  const std::vector<db::Value> values = RowValues(customer);
  LOY_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("UPDATE customers SET external_id = $2, email = $3, name = $4, country = $5, "
                 "birthday = $6, created_at = $7, updated_at = $8, marketing_consent = $9, "
                 "kind = $10, guest_id = $11 WHERE customer_id = $1",
                 values));
  if (changed == 0) return NotFound("customer not found");
  return {};
}

Status PromoteProspect(db::Transaction& tx, int64_t customer_id, Timestamp now) {
  LOY_RETURN_IF_ERROR(
      tx.Execute("UPDATE customers SET kind = 'customer', updated_at = $2 "
                 "WHERE customer_id = $1 AND kind = 'prospect'",
                 {db::Value(customer_id), Seconds(now)}));
  return {};
}

Result<std::vector<Customer>> List(db::Transaction& tx, const ListFilter& filter) {
  // Built from fixed fragments (never from input) so each filter uses the plain index.
  std::string sql = "SELECT " + std::string(kColumns) + " FROM customers WHERE customer_id > $1";
  std::vector<db::Value> params{db::Value(filter.after_id)};
  if (filter.email) {
    params.emplace_back(*filter.email);
    sql += " AND email = $" + std::to_string(params.size());
  }
  if (filter.kind) {
    params.emplace_back(std::string(KindName(*filter.kind)));
    sql += " AND kind = $" + std::to_string(params.size());
  }
  params.emplace_back(int64_t{filter.limit});
  sql += " ORDER BY customer_id LIMIT $" + std::to_string(params.size());
  std::vector<Customer> out;
  LOY_RETURN_IF_ERROR(tx.ForEach(sql, params, [&](const db::Row& row) -> Status {
    LOY_ASSIGN_OR_RETURN(Customer c, FromRow(row));
    out.push_back(std::move(c));
    return {};
  }));
  return out;
}

Result<std::vector<int64_t>> BornOn(db::Transaction& tx, const std::vector<DayNumber>& days,
                                    int64_t after_customer_id, int limit) {
  std::vector<int64_t> out;
  if (days.empty()) return out;
  std::string sql =
      "SELECT customer_id FROM customers WHERE kind <> 'guest' AND customer_id > $1 "
      "AND birthday IN (";
  std::vector<db::Value> params{db::Value(after_customer_id), db::Value(int64_t{limit})};
  for (size_t i = 0; i < days.size(); ++i) {
    sql += (i == 0 ? "$" : ", $") + std::to_string(i + 3);
    params.push_back(db::Value(int64_t{days[i]}));
  }
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query(sql + ") ORDER BY customer_id LIMIT $2", params));
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows[i].Int(0));
  return out;
}

Status RepointAndDelete(db::Transaction& tx, std::string_view external_id, int64_t from,
                        int64_t into) {
  LOY_RETURN_IF_ERROR(
      tx.Execute("UPDATE customer_lookup SET customer_id = $1 WHERE external_id = $2",
                 {db::Value(into), db::Value(std::string(external_id))}));
  LOY_RETURN_IF_ERROR(
      tx.Execute("DELETE FROM customers WHERE customer_id = $1", {db::Value(from)}));
  return {};
}

}  // namespace loyal::customers::store
