// isolated_run.cpp - fork, pipe the serialized result back, reap the child.
// style-ok-file: wall time enforces a child's time limit only.
#include "harness/sim/isolated_run.h"

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <chrono>
#include <cstdio>
#include <string>

#include "fakes/check.h"
#include "harness/proc/fork_with_pipe.h"
#include "harness/proc/child_exit.h"
#include "harness/proc/child_progress.h"
#include "harness/proc/signal_name.h"
#include "harness/proc/stderr_capture.h"
#include "harness/sched/child_journal.h"

namespace enginesim::sched {
namespace {

void write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

RunResult died(const std::string& why) {
  RunResult r;
  r.verdict = Verdict::died;
  r.report = why;
  return r;
}

}  // namespace

uint64_t now_ms() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

RunResult run_isolated(const std::function<RunResult()>& fn, uint32_t wall_limit_ms,
                       size_t journal_event_bytes) {
  StderrCapture err;
  ProgressCell progress;
  ChildJournal journal(journal_event_bytes);
  const PipedChild child = fork_with_pipe();
  if (child.pid == 0) {
    err.in_child();
    progress.in_child();
    journal.in_child();
    child_run_and_exit(child.fd, fn);
  }
  err.in_parent();
  const pid_t pid = child.pid;
  std::string text;
  char buf[65536];
  const uint64_t start_ms = now_ms();
  ProgressWatch watch(stall_ms_for(wall_limit_ms));
  ChildLimit limit;
  for (;;) {
    pollfd p[2] = {{child.fd, POLLIN, 0}, {err.fd(), POLLIN, 0}};
    const int ready = ::poll(p, 2, 100);
    if (ready < 0 && errno == EINTR) continue;
    err.drain();  // a child blocked on a full stderr pipe would look stuck
    const uint64_t now = now_ms();
    watch.observe(progress.value(), now);
    if (now - start_ms > wall_limit_ms) {
      limit = {true, watch.moving(now), watch.last()};
      ::kill(pid, SIGKILL);
      break;
    }
    if (ready <= 0 || p[0].revents == 0) continue;
    const ssize_t n = ::read(child.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(child.fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) ES_CHECK(errno == EINTR);
  RunResult r = child_outcome(text, status, limit, wall_limit_ms, "steps", &journal);
  r.engine_stderr = err.tail();
  add_stderr_to_death(&r);
  return r;
}

void child_run_and_exit(int fd, const std::function<RunResult()>& fn) {
  const RunResult r = fn();
  write_all(fd, serialize(r));
  child_exit(0);  // parked controlled threads die with the process
}

void add_stderr_to_death(RunResult* r) {
  // The engine's last words (an assertion's text) explain its death: they
  // belong in the report, next to the verdict, not somewhere after it.
  if (r->verdict != Verdict::died || r->engine_stderr.empty()) return;
  r->report += "\n" + stderr_block(r->engine_stderr, "  ");
  while (!r->report.empty() && r->report.back() == '\n') r->report.pop_back();
}

RunResult child_outcome(const std::string& text, int status, const ChildLimit& limit,
                        uint32_t wall_limit_ms, const std::string& progress_unit,
                        const ChildJournal* journal) {
  if (limit.reached && limit.moving) {
    RunResult r;
    r.verdict = Verdict::incomplete;
    r.steps = limit.progress;  // what was covered, in progress_unit
    r.report = "the wall-clock budget of " + std::to_string(wall_limit_ms) +
               " ms ran out while the child was still making progress (" +
               std::to_string(limit.progress) + " " + progress_unit +
               " done): nothing failed, the run was not finished";
    return r;
  }
  if (limit.reached) {
    return died("the child ran past " + std::to_string(wall_limit_ms) + " ms and was stuck: " +
                std::to_string(limit.progress) + " " + progress_unit +
                " done, none in its last " + std::to_string(stall_ms_for(wall_limit_ms)) +
                " ms (a hang)");
  }
  RunResult r;
  std::string error;
  if (!WIFSIGNALED(status) && deserialize(text, &r, &error)) return r;
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
  if (r.death.choices_lost) r.report += " (the journal was full: the recorded schedule is cut short)";
  return r;
}

}  // namespace enginesim::sched
