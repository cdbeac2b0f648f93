#include "intake/redemption_store.h"

#include "core/enum_names.h"
#include "db/customer_rows.h"
#include "db/sql_values.h"

namespace loyal::intake {
namespace {

constexpr EnumName<RedemptionState> kRedemptionStates[] = {
    {RedemptionState::kActive, "active"}, {RedemptionState::kCancelled, "cancelled"}};

}  // namespace

std::string_view RedemptionStateName(RedemptionState state) {
  return NameOf(kRedemptionStates, state);
}

}  // namespace loyal::intake

namespace loyal::intake::store {
namespace {

using db::AtSeconds;
using db::Int;
using db::Seconds;
using db::Text;

constexpr char kColumns[] =
    "redemption_id, public_id, reward_code, points, hold_public_id, coupon_id, took_stock, "
    "state, program_version, created_at, cancelled_at";

Result<Redemption> RedemptionFrom(int64_t customer_id, const db::Row& row) {
  Redemption r;
  r.customer_id = customer_id;
  r.redemption_id = row.Int(0);
  r.public_id = row.Text(1);
  r.reward_code = row.Text(2);
  r.points = row.Int(3);
  r.hold_public_id = row.Text(4);
  r.coupon_id = row.Int(5);
  r.took_stock = row.Int(6) != 0;
  auto state = FindByName(kRedemptionStates, row.Text(7));
  if (!state) return Internal("redemptions.state holds an unknown value");
  r.state = *state;
  r.program_version = row.Int(8);
  r.created_at = AtSeconds(row.Int(9));
  if (auto at = row.OptInt(10)) r.cancelled_at = AtSeconds(*at);
  return r;
}

Result<std::vector<Redemption>> RedemptionsFrom(int64_t customer_id, const db::ResultSet& rows) {
  std::vector<Redemption> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    LOY_ASSIGN_OR_RETURN(Redemption r, RedemptionFrom(customer_id, rows[i]));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

Result<int64_t> NewRedemptionId(db::Transaction& tx) { return tx.NextId("redemptions"); }

Status InsertRedemption(db::Transaction& tx, const Redemption& r) {
  LOY_RETURN_IF_ERROR(tx.Execute(
      "INSERT INTO redemption_lookup (public_id, customer_id, redemption_id) VALUES ($1, $2, $3)",
      {Text(r.public_id), Int(r.customer_id), Int(r.redemption_id)}));
  LOY_RETURN_IF_ERROR(tx.Execute(
      std::string("INSERT INTO redemptions (customer_id, ") + kColumns +
          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL)",
      {Int(r.customer_id), Int(r.redemption_id), Text(r.public_id), Text(r.reward_code),
       Int(r.points), Text(r.hold_public_id), Int(r.coupon_id), Int(r.took_stock ? 1 : 0),
       Text(RedemptionStateName(r.state)), Int(r.program_version), Seconds(r.created_at)}));
  return {};
}

Result<std::optional<std::pair<int64_t, int64_t>>> LookupRedemption(db::Transaction& tx,
                                                                    std::string_view public_id) {
  return db::LookupCustomerRow(tx, "redemption_lookup", "public_id", "redemption_id", public_id);
}

Result<std::optional<Redemption>> FindRedemption(db::Transaction& tx, int64_t customer_id,
                                                 int64_t redemption_id) {
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kColumns +
                                               " FROM redemptions WHERE customer_id = $1 AND "
                                               "redemption_id = $2",
                                           {Int(customer_id), Int(redemption_id)}));
  LOY_ASSIGN_OR_RETURN(auto found, RedemptionsFrom(customer_id, rows));
  if (found.empty()) return std::optional<Redemption>();
  return std::optional<Redemption>(std::move(found[0]));
}

Result<int64_t> CountActive(db::Transaction& tx, int64_t customer_id,
                            std::string_view reward_code) {
  LOY_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT COUNT(*) FROM redemptions WHERE customer_id = "
                                           "$1 AND reward_code = $2 AND state = 'active'",
                                           {Int(customer_id), Text(reward_code)}));
  return rows[0].Int(0);
}

Result<std::vector<Redemption>> ListRedemptions(db::Transaction& tx, int64_t customer_id,
                                                std::string_view after_public_id, int limit) {
  // The cursor is the last public id seen, so no internal id reaches the client.
  const std::string select =
      std::string("SELECT ") + kColumns + " FROM redemptions WHERE customer_id = $1 ";
  LOY_ASSIGN_OR_RETURN(
      auto rows,
      after_public_id.empty()
          ? tx.Query(select + "ORDER BY redemption_id DESC LIMIT $2",
                     {Int(customer_id), Int(limit)})
          : tx.Query(
                select +
                    "AND redemption_id < (SELECT redemption_id FROM redemptions WHERE "
                    "customer_id = $1 AND public_id = $3) ORDER BY redemption_id DESC LIMIT $2",
                {Int(customer_id), Int(limit), Text(after_public_id)}));
  return RedemptionsFrom(customer_id, rows);
}

Status MarkCancelled(db::Transaction& tx, const Redemption& r, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(int64_t changed,
                       tx.Execute("UPDATE redemptions SET state = 'cancelled', cancelled_at = $3 "
                                  "WHERE customer_id = $1 AND redemption_id = $2 AND "
                                  "state = 'active'",
                                  {Int(r.customer_id), Int(r.redemption_id), Seconds(now)}));
  if (changed != 1) return Internal("redemption " + r.public_id + " was not active");
  return {};
}

Result<bool> ClaimBirthdayGift(db::Transaction& tx, int64_t customer_id, int year,
                               std::string_view reward_code, Timestamp now) {
  LOY_ASSIGN_OR_RETURN(
      auto rows, tx.Query("INSERT INTO birthday_gifts (customer_id, year, reward_code, created_at) "
                          "VALUES ($1, $2, $3, $4) ON CONFLICT (customer_id, year) DO NOTHING "
                          "RETURNING customer_id",
                          {Int(customer_id), Int(year), Text(reward_code), Seconds(now)}));
  return !rows.empty();
}

Status SetBirthdayGiftCoupon(db::Transaction& tx, int64_t customer_id, int year,
                             int64_t coupon_id) {
  LOY_RETURN_IF_ERROR(
      tx.Execute("UPDATE birthday_gifts SET coupon_id = $3 WHERE customer_id = $1 AND year = $2",
                 {Int(customer_id), Int(year), Int(coupon_id)}));
  return {};
}

}  // namespace loyal::intake::store
