// witness_text.h - a failing key's story in words: the explanation printed
// under the witness and the note beside each of its operations.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/frontier.h"
#include "harness/model/history.h"
#include "harness/model/lost_update.h"
#include "harness/model/model.h"

namespace enginesim::model {

// What the witness shows; positions are in `witness` (printed as #1..).
struct Story {
  const History& witness;
  const FrontierOutcome& outcome;  // stuck at `failing`, which it watched
  size_t failing = 0;
  // Each alone removed, the witness fits (its fault, or its cause's).
  std::vector<size_t> culprits;
  std::optional<LostUpdate> lost;
};

// Bounds on what is printed: states after the prefix, states tried.
inline constexpr size_t kStatesShownMax = 8;

std::string story_explanation(const Model& model, const Story& story);
std::vector<std::string> story_notes(const Model& model, const Story& story);

}  // namespace enginesim::model
