// isolate.h - runs a piece of work in a forked child so that an engine that
// crashes, aborts or hangs never takes the harness down. The child inherits
// stdout (and stderr unless captured); a result travels back as the exit code plus an optional
// message written through a pipe.
#pragma once

#include <functional>
#include <string>

#include "harness/proc/signal_name.h"  // signal_name, for callers describing a child

namespace enginesim {

struct IsolatedResult {
  bool exited = false;        // the child returned or called exit
  int exit_code = -1;         // valid when exited
  int signal = 0;             // the signal that killed it, or 0
  bool core_dumped = false;
  bool timed_out = false;     // killed by the harness after the time limit
  std::string message;        // what the child passed to its `send` function
  // With capture_stderr: the last lines the child wrote to its stderr
  // (StderrCapture's bounds), "" when it wrote nothing.
  std::string child_stderr;
  // One phrase for people: "exit 0", "killed by SIGSEGV (core dumped)", ...
  std::string describe() const;
};

// Runs `work(send)` in a child. `send` may be called any number of times; the
// texts are concatenated into IsolatedResult::message. The child exits with
// work's return value. timeout_sec <= 0 means no limit. capture_stderr: the
// child's stderr goes to IsolatedResult::child_stderr instead of the
// parent's stderr.
IsolatedResult run_isolated(const std::function<int(const std::function<void(const std::string&)>& send)>& work,
                            double timeout_sec, bool capture_stderr = false);

}  // namespace enginesim
