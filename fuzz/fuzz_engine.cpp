// fuzz_engine.cpp - libFuzzer target: the fuzz bytes become a workload
// (connections, operations, keys, values, clock advances) and the
// scheduler's choices; one simulation runs it against the engine in a forked
// child, under the deterministic scheduler with the contract monitor on
// (harness/sim/sim_run.h). A run that does not end ok - a failed check, a
// deadlock, a crash, a hang - is a finding: its schedule and workload are
// written to $ENGINESIM_FINDINGS_DIR (default: the current directory), the
// `enginesim replay` command is printed, and the target aborts so libFuzzer
// keeps the input.
//
//   ENGINESIM_ENGINE=path.so   the engine (default: the bundled mem engine)
//   ENGINESIM_CONFIG=...       its configuration; "{tmpdir}" becomes a fresh
//                              empty directory for every run
//   ENGINESIM_MIX=get,set,...  the operations drawn, as `--mix` (default:
//                              every kind, item operations most often)
//   ENGINESIM_FINDINGS_DIR     where findings are written
//   ENGINESIM_CLI              the enginesim executable named in the replay
//                              command (default: found next to the target)
//   ENGINESIM_FUZZ_SHOW_INPUTS=1  print each input as a workload and choices
#include <dlfcn.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "fuzz/byte_strategy.h"
#include "fuzz/coverage_relay.h"
#include "fuzz/engine_under_fuzz.h"
#include "fuzz/fuzz_workload.h"
#include "fuzz/shared_choice_log.h"
#include "fuzz/sim_finding.h"
#include "harness/options/exit_codes.h"
#include "harness/sched/trace.h"
#include "harness/sim/isolated_run.h"
#include "harness/sim/sim_env.h"
#include "harness/sim/sim_session.h"
#include "harness/sim/workload_file.h"

using namespace enginesim;
using namespace enginesim::fuzz;

namespace {

// A run that takes longer than this (wall time, in its child) is a hang.
// Generous: a fuzzing campaign keeps every core busy, and a starved child
// must not look hung (see also rests_on_real_time).
constexpr uint32_t kRunWallMs = 30'000;
// A thread that runs this long without a scheduling point is `uncontrolled`
// (the CLI's default is 3 s; fuzzing machines are loaded).
constexpr uint32_t kUncontrolledMs = 10'000;
// Tiny workloads need few steps; an engine that spins past this is a finding.
constexpr uint64_t kRunStepsMax = 200'000;
// Choices kept for a child that dies (12 bytes each, in a lazily backed
// shared mapping): more than a run within kRunStepsMax can make.
constexpr size_t kChoicesMax = size_t{1} << 19;

struct Target {
  cli::SimSetup base;  // engine and config; the workload comes per input
  std::unique_ptr<SharedChoiceLog> choices;
  std::unique_ptr<CoverageRelay> coverage;
  bool show_inputs = false;  // ENGINESIM_FUZZ_SHOW_INPUTS=1: print each decoded input
  WorkloadLimits limits;     // with ENGINESIM_MIX's operations
};

Target* g_target = nullptr;  // set once by LLVMFuzzerInitialize, never freed

// The sanitizers' hook that libFuzzer uses to save the input when a
// sanitizer reports (weak: present in sanitizer builds only).
extern "C" void __sanitizer_set_death_callback(void (*)(void)) __attribute__((weak));

// In a run's child: a crash must end the child, not run libFuzzer's crash
// handling there (it would save the input and print its own report from a
// process that is not the fuzzer). The parent sees the child die and reports
// the finding. SIGSEGV and SIGBUS stay with the sanitizer, which prints where
// the engine crashed before the child exits.
void leave_crashes_to_the_child() {
  for (int sig : {SIGABRT, SIGILL, SIGFPE}) ::signal(sig, SIG_DFL);
  if (&__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(nullptr);
}

// FNV-1a over the input: names the finding's files, stable across runs.
uint64_t input_hash(const uint8_t* data, size_t size) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 0x100000001b3ull;
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  auto* t = new Target;
  std::string path = engine_path_from_environment();
  if (path.empty()) {
    std::fprintf(stderr, "enginesim-fuzz: no engine: set ENGINESIM_ENGINE=path/to/engine.so\n");
    std::exit(2);
  }
  // Absolute, so the recorded schedule replays from any directory.
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(path, ec);
  if (!ec) path = absolute.string();
  t->base.cfg.engine_path = path;
  t->base.cfg.engine_config = cli::option_env_text("config");
  t->base.cfg.sched.steps_max = kRunStepsMax;
  t->base.cfg.sched.uncontrolled_ms = kUncontrolledMs;
  t->base.strategy = "fuzz";
  t->show_inputs = cli::env_text(cli::EnvSetting::fuzz_show_inputs) == "1";
  if (const std::string mix = cli::option_env_text("mix"); !mix.empty()) {
    std::string error;
    if (!sched::parse_op_mix(mix, &t->limits.mix, &error)) {
      std::fprintf(stderr, "enginesim-fuzz: %s=%s: %s\n", cli::option_env_name("mix"), mix.c_str(),
                   error.c_str());
      std::exit(2);
    }
  }
  // A setup problem (no such engine, a bad config) is not a finding.
  if (cli::check_engine_loads(t->base) != cli::kExitOk) std::exit(2);
  // Mapped, not initialised, so that its coverage counters are registered
  // with libFuzzer in this process (see coverage_relay.h).
  if (::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL) == nullptr) {
    std::fprintf(stderr, "enginesim-fuzz: dlopen %s: %s\n", path.c_str(), ::dlerror());
    std::exit(2);
  }
  t->choices = std::make_unique<SharedChoiceLog>(kChoicesMax);
  t->coverage = std::make_unique<CoverageRelay>();
  std::fprintf(stderr,
               "enginesim-fuzz: engine %s, config \"%s\"; %zu coverage counters relayed from "
               "each run's child; findings go to %s\n",
               path.c_str(), t->base.cfg.engine_config.c_str(), t->coverage->counters(),
               findings_dir().c_str());
  g_target = t;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Target& t = *g_target;
  FuzzedDataProvider fdp(data, size);
  cli::SimSetup setup = t.base;
  auto workload = std::make_shared<sched::Workload>(consume_workload(fdp, t.limits));
  const auto connections = static_cast<uint32_t>(workload->connections.size());
  setup.cfg.connections = connections;
  setup.cfg.workers = fdp.ConsumeIntegralInRange<uint32_t>(0, connections);
  setup.cfg.sched.spurious_wakeups = fdp.ConsumeBool();
  setup.workload_text = sched::format_workload(*workload);
  setup.cfg.workload = std::move(workload);
  ByteStrategy strategy(fdp.ConsumeRemainingBytes<uint8_t>(), t.choices.get());
  if (t.show_inputs) {
    std::fprintf(stderr, "enginesim-fuzz: input: workers %u%s, %zu choice bytes, workload:\n%s",
                 setup.cfg.workers, setup.cfg.sched.spurious_wakeups ? ", spurious wake-ups" : "",
                 strategy.bytes(), setup.workload_text.c_str());
  }

  t.choices->clear();
  sched::RunResult r;
  {
    cli::RunDir dir;
    const auto job = cli::sim_job_with(setup, setup.cfg.seed, strategy, dir.path(), false);
    CoverageRelay& coverage = *t.coverage;
    r = sched::run_in_child(
        [&] {
          leave_crashes_to_the_child();
          sched::RunResult result = job();
          coverage.publish();
          return result;
        },
        kRunWallMs);
  }
  t.coverage->collect();
  if (r.ok()) return 0;
  SimFinding f;
  f.setup = setup;
  f.result = r;
  f.choices = r.verdict == sched::Verdict::died ? t.choices->read() : r.choices;
  if (r.verdict == sched::Verdict::died && t.choices->overflowed()) {
    std::fprintf(stderr,
                 "enginesim-fuzz: the run made more than %zu choices; its schedule "
                 "keeps the first %zu and will not replay to the end\n",
                 kChoicesMax, kChoicesMax);
  }
  f.input_id = sched::hex64(input_hash(data, size));
  report_sim_finding(f);  // aborts, unless the verdict was the machine's doing
  return 0;
}
