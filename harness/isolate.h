// isolate.h - runs a piece of work in a forked child so that an engine that
// crashes, aborts or hangs never takes the harness down. The child inherits
// stdout/stderr; a result travels back as the exit code plus an optional
// message written through a pipe.
#pragma once

#include <functional>
#include <string>

namespace enginesim {

struct IsolatedResult {
  bool exited = false;        // the child returned or called exit
  int exit_code = -1;         // valid when exited
  int signal = 0;             // the signal that killed it, or 0
  bool core_dumped = false;
  bool timed_out = false;     // killed by the harness after the time limit
  std::string message;        // what the child passed to its `send` function
  // One phrase for people: "exit 0", "killed by SIGSEGV (core dumped)", ...
  std::string describe() const;
};

// Runs `work(send)` in a child. `send` may be called any number of times; the
// texts are concatenated into IsolatedResult::message. The child exits with
// work's return value. timeout_sec <= 0 means no limit.
IsolatedResult run_isolated(const std::function<int(const std::function<void(const std::string&)>& send)>& work,
                            double timeout_sec);

// "SIGSEGV" for 11, etc.
std::string signal_name(int signal);

}  // namespace enginesim
