// isolated_run.h - runs one scheduled run in a forked child, so a crash, a
// deadlock (threads parked forever) or a hang never takes the caller down.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "run_result.h"

namespace enginesim::sched {

// Forks; the child calls `fn`, sends its RunResult back and _exits. A child
// killed by a signal, exiting without a result, or running past
// `wall_limit_ms` yields Verdict::died with the reason in the report.
// Call from a single-threaded (uncontrolled) caller.
RunResult run_isolated(const std::function<RunResult()>& fn, uint32_t wall_limit_ms = 60'000);

// In a freshly forked child: runs `fn`, writes its result to `fd` and
// _exits. Never returns.
[[noreturn]] void child_run_and_exit(int fd, const std::function<RunResult()>& fn);

// The result of a reaped child: what it wrote (`text`), how it ended
// (waitpid `status`) and whether the caller killed it for running too long.
RunResult child_outcome(const std::string& text, int status, bool timed_out,
                        uint32_t wall_limit_ms);

}  // namespace enginesim::sched
