// isolated_run.cpp - a RunResult over a forked child: serialized in the
// child, read back or made up from how the child ended.
#include "harness/sim/isolated_run.h"

#include <string.h>
#include <sys/wait.h>

#include <cinttypes>
#include <cstdio>
#include <string>

#include "harness/proc/child_exit.h"
#include "harness/proc/child_progress.h"
#include "harness/proc/isolate.h"
#include "harness/proc/signal_name.h"
#include "harness/proc/stderr_capture.h"
#include "harness/sched/child_journal.h"
#include "harness/sim/crash_site.h"

namespace enginesim::sched {
namespace {

RunResult died(const std::string& why) {
  RunResult r;
  r.verdict = Verdict::died;
  r.report = why;
  return r;
}

RunResult without_stderr(const IsolatedResult& end, uint32_t wall_limit_ms,
                         const std::string& progress_unit, const ChildJournal* journal) {
  if (end.timed_out && end.moving) {
    RunResult r;
    r.verdict = Verdict::incomplete;
    r.steps = end.progress;  // what was covered, in progress_unit
    r.report = "the wall-clock budget of " + std::to_string(wall_limit_ms) +
               " ms ran out while the child was still making progress (" +
               std::to_string(end.progress) + " " + progress_unit +
               " done): nothing failed, the run was not finished";
    return r;
  }
  if (end.timed_out) {
    return died("the child ran past " + std::to_string(wall_limit_ms) + " ms and was stuck: " +
                std::to_string(end.progress) + " " + progress_unit + " done, none in its last " +
                std::to_string(stall_ms_for(wall_limit_ms)) + " ms (a hang)");
  }
  const int status = end.wait_status;
  RunResult r;
  std::string error;
  if (!WIFSIGNALED(status) && deserialize(end.payload, &r, &error)) return r;
  // No result: what the child's journal kept (its schedule up to the end)
  // stands in for it.
  r = RunResult{};
  if (journal != nullptr) journal->fill_died(status, &r);
  r.verdict = Verdict::died;
  if (!WIFSIGNALED(status)) {
    r.report = "the child exited (status " + std::to_string(WEXITSTATUS(status)) +
               ") without a result: " + error;
    return r;
  }
  const int sig = WTERMSIG(status);
  r.death.signal = sig;  // the status has the last word: a handler may re-raise another
  r.report = std::string("the child died of signal ") + std::to_string(sig) + " (" +
             signal_name(sig) + ": " + ::strsignal(sig) + ")";
  if (r.death.has_address) {
    char addr[32];
    std::snprintf(addr, sizeof addr, "0x%" PRIx64, r.death.address);
    r.report += std::string(" at address ") + addr;
  }
  if (journal != nullptr) r.report += ", after " + std::to_string(r.steps) + " steps";
  if (r.death.choices_lost)
    r.report += " (the journal was full: the recorded schedule is cut short)";
  std::string where = cli::describe_crash_site(r.death.frames);
  if (!where.empty()) {
    where.pop_back();  // its last newline
    r.report += "\n" + where;
  }
  return r;
}

}  // namespace

ChildWork run_result_work(const std::function<RunResult()>& fn) {
  return [fn](const ChildSend& send) -> int {
    send(serialize(fn()));
    child_exit(0);  // parked controlled threads die with the process
  };
}

ChildSpec run_child_spec(uint32_t wall_limit_ms, ChildJournal* journal) {
  ChildSpec spec;
  spec.limit_ms = wall_limit_ms;
  spec.capture_stderr = true;
  spec.default_crash_signals = false;
  spec.mark_forked_child = false;
  spec.in_child = [journal] { journal->in_child(); };
  return spec;
}

RunResult run_in_child(const std::function<RunResult()>& fn, uint32_t wall_limit_ms,
                       size_t journal_event_bytes) {
  ChildJournal journal(journal_event_bytes);
  const IsolatedResult end =
      run_isolated(run_result_work(fn), run_child_spec(wall_limit_ms, &journal));
  return child_outcome(end, wall_limit_ms, "steps", &journal);
}

RunResult child_outcome(const IsolatedResult& end, uint32_t wall_limit_ms,
                        const std::string& progress_unit, const ChildJournal* journal) {
  RunResult r = without_stderr(end, wall_limit_ms, progress_unit, journal);
  if (r.engine_stderr.empty()) {
    r.engine_stderr = end.child_stderr;
    add_stderr_to_death(&r);
  }
  return r;
}

void add_stderr_to_death(RunResult* r) {
  // The engine's last words (an assertion's text) explain its death: they
  // belong in the report, next to the verdict, not somewhere after it.
  if (r->verdict != Verdict::died || r->engine_stderr.empty()) return;
  r->report += "\n" + stderr_block(r->engine_stderr, "  ");
  while (!r->report.empty() && r->report.back() == '\n') r->report.pop_back();
}

}  // namespace enginesim::sched
