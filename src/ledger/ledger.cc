#include "ledger/ledger.h"

#include <algorithm>
#include <array>
#include <utility>

namespace loyal::ledger {
namespace {

constexpr std::array<std::pair<Account, std::string_view>, 9> kAccounts{{
    {Account::kPending, "pending"},
    {Account::kAvailable, "available"},
    {Account::kHeld, "held"},
    {Account::kDebt, "debt"},
    {Account::kIssued, "issued"},
    {Account::kRedeemed, "redeemed"},
    {Account::kExpired, "expired"},
    {Account::kReversed, "reversed"},
    {Account::kAdjusted, "adjusted"},
}};

constexpr std::array<std::pair<LotState, std::string_view>, 4> kLotStates{{
    {LotState::kPending, "pending"},
    {LotState::kAvailable, "available"},
    {LotState::kCancelled, "cancelled"},
    {LotState::kExpired, "expired"},
}};

template <class Enum, size_t N>
std::string_view NameIn(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum v) {
  for (const auto& [value, name] : table) {
    if (value == v) return name;
  }
  return "?";
}

template <class Enum, size_t N>
std::optional<Enum> ParseIn(const std::array<std::pair<Enum, std::string_view>, N>& table,
                            std::string_view text) {
  for (const auto& [value, name] : table) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view AccountName(Account account) { return NameIn(kAccounts, account); }
std::optional<Account> ParseAccount(std::string_view name) { return ParseIn(kAccounts, name); }
std::string_view LotStateName(LotState state) { return NameIn(kLotStates, state); }
std::optional<LotState> ParseLotState(std::string_view name) { return ParseIn(kLotStates, name); }

std::string_view TxnKindName(TxnKind kind) {
  switch (kind) {
    case TxnKind::kEarn:
      return "earn";
    case TxnKind::kRelease:
      return "release";
    case TxnKind::kCancel:
      return "cancel";
    case TxnKind::kClawBack:
      return "clawback";
    case TxnKind::kExpire:
      return "expire";
    case TxnKind::kCredit:
      return "credit";
    case TxnKind::kDebit:
      return "debit";
    case TxnKind::kHold:
      return "hold";
    case TxnKind::kCapture:
      return "capture";
    case TxnKind::kReleaseHold:
      return "release_hold";
    case TxnKind::kRestore:
      return "restore";
  }
  return "?";
}

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
