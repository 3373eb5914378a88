// sim_session.cpp - running seeds and schedules in forked children, PCT's K,
// recording and confirming failures.
#include "harness/sim/sim_session.h"

#include <unistd.h>

#include <cstdio>
#include <memory>

#include "fakes/core.h"
#include "harness/loader.h"
#include "harness/proc/isolate.h"
#include "harness/proc/stderr_capture.h"
#include "harness/sched/replay_strategy.h"
#include "harness/sched/strategy.h"
#include "harness/sim/died_run.h"
#include "harness/sim/isolated_run.h"
#include "harness/sim/sim_run.h"

namespace enginesim::cli {
namespace {

using sched::RunResult;
using sched::Verdict;

std::string with_dir(const std::string& config, const std::string& dir) {
  return substitute_tmpdir(config, dir);
}

RunResult failed(const std::string& why) {
  RunResult r;
  r.verdict = Verdict::failed;
  r.report = why;
  return r;
}

}  // namespace

// An incomplete run found nothing wrong: it ran out of budget (--require-complete
// makes that an exit code of its own).
bool is_failure(const RunResult& r) {
  return r.verdict != Verdict::ok && r.verdict != Verdict::incomplete;
}

std::string stderr_after_report(const RunResult& r) {
  return r.verdict == Verdict::died ? "" : stderr_block(r.engine_stderr, "  ");
}

int incomplete_exit_code(const Args& args) {
  return args.flag("require-complete") ? kExitFailure : kExitOk;
}

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += prefix + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

std::function<RunResult()> sim_job(const SimSetup& setup, uint64_t seed, const StrategyPlan& plan,
                                   const std::string& dir, bool keep_events) {
  return [setup, seed, plan, dir, keep_events] {
    sched::SimConfig cfg = setup.cfg;
    cfg.seed = seed;
    cfg.engine_config = with_dir(cfg.engine_config, dir);
    if (setup.crash) cfg.crash_dir = dir;
    std::unique_ptr<sched::Strategy> strategy;
    sched::ReplayStrategy* replay = nullptr;
    if (plan.kind == StrategyPlan::Kind::spec) {
      std::string error;
      strategy = sched::make_strategy(plan.spec, seed, &error);
      if (!strategy) return failed(error);
    } else {
      auto r = std::make_unique<sched::ReplayStrategy>(plan.choices,
                                                       plan.kind == StrategyPlan::Kind::replay
                                                           ? sched::ReplayStrategy::Mode::replay
                                                           : sched::ReplayStrategy::Mode::prefix,
                                                       plan.spec);
      replay = plan.kind == StrategyPlan::Kind::replay ? r.get() : nullptr;
      strategy = std::move(r);
    }
    RunResult r = sched::sim_run(cfg, *strategy);
    if (replay != nullptr && r.verdict != Verdict::diverged && !replay->consumed_all()) {
      r.verdict = Verdict::diverged;
      r.report = "the run ended after " + std::to_string(r.choices.size()) +
                 " choices; the schedule recorded " + std::to_string(plan.choices.size()) + " (" +
                 (r.report.empty() ? std::string("it ended ok") : r.report) + ")";
    }
    if (!keep_events && r.ok()) r.events.clear();
    return r;
  };
}

std::function<RunResult()> sim_job_with(const SimSetup& setup, uint64_t seed,
                                        sched::Strategy& strategy, const std::string& dir,
                                        bool keep_events) {
  return [setup, seed, &strategy, dir, keep_events] {
    sched::SimConfig cfg = setup.cfg;
    cfg.seed = seed;
    cfg.engine_config = with_dir(cfg.engine_config, dir);
    if (setup.crash) cfg.crash_dir = dir;
    RunResult r = sched::sim_run(cfg, strategy);
    if (!keep_events && r.ok()) r.events.clear();
    return r;
  };
}

RunResult run_one(const SimSetup& setup, uint64_t seed, const StrategyPlan& plan,
                  bool keep_events) {
  RunDir dir;
  // Events wanted (trace, report): the child's journal keeps them too, so
  // that a run that dies still shows its steps up to the death.
  const size_t event_bytes =
      keep_events ? journal_event_bytes(setup.cfg.sched.trace_events_max) : 0;
  return sched::run_in_child(sim_job(setup, seed, plan, dir.path(), keep_events),
                             setup.child_limit_ms, event_bytes);
}

int check_engine_loads(const SimSetup& setup) {
  RunDir dir;
  IsolatedResult r = run_isolated(
      [&](const auto& send) {
        Core core;
        LoadOptions options;
        options.config = with_dir(setup.cfg.engine_config, dir.path());
        options.abi = setup.cfg.abi;
        LoadError error{};
        auto engine = load_engine(setup.cfg.engine_path, core, options, &error);
        if (!engine) {
          send(error.message);
          return kExitUsage;
        }
        engine->destroy();
        return kExitOk;
      },
      {.limit_ms = 60'000});
  if (r.exited && r.exit_code == kExitOk) return kExitOk;
  if (r.exited && r.exit_code == kExitUsage) {
    std::fprintf(stderr, "enginesim: %s\n", r.payload.c_str());
    return kExitUsage;
  }
  std::fprintf(stderr, "enginesim: engine %s %s while loading\n", setup.cfg.engine_path.c_str(),
               r.describe().c_str());
  return kExitFailure;
}

std::string resolve_strategy(const SimSetup& setup, uint64_t seed, const std::string& spec) {
  if (spec.rfind("pct:", 0) != 0 || spec.find(':', 4) != std::string::npos) return spec;
  StrategyPlan plan{StrategyPlan::Kind::prefix, "non-preempting", {}};
  const RunResult r = run_one(setup, seed, plan, false);
  const uint64_t k = r.steps == 0 ? 1000 : r.steps;
  return spec + ":" + std::to_string(k);
}

bool record_schedule(const SimSetup& setup, uint64_t seed, const std::string& spec,
                     const RunResult& result, const std::string& path, std::string* error) {
  sched::ScheduleFile f;
  f.seed = seed;
  f.strategy = spec;
  put_meta(setup, &f);
  f.trace_hash = result.trace_hash;
  f.choices = result.choices;
  if (result.verdict == Verdict::died) put_death_meta(result, &f);
  return sched::write_schedule_file(path, f, error);
}

std::string first_divergence(const RunResult& a, const RunResult& b) {
  const size_t n = std::min(a.events.size(), b.events.size());
  for (size_t i = 0; i < n; ++i) {
    const auto& x = a.events[i];
    const auto& y = b.events[i];
    if (x.step == y.step && x.thread == y.thread && x.op == y.op && x.object == y.object &&
        x.time_ns == y.time_ns && x.text == y.text) {
      continue;
    }
    return "first diverging step " + std::to_string(x.step) +
           ":\n  first run: " + sched::format_event(x, a.thread_names) +
           "\n  re-run:    " + sched::format_event(y, b.thread_names);
  }
  if (a.events.size() != b.events.size()) {
    const RunResult& longer = a.events.size() > b.events.size() ? a : b;
    return "the runs agree for " + std::to_string(n) + " events, then " +
           (&longer == &a ? std::string("the re-run") : std::string("the first run")) +
           " stops; next: " + sched::format_event(longer.events[n], longer.thread_names);
  }
  return "the first " + std::to_string(n) +
         " recorded events agree; the runs differ later (or in the ending)";
}

Confirmation confirm_failure(const SimSetup& setup, uint64_t seed, const std::string& spec,
                             const RunResult& original) {
  Confirmation c;
  if (died_with_schedule(original)) {
    // Its schedule up to the death was recorded: the replay must die there.
    const RunResult again =
        run_one(setup, seed, {StrategyPlan::Kind::replay, spec, original.choices}, false);
    std::string why;
    c.repeated = same_death(original.death.signal, original.trace_hash, again, &why);
    c.text = c.repeated ? "confirmed: a second run of the recorded schedule died the same way (" +
                              sched::describe_death(again) + ", trace-hash " +
                              sched::hex64(again.trace_hash) + ")"
                        : "UNCONTROLLED NONDETERMINISM: the recorded schedule ran again but " +
                              why + (again.report.empty() ? "" : "\n" + again.report);
    return c;
  }
  if (original.verdict == Verdict::died) {
    if (spec.rfind("dfs:", 0) == 0) {
      c.text = "not re-run: a DFS schedule that died was not recorded";
      return c;
    }
    const RunResult again = run_one(setup, seed, {StrategyPlan::Kind::spec, spec, {}}, false);
    c.repeated = again.verdict == Verdict::died;
    c.text = c.repeated ? "confirmed: a second run of the seed died too"
                        : std::string(
                              "UNCONTROLLED NONDETERMINISM: a second run of the seed "
                              "did not die (verdict ") +
                              sched::to_string(again.verdict) + ")";
    return c;
  }
  const RunResult again =
      run_one(setup, seed, {StrategyPlan::Kind::replay, spec, original.choices}, true);
  c.repeated = again.trace_hash == original.trace_hash && again.verdict == original.verdict;
  if (c.repeated) {
    c.text = "confirmed: a second run of the recorded schedule repeats trace-hash " +
             sched::hex64(original.trace_hash);
    return c;
  }
  c.text = "UNCONTROLLED NONDETERMINISM: the same schedule ran again gave verdict " +
           std::string(sched::to_string(again.verdict)) + ", trace-hash " +
           sched::hex64(again.trace_hash) + " (first run: " + sched::hex64(original.trace_hash) +
           ")\n" + first_divergence(original, again);
  if (again.verdict == Verdict::diverged) c.text += "\n" + again.report;
  return c;
}

}  // namespace enginesim::cli
