// child_pool.h - pieces of work in forked children, any number at once, so
// that an engine that crashes, aborts or hangs never takes the harness down.
// Each child sends bytes back through a pipe and ends; the parent polls the
// pipes (and the children's stderr), enforces each child's wall-clock limit,
// tells a child still making progress at its limit from a stuck one, and
// reaps. run_isolated (isolate.h) is a pool of one; `explore --jobs N` and
// `testapp --seeds` keep N running.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "harness/proc/child_progress.h"
#include "harness/proc/isolated_result.h"
#include "harness/proc/stderr_capture.h"

namespace enginesim {

// What a child's work calls, any number of times, to send bytes to its
// parent; they arrive concatenated in IsolatedResult::payload.
using ChildSend = std::function<void(const std::string&)>;
// The work itself: runs in the child, whose exit code is its return value.
// Work that must not flush stdio (controlled threads may be parked holding
// its locks) ends the child itself with child_exit (child_exit.h).
using ChildWork = std::function<int(const ChildSend& send)>;

// How a child is run. Time limits are milliseconds of the parent's
// monotonic clock, everywhere in harness/proc.
struct ChildSpec {
  uint32_t limit_ms = 0;  // killed (SIGKILL) when it runs longer; 0: no limit
  // The child's stderr goes to IsolatedResult::child_stderr (its last
  // lines) instead of the parent's stderr.
  bool capture_stderr = false;
  // SIGSEGV, SIGBUS, SIGFPE and SIGILL back to SIG_DFL in the child (undoing
  // a sanitizer runtime's handlers), so that a crash ends it by its signal
  // and the parent can name it. Off where `in_child` installs handlers that
  // chain to those (a run's ChildJournal).
  bool default_crash_signals = true;
  // The child is marked as one (forked_child.h): engines it loads stay
  // mapped at their end. Off for a simulation, which unloads and reloads an
  // engine at a restart.
  bool mark_forked_child = true;
  // More setup in the child, after the above and before the work.
  std::function<void()> in_child = {};
};

class ChildPool {
 public:
  ChildPool() = default;
  ~ChildPool();  // kills and reaps children still running
  ChildPool(const ChildPool&) = delete;
  ChildPool& operator=(const ChildPool&) = delete;

  // Forks a child that runs `work`; `tag` comes back with its result. Call
  // from a single-threaded, uncontrolled caller.
  void start(uint64_t tag, const ChildWork& work, const ChildSpec& spec);
  size_t running() const { return children_.size(); }
  // Waits until one child has ended or reached its limit (running() > 0)
  // and returns its tag and how it ended.
  std::pair<uint64_t, IsolatedResult> wait_one();

 private:
  struct Child {
    uint64_t tag = 0;
    int fd = -1;  // the result pipe's read end; -1 after its end of file
    uint32_t limit_ms = 0;
    uint64_t started_ms = 0;
    std::string payload;
    std::unique_ptr<StderrCapture> err;  // with capture_stderr
    std::unique_ptr<ProgressCell> progress;
    ProgressWatch watch{5000};
  };
  std::pair<uint64_t, IsolatedResult> reap(pid_t pid, int status, bool at_limit, uint64_t now);

  std::map<pid_t, Child> children_;
};

}  // namespace enginesim
