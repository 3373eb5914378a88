// state_table.cpp - see state_table.h.
#include "harness/model/state_table.h"

#include "enginesim/check.h"

namespace enginesim::model {

uint32_t StateTable::intern(const State& s) {
  const size_t h = s.hash();
  auto [it, added] = by_hash_.try_emplace(h, static_cast<uint32_t>(states_.size()));
  if (!added) {
    uint32_t id = it->second;
    for (;;) {
      if (states_[id] == s) return id;
      if (same_hash_next_[id] == UINT32_MAX) break;
      id = same_hash_next_[id];
    }
    same_hash_next_[id] = static_cast<uint32_t>(states_.size());
  }
  ES_CHECK(states_.size() < UINT32_MAX);
  states_.push_back(s);
  same_hash_next_.push_back(UINT32_MAX);
  return static_cast<uint32_t>(states_.size() - 1);
}

const State& StateTable::state(uint32_t id) const {
  ES_CHECK(id < states_.size());
  return states_[id];
}

void StateTable::successors(uint32_t id, uint32_t op, std::vector<uint32_t>* out) {
  ES_CHECK(id < states_.size() && op < ops_.size());
  const uint64_t key = (uint64_t{id} << 32) | op;
  auto it = successors_.find(key);
  if (it == successors_.end()) {
    const HistoryEntry& e = *ops_[op];
    // Copied: interning may grow states_ and move the state `id` names.
    const State from = states_[id];
    const std::vector<State> next =
        model_.successors(from, e.op, e.result, e.call_time.value_or(0));
    Range r;
    std::vector<uint32_t> ids;
    ids.reserve(next.size());
    for (const State& s : next) ids.push_back(intern(s));
    r.begin = static_cast<uint32_t>(successor_ids_.size());
    successor_ids_.insert(successor_ids_.end(), ids.begin(), ids.end());
    r.end = static_cast<uint32_t>(successor_ids_.size());
    it = successors_.emplace(key, r).first;
  }
  out->insert(out->end(), successor_ids_.begin() + it->second.begin,
              successor_ids_.begin() + it->second.end);
}

}  // namespace enginesim::model
