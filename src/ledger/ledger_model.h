// Test only: an independent model of the points ledger for the random simulation
// (ledger_model_test.cc). Plain maps and vectors of expected lots, holds and debt, written
// from the rules in ledger_service.h and hold_service.h, not from their code: it shares no
// function with the ledger, so a slip in the ledger's arithmetic shows as a mismatch.
//
// Thread-safety: none; one test thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace loyal::ledger::model {

// Lots are ordered as the ledger allocates ids: (real id, 0), or for the k-th lot a restore
// made, (the restore's first id, k).
using LotKey = std::pair<int64_t, int>;

struct MLot {
  int64_t earned = 0, available_from = 0;
  std::optional<int64_t> expires;
  int64_t points = 0, remaining = 0, reversed = 0;
  char state = 'p';  // p(ending) a(vailable) c(ancelled) e(xpired)
};

struct MHold {
  std::string public_id;
  int64_t points = 0, restored = 0, created = 0;
  std::vector<std::pair<LotKey, int64_t>> taken;  // lot, points, in take order
  std::vector<int64_t> given_back;                // per take
  char state = 'h';                               // h(eld) c(aptured) r(eleased)
  bool bound = false;                             // an order pays with it: never timed out
};

struct MCustomer {
  std::map<LotKey, MLot> lots;
  std::vector<MHold> holds;
  int64_t debt = 0, lifetime = 0;

  int64_t Sum(char state) const {
    int64_t s = 0;
    for (const auto& [key, lot] : lots) s += lot.state == state ? lot.remaining : 0;
    return s;
  }
  int64_t Held() const {
    int64_t s = 0;
    for (const MHold& h : holds) s += h.state == 'h' ? h.points : 0;
    return s;
  }

  // Available lots with points, soonest expiry first (never last), then earned, then key.
  std::vector<LotKey> SpendOrder() const {
    std::vector<LotKey> keys;
    for (const auto& [key, lot] : lots) {
      if (lot.state == 'a' && lot.remaining > 0) keys.push_back(key);
    }
    auto rank = [&](const LotKey& k) {
      const MLot& l = lots.at(k);
      return std::make_tuple(l.expires ? 0 : 1, l.expires.value_or(0), l.earned, k);
    };
    std::sort(keys.begin(), keys.end(), [&](auto& a, auto& b) { return rank(a) < rank(b); });
    return keys;
  }

  // Takes `n` from available lots in spend order; returns what each gave; n must fit.
  std::vector<std::pair<LotKey, int64_t>> Spend(int64_t n, std::optional<LotKey> skip = {}) {
    std::vector<std::pair<LotKey, int64_t>> taken;
    for (const LotKey& k : SpendOrder()) {
      if (n == 0) break;
      if (skip && k == *skip) continue;
      const int64_t t = std::min(n, lots[k].remaining);
      lots[k].remaining -= t;
      n -= t;
      taken.push_back({k, t});
    }
    debt += n;  // only a claw-back may leave some over
    return taken;
  }

  void Release(int64_t now) {
    std::vector<LotKey> due;
    for (const auto& [key, lot] : lots) {
      if (lot.state == 'p' && lot.available_from <= now) due.push_back(key);
    }
    for (const LotKey& k : due) {
      const int64_t settle = std::min(debt, lots[k].remaining);
      debt -= settle;
      lots[k].remaining -= settle;
      lots[k].state = 'a';
    }
  }

  void Expire(int64_t now) {
    for (auto& [key, lot] : lots) {
      if (lot.state == 'a' && lot.remaining > 0 && lot.expires && *lot.expires <= now) {
        lot.remaining = 0;
        lot.state = 'e';
      }
    }
  }

  // Cancels `n` pending points of the lot (n must fit).
  void CancelPending(const LotKey& key, int64_t n) {
    MLot& lot = lots[key];
    lot.remaining -= n;
    lot.reversed += n;
    if (lot.remaining == 0) lot.state = 'c';
    lifetime -= n;
  }

  // Takes back `n` points the lot earned: its own remainder if available, then other lots,
  // then debt.
  void ClawBack(const LotKey& key, int64_t n) {
    MLot& lot = lots[key];
    const int64_t own = lot.state == 'a' ? std::min(n, lot.remaining) : 0;
    lot.remaining -= own;
    lot.reversed += n;
    Spend(n - own, key);
    lifetime -= n;
  }

  // Reserves `n` (which must fit) as a new held hold.
  MHold& PlaceHold(std::string public_id, int64_t n, int64_t now) {
    MHold hold{std::move(public_id), n, 0, now, {}, {}, 'h', false};
    hold.taken = Spend(n);
    hold.given_back.assign(hold.taken.size(), 0);
    holds.push_back(std::move(hold));
    return holds.back();
  }

  // Gives a held hold's points back to the lots they came from (expired ones included).
  void ReleaseHold(MHold& hold) {
    for (const auto& [key, points] : hold.taken) {
      lots[key].remaining += points;
      lots[key].state = 'a';
    }
    hold.state = 'r';
  }

  // Gives `n` of a captured hold back as new lots keyed (first_lot_id, k), the latest-taken
  // lots first, each keeping its original's expiry.
  void RestoreHold(MHold& hold, int64_t n, int64_t first_lot_id, int64_t now) {
    int64_t left = n;
    int k = 0;
    for (size_t i = hold.taken.size(); i-- > 0 && left > 0;) {
      const int64_t give = std::min(left, hold.taken[i].second - hold.given_back[i]);
      if (give == 0) continue;
      lots[{first_lot_id, k++}] =
          MLot{now, now, lots[hold.taken[i].first].expires, give, give, 0, 'a'};
      hold.given_back[i] += give;
      left -= give;
    }
    hold.restored += n;
  }

  // Releases the holds placed before `cutoff` that are still held (the jobs' time-out).
  void TimeOutHolds(int64_t cutoff) {
    for (MHold& hold : holds) {
      if (hold.state == 'h' && !hold.bound && hold.created < cutoff) ReleaseHold(hold);
    }
  }
};

}  // namespace loyal::ledger::model
