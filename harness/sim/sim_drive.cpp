// sim_drive.cpp - the core main thread's part of a simulation: the prefix,
// the clock's advances, and the order of the whole run (drive).
#include "harness/sim/sim_drive.h"

#include <algorithm>
#include <climits>
#include <memory>
#include <thread>
#include <vector>

#include "harness/faults/durable_shadow.h"
#include "harness/faults/io_faults.h"
#include "harness/sched/scheduler.h"
#include "harness/sim/sim_crash.h"
#include "harness/sim/sim_end_checks.h"
#include "harness/sim/sim_history.h"
#include "harness/sim/sim_incarnation.h"
#include "harness/sim/sim_itemless.h"
#include "harness/sim/sim_perform.h"
#include "harness/sim/sim_workers.h"
#include "harness/sim/value_ledger.h"

namespace enginesim::sched {
namespace {

// The clock's advances are connection 0 in the history (clients are 1..N).
constexpr uint32_t kClockConnection = 0;

// The prefix: one connection, one operation after the other, before any
// worker starts.
void run_prefix(const Workload& workload, Incarnation& in, model::HistoryRecorder& history,
                ValueLedger& ledger) {
  if (workload.prefix.empty()) return;
  ConnPlan pre;
  pre.conn = &in.core->connect();
  pre.ops = &workload.prefix;
  const std::string label = "prefix (connection " + std::to_string(pre.conn->id) + ")";
  for (const model::Operation& op : workload.prefix) {
    ++pre.next;
    const OpSite where(label, pre.next);
    settle(*in.client, pre, where, op, perform(*in.client, pre, op, history, ledger, where));
  }
  Scheduler::note("conn " + std::to_string(pre.conn->id) + ": disconnect");
  in.core->disconnect(*pre.conn);
}

// Each advance happens when the strategy picks this thread. In the history
// an advance is an operation of its own (connection 0) that takes effect at
// once: nothing else runs between its call and return.
void advance_clock(const Workload& workload, Core& core, model::HistoryRecorder& history) {
  for (uint64_t sec : workload.advances_sec) {
    Scheduler::yield_point();
    VirtualClock& clock = core.clock();
    const rel_time_t before = clock.current_time();
    const uint64_t seconds = std::min<uint64_t>(sec, UINT32_MAX - before);
    const size_t id =
        history.begin(kClockConnection,
                      model::ops::advance_time(before + static_cast<rel_time_t>(seconds)), before);
    clock.advance_sec(sec);
    history.end(id, model::Result{}, clock.current_time());
    Scheduler::note("clock: advance " + std::to_string(sec) + "s");
  }
}

// One plan per workload connection, each on a new connection of `core`.
std::vector<ConnPlan> connect_plans(const Workload& workload, Core& core) {
  const size_t n = workload.connections.size();
  std::vector<ConnPlan> plans(n);
  for (size_t c = 0; c < n; ++c) {
    plans[c].conn = &core.connect();
    plans[c].ops = &workload.connections[c];
  }
  return plans;
}

// The data directory's shadow for --faults crash (null without), installed.
std::unique_ptr<DurableShadow> install_shadow(const SimConfig& cfg) {
  if (cfg.crash_dir.empty()) return nullptr;
  auto shadow = std::make_unique<DurableShadow>(cfg.crash_dir);
  install_durable_shadow(shadow.get());
  return shadow;
}

}  // namespace

void drive(const SimConfig& cfg, const CoreOptions& core_options, Core& first_core,
           VirtualClockTime& time, model::HistoryRecorder& history, model::ModelOptions* model,
           std::vector<std::string>* warnings) {
  std::unique_ptr<DurableShadow> shadow = install_shadow(cfg);
  Incarnation in;
  start_engine(cfg, first_core, &in);
  *model = model_options(*in.engine);
  model->level = cfg.level;
  model->may_evict = cfg.may_evict;
  model->engine_converts_exptime = !first_core.conventions().exptime_converted_by_core;
  const Workload workload = make_workload(cfg);
  history.reserve(operations(workload));
  ValueLedger ledger;
  auto progress = std::make_unique<Progress>();
  std::vector<ConnPlan> plans = connect_plans(workload, first_core);
  run_prefix(workload, in, history, ledger);
  // Counted only when a crash waits for it (see start_workers).
  Progress* counted = shadow ? progress.get() : nullptr;
  std::vector<std::thread> workers =
      start_workers(cfg, *in.client, ledger, history, plans, counted);
  advance_clock(workload, *in.core, history);
  if (shadow) {
    crash_and_restart(cfg, core_options, time, *shadow, ledger, &in, &plans, &workers, &progress);
    workers = start_workers(cfg, *in.client, ledger, history, plans, progress.get());
  }
  for (auto& w : workers) w.join();
  install_fault_profile(nullptr);
  if (cfg.faults) still_serving(*in.client, workload, ledger);
  check_end(in, ledger, warnings);
  install_durable_shadow(nullptr);
  // After a restart the scheduler's time is this core's clock, read again
  // when the run ends (after this body returns): the core outlives the run,
  // like the first one (sim_run leaks both; the process ends right after).
  (void)in.owned_core.release();
}

}  // namespace enginesim::sched
