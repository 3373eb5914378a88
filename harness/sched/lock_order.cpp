// lock_order.cpp - the lock-order graph: nodes for live locks, edges with the
// first acquisition that made them, and the search for a cycle each time an
// edge is new (lockdep checks a dependency once, then caches it).
#include "harness/sched/lock_order.h"

#include <malloc.h>

#include <algorithm>

#include "enginesim/check.h"
#include "harness/free_watch.h"

namespace enginesim::sched {

uint64_t LockOrder::edge_key(uint32_t from, uint32_t to, bool from_shared, bool to_shared) {
  // Node numbers stay far below 2^31 (one per lock a run ever takes).
  ES_CHECK(from < (1u << 31) && to < (1u << 31));
  return (uint64_t{from} << 33) | (uint64_t{to} << 2) | (from_shared ? 2u : 0u) |
         (to_shared ? 1u : 0u);
}

uint32_t LockOrder::node_of(const LockAcquire& a) {
  const auto it = by_address_.find(a.lock);
  if (it != by_address_.end()) {
    Node& n = nodes_[it->second];
    // The scheduler numbers a lock anew when it forgets its model (a mutex
    // destroyed and initialised again): the report names the current one.
    n.number = a.number;
    return it->second;
  }
  const auto index = static_cast<uint32_t>(nodes_.size());
  Node n;
  n.lock = a.lock;
  n.number = a.number;
  n.kind = a.kind;
  nodes_.push_back(std::move(n));
  by_address_.emplace(a.lock, index);
  by_range_.emplace(reinterpret_cast<uintptr_t>(a.lock), index);
  return index;
}

namespace {

// busy_ for the scope of one change.
class Busy {
 public:
  explicit Busy(bool* flag) : flag_(flag) {
    ES_CHECK(!*flag_);
    *flag_ = true;
  }
  ~Busy() { *flag_ = false; }
  Busy(const Busy&) = delete;
  Busy& operator=(const Busy&) = delete;

 private:
  bool* flag_;
};

}  // namespace

void LockOrder::acquired(const LockAcquire& a) {
  ES_CHECK(a.lock != nullptr);
  const Busy busy(&busy_);
  const uint32_t node = node_of(a);
  if (held_.size() <= a.thread) held_.resize(a.thread + 1);
  std::vector<Held>& held = held_[a.thread];
  for (Held& h : held) {
    if (h.node == node) {  // a recursive mutex, or a second read lock
      ++h.depth;
      return;
    }
  }
  if (a.can_wait) {
    for (const Held& h : held) add_edge(h, node, a);
  }
  held.push_back({node, a.shared, 1, a.site});
}

const void* LockOrder::holder_site(ThreadId thread, uint32_t number) const {
  if (thread >= held_.size()) return nullptr;
  for (const Held& h : held_[thread]) {
    if (nodes_[h.node].number == number) return h.site;
  }
  return nullptr;
}

void LockOrder::released(ThreadId thread, const void* lock) {
  const Busy busy(&busy_);
  const auto it = by_address_.find(lock);
  if (it == by_address_.end() || thread >= held_.size()) return;
  std::vector<Held>& held = held_[thread];
  for (auto h = held.rbegin(); h != held.rend(); ++h) {
    if (h->node != it->second) continue;
    ES_CHECK(h->depth >= 1);
    if (--h->depth == 0) held.erase(std::next(h).base());
    return;
  }
}

void LockOrder::add_edge(const Held& held, uint32_t to, const LockAcquire& a) {
  ES_CHECK(held.node != to);
  const uint64_t key = edge_key(held.node, to, held.shared, a.shared);
  if (edge_index_.count(key) != 0) return;
  Edge e;
  e.from = held.node;
  e.to = to;
  LockOrderLink& l = e.link;
  l.from_number = nodes_[held.node].number;
  l.from_kind = nodes_[held.node].kind;
  l.from_shared = held.shared;
  l.from_site = held.site;
  l.to_number = nodes_[to].number;
  l.to_kind = nodes_[to].kind;
  l.to_shared = a.shared;
  l.to_site = a.site;
  l.thread = a.thread;
  l.step = a.step;
  std::vector<uint32_t> path;
  if (!found() && find_path(to, a.shared, held.node, held.shared, &path)) {
    cycle_.push_back(l);
    for (uint32_t p : path) cycle_.push_back(edges_[p].link);
  }
  const auto index = static_cast<uint32_t>(edges_.size());
  edges_.push_back(std::move(e));
  edge_index_.emplace(key, index);
  nodes_[held.node].out.push_back(index);
  nodes_[to].in.push_back(index);
}

// A path of live edges from `from` (entered in mode `from_shared`) to `to`
// (left in mode `to_shared`) along which every lock can make a thread wait:
// no lock is entered by a reader and left by a holder that reads too.
// Depth-first over (node, entered shared) states, edges in creation order.
bool LockOrder::find_path(uint32_t from, bool from_shared, uint32_t to, bool to_shared,
                          std::vector<uint32_t>* path) const {
  struct Frame {
    uint32_t node;
    bool shared;
    size_t next = 0;   // the next out-edge to try
    uint32_t via = 0;  // the edge that led here (unused for the first frame)
  };
  std::vector<uint8_t> seen(nodes_.size() * 2, 0);
  std::vector<Frame> stack{{from, from_shared}};
  seen[from * 2 + (from_shared ? 1 : 0)] = 1;
  while (!stack.empty()) {
    Frame& f = stack.back();
    const std::vector<uint32_t>& out = nodes_[f.node].out;
    if (f.next == out.size()) {
      stack.pop_back();
      continue;
    }
    const uint32_t ei = out[f.next++];
    const Edge& e = edges_[ei];
    ES_CHECK(e.live && e.from == f.node);
    if (f.shared && e.link.from_shared) continue;  // reader after reader: no wait
    if (e.to == to) {
      if (e.link.to_shared && to_shared) continue;
      for (size_t i = 1; i < stack.size(); ++i) path->push_back(stack[i].via);
      path->push_back(ei);
      return true;
    }
    uint8_t& mark = seen[e.to * 2 + (e.link.to_shared ? 1 : 0)];
    if (mark != 0) continue;
    mark = 1;
    stack.push_back({e.to, e.link.to_shared, 0, ei});
  }
  return false;
}

void LockOrder::drop_node(uint32_t node) {
  Node& n = nodes_[node];
  auto unlink = [&](std::vector<uint32_t>& list, uint32_t edge) {
    const auto pos = std::find(list.begin(), list.end(), edge);
    ES_CHECK(pos != list.end());
    list.erase(pos);
  };
  for (uint32_t ei : n.out) {
    Edge& e = edges_[ei];
    e.live = false;
    edge_index_.erase(edge_key(e.from, e.to, e.link.from_shared, e.link.to_shared));
    unlink(nodes_[e.to].in, ei);
  }
  for (uint32_t ei : n.in) {
    Edge& e = edges_[ei];
    e.live = false;
    edge_index_.erase(edge_key(e.from, e.to, e.link.from_shared, e.link.to_shared));
    unlink(nodes_[e.from].out, ei);
  }
  n.out.clear();
  n.in.clear();
  by_address_.erase(n.lock);
  by_range_.erase(reinterpret_cast<uintptr_t>(n.lock));
  n.lock = nullptr;
  // Destroying or freeing a held lock is the engine's bug, not a lock-order
  // one; the holder no longer holds anything there.
  for (std::vector<Held>& held : held_) {
    held.erase(
        std::remove_if(held.begin(), held.end(), [&](const Held& h) { return h.node == node; }),
        held.end());
  }
}

void LockOrder::forget(const void* lock) {
  const Busy busy(&busy_);
  const auto it = by_address_.find(lock);
  if (it != by_address_.end()) drop_node(it->second);
}

void LockOrder::forget_range(const void* begin, size_t bytes) {
  if (busy_ || by_range_.empty() || bytes == 0) return;
  const auto first = reinterpret_cast<uintptr_t>(begin);
  const auto from = by_range_.lower_bound(first);
  if (from == by_range_.end()) return;  // no lock at or above the block
  if (bytes == kFreedBytesUnknown) bytes = malloc_usable_size(const_cast<void*>(begin));
  if (from->first - first >= bytes) return;  // the nearest lock lies past its end
  const Busy busy(&busy_);
  std::vector<uint32_t> inside;
  for (auto it = from; it != by_range_.end() && it->first - first < bytes; ++it) {
    inside.push_back(it->second);
  }
  for (uint32_t node : inside) drop_node(node);
}

}  // namespace enginesim::sched
