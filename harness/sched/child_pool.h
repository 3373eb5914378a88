// child_pool.h - up to N isolated runs at once, each in a forked child (the
// style-ok-file: wall time enforces children's time limits only.
// parallel form of run_isolated, for `enginesim explore --jobs N`).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "run_result.h"

namespace enginesim::sched {

class ChildPool {
 public:
  explicit ChildPool(uint32_t wall_limit_ms = 60'000) : wall_limit_ms_(wall_limit_ms) {}
  ~ChildPool();  // kills and reaps children still running
  ChildPool(const ChildPool&) = delete;
  ChildPool& operator=(const ChildPool&) = delete;

  // Forks a child that runs `fn`; `tag` comes back with its result. Call
  // from a single-threaded, uncontrolled caller.
  void start(uint64_t tag, const std::function<RunResult()>& fn);
  size_t running() const { return children_.size(); }
  // Waits until one child has ended (running() > 0) and returns its tag and
  // result; a crash, a missing result or the wall limit give Verdict::died.
  std::pair<uint64_t, RunResult> wait_one();

 private:
  struct Child {
    uint64_t tag = 0;
    int fd = -1;
    std::string text;
    std::chrono::steady_clock::time_point started;
    bool timed_out = false;
  };
  std::pair<uint64_t, RunResult> reap(pid_t pid);

  uint32_t wall_limit_ms_;
  std::map<pid_t, Child> children_;
};

}  // namespace enginesim::sched
