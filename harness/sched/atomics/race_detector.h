// race_detector.h - a happens-before data-race detector over the controlled
// schedule (--races; docs/atomics.md). Vector clocks per thread and per sync
// object; a shadow of the last accesses per 8-byte granule of memory. Two
// accesses race when they overlap, come from different threads, at least one
// writes, at least one is not atomic, and neither happens before the other.
// Edges: lock release -> acquire (mutex, rwlock, the mutex of a condition
// wait), thread create and join, atomics by their memory order (release or
// stronger writes, acquire or stronger reads; relaxed ones only through
// fences), seq_cst fences among themselves.
//
// Called only by the running controlled thread (one at a time): no locks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>  // style-ok: lookup-only maps below
#include <vector>

#include "harness/sched/atomics/store_history.h"
#include "harness/sched/atomics/vector_clock.h"

namespace enginesim::atomics {

// Sync-object keys: the kind in the top bits, the scheduler's object number.
enum class SyncKind : uint64_t { mutex = 1, rwlock = 2, atomic = 3, sc_fence = 4 };
inline uint64_t sync_key(SyncKind kind, uint32_t number) {
  return (static_cast<uint64_t>(kind) << 32) | number;
}

// C11 memory orders as the instrumentation passes them.
enum MemoryOrder : int {
  relaxed = 0,
  consume = 1,
  acquire = 2,
  release = 3,
  acq_rel = 4,
  seq_cst = 5
};
inline bool acquires(int mo) { return mo != relaxed && mo != release; }
inline bool releases(int mo) { return mo == release || mo == acq_rel || mo == seq_cst; }

struct Access {
  uint32_t thread = 0;
  uint32_t clock = 0;  // the thread's own tick at the access
  const void* pc = nullptr;
  uint64_t step = 0;  // the scheduling step it happened in
  uint8_t mask = 0;   // bytes of the granule touched
  uint8_t size = 0;   // bytes of the whole access
  bool write = false;
  bool atomic = false;
};

struct Race {
  Access earlier;
  Access later;
};

class RaceDetector {
 public:
  void thread_created(uint32_t parent, uint32_t child);
  void thread_joined(uint32_t joiner, uint32_t target);
  void acquire(uint32_t thread, uint64_t key);
  void release(uint32_t thread, uint64_t key);
  // An atomic operation on location number `loc` that wrote or only read;
  // `value`: what it wrote (--weak-memory keeps it).
  void atomic_op(uint32_t thread, uint32_t loc, bool wrote, bool read, int mo, Value128 value = 0);
  // --weak-memory: the stores a relaxed or acquire load may read, newest
  // first (store_history.h), and the one it read (its release clock is what
  // the load's atomic_op acquires).
  void keep_stores() { weak_ = true; }
  std::vector<const StoreRec*> readable(uint32_t thread, uint32_t loc, Value128 latest);
  void reads(uint32_t thread, uint32_t loc, const StoreRec& rec);
  void fence(uint32_t thread, int mo);
  // A memory access; the first race it completes, if any.
  std::optional<Race> access(uint32_t thread, uintptr_t addr, size_t size, bool write, bool atomic,
                             const void* pc, uint64_t step);
  void forget(uintptr_t addr, size_t size);

 private:
  struct ThreadClocks {
    VectorClock now;
    VectorClock fence_release;    // the clock at its last release fence
    VectorClock pending_acquire;  // what relaxed reads saw, for an acquire fence
    bool read_older = false;      // --weak-memory: the next read acquires `older`
    VectorClock older;
  };
  ThreadClocks& clocks(uint32_t thread);
  std::optional<Race> access_granule(uintptr_t granule, uint8_t mask, const Access& a);

  static constexpr size_t kCellsMax = 8;                       // accesses remembered per granule
  std::vector<ThreadClocks> threads_;                          // index = thread number
  std::unordered_map<uint64_t, VectorClock> sync_;             // style-ok: lookup only
  std::unordered_map<uintptr_t, std::vector<Access>> shadow_;  // style-ok: lookup only
  bool weak_ = false;
  StoreHistory stores_;
};

}  // namespace enginesim::atomics
