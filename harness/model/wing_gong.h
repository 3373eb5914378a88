// wing_gong.h - the Wing & Gong linearizability search over one key's
// sub-history, with Lowe's memoization of (linearized set, model state).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "harness/model/history.h"
#include "harness/model/model.h"

namespace enginesim::model {

enum class SearchVerdict { linearizable, not_linearizable, limit_reached };

// The deepest point a failed search reached, to explain the failure.
struct Deadend {
  std::vector<size_t> order;       // operations linearized, in order
  State state;                     // the model state after them
  std::vector<size_t> candidates;  // operations that could come next
};

struct SearchOutcome {
  SearchVerdict verdict = SearchVerdict::limit_reached;
  uint64_t steps = 0;
  std::vector<size_t> order;       // linearizable: one witness order
  std::optional<Deadend> deadend;  // not_linearizable and asked for
};

// `ops` are the sub-history's entries (call order). An operation with an
// uncertain result (pending, lost notify) may take effect at any point after
// its call, or never. Each step tries one operation; `steps_max` bounds
// them and reaching it gives limit_reached.
SearchOutcome search_linearization(const Model& model, const State& initial,
                                   const std::vector<const HistoryEntry*>& ops, uint64_t steps_max,
                                   bool want_deadend);

}  // namespace enginesim::model
