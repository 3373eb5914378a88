// search_memo.cpp - see search_memo.h. The table is open addressing with
// linear probing over entry numbers, grown at half full.
#include "harness/model/search_memo.h"

#include <algorithm>

#include "enginesim/check.h"

namespace enginesim::model {
namespace {

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

SearchMemo::SearchMemo(size_t certain, size_t uncertain)
    : certain_((certain + 64) / 64),
      used_((uncertain + 63) / 64),
      certain_count_(certain),
      slots_(1024, 0) {
  ES_CHECK(certain < UINT32_MAX && uncertain < UINT32_MAX);
}

void SearchMemo::add_certain(uint32_t rank) {
  ES_CHECK(rank < certain_count_ && !certain_set(rank));
  certain_[rank / 64] |= 1ull << (rank % 64);
  set_hash_ ^= splitmix64(rank);
  ++linearized_;
  if (rank == low_) low_ = first_unset(low_);
}

// The first rank >= from not linearized (certain_count_ when all are; the
// padding bits past it are never set).
uint32_t SearchMemo::first_unset(uint32_t from) const {
  size_t w = from / 64;
  uint64_t free_bits = ~certain_[w] & ~((1ull << (from % 64)) - 1);
  while (free_bits == 0) {
    ES_CHECK(w + 1 < certain_.size());
    free_bits = ~certain_[++w];
  }
  return static_cast<uint32_t>(w * 64 + static_cast<size_t>(__builtin_ctzll(free_bits)));
}

void SearchMemo::remove_certain(uint32_t rank) {
  ES_CHECK(rank < certain_count_ && certain_set(rank));
  certain_[rank / 64] &= ~(1ull << (rank % 64));
  set_hash_ ^= splitmix64(rank);
  --linearized_;
  low_ = std::min(low_, rank);
}

void SearchMemo::toggle_uncertain(uint32_t rank) {
  ES_CHECK(rank / 64 < used_.size());
  used_[rank / 64] ^= 1ull << (rank % 64);
}

// The words of the linearized set from low_'s word up to the last with a
// linearized rank above low_ (none when there is none). Below low_ every
// rank is linearized and low_ is not, so (low_, these words) name the set.
void SearchMemo::collect_window() {
  window_.clear();
  size_t want = linearized_ - low_;  // linearized ranks above low_
  for (size_t w = low_ / 64; want > 0; ++w) {
    ES_CHECK(w < certain_.size());
    uint64_t above = certain_[w];
    if (w == low_ / 64) above &= ~((2ull << (low_ % 64)) - 1);  // ranks > low_ only
    want -= static_cast<size_t>(__builtin_popcountll(above));
    window_.push_back(certain_[w]);
  }
}

bool SearchMemo::same_set(const Entry& e) const {
  return e.low == low_ && e.window_end - e.window_begin == window_.size() &&
         std::equal(window_.begin(), window_.end(), window_pool_.begin() + e.window_begin);
}

uint32_t SearchMemo::find_or_add(uint64_t hash, uint32_t state, bool* added) {
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    if (slots_[i] == 0) {
      Entry e;
      e.hash = hash, e.state = state, e.low = low_;
      ES_CHECK(window_pool_.size() + window_.size() < UINT32_MAX);
      e.window_begin = static_cast<uint32_t>(window_pool_.size());
      window_pool_.insert(window_pool_.end(), window_.begin(), window_.end());
      e.window_end = static_cast<uint32_t>(window_pool_.size());
      ES_CHECK(entries_.size() < UINT32_MAX - 1);
      entries_.push_back(e);
      slots_[i] = static_cast<uint32_t>(entries_.size());
      *added = true;
      if (entries_.size() * 2 > slots_.size()) grow();
      return static_cast<uint32_t>(entries_.size() - 1);
    }
    const Entry& e = entries_[slots_[i] - 1];
    if (e.hash == hash && e.state == state && same_set(e)) {
      *added = false;
      return slots_[i] - 1;
    }
  }
}

void SearchMemo::grow() {
  std::vector<uint32_t> slots(slots_.size() * 2, 0);
  const size_t mask = slots.size() - 1;
  for (uint32_t n = 0; n < entries_.size(); ++n) {
    size_t i = entries_[n].hash & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = n + 1;
  }
  slots_.swap(slots);
}

bool SearchMemo::remember(uint32_t state) {
  collect_window();
  const uint64_t hash = splitmix64(set_hash_ ^ (uint64_t{state} * 0x9e3779b97f4a7c15ull));
  bool added = false;
  const uint32_t n = find_or_add(hash, state, &added);
  const size_t words = used_.size();
  if (!added) {
    for (uint32_t s = entries_[n].seen; s != UINT32_MAX; s = seen_next_[s]) {
      const uint64_t* q = seen_pool_.data() + size_t{s} * words;
      bool subset = true;  // q ⊆ used_
      for (size_t w = 0; w < words && subset; ++w) subset = (q[w] & ~used_[w]) == 0;
      if (subset) return false;
    }
  }
  ES_CHECK(seen_next_.size() < UINT32_MAX);
  const auto s = static_cast<uint32_t>(seen_next_.size());
  seen_pool_.insert(seen_pool_.end(), used_.begin(), used_.end());
  seen_next_.push_back(entries_[n].seen);
  entries_[n].seen = s;
  return true;
}

}  // namespace enginesim::model
