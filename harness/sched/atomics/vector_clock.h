// vector_clock.h - one vector clock of the race detector: for each thread,
// how far into that thread's history the owner has synchronised.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace enginesim::atomics {

class VectorClock {
 public:
  uint32_t get(uint32_t thread) const { return thread < ticks_.size() ? ticks_[thread] : 0; }
  void set(uint32_t thread, uint32_t value) {
    grow(thread);
    ticks_[thread] = value;
  }
  void tick(uint32_t thread) {
    grow(thread);
    ++ticks_[thread];
  }
  void join(const VectorClock& other) {
    if (other.ticks_.size() > ticks_.size()) ticks_.resize(other.ticks_.size(), 0);
    for (size_t i = 0; i < other.ticks_.size(); ++i) {
      ticks_[i] = std::max(ticks_[i], other.ticks_[i]);
    }
  }
  void clear() { ticks_.clear(); }

 private:
  void grow(uint32_t thread) {
    if (thread >= ticks_.size()) ticks_.resize(thread + 1, 0);
  }
  std::vector<uint32_t> ticks_;
};

}  // namespace enginesim::atomics
