#include "ledger/ledger_audit.h"

#include <map>
#include <string>

namespace loyal::ledger {
namespace {

using db::Value;

class Auditor {
 public:
  Auditor(db::Transaction& tx, int64_t customer_id) : tx_(tx), id_(customer_id) {}

  Status Run() {
    LOY_RETURN_IF_ERROR(CheckTransactions());
    LOY_RETURN_IF_ERROR(CheckBalances());
    LOY_RETURN_IF_ERROR(CheckLots());
    return CheckHolds();
  }

 private:
  tl::unexpected<Error> Broken(const std::string& what) const {
    return Internal("ledger audit: customer " + std::to_string(id_) + ": " + what);
  }

  // The first row of `sql` (with $1 = the customer) as text cells, or nullopt.
  Result<std::optional<std::vector<std::string>>> First(const std::string& sql) {
    LOY_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, {Value(id_)}));
    if (rows.empty()) return std::optional<std::vector<std::string>>();
    std::vector<std::string> cells;
    for (size_t c = 0; c < rows.columns(); ++c) {
      cells.push_back(rows[0].IsNull(c) ? "NULL" : std::to_string(rows[0].Int(c)));
    }
    return std::optional<std::vector<std::string>>(std::move(cells));
  }

  // Fails with `what(cells)` when `sql` returns a row.
  template <class Describe>
  Status NoRow(const std::string& sql, Describe what) {
    LOY_ASSIGN_OR_RETURN(auto row, First(sql));
    if (row) return Broken(what(*row));
    return {};
  }

  Status CheckTransactions() {
    LOY_RETURN_IF_ERROR(NoRow(
        "SELECT ledger_txn_id, SUM(points) FROM ledger_postings WHERE customer_id = $1 "
        "GROUP BY ledger_txn_id HAVING SUM(points) <> 0 ORDER BY ledger_txn_id",
        [](auto& r) { return "transaction " + r[0] + "'s postings sum to " + r[1] + ", not 0"; }));
    LOY_RETURN_IF_ERROR(
        NoRow("SELECT t.ledger_txn_id FROM ledger_txns t WHERE t.customer_id = $1 AND NOT EXISTS "
              "(SELECT 1 FROM ledger_postings p WHERE p.customer_id = t.customer_id AND "
              "p.ledger_txn_id = t.ledger_txn_id) ORDER BY t.ledger_txn_id",
              [](auto& r) { return "transaction " + r[0] + " has no postings"; }));
    return NoRow(
        "SELECT p.ledger_txn_id FROM ledger_postings p WHERE p.customer_id = $1 AND NOT EXISTS "
        "(SELECT 1 FROM ledger_txns t WHERE t.customer_id = p.customer_id AND "
        "t.ledger_txn_id = p.ledger_txn_id) ORDER BY p.ledger_txn_id",
        [](auto& r) { return "postings of transaction " + r[0] + " have no transaction"; });
  }

  Status Expect(const std::string& what, int64_t cached, int64_t derived) const {
    if (cached < 0) return Broken(what + " balance " + std::to_string(cached) + " is below zero");
    if (cached != derived) {
      return Broken(what + " balance " + std::to_string(cached) + " != postings " +
                    std::to_string(derived));
    }
    return {};
  }

  Status CheckBalances() {
    std::map<std::string, int64_t> sums;
    LOY_RETURN_IF_ERROR(tx_.ForEach(
        "SELECT account, SUM(points) FROM ledger_postings WHERE customer_id = $1 GROUP BY account",
        {Value(id_)}, [&](const db::Row& row) -> Status {
          sums[std::string(row.Text(0))] = row.Int(1);
          return {};
        }));
    LOY_ASSIGN_OR_RETURN(auto row, First("SELECT pending, available, held, debt, lifetime_earned "
                                         "FROM ledger_balances WHERE customer_id = $1"));
    std::vector<int64_t> cached(5, 0);
    if (row) {
      for (size_t i = 0; i < 5; ++i) cached[i] = std::stoll((*row)[i]);
    } else if (!sums.empty()) {
      return Broken("has postings but no balance row");
    }
    LOY_RETURN_IF_ERROR(Expect("pending", cached[0], sums["pending"]));
    LOY_RETURN_IF_ERROR(Expect("available", cached[1], sums["available"]));
    LOY_RETURN_IF_ERROR(Expect("held", cached[2], sums["held"]));
    LOY_RETURN_IF_ERROR(Expect("debt", cached[3], -sums["debt"]));
    return Expect("lifetime earned", cached[4], -sums["issued"] - sums["reversed"]);
  }

  Status CheckLots() {
    LOY_RETURN_IF_ERROR(NoRow(
        "SELECT ledger_txn_id, posting_no FROM ledger_postings WHERE customer_id = $1 AND "
        "account IN ('pending', 'available', 'held') AND lot_id IS NULL",
        [](auto& r) { return "posting " + r[1] + " of transaction " + r[0] + " names no lot"; }));
    LOY_RETURN_IF_ERROR(NoRow(
        "SELECT p.ledger_txn_id, p.lot_id FROM ledger_postings p WHERE p.customer_id = $1 AND "
        "p.lot_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_lots l WHERE "
        "l.customer_id = p.customer_id AND l.lot_id = p.lot_id)",
        [](auto& r) { return "transaction " + r[0] + " names lot " + r[1] + ", which is not"; }));
    // Each lot's remainder against its own postings, per state.
    return NoRow(
        "SELECT lot_id, remaining, p, a FROM (SELECT l.lot_id, l.remaining, l.state, "
        "COALESCE(s.p, 0) AS p, COALESCE(s.a, 0) AS a FROM ledger_lots l LEFT JOIN "
        "(SELECT lot_id, SUM(CASE WHEN account = 'pending' THEN points ELSE 0 END) AS p, "
        "SUM(CASE WHEN account = 'available' THEN points ELSE 0 END) AS a FROM ledger_postings "
        "WHERE customer_id = $1 AND lot_id IS NOT NULL GROUP BY lot_id) s ON s.lot_id = l.lot_id "
        "WHERE l.customer_id = $1) x WHERE NOT ("
        "(state = 'pending' AND p = remaining AND a = 0) OR "
        "(state = 'available' AND a = remaining AND p = 0) OR "
        "(state IN ('cancelled', 'expired') AND remaining = 0 AND p = 0 AND a = 0)) "
        "ORDER BY lot_id",
        [](auto& r) {
          return "lot " + r[0] + " has " + r[1] + " remaining but pending postings " + r[2] +
                 " and available postings " + r[3];
        });
  }

  Status CheckHolds() {
    LOY_RETURN_IF_ERROR(NoRow(
        "SELECT b.held, COALESCE((SELECT SUM(h.points) FROM ledger_holds h WHERE h.customer_id = "
        "b.customer_id AND h.state = 'held'), 0) AS open FROM ledger_balances b "
        "WHERE b.customer_id = $1 AND b.held <> COALESCE((SELECT SUM(h.points) FROM ledger_holds h "
        "WHERE h.customer_id = b.customer_id AND h.state = 'held'), 0)",
        [](auto& r) { return "held balance " + r[0] + " != open holds " + r[1]; }));
    LOY_RETURN_IF_ERROR(NoRow(
        "SELECT h.hold_id, h.points, SUM(hl.points), h.restored, SUM(hl.restored) "
        "FROM ledger_holds h JOIN hold_lots hl ON hl.customer_id = h.customer_id AND "
        "hl.hold_id = h.hold_id WHERE h.customer_id = $1 GROUP BY h.hold_id, h.points, h.restored "
        "HAVING SUM(hl.points) <> h.points OR SUM(hl.restored) <> h.restored ORDER BY h.hold_id",
        [](auto& r) {
          return "hold " + r[0] + " of " + r[1] + " points (" + r[3] + " given back) has lots of " +
                 r[2] + " (" + r[4] + " given back)";
        }));
    LOY_RETURN_IF_ERROR(NoRow(
        "SELECT p.lot_id, SUM(p.points) FROM ledger_postings p WHERE p.customer_id = $1 AND "
        "p.account = 'held' GROUP BY p.lot_id HAVING SUM(p.points) <> COALESCE((SELECT "
        "SUM(hl.points) FROM hold_lots hl JOIN ledger_holds h ON h.customer_id = hl.customer_id "
        "AND h.hold_id = hl.hold_id WHERE hl.customer_id = $1 AND hl.lot_id = p.lot_id "
        "AND h.state = 'held'), 0) ORDER BY p.lot_id",
        [](auto& r) { return "lot " + r[0] + "'s held postings " + r[1] + " != its open holds"; }));
    return NoRow(
        "SELECT h.hold_id FROM ledger_holds h WHERE h.customer_id = $1 AND NOT EXISTS (SELECT 1 "
        "FROM hold_lookup k WHERE k.public_id = h.public_id AND k.customer_id = h.customer_id "
        "AND k.hold_id = h.hold_id) ORDER BY h.hold_id",
        [](auto& r) { return "hold " + r[0] + " has no look-up row"; });
  }

  db::Transaction& tx_;
  int64_t id_;
};

}  // namespace

Status AuditCustomer(db::Transaction& tx, int64_t customer_id) {
  return Auditor(tx, customer_id).Run();
}

Status AuditAll(db::Transaction& tx) {
  LOY_ASSIGN_OR_RETURN(auto rows,
                       tx.Query("SELECT customer_id FROM ledger_balances UNION "
                                "SELECT customer_id FROM ledger_txns ORDER BY customer_id"));
  for (size_t i = 0; i < rows.size(); ++i) LOY_RETURN_IF_ERROR(AuditCustomer(tx, rows[i].Int(0)));
  LOY_ASSIGN_OR_RETURN(
      auto orphans,
      tx.Query("SELECT k.public_id FROM hold_lookup k WHERE NOT EXISTS (SELECT 1 FROM ledger_holds "
               "h WHERE h.customer_id = k.customer_id AND h.hold_id = k.hold_id) "
               "ORDER BY k.public_id LIMIT 1"));
  if (!orphans.empty()) {
    return Internal("ledger audit: hold look-up " + std::string(orphans[0].Text(0)) +
                    " names no hold");
  }
  return {};
}

}  // namespace loyal::ledger
