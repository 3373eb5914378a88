// wing_gong.cpp - the search as an explicit depth-first search. Operations
// with a certain result sit in a doubly linked list of call and return
// events (step order): the ones that may take effect next are the calls
// before the first return; linearizing one lifts its call and return out,
// backtracking puts them back (LIFO, so the links restore exactly).
// Uncertain operations are optional: each may take effect once, any time
// after its call, or never; they are tried after the certain candidates.
// States are numbers from a StateTable (successors computed once per state
// and operation) and the memo is a SearchMemo; frames keep their candidates
// and alternatives in one shared vector, so a step allocates nothing.
#include "harness/model/wing_gong.h"

#include <algorithm>
#include <optional>

#include "enginesim/check.h"
#include "harness/model/search_memo.h"
#include "harness/model/state_table.h"

namespace enginesim::model {
namespace {

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

// One depth of the search. Its candidates and then the states its current
// candidate may leave are a range of Search::work_ each; deeper frames'
// ranges follow, so both are popped with the frame.
struct Frame {
  uint32_t state = 0;                       // the state at this depth (StateTable id)
  uint32_t cands_begin = 0, cands_end = 0;  // operations that may take effect next
  uint32_t cand = 0;                        // the one tried now (an index into work_)
  uint32_t alts_end = 0;                    // alts: [cands_end, alts_end)
  uint32_t alt = 0;
  bool alts_ready = false;
};

class Search {
 public:
  Search(const Model& model, const std::vector<const HistoryEntry*>& ops)
      : ops_(ops),
        list_(ops),
        table_(model, ops),
        rank_(ops.size()),
        memo_(count_certain(ops), ops.size() - count_certain(ops)) {
    for (uint32_t i = 0; i < ops.size(); ++i) {
      if (certain(*ops[i])) {
        rank_[i] = static_cast<uint32_t>(certain_left_++);
      } else {
        rank_[i] = static_cast<uint32_t>(pending_.size());
        pending_.push_back(i);  // in call order, as ops
      }
    }
  }

  SearchOutcome run(const State& initial, uint64_t steps_max, bool want_deadend) {
    SearchOutcome out;
    push(table_.intern(initial), want_deadend);
    while (certain_left_ > 0) {
      Frame& f = stack_.back();
      if (f.cand >= f.cands_end) {  // exhausted: undo the choice that led here
        work_.resize(f.cands_begin);
        stack_.pop_back();
        if (stack_.empty()) {
          out.verdict = SearchVerdict::not_linearizable;
          if (want_deadend) out.deadend = deadend_;
          return out;
        }
        undo(work_[stack_.back().cand]);
        continue;
      }
      if (!f.alts_ready) {
        if (++out.steps > steps_max) return out;  // limit_reached
        const uint32_t op = work_[f.cand];
        work_.resize(f.cands_end);
        table_.successors(f.state, op, &work_);
        // For an uncertain op "not yet" is simply not choosing it.
        if (ops_[op]->result.uncertain()) {
          erase_alts(f, f.state);
          drop_dominated(f, op, &out.steps);
        }
        f.alts_end = static_cast<uint32_t>(work_.size());
        f.alt = f.cands_end;
        f.alts_ready = true;
      }
      if (f.alt >= f.alts_end) {
        ++f.cand;
        f.alts_ready = false;
        continue;
      }
      const uint32_t op = work_[f.cand];
      const uint32_t next = work_[f.alt++];
      apply(op);
      if (memo_.remember(next)) {
        push(next, want_deadend);
      } else {
        undo(op);
      }
    }
    out.verdict = SearchVerdict::linearizable;
    for (size_t d = 0; d + 1 < stack_.size(); ++d) out.order.push_back(work_[stack_[d].cand]);
    return out;
  }

 private:
  static size_t count_certain(const std::vector<const HistoryEntry*>& ops) {
    return static_cast<size_t>(
        std::count_if(ops.begin(), ops.end(), [](const HistoryEntry* e) { return certain(*e); }));
  }

  // Removes the state `s` from the alternatives being computed (the tail
  // of work_ after f's candidates).
  void erase_alts(const Frame& f, uint32_t s) {
    work_.erase(std::remove(work_.begin() + f.cands_end, work_.end(), s), work_.end());
  }

  void apply(uint32_t op) {
    if (certain(*ops_[op])) {
      list_.lift(op);
      memo_.add_certain(rank_[op]);
      --certain_left_;
    } else {
      memo_.toggle_uncertain(rank_[op]);
    }
  }
  void undo(uint32_t op) {
    if (certain(*ops_[op])) {
      list_.unlift(op);
      memo_.remove_certain(rank_[op]);
      ++certain_left_;
    } else {
      memo_.toggle_uncertain(rank_[op]);
    }
  }

  // Right after another uncertain op was applied, a state this one also
  // reaches when applied alone one level up is dominated (same state, one
  // fewer optional op used up) and explored there. Without this, chains of
  // overwriting pending writes make the search exponential.
  void drop_dominated(const Frame& f, uint32_t op, uint64_t* steps) {
    const size_t depth = stack_.size() - 1;
    if (depth == 0 || work_.size() == f.cands_end) return;
    const Frame& parent = stack_[depth - 1];
    if (certain(*ops_[work_[parent.cand]])) return;
    ++*steps;
    alone_.clear();
    table_.successors(parent.state, op, &alone_);
    for (uint32_t s : alone_) erase_alts(f, s);
  }

  // A new depth: certain calls before the first return, then the
  // uncertain operations called before that return and not applied yet.
  void push(uint32_t state, bool want_deadend) {
    Frame f;
    f.state = state;
    f.cands_begin = static_cast<uint32_t>(work_.size());
    uint32_t j = list_.first();
    for (; j != list_.head() && list_.is_call(j); j = list_.next(j)) work_.push_back(list_.op(j));
    const uint64_t horizon = j == list_.head() ? UINT64_MAX : list_.step(j);
    for (uint32_t p : pending_) {
      if (ops_[p]->call_step > horizon) break;
      if (!memo_.uncertain_used(rank_[p])) work_.push_back(p);
    }
    ES_CHECK(work_.size() < UINT32_MAX);
    f.cands_end = static_cast<uint32_t>(work_.size());
    f.cand = f.cands_begin;
    f.alts_end = f.alt = f.cands_end;
    stack_.push_back(f);
    if (want_deadend) note_depth();
  }

  void note_depth() {
    const size_t depth = stack_.size() - 1;
    if (deadend_ && depth <= deadend_->order.size()) return;
    Deadend d;
    for (size_t i = 0; i < depth; ++i) d.order.push_back(work_[stack_[i].cand]);
    d.state = table_.state(stack_.back().state);
    d.candidates.assign(work_.begin() + stack_.back().cands_begin,
                        work_.begin() + stack_.back().cands_end);
    deadend_ = std::move(d);
  }

  const std::vector<const HistoryEntry*>& ops_;
  EventList list_;
  StateTable table_;
  std::vector<uint32_t> rank_;     // per op: its rank among the certain or the uncertain ones
  std::vector<uint32_t> pending_;  // the uncertain ops, in call order
  SearchMemo memo_;
  size_t certain_left_ = 0;
  std::vector<Frame> stack_;
  std::vector<uint32_t> work_;   // the frames' candidates and alternatives
  std::vector<uint32_t> alone_;  // scratch for drop_dominated
  std::optional<Deadend> deadend_;
};

// Operations that never overlap (each returns before the next is called)
// have one order, real time's, and the search would try exactly it: one
// step per operation, each frame's only candidate the next call. Walked
// here without the search's tables when every result is certain and leaves
// one state; anything else (a result the model rejects, a choice of
// states, an uncertain operation) is left to the search, so a verdict,
// its step count and its dead end are the search's own.
std::optional<SearchOutcome> walk_in_order(const Model& model, const State& initial,
                                           const std::vector<const HistoryEntry*>& ops,
                                           uint64_t steps_max) {
  if (ops.size() > steps_max) return std::nullopt;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (!certain(*ops[i])) return std::nullopt;
    if (i > 0 && *ops[i - 1]->return_step >= ops[i]->call_step) return std::nullopt;
  }
  State state = initial;
  for (const HistoryEntry* e : ops) {
    std::vector<State> next = model.successors(state, e->op, e->result, e->call_time.value_or(0));
    if (next.size() != 1) return std::nullopt;
    state = std::move(next.front());
  }
  SearchOutcome out;
  out.verdict = SearchVerdict::linearizable;
  out.steps = ops.size();
  out.order.resize(ops.size());
  for (size_t i = 0; i < ops.size(); ++i) out.order[i] = i;
  return out;
}

}  // namespace

SearchOutcome search_linearization(const Model& model, const State& initial,
                                   const std::vector<const HistoryEntry*>& ops, uint64_t steps_max,
                                   bool want_deadend) {
  ES_CHECK(ops.size() < UINT32_MAX / 2);
  State start = initial;
  Model::normalize(&start);
  if (auto walked = walk_in_order(model, start, ops, steps_max)) return *std::move(walked);
  Search search(model, ops);
  return search.run(start, steps_max, want_deadend);
}

}  // namespace enginesim::model
