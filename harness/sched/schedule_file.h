// schedule_file.h - the recorded schedule of a run: a versioned text file
// (seed, strategy, free-form metadata such as engine and workload, every
// choice, the expected trace hash) ending in a checksum line.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "harness/sched/choice.h"

namespace enginesim::sched {

struct ScheduleFile {
  static constexpr int kVersion = 1;
  uint64_t seed = 0;
  std::string strategy;  // the spec the run used ("pct:2:300")
  // Whatever the caller needs to rebuild the run (engine path, config,
  // connections, ops...). Keys without spaces; values without newlines.
  std::vector<std::pair<std::string, std::string>> meta;
  uint64_t trace_hash = 0;
  ChoiceLog choices;

  const std::string* find_meta(const std::string& key) const;
};

std::string format_schedule(const ScheduleFile& file);
// Fills `file`, or returns false with an error that says what is wrong
// (not a schedule, other version, damaged: checksum mismatch, bad line N).
bool parse_schedule(const std::string& text, ScheduleFile* file, std::string* error);

bool write_schedule_file(const std::string& path, const ScheduleFile& file, std::string* error);
bool read_schedule_file(const std::string& path, ScheduleFile* file, std::string* error);

}  // namespace enginesim::sched
