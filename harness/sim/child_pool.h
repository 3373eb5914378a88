// child_pool.h - up to N isolated runs at once, each in a forked child (the
// style-ok-file: wall time enforces children's time limits only.
// parallel form of run_isolated, for `enginesim explore --jobs N`).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "harness/proc/child_progress.h"
#include "harness/proc/stderr_capture.h"

#include "harness/sched/child_journal.h"
#include "harness/sim/isolated_run.h"
#include "harness/sched/run_result.h"

namespace enginesim::sched {

class ChildPool {
 public:
  explicit ChildPool(uint32_t wall_limit_ms = 60'000) : wall_limit_ms_(wall_limit_ms) {}
  ~ChildPool();  // kills and reaps children still running
  ChildPool(const ChildPool&) = delete;
  ChildPool& operator=(const ChildPool&) = delete;

  // Forks a child that runs `fn`; `tag` comes back with its result. Call
  // from a single-threaded, uncontrolled caller. `progress_unit` names what
  // the child counts with child_progress_bump ("steps" for one run,
  // "schedules" for a DFS search), for an incomplete verdict's report.
  void start(uint64_t tag, const std::function<RunResult()>& fn,
             const std::string& progress_unit = "steps");
  size_t running() const { return children_.size(); }
  // Waits until one child has ended (running() > 0) and returns its tag and
  // result; a crash, a missing result or the wall limit on a stuck child
  // give Verdict::died, the wall limit on a moving one Verdict::incomplete.
  std::pair<uint64_t, RunResult> wait_one();

 private:
  struct Child {
    uint64_t tag = 0;
    int fd = -1;
    std::string text;
    uint64_t started_ms = 0;
    std::string progress_unit;
    std::unique_ptr<StderrCapture> err;
    std::unique_ptr<ProgressCell> progress;
    std::unique_ptr<ChildJournal> journal;  // the run's schedule, should it die
    ProgressWatch watch{5000};
    ChildLimit limit;
  };
  std::pair<uint64_t, RunResult> reap(pid_t pid);

  uint32_t wall_limit_ms_;
  std::map<pid_t, Child> children_;
};

}  // namespace enginesim::sched
