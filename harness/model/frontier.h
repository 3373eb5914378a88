// frontier.h - the history read event by event, as Knossos's linear checker
// does: the set of configurations (model state, which running operations
// already took effect) after each prefix, and the first return that leaves
// none. It explains a failure; the verdict itself comes from wing_gong.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "harness/model/history.h"
#include "harness/model/model.h"

namespace enginesim::model {

// A state in which the watched operation could take effect, and whether
// its recorded result fits there.
struct Try {
  State state;
  bool fits = false;
  bool operator==(const Try&) const = default;
};

struct FrontierOutcome {
  enum class Kind { linearizable, stuck, limit_reached };
  Kind kind = Kind::limit_reached;
  uint64_t steps = 0;
  // stuck: the operation (index into `ops`) at whose return no
  // configuration survives, and the distinct states of the configurations
  // just before that return: the states reachable after the longest
  // linearizable prefix (operations still running may take effect later).
  size_t failing = 0;
  std::vector<State> reachable;
  // Every distinct state the watched operation was tried in (it may take
  // effect anywhere between its call and its return), in discovery order;
  // at most `tries_max`, then `tries_more` counts the rest.
  std::vector<Try> tries;
  size_t tries_more = 0;
};

inline constexpr size_t kTriesMax = 64;

// `ops` as for search_linearization (call order). Operations are linearized
// lazily: only when one returns are the running ones placed before it, so a
// configuration holds just what the returns so far force. `watch` (an index
// into `ops`) asks for its tries. Each successor computed is a step;
// reaching `steps_max` gives limit_reached.
FrontierOutcome advance_frontier(const Model& model, const State& initial,
                                 const std::vector<const HistoryEntry*>& ops,
                                 std::optional<size_t> watch, uint64_t steps_max);

}  // namespace enginesim::model
