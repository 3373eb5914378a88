// sim_session.h - what `run`, `replay`, `explore` and `trace` do with a
// SimSetup: check that the engine loads, run a seed or a recorded schedule in
// a forked child (with a fresh {tmpdir}), measure PCT's K, record a failure
// and confirm that it repeats.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "enginesim/temp_dir.h"
#include "harness/options/exit_codes.h"
#include "harness/sched/choice.h"
#include "harness/sched/run_result.h"
#include "harness/sched/schedule_file.h"
#include "harness/sched/strategy.h"
#include "harness/sim/sim_options.h"

namespace enginesim::cli {

// How a run's strategy is made (inside the child).
struct StrategyPlan {
  enum class Kind { spec, replay, prefix } kind = Kind::spec;
  std::string spec;          // kind spec: random | pct:D:K; else the recorded spec
  sched::ChoiceLog choices;  // replay / prefix
};

// A fresh directory for one run ("enginesim-run.XXXXXX", a name reports
// recognize), removed (with its content) by the destructor; path() is ""
// when it could not be made.
class RunDir : public TempDir {
 public:
  RunDir() : TempDir("enginesim-run.", std::nothrow) {}
};

// The child's side of a run: `cfg.seed = seed`, "{tmpdir}" -> `dir`. Events
// are dropped from ok results unless `keep_events`.
std::function<sched::RunResult()> sim_job(const SimSetup& setup, uint64_t seed,
                                          const StrategyPlan& plan, const std::string& dir,
                                          bool keep_events);
// The same with a strategy built by the caller (the child uses its copy).
std::function<sched::RunResult()> sim_job_with(const SimSetup& setup, uint64_t seed,
                                               sched::Strategy& strategy, const std::string& dir,
                                               bool keep_events);
// One run in a forked child with its own RunDir.
sched::RunResult run_one(const SimSetup& setup, uint64_t seed, const StrategyPlan& plan,
                         bool keep_events);

// Loads and destroys the engine once, outside the scheduler, in a child.
// Returns kExitOk, or prints why and returns kExitUsage (did not load) or
// kExitFailure (crashed while loading).
int check_engine_loads(const SimSetup& setup);

// pct:D without K becomes pct:D:K with K = the steps of the seed's
// non-preempting run; other specs come back unchanged.
std::string resolve_strategy(const SimSetup& setup, uint64_t seed, const std::string& spec);

// Writes the schedule of a failed run; false with a message.
bool record_schedule(const SimSetup& setup, uint64_t seed, const std::string& spec,
                     const sched::RunResult& result, const std::string& path, std::string* error);

// Re-runs a failure (its recorded schedule, up to the death for one that
// died; the seed when a death left no schedule) and
// says whether it repeats; a different trace hash is reported as uncontrolled
// nondeterminism with the first diverging step.
struct Confirmation {
  bool repeated = false;
  std::string text;  // one line, or several for a divergence
};
Confirmation confirm_failure(const SimSetup& setup, uint64_t seed, const std::string& spec,
                             const sched::RunResult& original);

// "step 12: ... / re-run: ..." for the first event where two runs differ.
std::string first_divergence(const sched::RunResult& a, const sched::RunResult& b);

// "verdict: failed" etc. plus the indented report, for printing.
std::string indent(const std::string& text, const std::string& prefix = "  ");
bool is_failure(const sched::RunResult& r);
// The child's stderr block to print under a report ("" for a run that died:
// its report holds the stderr already, next to the death it explains).
std::string stderr_after_report(const sched::RunResult& r);
// The exit code of an incomplete verdict: 0, or 1 with --require-complete.
int incomplete_exit_code(const Args& args);

}  // namespace enginesim::cli
