// isolated_result.h - how a forked child ended, as its parent saw it: the
// bytes it sent, its exit status or signal, whether its wall-clock limit
// struck (and whether it was still making progress then), and the tail of
// its stderr. What the bytes mean is the caller's business.
#pragma once

#include <cstdint>
#include <string>

#include "harness/proc/signal_name.h"  // signal_name, for callers describing a child

namespace enginesim {

struct IsolatedResult {
  std::string payload = {};  // everything the child passed to its `send`
  int wait_status = 0;       // the raw waitpid status
  bool exited = false;       // the child returned or called exit
  int exit_code = -1;        // valid when exited
  int signal = 0;            // the signal that killed it, or 0
  bool core_dumped = false;
  bool timed_out = false;  // killed by the parent at its wall-clock limit
  // At the limit: whether the child's progress counter (child_progress.h)
  // moved lately, and its last value.
  bool moving = false;
  uint64_t progress = 0;
  // With ChildSpec::capture_stderr: the last lines the child wrote to its
  // stderr (StderrCapture's bounds), "" when it wrote nothing.
  std::string child_stderr = {};

  // One phrase for people: "exit 0", "killed by SIGSEGV (core dumped)", ...
  std::string describe() const;
};

}  // namespace enginesim
