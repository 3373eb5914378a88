// schedule_input.cpp - the FILE argument of replay/trace.
#include "harness/cli/schedule_input.h"

#include <cstdio>

#include "harness/sim/sim_session.h"

namespace enginesim::cli {

std::vector<OptionSpec> schedule_options() {
  return {{"engine", "PATH", nullptr, "load this engine instead of the recorded one"}};
}

int load_schedule_input(const char* command, const Args& args, sched::ScheduleFile* file,
                        SimSetup* setup) {
  if (args.positional().size() != 1) {
    std::fprintf(stderr, "enginesim %s: needs exactly one schedule FILE (see --help)\n", command);
    return kExitUsage;
  }
  std::string error;
  if (!sched::read_schedule_file(args.positional()[0], file, &error) ||
      !setup_from_schedule(*file, setup, &error)) {
    std::fprintf(stderr, "enginesim %s: %s\n", command, error.c_str());
    return kExitUsage;
  }
  if (args.has("engine")) setup->cfg.engine_path = args.str("engine");
  return check_engine_loads(*setup);
}

}  // namespace enginesim::cli
