// atomics_options.h - --atomics, --races, --weak-memory (issue 19, docs/atomics.md):
// from the command line, into and out of a schedule file, and back into a
// printed command. Kept apart so the shared option table needs one line each.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "harness/sched/schedule_file.h"
#include "harness/sched/scheduler.h"

namespace enginesim::atomics {

// False with a message when this enginesim cannot run them (a
// ThreadSanitizer build, whose runtime owns the __tsan_* entry points).
bool atomics_from_args(bool atomics, bool races, bool weak_memory, sched::SchedOptions* options,
                       std::string* error);
void put_atomics_meta(const sched::SchedOptions& options,
                      std::vector<std::pair<std::string, std::string>>* meta);
bool atomics_from_meta(const sched::ScheduleFile& file, sched::SchedOptions* options,
                       std::string* error);
// " --atomics", " --races", " --weak-memory" or "" for a printed command.
std::string atomics_words(const sched::SchedOptions& options);

}  // namespace enginesim::atomics
