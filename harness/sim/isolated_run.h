// isolated_run.h - runs one scheduled run in a forked child, so a crash, a
// deadlock (threads parked forever) or a hang never takes the caller down.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "harness/sched/run_result.h"

namespace enginesim::sched {

// Forks; the child calls `fn`, sends its RunResult back and _exits. A child
// killed by a signal, exiting without a result, or running past
// `wall_limit_ms` without progress yields Verdict::died with the reason in
// the report; past the limit while its scheduler still takes steps,
// Verdict::incomplete. What the child wrote to stderr is in engine_stderr.
// A child that died leaves its schedule up to the death in a ChildJournal
// (choices, steps, trace hash, signal and faulting address); with
// `journal_event_bytes` > 0 also its trace events and thread names.
// Call from a single-threaded (uncontrolled) caller.
RunResult run_isolated(const std::function<RunResult()>& fn, uint32_t wall_limit_ms = 60'000,
                       size_t journal_event_bytes = 0);

// In a freshly forked child: runs `fn`, writes its result to `fd` and
// _exits. Never returns.
[[noreturn]] void child_run_and_exit(int fd, const std::function<RunResult()>& fn);

// How a child's wall-clock limit went: `reached` when the caller killed it;
// `moving` when its progress counter (harness/proc/child_progress.h) changed
// lately; `progress` the counter's last value.
struct ChildLimit {
  bool reached = false;
  bool moving = false;
  uint64_t progress = 0;
};

// The result of a reaped child: what it wrote (`text`), how it ended
// (waitpid `status`) and how its wall limit went. A child killed at the limit
// while still moving is Verdict::incomplete ("N <progress_unit> done"), a
// stuck one Verdict::died. A child that ended without a result is
// Verdict::died with what `journal` (when given) kept of its run.
class ChildJournal;
RunResult child_outcome(const std::string& text, int status, const ChildLimit& limit,
                        uint32_t wall_limit_ms, const std::string& progress_unit,
                        const ChildJournal* journal = nullptr);

// A died run's report gets the child's last stderr lines (engine_stderr).
void add_stderr_to_death(RunResult* r);

// Milliseconds of the parent's monotonic clock, for wall-clock limits.
uint64_t now_ms();

}  // namespace enginesim::sched
