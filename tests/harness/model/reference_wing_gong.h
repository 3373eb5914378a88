// reference_wing_gong.h - the search as it was before its speed-up (issue
// 18, P4), kept only so a test can compare the two on many histories.
#pragma once

#include "harness/model/wing_gong.h"

namespace enginesim::model {

SearchOutcome reference_search_linearization(const Model& model, const State& initial,
                                             const std::vector<const HistoryEntry*>& ops,
                                             uint64_t steps_max, bool want_deadend);

}  // namespace enginesim::model
