// sched_test.h - one engine_testapp test under the deterministic scheduler:
// the test body on the scheduler's root thread, the engine's threads
// controlled, the core's virtual clock as the scheduler's time (waitfor_cookie
// waits as long as the engine needs; time_travel moves the same clock; a
// sleep in the test may end before the engine's threads have run). Each run
// is a forked child; a failing one is recorded as a schedule file and
// replayed from it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "harness/sched/choice.h"
#include "harness/sched/run_result.h"
#include "harness/sched/schedule_file.h"
#include "harness/testapp/session.h"
#include "harness/testapp/suite_library.h"

namespace enginesim::testapp {

struct SchedPlan {
  std::string spec;  // the strategy ("random", "pct:2")
  uint64_t seed = 1;
  bool replay = false;  // follow `choices` instead of the spec
  sched::ChoiceLog choices;
  uint32_t wall_limit_ms = 60'000;
  // issue 19 (docs/atomics.md): --atomics, --races.
  bool atomics = false;
  bool races = false;
};

// The test's run for `plan` in a forked child (a fresh {tmpdir}). Verdict ok
// when the test returned SUCCESS (or SKIPPED), every thread ended and the
// monitor found nothing; the report says what failed otherwise.
sched::RunResult run_scheduled(const engine_test_t& test, SessionConfig config,
                               const SchedPlan& plan);
// The child's side of run_scheduled, for a sched::RunPool; `config.tmpdir`
// must be set (and outlive the child).
std::function<sched::RunResult()> scheduled_job(const engine_test_t& test,
                                                const SessionConfig& config, const SchedPlan& plan);

// A failure repeated: a recorded schedule replayed (or a seed that died run
// again) gives the same verdict and trace hash. `text` says so, or how the
// second run differed.
struct Confirmed {
  bool repeated = false;
  std::string text;
};
Confirmed confirm(const engine_test_t& test, const SessionConfig& config, const SchedPlan& plan,
                  const sched::RunResult& first);

// The schedule file of a failing run, with what `--replay` needs in its meta
// (engine, suite, config, abi, level, test).
sched::ScheduleFile schedule_of(const std::string& suite_path, const std::string& test,
                                const SessionConfig& config, const SchedPlan& plan,
                                const sched::RunResult& run);

}  // namespace enginesim::testapp
