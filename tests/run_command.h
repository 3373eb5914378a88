// run_command.h - runs a shell command line for a test and keeps what it
// printed (stdout and stderr together) and its exit code.
#pragma once

#include <stdio.h>
#include <sys/wait.h>

#include <string>

namespace enginesim::testing {

struct CommandRun {
  int exit_code = -1;  // -1: could not start, or ended by a signal
  std::string output;
};

inline CommandRun run_command(const std::string& command_line) {
  CommandRun run;
  FILE* pipe = ::popen((command_line + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return run;
  char buf[4096];
  for (size_t n; (n = ::fread(buf, 1, sizeof buf, pipe)) > 0;) run.output.append(buf, n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace enginesim::testing
