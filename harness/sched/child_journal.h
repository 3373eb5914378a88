// child_journal.h - what a run's forked child has done so far, kept in memory
// shared with the parent: every choice, the step count and running trace
// hash, optionally every trace event, and the signal that killed it. A child
// that crashes sends no result; this is how its schedule survives it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "harness/sched/run_result.h"

namespace enginesim::sched {

class ChildJournal {
 public:
  // Maps the region (call before fork). `event_bytes` > 0 also keeps trace
  // events and thread names (for `trace` and `report` of a run that dies);
  // pages are only touched as they are written, so the sizes are ceilings.
  explicit ChildJournal(size_t event_bytes = 0);
  ~ChildJournal();
  ChildJournal(const ChildJournal&) = delete;
  ChildJournal& operator=(const ChildJournal&) = delete;

  // In the child: the scheduler writes here from now on, and a crash signal
  // (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) is noted before it kills.
  void in_child();
  // In the parent, after the child ended without a result: fills `r`
  // (verdict died, steps, trace hash, choices, events, thread names, death).
  // `status` is the child's waitpid status.
  void fill_died(int status, RunResult* r) const;

  struct Shared;

 private:
  Shared* shared_ = nullptr;
  size_t bytes_ = 0;
};

// What the scheduler calls (no-ops in a process without a journal, such as a
// test running sim_run in place). One controlled thread runs at a time, so
// there is one writer.
void journal_begin_run();  // a new run in this process
void journal_progress(uint64_t steps, uint64_t hash);
void journal_choice(const ChoiceRecord& record);
bool journal_keeps_events();
void journal_event(const TraceEvent& event);
void journal_thread_name(uint32_t id, const std::string& name);

}  // namespace enginesim::sched
