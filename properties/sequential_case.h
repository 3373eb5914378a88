// sequential_case.h - one case of the sequential property, run in a forked
// child: an engine that crashes or hangs in the case fails the case (and
// rapidcheck shrinks it) instead of taking the runner down.
#pragma once

#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include "properties/engine_target.h"
#include "properties/engine_under_test.h"
#include "properties/sequential_commands.h"

namespace enginesim::properties {

using SequentialCommands = rc::state::Commands<SequentialCommand>;

// Runs `commands` against a fresh engine of `target` (fresh core, temp
// directory and contract monitor) in a forked child, then the end-of-case
// checks. *log gets the operations as the child performed them (kept by
// the parent from what the child streams, so a crash does not lose them;
// log->outcomes counts over every case). Fails the case (RC_FAIL) when the
// model or the monitor rejected an answer, when the child died (naming the
// signal and the operation it died in) or ran past target.case_limit_ms.
void run_sequential_case(const EngineTarget& target, const SequentialCommands& commands,
                         CaseLog* log);

}  // namespace enginesim::properties
