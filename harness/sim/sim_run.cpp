// sim_run.cpp - one simulation end to end: the fake core with virtual time,
// the scheduler running the driver (sim_drive.h) on its root thread, and the
// verdict assembled from the scheduler's result and the history's check
// (sim_history.h).
#include "harness/sim/sim_run.h"

#include <memory>
#include <string>

#include "fakes/core.h"
#include "harness/model/history_recorder.h"
#include "harness/monitor/rules.h"
#include "harness/sched/time_source.h"
#include "harness/sim/sim_drive.h"
#include "harness/sim/sim_history.h"

namespace enginesim::sched {
namespace {

constexpr uint32_t kNotifyTimeoutMs = 30u * 24 * 3600 * 1000;

std::string describe_connections(Core& core) {
  std::string out;
  for (Connection* c : core.connections()) {
    out += "  connection " + std::to_string(c->id) + ": " + to_string(c->state) + "\n";
  }
  return out;
}

// The scheduler's options for `cfg`; a stuck run describes `core`'s
// connections unless cfg says otherwise.
SchedOptions sched_options(const SimConfig& cfg, Core* core) {
  SchedOptions options = cfg.sched;
  options.record_details = options.record_details || cfg.record_calls;
  // Threads the engine left running past destroy: the monitor reports them
  // (lifecycle.thread_leak, at its level); below it they stay parked.
  options.threads_may_outlive = !fails_at(rules::level_of(rules::kThreadLeak), cfg.level);
  if (!options.describe_extra) {
    options.describe_extra = [c = core] { return describe_connections(*c); };
  }
  return options;
}

// Under faults an engine may fail a call after (part of) its effect, and a
// crash may lose what was acknowledged but not persisted: memcached's model
// does not describe either, so the history is not checked then (the value
// ledger and the durability check are, docs/faults.md).
void check_history(const SimConfig& cfg, const model::History& recorded, RunResult* result) {
  if (cfg.faults || !cfg.crash_dir.empty()) {
    SimConfig unchecked = cfg;
    unchecked.check_linearizability = false;
    check_sim_history(unchecked, recorded, result);
  } else {
    check_sim_history(cfg, recorded, result);
  }
}

}  // namespace

RunResult sim_run(const SimConfig& cfg, Strategy& strategy) {
  CoreOptions core_options;
  // Virtual time: the workload's clock advances must not make a pending
  // notify look lost. A notify that never comes still ends the wait, after
  // 30 virtual days, when nothing else can run.
  core_options.notify_timeout_ms = kNotifyTimeoutMs;
  // After a verdict other than ok, parked threads still hold (in the model)
  // the core's locks and point into it: the core must outlive the process's
  // remaining moments, so it is leaked rather than destroyed then.
  auto core = std::make_unique<Core>(core_options);
  auto time = std::make_unique<VirtualClockTime>(core->clock());
  const SchedOptions options = sched_options(cfg, core.get());
  // Recorded from controlled threads one at a time: no lock (which would
  // add scheduling points). Like the core, leaked after a failed run.
  auto history =
      std::make_unique<model::HistoryRecorder>(model::ModelOptions{}, core->clock().current_time(),
                                               model::HistoryRecorder::Locking::caller_serializes);
  model::ModelOptions model;
  std::vector<std::string> warnings;  // written by the controlled thread, read after run()
  RunResult result;
  bool parked = false;
  {
    Scheduler scheduler(strategy, *time, options);
    result = scheduler.run([&] {
      Scheduler::name_thread("core main");
      drive(cfg, core_options, *core, *time, *history, &model, &warnings);
    });
    parked = scheduler.left_threads_parked();
  }
  result.warnings = std::move(warnings);
  model::History recorded = history->take();
  recorded.model = model;
  // A crash leaves the first engine's threads parked in its core as well, and
  // so does an engine that left threads running past destroy.
  if (!result.ok() || !cfg.crash_dir.empty() || parked) {
    (void)core.release();
    (void)time.release();
    (void)history.release();
  }
  check_history(cfg, recorded, &result);
  return result;
}

}  // namespace enginesim::sched
