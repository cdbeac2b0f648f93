// Splitting a CLV kernel's loop over the two cores of the machine it runs on: the per-triple
// likelihood passes and the per-customer scoring loops of a million-customer shop. The split is
// fixed (first half, second half) and callers combine the halves' partial sums in that order, so
// results depend only on the input, never on thread timing. Internal to analytics/.
//
// Thread-safe as long as the body only writes what its range owns.
#pragma once

#include <cstddef>
#include <thread>

namespace loyal::analytics::internal {

// Below this many items a loop runs on the calling thread alone: starting a thread (tens of
// microseconds) would cost more than the half of the loop it takes over. The default suits loops
// of a few exp/log per item; loops of microseconds per item pass a smaller minimum.
inline constexpr std::size_t kSplitMinimum = 32'768;

// Number of parts ForEachPart runs for n items: 1 or 2.
inline int PartCount(std::size_t n, std::size_t minimum = kSplitMinimum) {
  return n < minimum ? 1 : 2;
}

// Where part 1 of n items begins (n when there is only part 0).
inline std::size_t SecondPartBegin(std::size_t n, std::size_t minimum = kSplitMinimum) {
  return PartCount(n, minimum) == 1 ? n : n / 2;
}

// Runs body(part, begin, end) for the parts of [0, n) (see PartCount): part 0 on the calling
// thread and part 1, if any, on a second thread, returning when both are done. `body` must not
// throw.
template <typename Body>
void ForEachPart(std::size_t n, const Body& body, std::size_t minimum = kSplitMinimum) {
  if (PartCount(n, minimum) == 1) {
    body(0, std::size_t{0}, n);
    return;
  }
  const std::size_t middle = SecondPartBegin(n, minimum);
  std::jthread second([&body, middle, n] { body(1, middle, n); });
  body(0, std::size_t{0}, middle);
}

}  // namespace loyal::analytics::internal
