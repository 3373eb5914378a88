// run_pool.h - up to N scheduled runs at once, each in a forked child (the
// parallel form of run_in_child, for `explore --jobs N` and `testapp
// --seeds`): harness/proc's ChildPool with RunResults.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "harness/proc/child_pool.h"
#include "harness/sched/child_journal.h"
#include "harness/sched/run_result.h"

namespace enginesim::sched {

class RunPool {
 public:
  explicit RunPool(uint32_t wall_limit_ms = 60'000) : wall_limit_ms_(wall_limit_ms) {}

  // Forks a child that runs `fn`; `tag` comes back with its result. Call
  // from a single-threaded, uncontrolled caller. `progress_unit` names what
  // the child counts with child_progress_bump ("steps" for one run,
  // "schedules" for a DFS search), for an incomplete verdict's report.
  void start(uint64_t tag, const std::function<RunResult()>& fn,
             const std::string& progress_unit = "steps");
  size_t running() const { return pool_.running(); }
  // Waits until one child has ended (running() > 0) and returns its tag and
  // result; a crash, a missing result or the wall limit on a stuck child
  // give Verdict::died, the wall limit on a moving one Verdict::incomplete.
  std::pair<uint64_t, RunResult> wait_one();

 private:
  struct Run {
    uint64_t tag = 0;
    std::string progress_unit;
    std::unique_ptr<ChildJournal> journal;  // the run's schedule, should it die
  };

  uint32_t wall_limit_ms_;
  uint64_t next_id_ = 0;
  std::map<uint64_t, Run> runs_;  // by the id its child carries in pool_
  ChildPool pool_;                // destroyed first: its children die before their journals
};

}  // namespace enginesim::sched
