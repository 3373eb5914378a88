// sim_workers.h - the core worker threads of a simulation: each serves one
// connection, one operation at a time, until it has run its operations and
// disconnected; connections on a shared worker take turns.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

#include "fakes/engine_client.h"
#include "harness/model/history_recorder.h"
#include "harness/sim/sim_perform.h"
#include "harness/sim/sim_run.h"
#include "harness/sim/value_ledger.h"

namespace enginesim::sched {

// Completed operations, for the crash point ("after N operations").
struct Progress {
  std::mutex mutex;
  std::condition_variable changed;
  size_t ops_done = 0;
  size_t workers_done = 0;
};

// Starts cfg.workers workers (0 = one per connection; never more than
// connections); connection c is served by worker c % workers. One thread per
// connection: on a worker shared by several, its SharedWorker lets one
// connection act at a time, and another while one waits for a notify, as
// memcached's worker thread does. `progress`
// (crash runs only: its lock adds scheduling points, which would change every
// other run's schedules) counts completed operations; null = not counted.
std::vector<std::thread> start_workers(const SimConfig& cfg, EngineClient& client,
                                       ValueLedger& ledger, model::HistoryRecorder& history,
                                       std::vector<ConnPlan>& plans, Progress* progress);

}  // namespace enginesim::sched
