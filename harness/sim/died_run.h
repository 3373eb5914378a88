// died_run.h - what becomes of a run whose child died (the engine crashed):
// its schedule file records every choice up to the death and says that the
// run died, so that a replay expects the death instead of more choices.
#pragma once

#include <string>

#include "harness/sched/run_result.h"
#include "harness/sched/schedule_file.h"

namespace enginesim::cli {

// The bytes of trace events a child keeps in its journal when events are
// wanted (trace, report): ample for the default --events-max of `trace`.
size_t journal_event_bytes(size_t events_max);

// True when the child's journal kept the whole schedule up to the death, so
// that it can be recorded and replayed.
bool died_with_schedule(const sched::RunResult& r);

// Adds the `died` meta line ("11 SIGSEGV at address 0x0, after 812 steps").
void put_death_meta(const sched::RunResult& r, sched::ScheduleFile* file);
// The signal a recorded run died of (0: it died without one), or -1 when the
// file records a run that did not die.
int recorded_death_signal(const sched::ScheduleFile& file);

// Whether `again` (a replay of the recorded schedule of `original`, or of a
// file recording a death) died the same way: the same signal and the same
// trace hash up to the death. `why` says how it differs.
bool same_death(int signal, uint64_t trace_hash, const sched::RunResult& again, std::string* why);

}  // namespace enginesim::cli
