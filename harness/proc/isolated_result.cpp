// isolated_result.cpp - a child's end in one phrase.
#include "harness/proc/isolated_result.h"

namespace enginesim {

std::string IsolatedResult::describe() const {
  if (timed_out) return "timed out (killed)";
  if (exited) return "exit " + std::to_string(exit_code);
  if (signal != 0) {
    return "killed by " + signal_name(signal) + (core_dumped ? " (core dumped)" : "");
  }
  return "unknown end";
}

}  // namespace enginesim
