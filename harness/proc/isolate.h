// isolate.h - runs one piece of work in a forked child (a ChildPool of one),
// so that an engine that crashes, aborts or hangs never takes the harness
// down. The child inherits stdout (and stderr unless captured); a result
// travels back as the exit code plus the bytes the work sends.
#pragma once

#include "harness/proc/child_pool.h"
#include "harness/proc/isolated_result.h"

namespace enginesim {

// Runs `work(send)` in a child under `spec` (its wall-clock limit in
// milliseconds, stderr capture, ...) and returns how it ended.
//
//   IsolatedResult r = run_isolated([&](const ChildSend& send) { send("hi"); return 0; },
//                                   {.limit_ms = 10'000});
IsolatedResult run_isolated(const ChildWork& work, const ChildSpec& spec);

}  // namespace enginesim
