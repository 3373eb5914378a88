// reference_wing_gong.cpp - the checker's search as it was before its state
// table and compact memo (test only: the differential test compares the two
// answer for answer). The search as an explicit depth-first search. Operations
// with a certain result sit in a doubly linked list of call and return
// events (step order): the ones that may take effect next are the calls
// before the first return; linearizing one lifts its call and return out,
// backtracking puts them back (LIFO, so the links restore exactly).
// Uncertain operations are optional: each may take effect once, any time
// after its call, or never; they are tried after the certain candidates.
#include "tests/harness/model/reference_wing_gong.h"

#include <algorithm>
#include <unordered_map>  // style-ok: the memo is looked up, never iterated

#include "enginesim/check.h"

namespace enginesim::model {
namespace {

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

bool certain(const HistoryEntry& e) { return !e.result.uncertain() && e.return_step.has_value(); }

// Call and return events of the certain operations plus a sentinel (index
// 2n) in a circular list.
class EventList {
 public:
  explicit EventList(const std::vector<const HistoryEntry*>& ops) : call_node_(ops.size()) {
    struct Ev {
      uint64_t step;
      uint32_t op;
      bool call;
    };
    std::vector<Ev> evs;
    for (uint32_t i = 0; i < ops.size(); ++i) {
      if (!certain(*ops[i])) continue;
      evs.push_back({ops[i]->call_step, i, true});
      evs.push_back({*ops[i]->return_step, i, false});
    }
    std::sort(evs.begin(), evs.end(), [](const Ev& a, const Ev& b) { return a.step < b.step; });
    const uint32_t m = static_cast<uint32_t>(evs.size());
    op_.resize(m), step_.resize(m), call_.resize(m), match_.resize(m);
    prev_.resize(m + 1), next_.resize(m + 1);
    for (uint32_t j = 0; j < m; ++j) {
      op_[j] = evs[j].op, step_[j] = evs[j].step, call_[j] = evs[j].call;
      if (evs[j].call)
        call_node_[evs[j].op] = j;
      else
        match_[call_node_[evs[j].op]] = j;  // a return follows its call
    }
    head_ = m;
    for (uint32_t j = 0; j <= m; ++j) {
      next_[j] = j == m ? 0 : j + 1;
      prev_[j] = j == 0 ? head_ : j - 1;
    }
    if (m == 0) next_[head_] = prev_[head_] = head_;
  }
  uint32_t head() const { return head_; }
  uint32_t first() const { return next_[head_]; }
  uint32_t next(uint32_t j) const { return next_[j]; }
  uint32_t op(uint32_t j) const { return op_[j]; }
  uint64_t step(uint32_t j) const { return step_[j]; }
  bool is_call(uint32_t j) const { return call_[j]; }
  void lift(uint32_t op) { unlink(call_node_[op]), unlink(match_[call_node_[op]]); }
  void unlift(uint32_t op) { relink(match_[call_node_[op]]), relink(call_node_[op]); }

 private:
  void unlink(uint32_t x) { next_[prev_[x]] = next_[x], prev_[next_[x]] = prev_[x]; }
  void relink(uint32_t x) { next_[prev_[x]] = x, prev_[next_[x]] = x; }
  std::vector<uint32_t> op_, match_, prev_, next_, call_node_;
  std::vector<uint64_t> step_;
  std::vector<bool> call_;
  uint32_t head_ = 0;
};

using Bits = std::vector<uint64_t>;

bool subset(const Bits& a, const Bits& b) {  // a ⊆ b
  for (size_t i = 0; i < a.size(); ++i) {
    if ((a[i] & ~b[i]) != 0) return false;
  }
  return true;
}

// Lowe's memo: (certain operations linearized, state) -> the sets of
// uncertain operations applied when it was explored. Reaching it again with
// a superset of one of those is hopeless: fewer applied means more options.
struct MemoKey {
  Bits certain;
  State state;
  size_t hash;
  bool operator==(const MemoKey& o) const {
    return hash == o.hash && certain == o.certain && state == o.state;
  }
};
struct MemoHash {
  size_t operator()(const MemoKey& k) const { return k.hash; }
};

struct Frame {
  State state;                  // the state at this depth
  std::vector<uint32_t> cands;  // operations that may take effect next
  size_t cand = 0;
  std::vector<State> alts;  // states cands[cand] may leave
  size_t alt = 0;
  bool alts_ready = false;
};

class Search {
 public:
  Search(const Model& model, const std::vector<const HistoryEntry*>& ops)
      : model_(model),
        ops_(ops),
        list_(ops),
        certain_bits_((ops.size() + 63) / 64),
        pending_bits_((ops.size() + 63) / 64) {
    for (uint32_t i = 0; i < ops.size(); ++i) {
      if (certain(*ops[i]))
        ++certain_left_;
      else
        pending_.push_back(i);  // in call order, as ops
    }
  }

  SearchOutcome run(const State& initial, uint64_t steps_max, bool want_deadend) {
    SearchOutcome out;
    push(initial, want_deadend);
    while (certain_left_ > 0) {
      Frame& f = stack_.back();
      if (f.cand >= f.cands.size()) {  // exhausted: undo the choice that led here
        stack_.pop_back();
        if (stack_.empty()) {
          out.verdict = SearchVerdict::not_linearizable;
          if (want_deadend) out.deadend = deadend_;
          return out;
        }
        undo(stack_.back().cands[stack_.back().cand]);
        continue;
      }
      if (!f.alts_ready) {
        if (++out.steps > steps_max) return out;  // limit_reached
        const HistoryEntry& e = *ops_[f.cands[f.cand]];
        f.alts = model_.successors(f.state, e.op, e.result, e.call_time.value_or(0));
        // For an uncertain op "not yet" is simply not choosing it.
        if (e.result.uncertain()) {
          std::erase(f.alts, f.state);
          drop_dominated(f, e, &out.steps);
        }
        f.alt = 0;
        f.alts_ready = true;
      }
      if (f.alt >= f.alts.size()) {
        ++f.cand;
        f.alts_ready = false;
        continue;
      }
      const uint32_t op = f.cands[f.cand];
      State next = f.alts[f.alt++];
      apply(op);
      if (remember(next)) {
        push(std::move(next), want_deadend);
      } else {
        undo(op);
      }
    }
    out.verdict = SearchVerdict::linearizable;
    for (size_t d = 0; d + 1 < stack_.size(); ++d)
      out.order.push_back(stack_[d].cands[stack_[d].cand]);
    return out;
  }

 private:
  void toggle(Bits* bits, uint32_t op) { (*bits)[op / 64] ^= 1ull << (op % 64); }

  void apply(uint32_t op) {
    if (certain(*ops_[op])) {
      list_.lift(op);
      toggle(&certain_bits_, op);
      certain_hash_ ^= splitmix64(op);
      --certain_left_;
    } else {
      toggle(&pending_bits_, op);
    }
  }
  void undo(uint32_t op) {
    if (certain(*ops_[op])) {
      list_.unlift(op);
      toggle(&certain_bits_, op);
      certain_hash_ ^= splitmix64(op);
      ++certain_left_;
    } else {
      toggle(&pending_bits_, op);
    }
  }

  // Right after another uncertain op was applied, a state this one also
  // reaches when applied alone one level up is dominated (same state, one
  // fewer optional op used up) and explored there. Without this, chains of
  // overwriting pending writes make the search exponential.
  void drop_dominated(Frame& f, const HistoryEntry& e, uint64_t* steps) {
    const size_t depth = stack_.size() - 1;
    if (depth == 0 || f.alts.empty()) return;
    const Frame& parent = stack_[depth - 1];
    if (certain(*ops_[parent.cands[parent.cand]])) return;
    ++*steps;
    for (const State& alone :
         model_.successors(parent.state, e.op, e.result, e.call_time.value_or(0))) {
      std::erase(f.alts, alone);
    }
  }

  // True when (linearized set, state) is worth exploring; records it.
  bool remember(const State& s) {
    MemoKey key{certain_bits_, s, certain_hash_ ^ (s.hash() * 0x9e3779b97f4a7c15ull)};
    std::vector<Bits>& seen = memo_[std::move(key)];
    for (const Bits& q : seen) {
      if (subset(q, pending_bits_)) return false;
    }
    seen.push_back(pending_bits_);
    return true;
  }

  // A new depth: certain calls before the first return, then the
  // uncertain operations called before that return and not applied yet.
  void push(State s, bool want_deadend) {
    Frame f;
    f.state = std::move(s);
    uint32_t j = list_.first();
    for (; j != list_.head() && list_.is_call(j); j = list_.next(j)) f.cands.push_back(list_.op(j));
    const uint64_t horizon = j == list_.head() ? UINT64_MAX : list_.step(j);
    for (uint32_t p : pending_) {
      if (ops_[p]->call_step > horizon) break;
      if (((pending_bits_[p / 64] >> (p % 64)) & 1) == 0) f.cands.push_back(p);
    }
    stack_.push_back(std::move(f));
    if (want_deadend) note_depth();
  }

  void note_depth() {
    const size_t depth = stack_.size() - 1;
    if (deadend_ && depth <= deadend_->order.size()) return;
    Deadend d;
    for (size_t i = 0; i < depth; ++i) d.order.push_back(stack_[i].cands[stack_[i].cand]);
    d.state = stack_.back().state;
    d.candidates.assign(stack_.back().cands.begin(), stack_.back().cands.end());
    deadend_ = std::move(d);
  }

  const Model& model_;
  const std::vector<const HistoryEntry*>& ops_;
  EventList list_;
  std::vector<uint32_t> pending_;
  Bits certain_bits_, pending_bits_;
  uint64_t certain_hash_ = 0;
  size_t certain_left_ = 0;
  std::vector<Frame> stack_;
  // style-ok: lookup only; iteration order never reaches a result
  std::unordered_map<MemoKey, std::vector<Bits>, MemoHash> memo_;
  std::optional<Deadend> deadend_;
};

}  // namespace

SearchOutcome reference_search_linearization(const Model& model, const State& initial,
                                             const std::vector<const HistoryEntry*>& ops,
                                             uint64_t steps_max, bool want_deadend) {
  ES_CHECK(ops.size() < UINT32_MAX / 2);
  State start = initial;
  Model::normalize(&start);
  Search search(model, ops);
  return search.run(start, steps_max, want_deadend);
}

}  // namespace enginesim::model
