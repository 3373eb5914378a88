// cmd_trace.cpp - `enginesim trace FILE`: replays a recorded schedule with
// every event kept and prints it as a timeline: per step the thread (or
// connection), the call and its result.
#include <cinttypes>
#include <cstdio>

#include "harness/cli/engine_options.h"
#include "harness/cli/run_report.h"
#include "harness/cli/schedule_input.h"
#include "harness/proc/stderr_capture.h"
#include "harness/sched/trace.h"
#include "harness/sim/sim_session.h"

namespace enginesim::cli {
namespace {

int trace(const Args& args) {
  sched::ScheduleFile file;
  SimSetup setup;
  if (const int rc = load_schedule_input("trace", args, &file, &setup); rc != kExitOk) return rc;
  setup.cfg.sched.trace_events_max = static_cast<size_t>(args.integer("events-max"));
  const sched::RunResult r =
      run_one(setup, file.seed, {StrategyPlan::Kind::replay, file.strategy, file.choices}, true);
  std::printf("trace of %s: seed %" PRIu64 ", strategy %s, %s\n", args.positional()[0].c_str(),
              file.seed, file.strategy.c_str(), describe_setup(setup).c_str());
  std::printf("threads:\n");
  for (size_t i = 0; i < r.thread_names.size(); ++i) {
    std::printf("  %zu  %s\n", i, r.thread_names[i].c_str());
  }
  std::printf(
      "timeline (step, virtual time, the thread that runs and the call it makes; "
      "'conn N:' lines are a connection's operation and its result):\n");
  for (const auto& e : r.events) {
    std::printf("%s\n", sched::format_event(e, r.thread_names).c_str());
  }
  if (r.verdict == sched::Verdict::died && !r.events.empty()) {
    // The events came from the child's journal: the last one is where it was.
    const sched::TraceEvent& last = r.events.back();
    const std::string name =
        last.thread < r.thread_names.size() ? " '" + r.thread_names[last.thread] + "'" : "";
    std::printf("-- the child died after step %" PRIu64 " (thread %u%s): %s\n", last.step,
                last.thread, name.c_str(), sched::describe_death(r).c_str());
  }
  if (r.events.size() >= setup.cfg.sched.trace_events_max) {
    std::printf("... (stopped after %zu events; raise --events-max)\n", r.events.size());
  }
  std::printf("%s\ntrace-hash: %s (recorded %s)\n", verdict_line(r).c_str(),
              sched::hex64(r.trace_hash).c_str(), sched::hex64(file.trace_hash).c_str());
  if (!r.report.empty()) std::printf("report:\n%s", indent(r.report).c_str());
  std::printf("%s", stderr_after_report(r).c_str());  // the child's stderr, kept
  if (r.verdict == sched::Verdict::diverged) return kExitUsage;
  return is_failure(r) ? kExitFailure : kExitOk;
}

}  // namespace

Command trace_command() {
  return {"trace",
          "Prints a recorded schedule FILE as a readable timeline by replaying it with every "
          "event kept: each step's thread, the call it makes (lock, wait, notify...), and each "
          "connection's operations with their results.",
          "FILE",
          with(schedule_options(), {{"events-max", "N", "1000000", "stop printing after N events",
                                     false, 1, INT64_MAX}}),
          trace};
}

}  // namespace enginesim::cli
