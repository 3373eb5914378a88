// isolated_run.h - one scheduled run in a forked child (harness/proc's
// child pools), so a crash, a deadlock (threads parked forever) or a hang
// never takes the caller down: the RunResult travels back serialized, and a
// child that sends none becomes a died (or incomplete) RunResult.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "harness/proc/child_pool.h"
#include "harness/proc/isolated_result.h"
#include "harness/sched/run_result.h"

namespace enginesim::sched {

class ChildJournal;

// Forks; the child calls `fn`, sends its RunResult back and _exits. A child
// killed by a signal, exiting without a result, or running past
// `wall_limit_ms` without progress yields Verdict::died with the reason in
// the report; past the limit while its scheduler still takes steps,
// Verdict::incomplete. What the child wrote to stderr is in engine_stderr.
// A child that died leaves its schedule up to the death in a ChildJournal
// (choices, steps, trace hash, signal and faulting address); with
// `journal_event_bytes` > 0 also its trace events and thread names.
// Call from a single-threaded (uncontrolled) caller.
RunResult run_in_child(const std::function<RunResult()>& fn, uint32_t wall_limit_ms = 60'000,
                       size_t journal_event_bytes = 0);

// The child's side: runs `fn`, sends its serialized result and _exits
// without flushing stdio (a parked controlled thread may hold its lock).
ChildWork run_result_work(const std::function<RunResult()>& fn);

// How a run's child is forked: stderr captured, crash signals left to
// `journal` (which notes them and chains to what was there), engines
// unloaded normally at a restart.
ChildSpec run_child_spec(uint32_t wall_limit_ms, ChildJournal* journal);

// The RunResult of an ended child: what it sent, or, without one, how it
// ended. A child killed at the limit while still moving is
// Verdict::incomplete ("N <progress_unit> done"), a stuck one Verdict::died.
// A child that ended without a result is Verdict::died with what `journal`
// (when given) kept of its run. Its stderr tail goes to engine_stderr unless
// the result carries one already (a DFS search's failing run).
RunResult child_outcome(const IsolatedResult& end, uint32_t wall_limit_ms,
                        const std::string& progress_unit, const ChildJournal* journal = nullptr);

// A died run's report gets the child's last stderr lines (engine_stderr).
void add_stderr_to_death(RunResult* r);

}  // namespace enginesim::sched
