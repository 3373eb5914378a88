// schedule_input.h - reading the schedule file `replay` and `trace` take,
// with the optional --engine override; every problem is a clear message.
#pragma once

#include <string>

#include "harness/cli/command.h"
#include "harness/sched/schedule_file.h"
#include "harness/sim/sim_options.h"

namespace enginesim::cli {

// --engine PATH (optional override of the recorded engine).
std::vector<OptionSpec> schedule_options();

// Reads the one positional FILE into `file` and `setup`. Returns kExitOk, or
// prints the problem and returns kExitUsage (also when the engine does not
// load) or kExitFailure (the engine crashed while loading).
int load_schedule_input(const char* command, const Args& args, sched::ScheduleFile* file,
                        SimSetup* setup);

}  // namespace enginesim::cli
