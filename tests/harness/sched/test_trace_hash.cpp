// test_trace_hash.cpp - TraceHash folds a word's high zero bytes into one
// multiplication; its values must stay those of plain FNV-1a over the
// word's eight bytes, low byte first, or every recorded trace hash changes.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include "harness/sched/trace.h"

namespace enginesim::sched {
namespace {

// FNV-1a, byte by byte: the definition the trace hashes were recorded with.
uint64_t reference(uint64_t hash, uint64_t word) {
  for (int i = 0; i < 8; ++i) {
    hash ^= (word >> (8 * i)) & 0xff;
    hash *= TraceHash::kPrime;
  }
  return hash;
}

TEST(TraceHash, EqualsByteByByteFnv1aForWordsOfEveryLength) {
  std::mt19937_64 rng(18);
  TraceHash fast;
  uint64_t slow = TraceHash::kOffset;
  for (int i = 0; i < 100000; ++i) {
    // Every length from 0 to 8 bytes, and zero bytes inside a word.
    const int bytes = i % 9;
    uint64_t word = bytes == 0 ? 0 : rng() >> (64 - 8 * bytes);
    if (i % 7 == 0) word &= ~uint64_t{0xff00};
    fast.add(word);
    slow = reference(slow, word);
    ASSERT_EQ(fast.value(), slow) << "after word " << i << " = " << word;
  }
}

TEST(TraceHash, KnownValueOfTheEmptyAndOneWordHashes) {
  TraceHash h;
  EXPECT_EQ(h.value(), 0xCBF29CE484222325ull);
  h.add(0);
  EXPECT_EQ(h.value(), reference(0xCBF29CE484222325ull, 0));
  EXPECT_NE(h.value(), 0xCBF29CE484222325ull);
}

}  // namespace
}  // namespace enginesim::sched
