// cmd_replay.cpp - `enginesim replay FILE`: runs a recorded schedule again
// and shows that it reproduces the run bit for bit (same trace hash).
#include <cinttypes>
#include <cstdio>

#include "harness/cli/engine_options.h"
#include "harness/cli/html_output.h"
#include "harness/cli/run_report.h"
#include "harness/cli/schedule_input.h"
#include "harness/proc/stderr_capture.h"
#include "harness/sched/trace.h"
#include "harness/sim/died_run.h"
#include "harness/sim/sim_session.h"

namespace enginesim::cli {
namespace {

int replay(const Args& args) {
  sched::ScheduleFile file;
  SimSetup setup;
  if (const int rc = load_schedule_input("replay", args, &file, &setup); rc != kExitOk) return rc;
  if (args.has("history")) setup.cfg.history_path = args.str("history");
  std::printf("replay: %s (seed %" PRIu64 ", strategy %s, %zu choices, %s)\n",
              args.positional()[0].c_str(), file.seed, file.strategy.c_str(), file.choices.size(),
              describe_setup(setup).c_str());
  if (!setup.shape_text.empty()) std::printf("swarm shape: %s\n", setup.shape_text.c_str());
  std::fflush(stdout);
  const sched::RunResult r =
      run_one(setup, file.seed, {StrategyPlan::Kind::replay, file.strategy, file.choices}, false);
  // A file that ends at a death holds fewer choices than a whole run makes:
  // the replay must die where it did, never run out of choices.
  const int died_signal = recorded_death_signal(file);
  std::string why;  // how the replay differs from the recorded death
  if (died_signal >= 0) same_death(died_signal, file.trace_hash, r, &why);
  if (died_signal >= 0 && r.verdict != sched::Verdict::died) {
    std::printf("%s\ntrace-hash: %s\n", verdict_line(r).c_str(),
                sched::hex64(r.trace_hash).c_str());
    if (!r.report.empty()) std::printf("report:\n%s", indent(r.report).c_str());
    std::printf("UNCONTROLLED NONDETERMINISM: the recorded run died (%s), but replayed %s\n",
                file.find_meta("died")->c_str(), why.c_str());
    return kExitFailure;
  }
  if (r.verdict == sched::Verdict::diverged) {
    std::fprintf(stderr,
                 "enginesim replay: the schedule does not fit this run (another engine, "
                 "workload or enginesim version?):\n%s",
                 indent(r.report).c_str());
    return kExitUsage;
  }
  const bool same = died_signal >= 0 ? why.empty() : r.trace_hash == file.trace_hash;
  // A death's hash covers the run up to it: the same prefix, the same death.
  const char* how = died_signal >= 0 ? "same, reproduced bit for bit up to the death"
                                     : "same, reproduced bit for bit";
  std::printf("%s\ntrace-hash: %s (recorded %s: %s)\n", verdict_line(r).c_str(),
              sched::hex64(r.trace_hash).c_str(), sched::hex64(file.trace_hash).c_str(),
              same ? how : "DIFFERENT");
  if (!r.report.empty()) std::printf("report:\n%s", indent(r.report).c_str());
  std::printf("%s", stderr_after_report(r).c_str());  // the child's stderr, kept
  if (!same) {
    std::printf(
        "UNCONTROLLED NONDETERMINISM: the recorded choices were followed but the run "
        "differs%s (see `enginesim trace` of the file)\n",
        why.empty() ? "" : (": " + why).c_str());
    return kExitFailure;
  }
  if (is_failure(r) && args.has("html")) {
    std::fflush(stdout);
    const HtmlOutcome h = write_html_report(setup, file, args.positional()[0], args.str("html"));
    if (h.written) {
      std::printf("html report: %s\n", args.str("html").c_str());
    } else {
      std::fprintf(stderr, "enginesim replay: no HTML report: %s\n", h.error.c_str());
    }
  }
  return is_failure(r) ? kExitFailure : kExitOk;
}

}  // namespace

Command replay_command() {
  return {"replay",
          "Runs a recorded schedule FILE again (written by run/explore) and compares the "
          "trace hash with the recorded one. Exit 0 the run is ok, 1 it fails (or differs), "
          "2 the file is unreadable, damaged or does not fit the engine.",
          "FILE",
          with(schedule_options(),
               {{"html", "FILE", nullptr,
                 "when the run fails, also draw it as an HTML page (see `report`)"},
                {"history", "FILE", nullptr,
                 "write the run's history (every call and return) to FILE, in the format "
                 "`enginesim check-history` reads"}}),
          replay};
}

}  // namespace enginesim::cli
