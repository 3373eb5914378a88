// atomics_options.cpp - see atomics_options.h.
#include "atomics_options.h"

#include "harness/tsan_annotations.h"

namespace enginesim::atomics {

bool atomics_from_args(bool atomics, bool races, sched::SchedOptions* options,
                       std::string* error) {
  if ((atomics || races) && tsan_present()) {
    *error = "--atomics and --races need an enginesim built without ThreadSanitizer (the "
             "tsan preset's runtime owns the __tsan_* entry points an instrumented engine "
             "calls): use the default or asan build (docs/atomics.md)";
    return false;
  }
  options->atomics = atomics || races;
  options->races = races;
  return true;
}

void put_atomics_meta(const sched::SchedOptions& options,
                      std::vector<std::pair<std::string, std::string>>* meta) {
  // Only when on: files without these lines replay as before.
  if (options.atomics) meta->emplace_back("atomics", "1");
  if (options.races) meta->emplace_back("races", "1");
}

bool atomics_from_meta(const sched::ScheduleFile& file, sched::SchedOptions* options,
                       std::string* error) {
  const std::string* atomics = file.find_meta("atomics");
  const std::string* races = file.find_meta("races");
  return atomics_from_args(atomics != nullptr && *atomics != "0",
                           races != nullptr && *races != "0", options, error);
}

std::string atomics_words(const sched::SchedOptions& options) {
  if (options.races) return " --races";
  return options.atomics ? " --atomics" : "";
}

}  // namespace enginesim::atomics
