// sequential.cpp - the set-of-states sequential check.
#include "harness/model/sequential.h"

#include <algorithm>

#include "enginesim/check.h"

namespace enginesim::model {

SequentialChecker::SequentialChecker(Model model, State initial)
    : model_(model), possible_{std::move(initial)} {
  Model::normalize(&possible_[0]);
}

bool SequentialChecker::step(const Operation& op, const Result& result, std::string* why,
                             rel_time_t issued_at) {
  ES_CHECK(!possible_.empty());
  const size_t index = steps_++;
  if (model_.options().cas_feature && creates_version(op, result)) {
    size_t earlier = 0;
    if (!ledger_.record(op.key, result.cas, index, &earlier)) {
      *why = "operation " + std::to_string(index) + " (" + to_text(op) + ") got cas " +
             std::to_string(result.cas) + ", already handed out by operation " +
             std::to_string(earlier) + " for an earlier version of the key";
      return false;
    }
  }
  std::vector<State> next;
  for (const State& s : possible_) {
    for (State& t : model_.successors(s, op, result, issued_at)) {
      if (std::find(next.begin(), next.end(), t) == next.end()) next.push_back(std::move(t));
    }
  }
  if (next.empty()) {
    *why = "operation " + std::to_string(index) + " (" + to_text(op) + ") got " + to_text(result) +
           "; memcached allows " + model_.acceptable(possible_[0], op, issued_at).describe();
    if (possible_.size() > 1)
      *why += " (in one of " + std::to_string(possible_.size()) + " possible states)";
    return false;
  }
  if (next.size() > kStatesMax) {
    *why = "more than " + std::to_string(kStatesMax) +
           " model states are possible (too many lost notifies or evictions to follow)";
    return false;
  }
  possible_ = std::move(next);
  return true;
}

}  // namespace enginesim::model
