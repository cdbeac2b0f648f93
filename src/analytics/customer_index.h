// CustomerIndex: interns a shop's customer ids (strings) as dense indices 0..n-1 so the
// kernels can work on compact arrays. Open addressing over one byte arena: no allocation
// per id, ~20 bytes per customer. Not synchronised: one index per thread; Merge() joins
// the indices that two reader threads built.
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
  static uint64_t Hash(std::string_view id);
  void Grow();

  std::vector<char> bytes_;
  std::vector<uint64_t> offsets_;  // id i is bytes_[offsets_[i], offsets_[i+1])
  std::vector<uint32_t> hashes_;   // low bits of each id's hash, to skip most compares
  std::vector<uint32_t> slots_;    // index + 1, or 0 for an empty slot; size a power of two
};

}  // namespace loyal::analytics
