// state_table.h - the model states one linearizability search meets, each
// stored once and named by a number, and the successors of each (state,
// operation) pair computed once: the search then moves numbers, never
// copies states, and asks the model about a pair only the first time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>  // style-ok: looked up only; ids are handed out in discovery order
#include <vector>

#include "harness/model/history.h"
#include "harness/model/model.h"

namespace enginesim::model {

class StateTable {
 public:
  // `ops` as for search_linearization; they must outlive the table.
  StateTable(const Model& model, const std::vector<const HistoryEntry*>& ops)
      : model_(model), ops_(ops) {}

  // The number of `state` (a new one when no equal state was seen).
  uint32_t intern(const State& state);
  const State& state(uint32_t id) const;
  size_t size() const { return states_.size(); }

  // Appends to `out` the numbers of the states ops[op] may leave when it
  // takes effect in state `id`, in the model's order (Model::successors).
  void successors(uint32_t id, uint32_t op, std::vector<uint32_t>* out);

 private:
  struct Range {
    uint32_t begin = 0, end = 0;
  };
  const Model& model_;
  const std::vector<const HistoryEntry*>& ops_;
  std::vector<State> states_;
  std::vector<uint32_t> same_hash_next_;  // chains states with one hash; UINT32_MAX ends
  // style-ok: looked up only
  std::unordered_map<size_t, uint32_t> by_hash_;  // hash -> the first state with it
  std::vector<uint32_t> successor_ids_;           // the ranges of successors_
  // style-ok: looked up only
  std::unordered_map<uint64_t, Range> successors_;  // (state << 32 | op) -> range
};

}  // namespace enginesim::model
