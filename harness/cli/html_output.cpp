// html_output.cpp - replay with recording, then the HTML page.
#include "harness/cli/html_output.h"

#include <cinttypes>

#include "enginesim/text_file.h"
#include "harness/cli/run_report.h"
#include "harness/report/html_report.h"
#include "harness/report/timeline.h"
#include "harness/sched/trace.h"
#include "harness/sim/sim_session.h"

namespace enginesim::cli {
namespace {

report::PageInfo page_info(const SimSetup& setup, const sched::ScheduleFile& file,
                           const std::string& schedule_path, const sched::RunResult& r) {
  report::PageInfo p;
  p.title = "enginesim: seed " + std::to_string(file.seed) + ", " + sched::to_string(r.verdict);
  p.verdict = sched::to_string(r.verdict);
  p.report = r.report;
  p.replay_command = self_command() + " replay " + shell_quote(schedule_path);
  const bool same = r.trace_hash == file.trace_hash;
  p.facts = {
      {"seed", std::to_string(file.seed)},
      {"strategy", file.strategy},
      {"engine", setup.cfg.engine_path},
      {"config", setup.cfg.engine_config},
      {"workload", describe_setup(setup)},
      {"schedule", schedule_path + " (" + std::to_string(file.choices.size()) + " choices)"},
      {"verdict", verdict_line(r).substr(9)},
      {"trace hash",
       sched::hex64(r.trace_hash) + (same ? " (same as recorded: reproduced bit for bit)"
                                          : " (recorded " + sched::hex64(file.trace_hash) +
                                                ": DIFFERENT, the run is not reproducible)")},
  };
  return p;
}

}  // namespace

HtmlOutcome write_html_report(const SimSetup& setup, const sched::ScheduleFile& file,
                              const std::string& schedule_path, const std::string& out_path,
                              size_t events_max) {
  HtmlOutcome out;
  SimSetup recording = setup;
  recording.cfg.record_calls = true;
  recording.cfg.sched.trace_events_max = events_max;
  out.replayed = run_one(recording, file.seed,
                         {StrategyPlan::Kind::replay, file.strategy, file.choices}, true);
  if (out.replayed.verdict == sched::Verdict::diverged) {
    out.error =
        "the schedule does not fit this run (another engine, workload or enginesim "
        "version?): " +
        out.replayed.report;
    return out;
  }
  report::Timeline timeline = report::build_timeline(out.replayed, events_max);
  report::PageInfo info = page_info(setup, file, schedule_path, out.replayed);
  info.report = report::stable_text(info.report, &timeline.pointers);
  const std::string page = report::html_page(info, timeline);
  if (!write_text_file(out_path, page)) {
    out.error = "cannot write " + out_path + " (does its directory exist and is it writable?)";
    return out;
  }
  out.written = true;
  return out;
}

HtmlOutcome write_html_report(const std::string& schedule_path, const std::string& out_path) {
  sched::ScheduleFile file;
  SimSetup setup;
  HtmlOutcome out;
  if (!sched::read_schedule_file(schedule_path, &file, &out.error) ||
      !setup_from_schedule(file, &setup, &out.error)) {
    return out;
  }
  return write_html_report(setup, file, schedule_path, out_path);
}

}  // namespace enginesim::cli
