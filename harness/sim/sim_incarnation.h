// sim_incarnation.h - one incarnation of the engine in a simulation: its
// core, contract monitor, loaded engine and client (a crash run has two).
#pragma once

#include <memory>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/loader.h"
#include "harness/monitor/monitor.h"
#include "harness/sim/sim_run.h"

namespace enginesim::sched {

struct Incarnation {
  std::unique_ptr<Core> owned_core;  // null for the first (sim_run owns it)
  Core* core = nullptr;
  std::unique_ptr<ContractMonitor> monitor;
  std::unique_ptr<LoadedEngine> engine;
  std::unique_ptr<EngineClient> client;

  // Left as a crash leaves them: nothing is destroyed, nothing joined.
  void abandon() {
    (void)owned_core.release();
    (void)monitor.release();
    (void)engine.release();
    (void)client.release();
  }
};

// Loads the engine into `core` with a contract monitor; initialize runs
// without I/O faults (an engine may refuse to start on a failing disk; that
// is not a finding), the faults resume afterwards. A load failure fails the
// run. Called on a controlled thread.
void start_engine(const SimConfig& cfg, Core& core, Incarnation* in);

}  // namespace enginesim::sched
