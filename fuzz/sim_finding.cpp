// sim_finding.cpp - recording and reporting a fuzz_engine finding.
#include "fuzz/sim_finding.h"

#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "harness/sched/trace.h"
#include "harness/sim/sim_env.h"
#include "harness/sim/sim_session.h"
#include "harness/sim/workload_file.h"

namespace enginesim::fuzz {
namespace {

std::string executable_dir() {
  std::error_code ec;
  const auto self = std::filesystem::canonical("/proc/self/exe", ec);
  return ec ? std::string() : self.parent_path().string();
}

bool executable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

}  // namespace

// The sanitizers' hook that libFuzzer uses to save the input when a
// sanitizer reports (weak: present in sanitizer builds only).
extern "C" void __sanitizer_set_death_callback(void (*)(void)) __attribute__((weak));

std::string findings_dir() {
  const char* dir = cli::env_value(cli::EnvSetting::findings_dir);
  if (dir != nullptr && *dir != '\0') return dir;
  std::error_code ec;
  const auto cwd = std::filesystem::current_path(ec);
  return ec ? std::string(".") : cwd.string();
}

std::string enginesim_cli() {
  const char* cli = cli::env_value(cli::EnvSetting::cli);
  if (cli != nullptr && *cli != '\0') return cli;
  const std::string beside = executable_dir() + "/enginesim";
  if (executable(beside)) return beside;
#ifdef ENGINESIM_FUZZ_DEFAULT_CLI
  if (executable(ENGINESIM_FUZZ_DEFAULT_CLI)) return ENGINESIM_FUZZ_DEFAULT_CLI;
#endif
  return "enginesim";
}

RecordedFinding record_sim_finding(const SimFinding& f) {
  RecordedFinding out;
  const std::string base = findings_dir() + "/fuzz-finding-" + f.input_id;
  out.schedule_path = base + ".schedule";
  out.workload_path = base + ".workload";
  std::error_code ec;
  std::filesystem::create_directories(findings_dir(), ec);
  if (f.setup.cfg.workload &&
      !sched::write_workload_file(out.workload_path, *f.setup.cfg.workload, &out.error)) {
    out.workload_path.clear();
  }
  cli::SimSetup setup = f.setup;
  setup.workload_path = out.workload_path;
  sched::RunResult recorded = f.result;
  recorded.choices = f.choices;  // a child that died sent no result: the shared log has them
  std::string error;
  if (!cli::record_schedule(setup, setup.cfg.seed, "fuzz", recorded, out.schedule_path, &error)) {
    out.error += (out.error.empty() ? "" : "; ") + error;
    out.schedule_path.clear();
    return out;
  }
  out.replay_command =
      cli::shell_quote(enginesim_cli()) + " replay " + cli::shell_quote(out.schedule_path);
  return out;
}

bool rests_on_real_time(const sched::RunResult& r) {
  return r.verdict == sched::Verdict::uncontrolled ||
         (r.verdict == sched::Verdict::died && r.report.rfind("the child ran past ", 0) == 0);
}

void report_sim_finding(const SimFinding& f) {
  const RecordedFinding rec = record_sim_finding(f);
  std::fprintf(stderr, "\n==enginesim-fuzz== FINDING: verdict %s (%zu choices, engine %s)\n%s",
               sched::to_string(f.result.verdict), f.choices.size(),
               f.setup.cfg.engine_path.c_str(), cli::indent(f.result.report).c_str());
  if (!rec.error.empty()) std::fprintf(stderr, "  could not record it: %s\n", rec.error.c_str());
  if (!rec.workload_path.empty())
    std::fprintf(stderr, "  workload: %s\n", rec.workload_path.c_str());
  if (!rec.schedule_path.empty()) {
    std::fprintf(stderr, "  schedule: %s\n", rec.schedule_path.c_str());
    // The same replay the CLI does, so the message says whether it repeats.
    // Its child inherits this process's sanitizer hook: without this, a
    // sanitizer report there would make libFuzzer save the input from the
    // child too. This process saves it when it aborts below.
    if (&__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(nullptr);
    const sched::RunResult again = cli::run_one(
        f.setup, f.setup.cfg.seed, {cli::StrategyPlan::Kind::replay, "fuzz", f.choices}, false);
    const bool repeated =
        again.verdict == f.result.verdict && again.trace_hash == f.result.trace_hash;
    std::fprintf(stderr, "  %s (replay: verdict %s, trace-hash %s)\n",
                 repeated ? "confirmed: the recorded schedule repeats it"
                          : "NOT REPEATED by its recorded schedule",
                 sched::to_string(again.verdict), sched::hex64(again.trace_hash).c_str());
    std::fprintf(stderr, "  replay: %s\n", rec.replay_command.c_str());
    if (!repeated && rests_on_real_time(f.result)) {
      std::fprintf(stderr,
                   "==enginesim-fuzz== not counted as a finding: a real-time verdict that its "
                   "schedule does not repeat (a starved process on a loaded machine?); "
                   "fuzzing goes on\n");
      std::fflush(stderr);
      return;
    }
  }
  std::fflush(stderr);
  std::abort();
}

}  // namespace enginesim::fuzz
