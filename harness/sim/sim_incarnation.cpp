// sim_incarnation.cpp - starting an incarnation of the engine: the contract
// monitor around it, the load, and I/O faults paused while it initializes.
#include "harness/sim/sim_incarnation.h"

#include "harness/faults/io_faults.h"
#include "harness/sched/detail_text.h"
#include "harness/sched/scheduler.h"

namespace enginesim::sched {
namespace {

// The contract monitor's options; with cfg.record_calls every call, return
// and violation also goes into the trace's report-only details. Every
// engine->core call is a scheduling point as it begins and as it returns: the
// engine's thread may be preempted there, inside its own critical sections
// too; every core->engine call is one as it begins (docs/scheduler.md, "What
// a step is").
MonitorOptions monitor_options(const SimConfig& cfg) {
  MonitorOptions options;
  options.log_calls_max = 20000;
  options.strict_notify = cfg.strict_notify;
  options.level = cfg.level;
  options.on_sapi_boundary = [] { Scheduler::sapi_point(); };
  options.on_core_call = [] { Scheduler::call_point(); };
  options.controlled_threads = [](bool sites) {
    return ControlledThreads{Scheduler::controlled_tids(), Scheduler::other_live_threads(sites)};
  };
  if (cfg.record_calls) {
    options.on_call = [](const CallRecord& r) {
      if (r.quiet) return;  // clock and hash queries: noise in a timeline
      Scheduler::detail(r.returned ? detail_ret(r.seq, r.result_text())
                                   : detail_call(r.seq, r.side == CallSide::engine_to_core, r.conn,
                                                 r.function, r.args.text()));
    };
    options.on_violation = [](const Violation& v) {
      Scheduler::detail(detail_violation(v.seq, v.rule, v.message));
    };
  }
  return options;
}

}  // namespace

void start_engine(const SimConfig& cfg, Core& core, Incarnation* in) {
  in->core = &core;
  // The contract monitor sees both sides of every call. Its own lock is no
  // scheduling point (monitor.h), nor is the fake core's (core.h); a call of
  // the core into the engine is one as it begins (Op::call), an engine
  // thread's call into the core as it begins and returns (Op::sapi), both
  // from monitor_options above.
  in->monitor = std::make_unique<ContractMonitor>(core, monitor_options(cfg));
  LoadError error;
  LoadOptions load;
  load.wrap = in->monitor->wrapper();
  load.config = cfg.engine_config;
  load.abi = cfg.abi;
  install_fault_profile(nullptr);
  in->engine = load_engine(cfg.engine_path, core, load, &error);
  if (!in->engine) Scheduler::fail("the engine did not load: " + error.message);
  install_fault_profile(cfg.faults.get());
  in->client = std::make_unique<EngineClient>(core, in->engine->handle());
}

}  // namespace enginesim::sched
