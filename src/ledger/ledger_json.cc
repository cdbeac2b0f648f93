#include "ledger/ledger_json.h"

#include <algorithm>
#include <boost/json/array.hpp>

#include "http/json_write.h"

namespace loyal::ledger {
namespace {

boost::json::value OptionalTime(const std::optional<Timestamp>& t) {
  return t ? boost::json::value(FormatTimestamp(*t)) : boost::json::value(nullptr);
}

// The entry's postings summed per account, in the order the accounts first appear.
boost::json::array PostingsByAccount(const std::vector<Posting>& postings) {
  std::vector<std::pair<Account, int64_t>> sums;
  for (const Posting& p : postings) {
    auto it =
        std::find_if(sums.begin(), sums.end(), [&](const auto& s) { return s.first == p.account; });
    if (it == sums.end()) {
      sums.emplace_back(p.account, p.points);
    } else {
      it->second += p.points;
    }
  }
  boost::json::array out;
  for (const auto& [account, points] : sums) {
    if (points != 0) out.push_back({{"account", AccountName(account)}, {"points", points}});
  }
  return out;
}

}  // namespace

const char kBalancesSchema[] = R"json({"type": "object", "properties": {
  "available": {"type": "integer", "description": "spendable now"},
  "pending": {"type": "integer", "description": "earned, waiting for the return window"},
  "held": {"type": "integer", "description": "reserved by open holds"},
  "debt": {"type": "integer", "description": "owed after a return took back spent points; settled from later earnings"},
  "lifetime_earned": {"type": "integer", "description": "earned net of cancellations and claw-backs"}}})json";

boost::json::object BalancesJson(const Balances& b) {
  return {{"available", b.available},
          {"pending", b.pending},
          {"held", b.held},
          {"debt", b.debt},
          {"lifetime_earned", b.lifetime_earned}};
}

const char kEntrySchema[] = R"json({"type": "object", "properties": {
  "kind": {"type": "string", "enum": ["earn", "release", "cancel", "clawback", "expire", "credit",
    "debit", "hold", "capture", "release_hold", "restore"]},
  "reason": {"type": "string"},
  "created_at": {"type": "string", "format": "date-time"},
  "program_version": {"type": ["integer", "null"], "description": "the program version whose rules made it"},
  "source": {"type": ["object", "null"], "description": "what it came from: an order (its external id), a return, a hold (its public id), an event (its name)",
    "properties": {"type": {"type": "string"}, "id": {"type": "string"}}},
  "actor": {"type": ["string", "null"], "description": "api_key:<id> of an admin's adjustment"},
  "changes": {"type": "object", "description": "what it changed in the customer's balances",
    "properties": {"available": {"type": "integer"}, "pending": {"type": "integer"},
      "held": {"type": "integer"}, "debt": {"type": "integer"}}},
  "postings": {"type": "array", "description": "double-entry postings summed per account; they sum to zero",
    "items": {"type": "object", "properties": {"account": {"type": "string"}, "points": {"type": "integer"}}}}}})json";

boost::json::object EntryJson(const Entry& e) {
  const Balances delta = DeltaOf(e.postings);
  boost::json::value source = nullptr;
  if (!e.memo.source_type.empty() && !e.memo.source_ref.empty()) {
    source = boost::json::object{{"type", e.memo.source_type}, {"id", e.memo.source_ref}};
  }
  return {{"kind", e.kind},
          {"reason", e.memo.reason},
          {"created_at", FormatTimestamp(e.created_at)},
          {"program_version", e.memo.program_version ? boost::json::value(*e.memo.program_version)
                                                     : boost::json::value(nullptr)},
          {"source", std::move(source)},
          {"actor", e.memo.actor ? boost::json::value(*e.memo.actor) : boost::json::value(nullptr)},
          {"changes",
           {{"available", delta.available},
            {"pending", delta.pending},
            {"held", delta.held},
            {"debt", delta.debt}}},
          {"postings", PostingsByAccount(e.postings)}};
}

std::string HoldSchema() {
  return std::string(R"json({"type": "object", "properties": {
  "id": {"type": "string", "description": "the hold's public id, hold_..."},
  "customer_id": {"type": "string"},
  "points": {"type": "integer"},
  "reference": {"type": "string", "description": "what the hold pays for, e.g. an order id"},
  "state": {"type": "string", "enum": ["held", "captured", "released"]},
  "restored": {"type": "integer", "description": "points given back after capture"},
  "created_at": {"type": "string", "format": "date-time"},
  "resolved_at": {"type": ["string", "null"], "format": "date-time"},
  "balances": )json") +
         kBalancesSchema + "}}";
}

boost::json::object HoldJson(const Hold& hold, const std::string& customer_id,
                             const Balances& balances) {
  return {{"id", hold.public_id},
          {"customer_id", customer_id},
          {"points", hold.points},
          {"reference", hold.reference},
          {"state", HoldStateName(hold.state)},
          {"restored", hold.restored},
          {"created_at", FormatTimestamp(hold.created_at)},
          {"resolved_at", OptionalTime(hold.resolved_at)},
          {"balances", BalancesJson(balances)}};
}

boost::json::object ExpiringJson(const std::vector<ExpiringPoints>& within_90_days, Timestamp now) {
  int64_t by[3] = {0, 0, 0};
  boost::json::array dates;
  for (const ExpiringPoints& e : within_90_days) {
    for (int i = 0; i < 3; ++i) {
      if (e.expires_at <= now + std::chrono::days(30 * (i + 1))) by[i] += e.points;
    }
    dates.push_back({{"expires_at", FormatTimestamp(e.expires_at)}, {"points", e.points}});
  }
  return {{"within_30_days", by[0]},
          {"within_60_days", by[1]},
          {"within_90_days", by[2]},
          {"dates", std::move(dates)}};
}

const char kLiabilitySchema[] = R"json({"type": "object", "properties": {
  "points": {"type": "integer", "description": "pending + available + held points the shop owes"},
  "currency": {"type": "string"},
  "point_value": {"type": "string", "description": "the point_value setting: one point in major units"},
  "value_minor": {"type": "integer"}, "value": {"type": "string"},
  "months": {"type": "array", "items": {"type": "object", "properties": {
    "month": {"type": ["string", "null"], "description": "YYYY-MM (UTC) the points expire in; null: never"},
    "points": {"type": "integer"}, "value_minor": {"type": "integer"}, "value": {"type": "string"}}}}}})json";

Result<boost::json::object> LiabilityJson(const Liability& liability, const Currency& currency,
                                          int64_t point_value_micros) {
  boost::json::object out{{"points", liability.points},
                          {"currency", currency.code()},
                          {"point_value", FormatScaledDecimal(point_value_micros, 6)}};
  LOY_ASSIGN_OR_RETURN(int64_t total,
                       LineTotalMinor(liability.points, point_value_micros, currency));
  http::PutMoney(out, "value", total, currency.exponent());
  boost::json::array months;
  for (const LiabilityMonth& m : liability.months) {
    boost::json::object month{
        {"month", m.month.empty() ? boost::json::value(nullptr) : boost::json::value(m.month)},
        {"points", m.points}};
    LOY_ASSIGN_OR_RETURN(int64_t value, LineTotalMinor(m.points, point_value_micros, currency));
    http::PutMoney(month, "value", value, currency.exponent());
    months.push_back(std::move(month));
  }
  out["months"] = std::move(months);
  return out;
}

}  // namespace loyal::ledger
