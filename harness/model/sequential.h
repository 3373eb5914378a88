// sequential.h - checks a sequential run (one operation at a time) against
// the model, keeping every state the results so far allow (an eviction or a
// lost notify can leave more than one).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "harness/model/cas_ledger.h"
#include "harness/model/model.h"

namespace enginesim::model {

class SequentialChecker {
 public:
  // A bound on the states kept; reaching it is reported by step().
  static constexpr size_t kStatesMax = 256;

  explicit SequentialChecker(Model model, State initial);
  explicit SequentialChecker(Model model) : SequentialChecker(model, model.initial_state()) {}

  // Accepts `result` for `op` if some possible state allows it. Otherwise
  // returns false and explains in *why (what was observed, what memcached
  // allows), leaving the possible states unchanged.
  bool step(const Operation& op, const Result& result, std::string* why, rel_time_t issued_at = 0);

  const std::vector<State>& possible() const { return possible_; }
  const Model& model() const { return model_; }
  size_t steps() const { return steps_; }

 private:
  Model model_;
  std::vector<State> possible_;
  CasLedger ledger_;
  size_t steps_ = 0;
};

}  // namespace enginesim::model
