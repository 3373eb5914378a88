// lost_update.h - names the one defect a failing history shows often enough
// and reliably enough to call by name: an update the engine acknowledged and
// then lost to a concurrent one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/history.h"
#include "harness/model/model.h"

namespace enginesim::model {

// Positions in the history examined (#lost + 1 is its witness number).
struct LostUpdate {
  size_t lost = 0;  // acknowledged, but the history fits only without it
  size_t over = 0;  // overlapped it, depends on the version it replaced, and succeeded
  // The reads of `lost`'s version (by its CAS) that stay in the witness: it
  // took effect, and the history fits only without it and them.
  std::vector<size_t> reads;
};

// True when `e` succeeded (certainly) in changing its key.
bool succeeded_mutation(const HistoryEntry& e);
// True when `e`'s success depended on the version it replaced: a CAS
// (or a set with a CAS), add, replace, append, prepend, incr, decr, remove.
bool conditional_mutation(const HistoryEntry& e);
// True when the two operations' call..return intervals intersect.
bool overlap(const HistoryEntry& a, const HistoryEntry& b);

// Among `culprits` (positions in `h`: each an operation without which `h`
// is linearizable), the first that succeeded in changing its key while a
// conditional mutation of that key overlapped it and succeeded too: only one
// of the two can have happened as acknowledged. nullopt when none.
std::optional<LostUpdate> lost_update_among(const History& h, const std::vector<size_t>& culprits);

// True when `h` without entry `lost` is linearizable (within `steps_max`).
bool fits_without(const Model& model, const History& h, size_t lost, uint64_t steps_max,
                  uint64_t* steps);
// The same without every entry of `dropped`.
bool fits_without_all(const Model& model, const History& h, const std::vector<size_t>& dropped,
                      uint64_t steps_max, uint64_t* steps);

// "lost update: #2 cas "k" ... and #3 set ... overlapped and both
// succeeded, but ..." (entries numbered #1.. in `h`'s order).
std::string describe(const LostUpdate& u, const History& h);

}  // namespace enginesim::model
