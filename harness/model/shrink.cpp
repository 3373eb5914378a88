// shrink.cpp - chunked removal down to single items, repeated to a fixpoint.
#include "harness/model/shrink.h"

#include <algorithm>

namespace enginesim::model {

ShrinkOutcome shrink_failure(std::vector<size_t> items, const FailsFn& fails, uint64_t checks_max) {
  ShrinkOutcome out;
  size_t chunk = std::max<size_t>(1, items.size() / 2);
  // Chunk sizes halve down to 1; at size 1 repeat until a pass gives up nothing.
  while (!items.empty()) {
    bool removed = false;
    for (size_t start = 0; start < items.size();) {
      if (out.checks >= checks_max) {
        out.complete = false;
        out.kept = std::move(items);
        return out;
      }
      const size_t end = std::min(items.size(), start + chunk);
      std::vector<size_t> kept(items.begin(), items.begin() + start);
      kept.insert(kept.end(), items.begin() + end, items.end());
      const std::vector<size_t> given_up(items.begin() + start, items.begin() + end);
      ++out.checks;
      if (!kept.empty() && fails(kept, given_up)) {
        items = std::move(kept);
        removed = true;
      } else {
        start += chunk;
      }
    }
    if (chunk > 1) {
      chunk /= 2;
      continue;
    }
    if (!removed) break;  // no single item can go: 1-minimal
  }
  out.kept = std::move(items);
  return out;
}

}  // namespace enginesim::model
