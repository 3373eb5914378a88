// store_history.h - the recent stores to each atomic location, for
// --weak-memory (docs/atomics.md): a relaxed or acquire load may read an
// older store than the latest, as C++11 allows, when no happens-before edge
// and no earlier read of this thread (coherence) rules it out. Which one it
// reads is the strategy's recorded choice.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <unordered_map>  // style-ok: lookup-only map below
#include <utility>
#include <vector>

#include "harness/sched/atomics/vector_clock.h"

namespace enginesim::atomics {

using Value128 = unsigned __int128;

struct StoreRec {
  uint64_t index = 0;  // position in the location's modification order
  Value128 value = 0;
  uint32_t thread = 0;
  uint32_t clock = 0;   // the storing thread's own tick at the store
  VectorClock release;  // what a load reading it acquires
};

class StoreHistory {
 public:
  static constexpr size_t kStoresKept = 4;

  // A store (or read-modify-write) by `thread` (its own tick `clock`) that
  // wrote `value`.
  void stored(uint32_t loc, uint32_t thread, uint32_t clock, const VectorClock& release,
              Value128 value);
  // The stores a load of `thread` (its clock `now`) may read, newest first;
  // the newest is always there. `latest` is memory's value: a history that
  // does not end with it (a plain write since) is dropped.
  std::vector<const StoreRec*> readable(uint32_t loc, uint32_t thread, const VectorClock& now,
                                        Value128 latest);
  // `thread` (its own tick `clock`) read `rec`: neither it nor any load this
  // read happens before may read an older store of `loc` (coherence).
  void read(uint32_t loc, uint32_t thread, uint32_t clock, const StoreRec& rec);
  // ... the latest store (a read-modify-write, a seq_cst load).
  void read_latest(uint32_t loc, uint32_t thread, uint32_t clock);

 private:
  // The oldest store a load of `thread` (clock `now`) may still read: the
  // newest one any read or store that happens before it saw.
  uint64_t floor(uint32_t loc, const VectorClock& now) const;
  void saw(uint32_t loc, uint32_t thread, uint32_t clock, uint64_t index);

  std::unordered_map<uint32_t, std::deque<StoreRec>> stores_;  // style-ok: lookup only
  // (loc, thread) -> (its tick, the store index it saw), both increasing.
  std::map<std::pair<uint32_t, uint32_t>, std::vector<std::pair<uint32_t, uint64_t>>> seen_;
  uint64_t next_index_ = 1;
};

}  // namespace enginesim::atomics
