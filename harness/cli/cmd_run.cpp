// cmd_run.cpp - `enginesim run`: one simulation of one seed in a forked
// child; prints the verdict and trace hash, and for a failure the report,
// the confirming re-run and the one command that replays it.
#include <cinttypes>
#include <cstdio>

#include "harness/cli/engine_options.h"
#include "harness/cli/run_report.h"
#include "harness/proc/stderr_capture.h"
#include "harness/sim/dfs_campaign.h"
#include "harness/sim/seed_plan.h"
#include "harness/sim/sim_session.h"
#include "harness/sim/workload_file.h"

namespace enginesim::cli {
namespace {

int run(const Args& args) {
  if (!args.positional().empty()) {
    std::fprintf(stderr, "enginesim run: unexpected argument '%s'\n", args.positional()[0].c_str());
    return kExitUsage;
  }
  SimSetup setup;
  std::string error;
  if (!setup_from_args(args, &setup, &error)) {
    std::fprintf(stderr, "enginesim run: %s\n", error.c_str());
    return kExitUsage;
  }
  const auto seed = static_cast<uint64_t>(args.integer("seed"));
  // The seed's own shape (swarm) and strategy (mix), as explore's seed has.
  setup = setup_for_seed(setup, seed);
  setup.strategy = strategy_for_seed(setup.strategy, seed);
  if (args.has("history")) setup.cfg.history_path = args.str("history");
  if (args.has("write-workload")) {
    sched::SimConfig cfg = setup.cfg;
    cfg.seed = seed;
    if (!sched::write_workload_file(args.str("write-workload"), sched::make_workload(cfg),
                                    &error)) {
      std::fprintf(stderr, "enginesim run: %s\n", error.c_str());
      return kExitUsage;
    }
    std::printf("workload written: %s\n", args.str("write-workload").c_str());
  }
  if (const int rc = check_engine_loads(setup); rc != kExitOk) return rc;
  const std::string record = args.has("record") ? args.str("record") : "";
  const std::string html = args.has("html") ? args.str("html") : "";
  int bound = -1;
  check_strategy(setup.strategy, &bound, &error);
  if (bound >= 0) {
    std::printf("run: seed %" PRIu64 ", strategy %s, %s\n", seed, setup.strategy.c_str(),
                describe_setup(setup).c_str());
    const DfsOutcome dfs = dfs_campaign(setup, seed, static_cast<uint32_t>(bound),
                                        static_cast<uint64_t>(args.integer("max-schedules")));
    std::printf("%s\n", dfs.summary().c_str());
    if (dfs.failure.ok() && dfs.exhausted) {
      std::printf("verdict: ok  (no schedule failed)\n");
      return kExitOk;
    }
    if (dfs.incomplete()) {
      const sched::RunResult r = dfs.as_result();
      std::printf("verdict: incomplete  (no schedule failed; %" PRIu64 " schedules explored)\n%s",
                  dfs.schedules, indent(r.report).c_str());
      std::printf("%s", stderr_block(r.engine_stderr, "  ").c_str());
      return incomplete_exit_code(args);
    }
    return report_run(setup, seed, setup.strategy, dfs.failure, record, html);
  }
  const std::string spec = resolve_strategy(setup, seed, setup.strategy);
  std::printf("run: seed %" PRIu64 ", strategy %s, %s\n", seed, spec.c_str(),
              describe_setup(setup).c_str());
  if (!setup.shape_text.empty()) std::printf("swarm shape: %s\n", setup.shape_text.c_str());
  std::fflush(stdout);
  const sched::RunResult r = run_one(setup, seed, {StrategyPlan::Kind::spec, spec, {}}, false);
  const int code = report_run(setup, seed, spec, r, record, html);
  return r.verdict == sched::Verdict::incomplete ? incomplete_exit_code(args) : code;
}

}  // namespace

Command run_command() {
  return {
      "run",
      "One simulation of one seed under the deterministic scheduler, in a forked child: "
      "prints the verdict and `trace-hash: <hex>`; a failure is recorded, re-run to "
      "confirm it repeats, and printed with the command that replays it. Exit 0 no "
      "failure, 1 failure, 2 usage/input error or an engine that does not load.",
      "",
      with(with(engine_options(), {{"seed", "S", "1", "the seed: workload and strategy randomness",
                                    false, 0, INT64_MAX}}),
           with(sim_options(),
                {{"record", "FILE", nullptr,
                  "write the schedule here (a failure is always recorded; default "
                  "enginesim-failure-<seed>.schedule)"},
                 {"html", "FILE", nullptr,
                  "on failure, also draw the recorded run as an HTML page (see `report`)"},
                 {"write-workload", "FILE", nullptr,
                  "write the run's workload (the seed's, or --workload's) to FILE"},
                 {"history", "FILE", nullptr,
                  "write the run's history (every call and return) to FILE, in the "
                  "format `enginesim check-history` reads"},
                 {"max-schedules", "N", "100000", "dfs:B: stop after N schedules", false, 1,
                  INT64_MAX}})),
      run};
}

}  // namespace enginesim::cli
