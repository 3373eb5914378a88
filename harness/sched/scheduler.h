// scheduler.h - the public face of the deterministic scheduler: run a body on
// a controlled root thread, with every thread it (or a dlopen'ed engine)
// starts under control, virtual time, and every choice made by a Strategy.
//
// Use (from an uncontrolled thread, typically in a forked child):
//   PlainTime time;                       // or VirtualClockTime(core.clock())
//   auto strategy = make_strategy("pct:2:200", seed, &err);
//   Scheduler sched(*strategy, time, options);
//   RunResult r = sched.run([&] { ...load engine, drive connections... });
// After a verdict other than ok, controlled threads stay parked forever: the
// process must not run another schedule or call into the engine again, and
// should _exit (see isolated_run.h).
//
// The executable must define the wrappers (link enginesim_sched with
// enginesim_use_scheduler(target) in CMake: whole archive + ENABLE_EXPORTS).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/sched/run_result.h"
#include "harness/sched/strategy.h"
#include "harness/sched/time_source.h"

namespace enginesim::sched {

// The step budget of a run that sets none. The simulation's --steps-max
// default (harness/sim/sim_options.def) is asserted equal at compile time
// (harness/sim/sim_option_defaults.h).
inline constexpr uint64_t kDefaultStepsMax = 2'000'000;

struct SchedOptions {
  uint64_t steps_max = kDefaultStepsMax;
  // How long a controlled thread may go without reaching a scheduling point
  // before the run ends as uncontrolled: its CPU time while it runs, wall
  // time while it sleeps in a call the scheduler does not see
  // (stall_meter.h; 10x this in wall time whatever it does).
  uint32_t uncontrolled_ms = 3000;
  bool spurious_wakeups = false;  // timed and untimed waits may wake spuriously
  // A sleep of the root thread (thread 0) may end while other threads could
  // still run: the strategy may pick the sleeper, and virtual time jumps to
  // its deadline, as real time passes on a loaded machine while a runnable
  // thread waits for a CPU. Off: a sleep ends only when no thread can run,
  // i.e. every sleep is long enough. `enginesim testapp` turns it on, so a
  // test that sleeps instead of waiting for a notify fails under some seed.
  bool root_sleep_may_end_early = false;
  bool clock_reads_are_points = true;
  // An engine built with -fsanitize=thread by clang (docs/atomics.md):
  // every atomic operation of a controlled thread is a scheduling point.
  bool atomics = false;
  // ... and a happens-before race detector watches its plain accesses
  // (implies atomics).
  bool races = false;
  // ... and a relaxed or acquire load may read an older store, as a recorded
  // choice (implies races: the choice needs its clocks).
  bool weak_memory = false;
  size_t trace_events_max = 20'000;
  // Keep report-only details (Scheduler::detail, and "waits for mutex#N"
  // when a lock is taken): off except when a report records a run.
  bool record_details = false;
  // The lock-order check (lock_order.h): a cycle in the order threads take
  // mutexes and rwlocks ends an otherwise clean run as Verdict::lock_order.
  // Observes only: no step, choice or hash changes (--no-lock-order).
  bool lock_order = true;
  // The body may return while controlled threads still live: the run ends
  // ok and they stay parked for good (left_threads_parked()), rather than
  // ending as Verdict::thread_leak. memcached returns from main right after
  // destroy (memcached.c@82fb476:6939-6948), so a thread the engine left
  // running is a strict finding the contract monitor reports
  // (lifecycle.thread_leak), not a failure at the required level.
  bool threads_may_outlive = false;
  // Extra lines for a deadlock report (e.g. connections awaiting a notify).
  // Runs on the thread that found the deadlock; wrapped calls inside it go to
  // the real functions.
  std::function<std::string()> describe_extra;
};

class SchedCore;

class Scheduler {
 public:
  Scheduler(Strategy& strategy, TimeSource& time, SchedOptions options = {});
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Runs `body` on the root controlled thread (thread 0) until it returns and
  // every thread is accounted for, or a verdict ends the run. Call once, from
  // an uncontrolled thread, while no other Scheduler runs.
  RunResult run(const std::function<void()>& body);
  // After run(): the run ended ok with controlled threads still parked
  // (SchedOptions::threads_may_outlive). What they point into must outlive
  // the process, as after a failed run.
  bool left_threads_parked() const;

  // --- for harness code running on a controlled thread ----------------------
  static bool in_controlled_thread();
  // Ends the run with Verdict::failed and `why`; the calling thread parks.
  [[noreturn]] static void fail(const std::string& why);
  // A recorded core-side choice in [0, count); 0 when not controlled.
  static uint32_t choose(uint32_t count);
  // A recorded fault choice (ChoiceKind::fault) in [0, weights.size()),
  // drawn by weight by random strategies; 0 (no fault) when not controlled.
  static uint32_t choose_fault(const std::vector<uint32_t>& weights);
  // Stops every other controlled thread where it is, for good, as a process
  // crash would (their objects stay as they are; nothing may wait for them).
  // Returns how many were stopped; 0 when not controlled.
  static size_t crash_other_threads();
  // The OS thread ids of every controlled thread so far, finished or not
  // (0 for one that has not started yet); empty when not controlled.
  static std::set<pid_t> controlled_tids();
  // Every controlled thread but the caller's that has not finished: its OS
  // thread id and "thread 3 'name', which waits on cond#2 (...)" (with code
  // sites when `sites`); empty when not controlled.
  static std::vector<std::pair<pid_t, std::string>> other_live_threads(bool sites);
  // Names the calling thread in reports and traces ("conn 2 worker").
  static void name_thread(const std::string& name);
  // A scheduling point without any other effect (a visible step of the core).
  static void yield_point();
  // The scheduling point of an engine thread calling into the core or back
  // from it (Op::sapi; the contract monitor's on_sapi_boundary).
  static void sapi_point();
  // The scheduling point of the core calling into the engine (Op::call; the
  // contract monitor's on_core_call), as an ENGINE_HANDLE_V1 function begins.
  static void call_point();
  // Records one line of text (e.g. a connection's call and its result) in the
  // trace at the current step; not a scheduling point. The text goes into the
  // trace hash, so runs whose calls return different results differ.
  static void note(std::string_view text);
  // Records one line of report-only detail (an engine call, a violation) at
  // the current step: neither a scheduling point nor part of the trace hash,
  // so a run recorded with details replays the same schedule and hash.
  static void detail(const std::string& text);

 private:
  SchedCore* core_;  // leaked on a failed run: parked threads still use it
};

}  // namespace enginesim::sched
