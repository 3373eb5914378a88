// rng.h - the run's one pseudo-random generator (xoshiro256**, seeded by
// splitmix64): every random decision of a run derives from its seed here.
#pragma once

#include <cstdint>

#include "enginesim/check.h"

namespace enginesim::sched {

// splitmix64 step: also used to derive independent child seeds.
inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t sm = seed;
    for (uint64_t& word : s_) word = splitmix64(sm);
  }

  uint64_t next_u64() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, bound), bound > 0; rejection keeps it unbiased.
  uint64_t below(uint64_t bound) {
    ES_CHECK(bound > 0);
    const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    for (;;) {
      const uint64_t x = next_u64();
      if (x < limit) return x % bound;
    }
  }

  // A generator for a sub-purpose, so that one consumer's draws do not
  // shift another's (the workload and the strategy stay independent).
  Rng split() { return Rng(next_u64()); }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace enginesim::sched
