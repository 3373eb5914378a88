// run_result.h - the verdict of one scheduled run and everything needed to
// report, replay and compare it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/sched/choice.h"
#include "harness/sched/trace.h"

namespace enginesim::sched {

enum class Verdict {
  ok,
  failed,        // harness code called Scheduler::fail (a check did not hold)
  deadlock,      // no thread can run and no deadline is pending
  step_limit,    // more scheduling steps than SchedOptions::steps_max
  uncontrolled,  // a thread ran too long without a scheduling point
  thread_leak,   // the run's body returned while other threads lived
  diverged,      // a replayed schedule no longer matches the run
  died,          // the isolated child process crashed, hung or was killed
  // A budget ran out while the work was still moving: a wall-clock limit on
  // a child still making steps, or a DFS schedule budget. Not a failure; the
  // report says what was covered.
  incomplete,
  // Nothing else failed, but threads took locks in a cycle of orders: a
  // potential deadlock another schedule would hit (lock_order.h).
  lock_order
};
const char* to_string(Verdict verdict);
bool verdict_from_string(const std::string& name, Verdict* verdict);

// How timed waits ended, for tests and statistics.
struct WaitStats {
  uint64_t signalled = 0;
  uint64_t timed_out = 0;
  uint64_t spurious = 0;
  uint64_t time_jumps = 0;
  bool operator==(const WaitStats&) const = default;
};

// One operation of a history's minimal non-linearizable sub-history
// (sim_history.h), for reports to find and explain it in the run.
struct WitnessOp {
  uint32_t conn = 0;      // its connection; 0: the clock (an advance)
  uint64_t op_index = 0;  // 1-based: the connection's n-th operation (the clock's n-th advance)
  std::string op;         // the model's text: append "k0" "x"
  std::string got;        // its result: ENGINE_SUCCESS cas=5, pending...
  std::string note;       // what the checker says of it (memcached allows ...), or ""
  bool operator==(const WitnessOp&) const = default;
};

// How a run's child died (Verdict::died), as its journal saw it
// (child_journal.h).
// One frame of where a crash signal struck: a module's path ("" for an
// address no module holds) and the offset in it.
struct CodeOffset {
  std::string module;
  uint64_t offset = 0;
  bool operator==(const CodeOffset&) const = default;
};

struct Death {
  int signal = 0;            // 0: no signal (a hang, an exit without a result)
  bool has_address = false;  // a fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL): si_addr
  uint64_t address = 0;
  bool choices_lost = false;  // the journal was full: the schedule is cut short
  bool events_lost = false;   // the same for the trace events
  // The faulting instruction first, then its callers (child_journal.cpp).
  std::vector<CodeOffset> frames;
  bool operator==(const Death&) const = default;
};

struct RunResult {
  Verdict verdict = Verdict::ok;
  std::string report;        // empty when ok; else what happened, multi-line
  uint64_t steps = 0;        // scheduling steps taken
  uint64_t trace_hash = 0;   // over every step, choice and time jump
  uint64_t end_time_ns = 0;  // virtual time when the run ended
  // Steps at which another controlled thread took over: each costs the OS a
  // context switch (a post and a wait). A step where the running thread goes
  // on costs none (issue 18, P1). Not part of the trace hash.
  uint64_t handoffs = 0;
  WaitStats waits;
  ChoiceLog choices;                      // every choice with more than one option
  std::vector<std::string> thread_names;  // index = thread number
  std::vector<TraceEvent> events;         // the first SchedOptions::trace_events_max
  // A history that is not linearizable: its minimal failing sub-history, in
  // the order the report lists it (#1, #2...). Empty otherwise.
  std::vector<WitnessOp> witness;
  // Strict findings (docs/core-fidelity.md) that did not fail the run below
  // --level strict: "rule: message", one each. Not part of the trace hash.
  std::vector<std::string> warnings;
  // The last lines the run's child wrote to stderr (StderrCapture's bounds):
  // the engine's own words, a sanitizer's report. "" when nothing.
  std::string engine_stderr;
  Death death;  // Verdict::died only

  bool ok() const { return verdict == Verdict::ok; }
};

// "SIGSEGV at address 0x0, after 812 steps" for a run that died of a signal;
// "" otherwise.
std::string describe_death(const RunResult& result);

// A line-based text form, used to pass results out of forked children.
std::string serialize(const RunResult& result);
bool deserialize(const std::string& text, RunResult* result, std::string* error);

}  // namespace enginesim::sched
