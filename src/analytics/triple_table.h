// Deduplicates rows of three doubles (bit-exact, -0.0 = 0.0) into RfmTriples-shaped columns:
// the engine of CompressTriples, also used to compress the Gamma-Gamma model's (x, m) pairs.
// Internal to analytics/. Not thread-safe (one table per call).
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

#include "analytics/rfm_triples.h"

namespace loyal::analytics::internal {

// Open addressing over the bit patterns of (x, t_x, T). A slot holds the triple's index and 32
// bits of its hash, so probes stay in an 8-byte-per-slot table that grows with the number of
// unique triples (a few MB for a million customers) and the triple itself is only read on a
// fingerprint match.
class TripleTable {
 public:
  // Mixes all 192 bits into every output bit (low bits pick the slot, high bits the fingerprint).
  static std::uint64_t Hash(double x, double tx, double T) {
    std::uint64_t h = std::bit_cast<std::uint64_t>(x);
    for (double v : {tx, T}) {
      h = (h ^ (h >> 31)) * 0xBF58476D1CE4E5B9ull + std::bit_cast<std::uint64_t>(v);
    }
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
    return h ^ (h >> 31);
  }

  // Returns the index of the triple, adding it to `out` when new.
  std::uint32_t Insert(double x, double tx, double T, RfmTriples& out) {
    x += 0.0;  // folds -0.0 into 0.0 so both land on the same triple
    tx += 0.0;
    T += 0.0;
    const std::uint64_t h = Hash(x, tx, T);
    const auto fingerprint = static_cast<std::uint32_t>(h >> 32);
    if (2 * (out.size() + 1) > slots_.size()) Grow(out);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = h & mask;; s = (s + 1) & mask) {
      Slot& slot = slots_[s];
      if (slot.index == kEmpty) {
        slot = {static_cast<std::uint32_t>(out.size()), fingerprint};
        out.x.push_back(x);
        out.tx.push_back(tx);
        out.T.push_back(T);
        out.weight.push_back(0);
        return slot.index;
      }
      if (slot.fingerprint == fingerprint && out.x[slot.index] == x && out.tx[slot.index] == tx &&
          out.T[slot.index] == T) {
        return slot.index;
      }
    }
  }

  // Adds the rows of `rows` (in their order, with their weights) to the table and `out`: how the
  // unique rows of a later range of input join those of an earlier one as if both had been
  // inserted in one pass. Returns, per row of `rows`, its index in `out`.
  std::vector<std::uint32_t> Merge(const RfmTriples& rows, RfmTriples& out) {
    std::vector<std::uint32_t> index(rows.size());
    for (std::size_t k = 0; k < rows.size(); ++k) {
      index[k] = Insert(rows.x[k], rows.tx[k], rows.T[k], out);
      out.weight[index[k]] += rows.weight[k];
    }
    return index;
  }

 private:
  static constexpr std::uint32_t kEmpty = std::numeric_limits<std::uint32_t>::max();
  struct Slot {
    std::uint32_t index = kEmpty;
    std::uint32_t fingerprint = 0;
  };

  void Grow(const RfmTriples& out) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(1024, 2 * old.size()), Slot{});
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.index == kEmpty) continue;
      const std::uint32_t k = slot.index;
      std::size_t s = Hash(out.x[k], out.tx[k], out.T[k]) & mask;
      while (slots_[s].index != kEmpty) s = (s + 1) & mask;
      slots_[s] = slot;
    }
  }

  std::vector<Slot> slots_;
};

}  // namespace loyal::analytics::internal
