// dfs_explorer.h - stateless depth-first exploration of every schedule with
// at most B preemptions: each run follows a prefix of choices and then the
// non-preempting default; after a run the deepest choice with an untried
// alternative (within the bound) becomes the next prefix.
#pragma once

#include <cstdint>
#include <memory>

#include "harness/sched/choice.h"
#include "harness/sched/strategy.h"

namespace enginesim::sched {

class DfsExplorer {
 public:
  explicit DfsExplorer(uint32_t preemptions_max) : preemptions_max_(preemptions_max) {}

  // The strategy for the next run; null once the space is exhausted.
  std::unique_ptr<Strategy> next_run();
  // Feeds back the choices the run made (RunResult::choices).
  void finish_run(const ChoiceLog& choices);

  bool exhausted() const { return exhausted_; }
  uint64_t runs() const { return runs_; }  // distinct schedules run so far
  // The choices the pending run must follow (to check it did, before
  // finish_run, which insists).
  const ChoiceLog& prefix() const { return prefix_; }

 private:
  uint32_t preemptions_max_;
  ChoiceLog prefix_;  // choices the next run must follow
  bool started_ = false;
  bool pending_ = false;  // a run was handed out and not finished
  bool exhausted_ = false;
  uint64_t runs_ = 0;
};

}  // namespace enginesim::sched
