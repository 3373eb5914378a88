// lock_order.h - the lock-order graph of a run (as Linux's lockdep and
// ThreadSanitizer's deadlock detector keep one): an edge A -> B when a thread
// takes B while it holds A. A cycle is a potential deadlock even when the
// schedule that was explored never deadlocked: another interleaving of the
// same code can make each thread of the cycle wait for the next.
//
// Semantics (docs/scheduler.md, "Lock order"):
//  - A lock is its address while it lives: pthread_*_init and _destroy on
//    it, and a free of the memory around it, forget it and its edges, so a
//    new lock at a reused address starts with none.
//  - A trylock that succeeds adds no edge into the lock it took (it cannot
//    wait), but the lock is held: later acquisitions get edges from it.
//    A timed lock can wait and counts as blocking.
//  - Re-taking a lock the thread holds (a recursive mutex, a second read
//    lock) adds nothing.
//  - A read lock of a rwlock waits only for a writer (glibc's rwlocks prefer
//    readers), so a cycle whose only link through a rwlock is a reader
//    waiting while another reader holds it is no deadlock and not reported
//    (lockdep's rule for recursive readers).
//  - pthread_cond_wait releases its mutex and takes it again on waking: the
//    retake is an acquisition like any other.
//
// Only observes: it makes no scheduling point and no choice, and nothing of
// it goes into the trace hash, so runs without a cycle are unchanged. The
// first cycle found is kept; the run ends as Verdict::lock_order if nothing
// else failed (SchedCore::end_run).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>  // style-ok: lookup-only maps below
#include <vector>

#include "harness/sched/strategy.h"

namespace enginesim::sched {

enum class LockKind : uint8_t { mutex, rwlock };

// One acquisition as the scheduler saw it.
struct LockAcquire {
  const void* lock = nullptr;  // the address: the lock's identity while it lives
  LockKind kind = LockKind::mutex;
  uint32_t number = 0;         // the scheduler's object number (trace: mutex#N)
  bool shared = false;         // a read lock
  bool can_wait = true;        // false: a trylock (it never waits)
  const void* site = nullptr;  // the return address of the lock call
  ThreadId thread = 0;
  uint64_t step = 0;
};

// One link of a cycle: `thread` took `to` at `to_site` while it held `from`,
// which it had taken at `from_site`.
struct LockOrderLink {
  uint32_t from_number = 0, to_number = 0;
  LockKind from_kind = LockKind::mutex, to_kind = LockKind::mutex;
  bool from_shared = false, to_shared = false;
  const void* from_site = nullptr;
  const void* to_site = nullptr;
  ThreadId thread = 0;
  uint64_t step = 0;
  // The sites in words, filled in when the cycle is found (name_sites):
  // the module may be unloaded by the time the run ends.
  std::string from_where, to_where;
};

class LockOrder {
 public:
  void acquired(const LockAcquire& a);
  // One level of `lock` released by `thread` (a recursive or read lock may
  // still be held).
  void released(ThreadId thread, const void* lock);
  // The lock at `lock` is destroyed or initialised anew.
  void forget(const void* lock);
  // [begin, begin + bytes) is freed: every lock inside it is forgotten.
  // `bytes` may be kFreedBytesUnknown (free_watch.h): asked only when a
  // known lock lies at or above `begin`.
  void forget_range(const void* begin, size_t bytes);

  bool found() const { return !cycle_.empty(); }
  // Where `thread` took the lock numbered `number` that it holds (the
  // return address of the lock call, minus one), or null.
  const void* holder_site(ThreadId thread, uint32_t number) const;
  // The cycle's links, starting with the edge that closed it.
  const std::vector<LockOrderLink>& cycle() const { return cycle_; }
  // Names the cycle's sites (code_site.h) while their modules are loaded;
  // runs addr2line, so the caller's wrappers must pass through.
  void name_sites();
  size_t live_locks() const { return by_address_.size(); }
  size_t live_edges() const { return edge_index_.size(); }

 private:
  struct Held {
    uint32_t node = 0;
    bool shared = false;
    uint32_t depth = 1;
    const void* site = nullptr;
  };
  struct Node {
    const void* lock = nullptr;
    uint32_t number = 0;
    LockKind kind = LockKind::mutex;
    std::vector<uint32_t> out, in;  // edge indexes, in order of creation
  };
  struct Edge {
    uint32_t from = 0, to = 0;
    LockOrderLink link;  // the first acquisition that made it
    bool live = true;
  };

  uint32_t node_of(const LockAcquire& a);
  void add_edge(const Held& held, uint32_t to, const LockAcquire& a);
  bool find_path(uint32_t from, bool from_shared, uint32_t to, bool to_shared,
                 std::vector<uint32_t>* path) const;
  void drop_node(uint32_t node);
  static uint64_t edge_key(uint32_t from, uint32_t to, bool from_shared, bool to_shared);

  std::vector<Node> nodes_;  // index = node; a forgotten node keeps its slot
  std::vector<Edge> edges_;
  // style-ok: the maps below are looked up (and the ordered one searched by
  // range for a freed block); what they hold never orders a decision.
  std::unordered_map<const void*, uint32_t> by_address_;  // style-ok: lookup only
  std::map<uintptr_t, uint32_t> by_range_;                // live locks by address
  std::unordered_map<uint64_t, uint32_t> edge_index_;     // style-ok: lookup only
  std::vector<std::vector<Held>> held_;                   // index = thread; in acquisition order
  std::vector<LockOrderLink> cycle_;
  // Set while the graph changes: the frees it makes itself (a vector that
  // grows, a map node erased) reach forget_range through free_watch.h, and
  // hold no lock, so they are ignored.
  bool busy_ = false;
};

// The cycle as a report: one paragraph per link, with the sites as
// name_sites put them ("s_arithmetic (engine.so+0x1a2b) at engine.c:88");
// `names` are the threads' names.
std::string lock_order_report(const std::vector<LockOrderLink>& cycle,
                              const std::vector<std::string>& names);

}  // namespace enginesim::sched
