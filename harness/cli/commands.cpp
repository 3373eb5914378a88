// commands.cpp - the table of enginesim's subcommands.
#include "harness/cli/command.h"

namespace enginesim::cli {

Command info_command();
Command smoke_command();
Command conformance_command();
Command run_command();
Command replay_command();
Command explore_command();
Command merge_command();
Command trace_command();
Command bench_command();
Command check_history_command();
Command report_command();
Command testapp_command();
Command check_command();

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = {
      info_command(),          smoke_command(), conformance_command(), testapp_command(),
      check_command(),         run_command(),   replay_command(),      explore_command(),
      merge_command(),         trace_command(), report_command(),      bench_command(),
      check_history_command(),
  };
  return commands;
}

}  // namespace enginesim::cli
