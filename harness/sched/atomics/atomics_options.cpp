// atomics_options.cpp - see atomics_options.h.
#include "harness/sched/atomics/atomics_options.h"

#include "harness/tsan_annotations.h"

namespace enginesim::atomics {

bool atomics_from_args(bool atomics, bool races, bool weak_memory, sched::SchedOptions* options,
                       std::string* error) {
  if ((atomics || races || weak_memory) && tsan_present()) {
    *error =
        "--atomics, --races and --weak-memory need an enginesim built without ThreadSanitizer (the "
        "tsan preset's runtime owns the __tsan_* entry points an instrumented engine "
        "calls): use the default or asan build (docs/atomics.md)";
    return false;
  }
  options->atomics = atomics || races || weak_memory;
  options->races = races || weak_memory;
  options->weak_memory = weak_memory;
  return true;
}

void put_atomics_meta(const sched::SchedOptions& options,
                      std::vector<std::pair<std::string, std::string>>* meta) {
  // Only when on: files without these lines replay as before.
  if (options.atomics) meta->emplace_back("atomics", "1");
  if (options.races) meta->emplace_back("races", "1");
  if (options.weak_memory) meta->emplace_back("weak-memory", "1");
}

bool atomics_from_meta(const sched::ScheduleFile& file, sched::SchedOptions* options,
                       std::string* error) {
  const std::string* atomics = file.find_meta("atomics");
  const std::string* races = file.find_meta("races");
  const std::string* weak = file.find_meta("weak-memory");
  return atomics_from_args(atomics != nullptr && *atomics != "0", races != nullptr && *races != "0",
                           weak != nullptr && *weak != "0", options, error);
}

std::string atomics_words(const sched::SchedOptions& options) {
  if (options.weak_memory) return " --weak-memory";
  if (options.races) return " --races";
  return options.atomics ? " --atomics" : "";
}

}  // namespace enginesim::atomics
