#include "analytics/customer_index.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace loyal::analytics {

CustomerIndex::CustomerIndex(size_t expected_customers) {
  offsets_.reserve(expected_customers + 1);
  offsets_.push_back(0);
  hashes_.reserve(expected_customers);
  bytes_.reserve(expected_customers * 8);
  slots_.resize(std::bit_ceil(std::max<size_t>(16, expected_customers * 2)));
}

namespace {

// The n <= 8 bytes at p as a little-endian word, zero-padded, without a variable-length
// memcpy (a library call per id): overlapping fixed-size loads put the same bytes in the same
// places, so OR-ing them is exact.
uint64_t LoadPadded(const char* p, size_t n) {
  if (n >= 4) {
    uint32_t low, high;
    std::memcpy(&low, p, 4);
    std::memcpy(&high, p + n - 4, 4);
    return low | uint64_t{high} << (8 * (n - 4));
  }
  if (n == 0) return 0;
  const auto byte = [p](size_t k) { return uint64_t{static_cast<unsigned char>(p[k])}; };
  return byte(0) | byte(n / 2) << (8 * (n / 2)) | byte(n - 1) << (8 * (n - 1));
}

}  // namespace

CustomerIndex::Key CustomerIndex::MakeKey(std::string_view id) {
  // 8 bytes at a time with a multiply-xorshift mix: ids are short, so this beats a
  // byte-wise hash and spreads sequential numeric ids well.
  uint64_t h = 0x9E3779B97F4A7C15ull ^ id.size();
  const uint64_t prefix = LoadPadded(id.data(), std::min<size_t>(8, id.size()));
  size_t i = 0;
  for (; i + 8 <= id.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, id.data() + i, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  const uint64_t tail = i == id.size() ? 0 : LoadPadded(id.data() + i, id.size() - i);
  h = (h ^ tail) * 0x94D049BB133111EBull;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;
  const uint32_t tag = (static_cast<uint32_t>(h >> 32) & ~0xFFu) |
                       static_cast<uint32_t>(std::min<size_t>(id.size(), 255));
  return {h, prefix, tag};
}

size_t CustomerIndex::Probe(const Key& key, std::string_view id) const {
  const size_t mask = slots_.size() - 1;
  for (size_t s = key.hash & mask;; s = (s + 1) & mask) {
    const Slot& slot = slots_[s];
    if (slot.index == 0) return s;
    if (slot.tag == key.tag && slot.prefix == key.prefix &&
        (id.size() <= 8 || Id(slot.index - 1) == id)) {
      return s;
    }
  }
}

int64_t CustomerIndex::Find(std::string_view id) const {
  const Slot& slot = slots_[Probe(MakeKey(id), id)];
  return slot.index == 0 ? -1 : int64_t{slot.index} - 1;
}

uint32_t CustomerIndex::Intern(std::string_view id) { return InternKey(MakeKey(id), id); }

void CustomerIndex::PrefetchSlot(uint64_t hash) const {
  __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
}

void CustomerIndex::InternBatch(std::span<const std::string_view> ids, std::span<uint32_t> out) {
  constexpr size_t kBatch = 32;
  Key keys[kBatch];
  for (size_t begin = 0; begin < ids.size(); begin += kBatch) {
    const size_t n = std::min(kBatch, ids.size() - begin);
    for (size_t i = 0; i < n; ++i) {
      keys[i] = MakeKey(ids[begin + i]);
      PrefetchSlot(keys[i].hash);
    }
    // A Grow() within the batch only makes some prefetches useless, never wrong.
    for (size_t i = 0; i < n; ++i) out[begin + i] = InternKey(keys[i], ids[begin + i]);
  }
}

uint32_t CustomerIndex::InternKey(const Key& key, std::string_view id) {
  Slot& slot = slots_[Probe(key, id)];
  if (slot.index != 0) return slot.index - 1;
  const uint32_t index = size();
  bytes_.insert(bytes_.end(), id.begin(), id.end());
  offsets_.push_back(bytes_.size());
  hashes_.push_back(key.hash);
  slot = Slot{key.prefix, key.tag, index + 1};
  if ((size_t{index} + 1) * 2 > slots_.size()) Grow();
  return index;
}

void CustomerIndex::Grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.index == 0) continue;
    size_t s = hashes_[slot.index - 1] & mask;
    while (slots_[s].index != 0) s = (s + 1) & mask;
    slots_[s] = slot;
  }
}

std::vector<uint32_t> CustomerIndex::Merge(const CustomerIndex& other) {
  std::vector<uint32_t> remap(other.size());
  // Through InternBatch for its prefetching, a bounded chunk of views at a time.
  constexpr uint32_t kChunk = 4096;
  std::vector<std::string_view> views;
  views.reserve(kChunk);
  for (uint32_t begin = 0; begin < other.size(); begin += kChunk) {
    const uint32_t end = std::min(other.size(), begin + kChunk);
    views.clear();
    for (uint32_t i = begin; i < end; ++i) views.push_back(other.Id(i));
    InternBatch(views, std::span(remap).subspan(begin, end - begin));
  }
  return remap;
}

}  // namespace loyal::analytics
