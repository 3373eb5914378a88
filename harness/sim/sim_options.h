// sim_options.h - the simulation options `run` and `explore` share (and the
// engine options every engine-driving subcommand shares), generated from the
// table sim_options.def, and the SimSetup they describe; the same setup is
// written into and read back from schedule files so `replay` rebuilds the
// identical run.
#pragma once

#include <string>
#include <vector>

#include "harness/options/option_spec.h"
#include "harness/sched/schedule_file.h"
#include "harness/sim/sim_option_defaults.h"
#include "harness/sim/sim_run.h"
#include "harness/sim/workload_shape.h"

#include "harness/proc/tmpdir_placeholder.h"

namespace enginesim::cli {

// "{tmpdir}" in --config (harness/proc/tmpdir_placeholder.h) is replaced, for
// every run, by a fresh empty directory that is removed afterwards (so
// parallel and repeated runs of a file-backed engine never see each other's
// files).
using enginesim::kTmpdirPlaceholder;

// The table's rows of group `engine`: --engine PATH (required), --config STR,
// --abi PROFILE.
std::vector<OptionSpec> engine_options();
// The table's rows of group `sim`: --strategy, --connections, --ops, --keys,
// --workers, --workload, --spurious-wakeups, --steps-max, --strict-notify,
// --faults, --fault-profile ... (with engine_options() for --engine/--config).
std::vector<OptionSpec> sim_options();
// --abi PROFILE as a profile; false and `error` when it names none.
bool abi_from_args(const Args& args, abi::Profile* profile, std::string* error);

struct SimSetup {
  sched::SimConfig cfg;            // everything but the seed
  std::string strategy;            // as given: random | pct:D[:K] | dfs:B
  std::string workload_path;       // --workload, or ""
  std::string workload_text;       // its content (embedded in schedule files)
  std::string faults;              // --faults as given ("", "io", "crash", "crash,io")
  bool crash = false;              // --faults has crash: the child sets cfg.crash_dir
  std::string fault_profile_path;  // --fault-profile, or ""
  // --child-limit-sec: the wall-clock limit of each forked child (a run; for
  // explore --strategy dfs:B a seed's whole search).
  uint32_t child_limit_ms =
      static_cast<uint32_t>(option_default::number(option_default::child_limit_sec) * 1000);
  // Swarm testing (seed_plan.h): each seed draws its workload shape; the
  // dimensions given explicitly (--keys, --mix...) stay fixed.
  bool swarm = option_default::swarm_on;
  sched::ShapeFixed fixed;
  std::string shape_text;  // the drawn shape of a planned seed, or ""
};

// Builds the setup from parsed options; false with a message on bad input
// (unreadable or malformed workload file, bad strategy syntax).
bool setup_from_args(const Args& args, SimSetup* setup, std::string* error);

// Strategy syntax check: random, pct:D, pct:D:K, dfs:B, mix. Fills *dfs_bound
// (or -1 for non-DFS strategies).
bool check_strategy(const std::string& spec, int* dfs_bound, std::string* error);
// --faults and --fault-profile (or, from a schedule file, the profile's text
// `profile_text`) into cfg.faults and crash; false with a message.
bool setup_faults(SimSetup* setup, const std::string* profile_text, std::string* error);

// Schedule-file metadata for the setup, and the setup back from a file.
void put_meta(const SimSetup& setup, sched::ScheduleFile* file);
bool setup_from_schedule(const sched::ScheduleFile& file, SimSetup* setup, std::string* error);

// The `enginesim run ...` command that repeats `seed` with `spec` (for runs
// that died before their schedule could be recorded).
std::string repro_command(const SimSetup& setup, uint64_t seed, const std::string& spec);
// How to invoke this executable in a printed command: "enginesim" when that
// is what PATH finds, else its full path.
std::string self_command();
std::string shell_quote(const std::string& word);

}  // namespace enginesim::cli
