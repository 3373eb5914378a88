// sched_test.cpp - a test under the scheduler in a child, its confirmation
// and its schedule file.
#include "harness/testapp/sched_test.h"
#include "harness/sched/atomics/atomics_options.h"

#include <memory>

#include "enginesim/temp_dir.h"
#include "fakes/core.h"
#include "harness/monitor/rules.h"
#include "harness/sched/replay_strategy.h"
#include "harness/sched/scheduler.h"
#include "harness/sched/strategy.h"
#include "harness/sched/time_source.h"
#include "harness/sched/trace.h"
#include "harness/sim/isolated_run.h"
#include "harness/testapp/free_run.h"
#include "harness/testapp/test_body.h"

namespace enginesim::testapp {
namespace {

using sched::RunResult;
using sched::Scheduler;
using sched::Verdict;

// A notify that never comes must not end a wait early in virtual time; it
// ends it after 30 virtual days, when nothing else can run.
constexpr uint32_t kNotifyTimeoutMs = 30u * 24 * 3600 * 1000;

RunResult failed(const std::string& why) {
  RunResult r;
  r.verdict = Verdict::failed;
  r.report = why;
  return r;
}

std::string connections_report(Core& core) {
  std::string out;
  for (Connection* c : core.connections()) {
    out += "  cookie " + std::to_string(c->id) + ": " + to_string(c->state) + "\n";
  }
  return out;
}

// The body on the root thread: a verdict other than a pass ends the run
// as failed, with what the free-thread run would print.
void scheduled_body(const engine_test_t& test, Core& core, const SessionConfig& config) {
  Scheduler::name_thread("test " + std::string(test.name));
  const TestOutcome outcome =
      run_test_body(test, core, config, [](const std::string& why) { Scheduler::fail(why); });
  const TestVerdict v = verdict_of(test.name, outcome);
  if (v.contract) {
    Scheduler::fail("contract monitor: " + v.rule + ": " + v.detail + "\n" + v.history);
  }
  if (v.failed()) {
    Scheduler::fail(std::string("the test returned ") + verdict_word(v) +
                    (v.detail.empty() ? "" : ": " + v.detail));
  }
}

RunResult child_run(const engine_test_t& test, SessionConfig config, const SchedPlan& plan) {
  std::unique_ptr<sched::Strategy> strategy;
  sched::ReplayStrategy* replay = nullptr;
  if (plan.replay) {
    auto r = std::make_unique<sched::ReplayStrategy>(
        plan.choices, sched::ReplayStrategy::Mode::replay, plan.spec);
    replay = r.get();
    strategy = std::move(r);
  } else {
    std::string error;
    strategy = sched::make_strategy(plan.spec, plan.seed, &error);
    if (!strategy) return failed(error);
  }
  CoreOptions core_options = testapp_core_options();
  core_options.notify_timeout_ms = kNotifyTimeoutMs;
  // Leaked after a failed run: parked threads still point into them.
  auto core = std::make_unique<Core>(core_options);
  auto time = std::make_unique<sched::VirtualClockTime>(core->clock());
  sched::SchedOptions options;
  options.root_sleep_may_end_early = true;
  options.lock_order = config.lock_order;
  options.describe_extra = [c = core.get()] { return connections_report(*c); };
  options.atomics = plan.atomics || plan.races;  // issue 19
  options.races = plan.races;
  // A thread left running past destroy is the monitor's finding
  // (lifecycle.thread_leak, at its level): below it, it stays parked.
  options.threads_may_outlive = !fails_at(rules::level_of(rules::kThreadLeak), config.level);
  RunResult r;
  bool parked = false;
  {
    Scheduler scheduler(*strategy, *time, options);
    r = scheduler.run([&] { scheduled_body(test, *core, config); });
    parked = scheduler.left_threads_parked();
  }
  if (!r.ok() || parked) {
    (void)core.release();
    (void)time.release();
  }
  if (replay != nullptr && r.verdict != Verdict::diverged && !replay->consumed_all()) {
    r.verdict = Verdict::diverged;
    r.report = "the run ended after " + std::to_string(r.choices.size()) +
               " choices; the schedule recorded " + std::to_string(plan.choices.size());
  }
  return r;
}

}  // namespace

std::function<RunResult()> scheduled_job(const engine_test_t& test, const SessionConfig& config,
                                         const SchedPlan& plan) {
  return [test, config, plan] { return child_run(test, config, plan); };
}

RunResult run_scheduled(const engine_test_t& test, SessionConfig config, const SchedPlan& plan) {
  TempDir dir("enginesim-testapp");
  config.tmpdir = dir.path();
  return sched::run_in_child(scheduled_job(test, config, plan), plan.wall_limit_ms);
}

Confirmed confirm(const engine_test_t& test, const SessionConfig& config, const SchedPlan& plan,
                  const RunResult& first) {
  Confirmed c;
  SchedPlan again = plan;
  if (first.verdict == Verdict::died) {
    again.replay = false;  // a child that died sent no schedule: the seed again
  } else {
    again.replay = true;
    again.choices = first.choices;
  }
  const RunResult second = run_scheduled(test, config, again);
  if (first.verdict == Verdict::died) {
    c.repeated = second.verdict == Verdict::died;
    c.text = c.repeated ? "confirmed: a second run of the seed died too"
                        : std::string(
                              "UNCONTROLLED NONDETERMINISM: a second run of the seed "
                              "ended ") +
                              sched::to_string(second.verdict);
    return c;
  }
  c.repeated = second.verdict == first.verdict && second.trace_hash == first.trace_hash;
  c.text = c.repeated ? "confirmed: the recorded schedule repeats trace-hash " +
                            sched::hex64(first.trace_hash)
                      : "UNCONTROLLED NONDETERMINISM: the recorded schedule ran again ended " +
                            std::string(sched::to_string(second.verdict)) + ", trace-hash " +
                            sched::hex64(second.trace_hash) + " (first run " +
                            sched::hex64(first.trace_hash) + ")";
  return c;
}

sched::ScheduleFile schedule_of(const std::string& suite_path, const std::string& test,
                                const SessionConfig& config, const SchedPlan& plan,
                                const RunResult& run) {
  sched::ScheduleFile f;
  f.seed = plan.seed;
  f.strategy = plan.spec;
  f.meta = {{"kind", "testapp"},
            {"engine", config.engine_path},
            {"suite", suite_path},
            {"config", config.default_config},
            {"abi", abi::name(config.abi)},
            {"level", to_string(config.level)},
            {"test", test}};
  if (!config.lock_order) f.meta.emplace_back("lock-order", "0");
  sched::SchedOptions mode;  // issue 19: recorded only when on
  mode.atomics = plan.atomics || plan.races;
  mode.races = plan.races;
  atomics::put_atomics_meta(mode, &f.meta);
  f.trace_hash = run.trace_hash;
  f.choices = run.choices;
  return f;
}

}  // namespace enginesim::testapp
