// bench_measures.h - the measurements behind `enginesim bench`, each taken in
// a forked child so engines and scheduler runs never share a process.
#pragma once

#include <cstdint>
#include <string>

#include "harness/sim/sim_options.h"

namespace enginesim::cli {

class ProgressLine;

// Sequential operations per second on one connection (alternating set and
// get over 16 keys, each get of the key just set) by three routes to the
// same engine. 0 = the measurement failed (then `error` says why).
struct OpsRates {
  double direct = 0;     // raw ENGINE_HANDLE_V1 calls, EWOULDBLOCK waited for
  double client = 0;     // EngineClient + fake core, threads uncontrolled
  double scheduled = 0;  // EngineClient + fake core under the scheduler
  // The same, a run's fixed cost taken out (fork, loading and initializing
  // the engine, destroy, sending the result), which the direct routes do not
  // time either: `ops` more operations over the time they add, from runs of
  // `ops` and 2 x `ops` operations.
  double scheduled_marginal = 0;
  // Scheduling steps per operation of the scheduled route, from the same two
  // runs (their difference over `ops`): counted, so it does not swing.
  double steps_per_op = 0;
};
// Microseconds one page fault takes here: 16 MiB of fresh anonymous memory
// touched a page at a time, best of `repeat`. Not a goal: it says what kind
// of machine the figures come from. A forked child pays it for every page
// it touches first, so P3 (and a build) follows it (docs/scheduler.md, bench).
double measure_page_fault_us(uint32_t repeat);

// Best of `repeat` measurements per route.
OpsRates measure_sequential_ops(const std::string& engine, const std::string& config, uint32_t ops,
                                uint32_t repeat, std::string* error);

// Hand-offs per second between two threads ping-ponging through a mutex and
// a condition variable: the same code with real threads, and under the
// scheduler (every hand-off then a controlled context switch).
struct SwitchRates {
  double raw = 0;
  double controlled = 0;
  double controlled_steps = 0;  // scheduling steps per second in that run
};
SwitchRates measure_switches(uint32_t round_trips, uint32_t repeat);
SwitchRates measure_switches_once(uint32_t round_trips);

// Seeds per second of `setup` with strategy `spec`, seeds 1..seeds, `jobs`
// children at a time; each finished seed ticks `progress` when given.
double measure_seeds(const SimSetup& setup, const std::string& spec, uint32_t seeds, size_t jobs,
                     uint64_t* failures, ProgressLine* progress = nullptr);

// Milliseconds the linearizability checker takes on a valid generated
// history (harness/model/history_generator.h) of `operations` operations on
// `connections` connections over `keys` keys, in a forked child. 0 = the
// measurement failed (`error` says why, e.g. the check found it not
// linearizable).
double measure_history_check_ms(size_t operations, uint32_t connections, uint32_t keys,
                                std::string* error);

}  // namespace enginesim::cli
