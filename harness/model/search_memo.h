// search_memo.h - Lowe's memo for the linearizability search: which
// (linearized certain operations, model state) configurations were explored,
// and with which uncertain operations already used up. A configuration
// reached again with a superset of those is hopeless: fewer used means more
// options, and it failed then.
//
// The linearized set is kept compact: the search linearizes an operation
// only after every one that returned before its call, so the set is all
// operations below a low-water mark (in call order) plus a few called
// while the first missing one ran. A configuration stores the mark and the
// bitset words from it to the last of those few: usually one or two words,
// at worst (one operation running through the whole history) the bitset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace enginesim::model {

class SearchMemo {
 public:
  // Certain operations are ranked 0..certain-1 and uncertain ones
  // 0..uncertain-1, each in call order.
  SearchMemo(size_t certain, size_t uncertain);

  void add_certain(uint32_t rank);
  void remove_certain(uint32_t rank);
  void toggle_uncertain(uint32_t rank);
  bool uncertain_used(uint32_t rank) const { return ((used_[rank / 64] >> (rank % 64)) & 1) != 0; }

  // True when (the linearized set, `state`) with the uncertain operations
  // used now is worth exploring; then records it.
  bool remember(uint32_t state);

 private:
  struct Entry {
    uint64_t hash = 0;
    uint32_t state = 0;
    uint32_t low = 0;                           // every certain rank below it is linearized
    uint32_t window_begin = 0, window_end = 0;  // in window_pool_: see collect_window
    uint32_t seen = UINT32_MAX;                 // first of its used-sets (seen_next_ chains)
  };
  bool certain_set(uint32_t rank) const { return ((certain_[rank / 64] >> (rank % 64)) & 1) != 0; }
  uint32_t first_unset(uint32_t from) const;
  void collect_window();
  bool same_set(const Entry& e) const;
  uint32_t find_or_add(uint64_t hash, uint32_t state, bool* added);
  void grow();

  std::vector<uint64_t> certain_;  // linearized certain operations
  std::vector<uint64_t> used_;     // uncertain operations taken into effect
  size_t certain_count_ = 0, linearized_ = 0;
  uint32_t low_ = 0;
  uint64_t set_hash_ = 0;         // of the linearized set, kept as it changes
  std::vector<uint64_t> window_;  // scratch: collect_window's words
  std::vector<Entry> entries_;
  std::vector<uint64_t> window_pool_;
  std::vector<uint64_t> seen_pool_;  // used-sets, used_.size() words each
  std::vector<uint32_t> seen_next_;  // per used-set: the next of its entry's
  std::vector<uint32_t> slots_;      // open addressing: entry + 1, 0 = free
};

}  // namespace enginesim::model
