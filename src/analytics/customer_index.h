// CustomerIndex: interns a shop's customer ids (strings) as dense indices 0..n-1 so the
// kernels can work on compact arrays. Open addressing over one byte arena: no allocation
// per id, ~45 bytes per customer. A slot holds the id's first 8 bytes and a tag of hash
// and length, so a look-up of a short id (most shops' ids) touches one cache line.
// Not synchronised: one index per thread; Merge() joins the indices two threads built.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace loyal::analytics {

class CustomerIndex {
 public:
  explicit CustomerIndex(size_t expected_customers = 1024);

  // Returns the dense index of `id`, adding it if new (indices are given in order of
  // first appearance).
  uint32_t Intern(std::string_view id);

  // Interns ids[i] into out[i] for every i (out.size() == ids.size()), as Intern one by
  // one would. Faster on large tables: the slots of the whole batch are fetched from
  // memory together instead of one cache miss after another.
  void InternBatch(std::span<const std::string_view> ids, std::span<uint32_t> out);

  // Returns the index of `id`, or -1 when it was never interned.
  int64_t Find(std::string_view id) const;

  // The id of dense index `index` (< size()); valid until the next Intern/Merge.
  std::string_view Id(uint32_t index) const {
    return std::string_view(bytes_.data() + offsets_[index], offsets_[index + 1] - offsets_[index]);
  }
  uint32_t size() const { return static_cast<uint32_t>(offsets_.size() - 1); }

  // Interns every id of `other` (in its index order) and returns, for each of other's
  // indices, the index it has here.
  std::vector<uint32_t> Merge(const CustomerIndex& other);

 private:
  struct Slot {
    uint64_t prefix = 0;  // the id's first 8 bytes, zero-padded
    uint32_t tag = 0;     // high hash bits with the length (capped at 255) in the low byte
    uint32_t index = 0;   // dense index + 1; 0 marks an empty slot
  };
  struct Key {
    uint64_t hash, prefix;
    uint32_t tag;
  };
  static Key MakeKey(std::string_view id);
  // The slot holding `id`, or the empty slot where it would go.
  size_t Probe(const Key& key, std::string_view id) const;
  // Intern with the key already made.
  uint32_t InternKey(const Key& key, std::string_view id);
  void PrefetchSlot(uint64_t hash) const;
  void Grow();

  std::vector<char> bytes_;
  std::vector<uint64_t> offsets_;  // id i is bytes_[offsets_[i], offsets_[i+1])
  std::vector<uint64_t> hashes_;   // each id's hash, for growing without rehashing
  std::vector<Slot> slots_;        // size a power of two, at most half full
};

}  // namespace loyal::analytics
