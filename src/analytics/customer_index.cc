#include "analytics/customer_index.h"

#include <bit>
#include <cstring>

namespace loyal::analytics {

CustomerIndex::CustomerIndex(size_t expected_customers) {
  offsets_.reserve(expected_customers + 1);
  offsets_.push_back(0);
  hashes_.reserve(expected_customers);
  bytes_.reserve(expected_customers * 8);
  // Keep the load factor under one half.
  slots_.assign(std::bit_ceil(std::max<size_t>(16, expected_customers * 2)), 0);
}

uint64_t CustomerIndex::Hash(std::string_view id) {
  // 8 bytes at a time with a multiply-xorshift mix: ids are short, so this beats a
  // byte-wise hash and spreads sequential numeric ids well.
  uint64_t h = 0x9E3779B97F4A7C15ull ^ id.size();
  size_t i = 0;
  for (; i + 8 <= id.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, id.data() + i, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, id.data() + i, id.size() - i);
  h = (h ^ tail) * 0x94D049BB133111EBull;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 32);
}

int64_t CustomerIndex::Find(std::string_view id) const {
  const uint64_t h = Hash(id);
  const size_t mask = slots_.size() - 1;
  for (size_t s = h & mask;; s = (s + 1) & mask) {
    const uint32_t slot = slots_[s];
    if (slot == 0) return -1;
    if (hashes_[slot - 1] == static_cast<uint32_t>(h) && Id(slot - 1) == id) return slot - 1;
  }
}

uint32_t CustomerIndex::Intern(std::string_view id) {
  const uint64_t h = Hash(id);
  const size_t mask = slots_.size() - 1;
  size_t s = h & mask;
  for (;; s = (s + 1) & mask) {
    const uint32_t slot = slots_[s];
    if (slot == 0) break;
    if (hashes_[slot - 1] == static_cast<uint32_t>(h) && Id(slot - 1) == id) return slot - 1;
  }
  const uint32_t index = size();
  bytes_.insert(bytes_.end(), id.begin(), id.end());
  offsets_.push_back(bytes_.size());
  hashes_.push_back(static_cast<uint32_t>(h));
  slots_[s] = index + 1;
  if ((size_t{index} + 1) * 2 > slots_.size()) Grow();
  return index;
}

void CustomerIndex::Grow() {
  slots_.assign(slots_.size() * 2, 0);
  const size_t mask = slots_.size() - 1;
  for (uint32_t i = 0; i < size(); ++i) {
    size_t s = hashes_[i] & mask;  // the table never outgrows 32 bits of hash
    while (slots_[s] != 0) s = (s + 1) & mask;
    slots_[s] = i + 1;
  }
}

std::vector<uint32_t> CustomerIndex::Merge(const CustomerIndex& other) {
  std::vector<uint32_t> remap(other.size());
  for (uint32_t i = 0; i < other.size(); ++i) remap[i] = Intern(other.Id(i));
  return remap;
}

}  // namespace loyal::analytics
