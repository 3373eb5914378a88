// race_detector.cpp - vector-clock edges and the shadow of accesses.
#include "harness/sched/atomics/race_detector.h"

#include "enginesim/check.h"
#include "harness/sched/atomics/entry_state.h"

namespace enginesim::atomics {

std::atomic<bool> g_accesses_watched{false};  // entry_state.h

RaceDetector::ThreadClocks& RaceDetector::clocks(uint32_t thread) {
  if (thread >= threads_.size()) {
    const size_t first_new = threads_.size();
    threads_.resize(thread + 1);
    for (size_t t = first_new; t < threads_.size(); ++t) {
      threads_[t].now.set(static_cast<uint32_t>(t), 1);
    }
  }
  return threads_[thread];
}

void RaceDetector::thread_created(uint32_t parent, uint32_t child) {
  ES_CHECK(parent != child);
  clocks(child);
  ThreadClocks& p = clocks(parent);
  ThreadClocks& c = clocks(child);  // the resize above keeps `p` valid
  c.now.join(p.now);
  p.now.tick(parent);
}

void RaceDetector::thread_joined(uint32_t joiner, uint32_t target) {
  ES_CHECK(joiner != target);
  clocks(std::max(joiner, target));
  threads_[joiner].now.join(threads_[target].now);
}

void RaceDetector::acquire(uint32_t thread, uint64_t key) {
  ThreadClocks& t = clocks(thread);
  const auto it = sync_.find(key);
  if (it != sync_.end()) t.now.join(it->second);
}

void RaceDetector::release(uint32_t thread, uint64_t key) {
  ThreadClocks& t = clocks(thread);
  sync_[key].join(t.now);
  t.now.tick(thread);
}

void RaceDetector::atomic_op(uint32_t thread, uint32_t loc, bool wrote, bool read, int mo,
                             Value128 value) {
  ThreadClocks& t = clocks(thread);
  VectorClock& l = sync_[sync_key(SyncKind::atomic, loc)];
  const uint32_t own = t.now.get(thread);
  if (read) {
    // What it read: an older store (--weak-memory) or the latest.
    const VectorClock& from = t.read_older ? t.older : l;
    if (acquires(mo)) {
      t.now.join(from);
    } else {
      t.pending_acquire.join(from);  // an acquire fence later makes it an edge
    }
    if (weak_ && !t.read_older) stores_.read_latest(loc, thread, own);
    t.read_older = false;
  }
  if (!wrote) return;
  // A plain store starts a new release sequence; a read-modify-write
  // continues the one it read from (C++20 [intro.races]).
  if (!read) l.clear();
  if (releases(mo)) {
    l.join(t.now);
    t.now.tick(thread);
  } else {
    l.join(t.fence_release);
  }
  if (weak_) stores_.stored(loc, thread, own, l, value);
}

std::vector<const StoreRec*> RaceDetector::readable(uint32_t thread, uint32_t loc,
                                                    Value128 latest) {
  ES_CHECK(weak_);
  return stores_.readable(loc, thread, clocks(thread).now, latest);
}

void RaceDetector::reads(uint32_t thread, uint32_t loc, const StoreRec& rec) {
  ES_CHECK(weak_);
  ThreadClocks& t = clocks(thread);
  stores_.read(loc, thread, t.now.get(thread), rec);
  t.read_older = true;
  t.older = rec.release;
}

void RaceDetector::fence(uint32_t thread, int mo) {
  ThreadClocks& t = clocks(thread);
  if (mo == seq_cst) {
    // seq_cst fences are totally ordered: each sees all before it.
    VectorClock& sc = sync_[sync_key(SyncKind::sc_fence, 0)];
    t.now.join(sc);
    sc.join(t.now);
  }
  if (acquires(mo)) t.now.join(t.pending_acquire);
  if (releases(mo)) {
    t.fence_release = t.now;
    t.now.tick(thread);
  }
}

std::optional<Race> RaceDetector::access(uint32_t thread, uintptr_t addr, size_t size, bool write,
                                         bool atomic, const void* pc, uint64_t step) {
  ES_CHECK(size >= 1);
  Access a;
  a.thread = thread;
  a.clock = clocks(thread).now.get(thread);
  a.pc = pc;
  a.step = step;
  a.size = static_cast<uint8_t>(size > 255 ? 255 : size);
  a.write = write;
  a.atomic = atomic;
  const uintptr_t end = addr + size;
  for (uintptr_t g = addr >> 3; g <= (end - 1) >> 3; ++g) {
    const uintptr_t lo = std::max(addr, g << 3);
    const uintptr_t hi = std::min(end, (g + 1) << 3);
    uint8_t mask = 0;
    for (uintptr_t b = lo; b < hi; ++b) mask = static_cast<uint8_t>(mask | (1u << (b & 7)));
    if (auto race = access_granule(g, mask, a)) return race;
  }
  return std::nullopt;
}

std::optional<Race> RaceDetector::access_granule(uintptr_t granule, uint8_t mask, const Access& a) {
  std::vector<Access>& cells = shadow_[granule];
  const VectorClock& now = threads_[a.thread].now;
  std::optional<Race> race;
  for (const Access& c : cells) {
    if ((c.mask & mask) == 0 || c.thread == a.thread) continue;
    if (!c.write && !a.write) continue;
    if (c.atomic && a.atomic) continue;
    if (c.clock <= now.get(c.thread)) continue;  // c happens before a
    race = Race{c, a};
    race->later.mask = mask;
    return race;
  }
  // Forget what this access subsumes: the same thread's earlier accesses to
  // these bytes of no stronger kind, and (for a write) every access that
  // happens before it: a later access racing with one of those races with
  // this one too.
  std::erase_if(cells, [&](const Access& c) {
    if ((c.mask & ~mask) != 0) return false;
    if (c.thread == a.thread) return a.write || !c.write;
    return a.write && c.clock <= now.get(c.thread);
  });
  if (cells.size() >= kCellsMax) cells.erase(cells.begin());
  Access stored = a;
  stored.mask = mask;
  cells.push_back(stored);
  return std::nullopt;
}

void RaceDetector::forget(uintptr_t addr, size_t size) {
  if (size == 0 || shadow_.empty()) return;
  const uintptr_t first = addr >> 3;
  const uintptr_t last = (addr + size - 1) >> 3;
  if (last - first < shadow_.size()) {
    for (uintptr_t g = first; g <= last; ++g) shadow_.erase(g);
    return;
  }
  // A block larger than the shadow: erasing is order-independent.
  std::erase_if(shadow_, [&](const auto& kv) {
    return kv.first >= first && kv.first <= last;
  });  // style-ok: order-independent erase
}

}  // namespace enginesim::atomics
