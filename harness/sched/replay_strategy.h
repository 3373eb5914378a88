// replay_strategy.h - follows a recorded choice log. In replay mode any
// mismatch is a divergence; in prefix mode (DFS) the run continues past the
// log with option 0, the non-preempting choice.
#pragma once

#include <string>

#include "harness/sched/strategy.h"

namespace enginesim::sched {

class ReplayStrategy final : public Strategy {
 public:
  enum class Mode { replay, prefix };
  ReplayStrategy(ChoiceLog log, Mode mode, std::string spec = "replay")
      : log_(std::move(log)), mode_(mode), spec_(std::move(spec)) {}

  uint32_t choose(const ChoiceContext& ctx, uint32_t count) override;
  std::string error() const override { return error_; }
  std::string spec() const override { return spec_; }
  // Replay mode: true once every recorded choice was consumed.
  bool consumed_all() const { return next_ == log_.size(); }

 private:
  ChoiceLog log_;
  Mode mode_;
  std::string spec_;
  size_t next_ = 0;
  std::string error_;
};

}  // namespace enginesim::sched
