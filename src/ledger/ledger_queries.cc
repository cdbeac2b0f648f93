#include "ledger/ledger_queries.h"

#include <charconv>
#include <map>

#include "ledger/hold_store.h"
#include "ledger/ledger_store.h"

namespace loyal::ledger {
namespace {

// The cursor is the last transaction id of the previous page, opaque to clients.
Result<int64_t> ParseCursor(const std::string& after) {
  if (after.empty()) return int64_t{0};
  int64_t id = 0;
  auto [end, ec] = std::from_chars(after.data(), after.data() + after.size(), id);
  if (ec != std::errc() || end != after.data() + after.size() || id <= 0) {
    return InvalidArgument("is not a cursor returned by this API", "after");
  }
  return id;
}

}  // namespace

Result<Balances> GetBalances(db::Transaction& tx, int64_t customer_id) {
  return store::ReadBalances(tx, customer_id);
}

Result<Lot> GetLot(db::Transaction& tx, int64_t customer_id, int64_t lot_id) {
  LOY_ASSIGN_OR_RETURN(auto lot, store::FindLot(tx, customer_id, lot_id));
  if (!lot) return NotFound("no such lot for this customer");
  return *lot;
}

Result<Hold> GetHold(db::Transaction& tx, std::string_view public_id) {
  LOY_ASSIGN_OR_RETURN(auto key, store::LookupHold(tx, public_id));
  if (!key) return NotFound("hold not found");
  LOY_ASSIGN_OR_RETURN(auto hold, store::FindHold(tx, key->first, key->second));
  if (!hold) return Internal("hold_lookup names a hold that does not exist");
  return std::move(*hold);
}

Result<std::vector<ExpiringPoints>> ExpiringWithin(db::Transaction& tx, int64_t customer_id,
                                                   Timestamp now, int days) {
  if (days < 0) return InvalidArgument("days must not be negative", "days");
  const Timestamp until = now + std::chrono::days(days);
  LOY_ASSIGN_OR_RETURN(auto lots,
                       store::ReadLots(tx, customer_id, store::LotSelection::kExpiring, until));
  std::map<Timestamp, int64_t> by_time;
  for (const Lot& lot : lots) by_time[*lot.expires_at] += lot.remaining;
  std::vector<ExpiringPoints> out;
  for (const auto& [at, points] : by_time) out.push_back({at, points});
  return out;
}

Result<std::vector<CustomerExpiring>> ExpiringBetween(db::Transaction& tx, Timestamp from,
                                                      Timestamp until, int64_t after_customer,
                                                      Timestamp after_expires_at, int limit) {
  if (limit < 1 || limit > kMaxEntriesPage) {
    return InvalidArgument("limit must be between 1 and 500", "limit");
  }
  LOY_ASSIGN_OR_RETURN(
      auto rows, store::ExpiringBetween(tx, from, until, after_customer, after_expires_at, limit));
  std::vector<CustomerExpiring> out;
  for (const auto& [customer_id, at, points] : rows) out.push_back({customer_id, at, points});
  return out;
}

Result<EntryPage> ListEntries(db::Transaction& tx, int64_t customer_id, const EntryQuery& query) {
  if (query.limit < 1 || query.limit > kMaxEntriesPage) {
    return InvalidArgument("limit must be between 1 and 500", "limit");
  }
  LOY_ASSIGN_OR_RETURN(int64_t before, ParseCursor(query.after));
  // One more than asked tells whether another page follows.
  LOY_ASSIGN_OR_RETURN(auto entries, store::ReadEntries(tx, customer_id, before, query.limit + 1));
  EntryPage page;
  if (entries.size() > static_cast<size_t>(query.limit)) {
    entries.pop_back();
    page.next_after = std::to_string(entries.back().txn_id);
  }
  page.entries = std::move(entries);
  return page;
}

Result<Liability> GetLiability(db::Transaction& tx, std::optional<int64_t> customer_id) {
  LOY_ASSIGN_OR_RETURN(auto sums, store::OutstandingByExpiry(tx, customer_id));
  std::map<std::string, int64_t> by_month;
  int64_t never = 0;
  Liability out;
  for (const auto& [at, points] : sums) {
    (at ? by_month[ExpiryMonth(at)] : never) += points;
    out.points += points;
  }
  for (const auto& [month, points] : by_month) out.months.push_back({month, points});
  if (never > 0) out.months.push_back({"", never});
  return out;
}

Result<std::vector<EarnedPoints>> EarnedSince(db::Transaction& tx, int64_t customer_id,
                                              Timestamp from) {
  LOY_ASSIGN_OR_RETURN(auto rows, store::EarnedSince(tx, customer_id, from));
  std::vector<EarnedPoints> out;
  out.reserve(rows.size());
  for (const auto& [at, points] : rows) out.push_back({at, points});
  return out;
}

}  // namespace loyal::ledger
