// run_report.cpp - printing a run's verdict; recording and confirming a
// failure.
#include "harness/cli/run_report.h"

#include <cinttypes>
#include <cstdio>

#include "harness/cli/command.h"
#include "harness/cli/html_output.h"
#include "harness/proc/stderr_capture.h"
#include "harness/sched/trace.h"
#include "harness/sim/died_run.h"
#include "harness/sim/sim_session.h"

namespace enginesim::cli {

std::string describe_setup(const SimSetup& s) {
  const auto& c = s.cfg;
  std::string out =
      s.cfg.workload
          ? "workload " + (s.workload_path.empty() ? std::string("(embedded)") : s.workload_path) +
                " (" + std::to_string(c.workload->connections.size()) + " connections)"
          : std::to_string(c.connections) + " connections x " +
                std::to_string(c.ops_per_connection) + " ops over " + std::to_string(c.keys) +
                " keys";
  if (!c.workload && !c.mix.empty()) out += " (mix " + sched::format_op_mix(c.mix) + ")";
  out += c.workers == 0 ? ", one worker per connection"
                        : ", " + std::to_string(c.workers) + " worker(s)";
  if (s.swarm && !c.workload) out += ", swarm: each seed draws its shape";
  if (c.sched.spurious_wakeups) out += ", spurious wake-ups";
  if (!c.check_linearizability) out += ", linearizability not checked";
  if (c.abi != abi::Profile::tutorial_2010) out += std::string(", abi ") + abi::name(c.abi);
  return out;
}

std::string verdict_line(const sched::RunResult& r) {
  // A death's own facts: which signal, where, how far the run had come.
  const std::string death = sched::describe_death(r);
  if (!death.empty()) return "verdict: died  (" + death + ")";
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "verdict: %s  (%" PRIu64 " steps, %zu threads, virtual time %" PRIu64 ".%03" PRIu64
                "s)",
                sched::to_string(r.verdict), r.steps, r.thread_names.size(),
                r.end_time_ns / uint64_t{1000000000},
                r.end_time_ns % uint64_t{1000000000} / uint64_t{1000000});
  return buf;
}

FailureRecord record_failure(const SimSetup& setup, uint64_t seed, const std::string& spec,
                             const sched::RunResult& r, const std::string& path) {
  FailureRecord f;
  if (r.verdict == sched::Verdict::died && !died_with_schedule(r)) {
    // The child died before its journal held a schedule: the seed reproduces it.
    f.command = repro_command(setup, seed, spec);
  } else if (record_schedule(setup, seed, spec, r, path, &f.error)) {
    f.schedule_path = path;
    f.command = self_command() + " replay " + shell_quote(path);
  } else {
    f.command = repro_command(setup, seed, spec);
  }
  const Confirmation c = confirm_failure(setup, seed, spec, r);
  f.confirmation = c.text;
  f.repeated = c.repeated;
  return f;
}

void print_html_report(const std::string& schedule_path, const std::string& html) {
  if (schedule_path.empty()) {
    std::printf(
        "no HTML report: the run left no schedule to replay (it died before its "
        "first step: re-run the seed with the command above)\n");
    return;
  }
  std::fflush(stdout);
  const HtmlOutcome h = write_html_report(schedule_path, html);
  if (h.written) {
    std::printf("html report: %s\n", html.c_str());
  } else {
    std::fprintf(stderr, "enginesim: no HTML report: %s\n", h.error.c_str());
  }
}

int report_run(const SimSetup& setup, uint64_t seed, const std::string& spec,
               const sched::RunResult& r, const std::string& record, const std::string& html) {
  std::printf("%s\ntrace-hash: %s\n", verdict_line(r).c_str(), sched::hex64(r.trace_hash).c_str());
  // Strict findings: shown, not failing (--level strict makes them failures).
  for (const std::string& w : r.warnings) std::printf("warning (strict): %s\n", w.c_str());
  // Whatever the verdict: an engine's complaints are never hidden.
  const std::string err_block = stderr_after_report(r);
  if (r.verdict == sched::Verdict::incomplete) {
    std::printf("report:\n%s%s", indent(r.report).c_str(), err_block.c_str());
    return kExitOk;
  }
  if (!is_failure(r)) {
    std::printf("%s", err_block.c_str());
    if (!record.empty()) {
      std::string error;
      if (!record_schedule(setup, seed, spec, r, record, &error)) {
        std::fprintf(stderr, "enginesim: %s\n", error.c_str());
        return kExitUsage;
      }
      std::printf("schedule recorded: %s (%zu choices)\n", record.c_str(), r.choices.size());
    }
    return kExitOk;
  }
  std::printf("report:\n%s%s", indent(r.report).c_str(), err_block.c_str());
  std::fflush(stdout);
  const std::string path =
      record.empty() ? "enginesim-failure-" + std::to_string(seed) + ".schedule" : record;
  const FailureRecord f = record_failure(setup, seed, spec, r, path);
  if (!f.error.empty()) std::fprintf(stderr, "enginesim: %s\n", f.error.c_str());
  std::printf("%s", indent(f.confirmation, "").c_str());
  if (!f.schedule_path.empty()) {
    std::printf("schedule recorded: %s (%zu choices)\n", f.schedule_path.c_str(), r.choices.size());
  }
  std::printf("replay: %s\n", f.command.c_str());
  if (!html.empty()) print_html_report(f.schedule_path, html);
  return kExitFailure;
}

}  // namespace enginesim::cli
