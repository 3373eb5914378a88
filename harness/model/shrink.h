// shrink.h - reduces a failing set of operations to a 1-minimal one: no
// single remaining operation can be given up without the failure going away.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace enginesim::model {

struct ShrinkOutcome {
  std::vector<size_t> kept;
  bool complete = true;  // false: stopped at the budget, maybe not minimal
  uint64_t checks = 0;
};

// `fails(kept, given_up)` says whether the failure persists when the
// operations in `given_up` are given up (the caller decides what that means:
// the linearizability checker makes them pending). It must hold for
// (items, {}) and is asked at most `checks_max` times. Gives up chunks
// (halves, quarters, ... single items) while the failure persists; the order
// of `items` is kept.
using FailsFn =
    std::function<bool(const std::vector<size_t>& kept, const std::vector<size_t>& given_up)>;
ShrinkOutcome shrink_failure(std::vector<size_t> items, const FailsFn& fails, uint64_t checks_max);

}  // namespace enginesim::model
