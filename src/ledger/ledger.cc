#include "ledger/ledger.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/enum_names.h"

namespace loyal::ledger {
namespace {

constexpr EnumName<Account> kAccounts[] = {
    {Account::kPending, "pending"},   {Account::kAvailable, "available"},
    {Account::kHeld, "held"},         {Account::kDebt, "debt"},
    {Account::kIssued, "issued"},     {Account::kRedeemed, "redeemed"},
    {Account::kExpired, "expired"},   {Account::kReversed, "reversed"},
    {Account::kAdjusted, "adjusted"},
};

constexpr EnumName<LotState> kLotStates[] = {
    {LotState::kPending, "pending"},
    {LotState::kAvailable, "available"},
    {LotState::kCancelled, "cancelled"},
    {LotState::kExpired, "expired"},
};

constexpr EnumName<TxnKind> kTxnKinds[] = {
    {TxnKind::kEarn, "earn"},        {TxnKind::kRelease, "release"},
    {TxnKind::kCancel, "cancel"},    {TxnKind::kClawBack, "clawback"},
    {TxnKind::kExpire, "expire"},    {TxnKind::kCredit, "credit"},
    {TxnKind::kDebit, "debit"},      {TxnKind::kHold, "hold"},
    {TxnKind::kCapture, "capture"},  {TxnKind::kReleaseHold, "release_hold"},
    {TxnKind::kRestore, "restore"},  {TxnKind::kMergeOut, "merge_out"},
    {TxnKind::kMergeIn, "merge_in"},
};

}  // namespace

std::string_view AccountName(Account account) { return NameOf(kAccounts, account); }
std::optional<Account> ParseAccount(std::string_view name) { return FindByName(kAccounts, name); }
std::string_view LotStateName(LotState state) { return NameOf(kLotStates, state); }
std::optional<LotState> ParseLotState(std::string_view name) {
  return FindByName(kLotStates, name);
}
std::string_view TxnKindName(TxnKind kind) { return NameOf(kTxnKinds, kind); }

void Transfer(std::vector<Posting>& postings, Account from, Account to, int64_t points,
              std::optional<int64_t> lot_id) {
  postings.push_back({from, lot_id, -points});
  postings.push_back({to, lot_id, points});
}

Status CheckBalanced(std::span<const Posting> postings) {
  if (postings.empty()) return Internal("ledger transaction without postings");
  int64_t sum = 0;
  for (const Posting& p : postings) {
    if (p.points == 0) return Internal("ledger posting of zero points");
    sum += p.points;
  }
  if (sum != 0) {
    return Internal("ledger transaction postings sum to " + std::to_string(sum) + ", not 0");
  }
  return {};
}

Balances DeltaOf(std::span<const Posting> postings) {
  Balances d;
  for (const Posting& p : postings) {
    switch (p.account) {
      case Account::kPending:
        d.pending += p.points;
        break;
      case Account::kAvailable:
        d.available += p.points;
        break;
      case Account::kHeld:
        d.held += p.points;
        break;
      case Account::kDebt:
        d.debt -= p.points;
        break;
      case Account::kIssued:
      case Account::kReversed:
        d.lifetime_earned -= p.points;
        break;
      default:
        break;
    }
  }
  return d;
}

bool SpendsBefore(const Lot& a, const Lot& b) {
  if (a.expires_at != b.expires_at) {
    if (!a.expires_at) return false;
    if (!b.expires_at) return true;
    return *a.expires_at < *b.expires_at;
  }
  if (a.earned_at != b.earned_at) return a.earned_at < b.earned_at;
  return a.lot_id < b.lot_id;
}

Allocation Allocate(std::vector<Lot> lots, int64_t points) {
  std::erase_if(lots,
                [](const Lot& l) { return l.state != LotState::kAvailable || l.remaining <= 0; });
  std::sort(lots.begin(), lots.end(), SpendsBefore);
  Allocation out;
  int64_t left = points;
  for (const Lot& lot : lots) {
    if (left == 0) break;
    const int64_t take = std::min(left, lot.remaining);
    out.takes.push_back({lot.lot_id, take});
    left -= take;
  }
  out.shortfall = left;
  return out;
}

std::string ExpiryMonth(std::optional<Timestamp> expires_at) {
  if (!expires_at) return "";
  return FormatDate(DayOf(expires_at->time_since_epoch().count())).substr(0, 7);
}

}  // namespace loyal::ledger
