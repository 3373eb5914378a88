// html_output.h - the HTML report of a recorded schedule: replays it with
// every engine call recorded (sched::SimConfig::record_calls) and writes the
// swimlane page (harness/report/html_report.h). Used by `report` and by
// --html on run, replay and explore.
#pragma once

#include <cstddef>
#include <string>

#include "harness/sched/run_result.h"
#include "harness/sched/schedule_file.h"
#include "harness/sim/sim_options.h"

namespace enginesim::cli {

inline constexpr size_t kReportEventsMax = 200'000;

struct HtmlOutcome {
  bool written = false;
  std::string error;          // why not
  sched::RunResult replayed;  // the recorded replay
};

// Replays `file` (its setup in `setup`, read from `schedule_path`) and
// writes the page to `out_path`.
HtmlOutcome write_html_report(const SimSetup& setup, const sched::ScheduleFile& file,
                              const std::string& schedule_path, const std::string& out_path,
                              size_t events_max = kReportEventsMax);

// The same starting from the schedule file's path (for run and explore,
// which have just recorded it).
HtmlOutcome write_html_report(const std::string& schedule_path, const std::string& out_path);

}  // namespace enginesim::cli
