// isolated_run.cpp - fork, pipe the serialized result back, reap the child.
// style-ok-file: wall time enforces a child's time limit only.
#include "isolated_run.h"

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <string>

#include "fakes/check.h"
#include "harness/fork_with_pipe.h"
#include "harness/child_exit.h"
#include "harness/child_progress.h"
#include "harness/stderr_capture.h"

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

RunResult run_isolated(const std::function<RunResult()>& fn, uint32_t wall_limit_ms) {
  StderrCapture err;
  ProgressCell progress;
  const PipedChild child = fork_with_pipe();
  if (child.pid == 0) {
    err.in_child();
    progress.in_child();
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
  RunResult r = child_outcome(text, status, limit, wall_limit_ms, "steps");
  r.engine_stderr = err.tail();
  return r;
}

void child_run_and_exit(int fd, const std::function<RunResult()>& fn) {
  const RunResult r = fn();
  write_all(fd, serialize(r));
  child_exit(0);  // parked controlled threads die with the process
}

RunResult child_outcome(const std::string& text, int status, const ChildLimit& limit,
                        uint32_t wall_limit_ms, const std::string& progress_unit) {
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
  if (WIFSIGNALED(status)) {
    return died(std::string("the child died of signal ") + std::to_string(WTERMSIG(status)) +
                " (" + ::strsignal(WTERMSIG(status)) + ")");
  }
  RunResult r;
  std::string error;
  if (!deserialize(text, &r, &error)) {
    return died("the child exited (status " + std::to_string(WEXITSTATUS(status)) +
                ") without a result: " + error);
  }
  return r;
}

}  // namespace enginesim::sched
