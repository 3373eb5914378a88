// isolated_run.cpp - fork, pipe the serialized result back, reap the child.
#include "isolated_run.h"

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

#include "fakes/check.h"
#include "harness/fork_with_pipe.h"
#include "harness/child_exit.h"

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

RunResult run_isolated(const std::function<RunResult()>& fn, uint32_t wall_limit_ms) {
  const PipedChild child = fork_with_pipe();
  if (child.pid == 0) child_run_and_exit(child.fd, fn);
  const pid_t pid = child.pid;
  std::string text;
  char buf[65536];
  int remaining_ms = static_cast<int>(wall_limit_ms);
  bool timed_out = false;
  for (;;) {
    pollfd p{child.fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, remaining_ms > 0 ? 100 : 0);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      remaining_ms -= 100;
      if (remaining_ms <= 0) {
        timed_out = true;
        ::kill(pid, SIGKILL);
        break;
      }
      continue;
    }
    const ssize_t n = ::read(child.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(child.fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) ES_CHECK(errno == EINTR);
  return child_outcome(text, status, timed_out, wall_limit_ms);
}

void child_run_and_exit(int fd, const std::function<RunResult()>& fn) {
  const RunResult r = fn();
  write_all(fd, serialize(r));
  child_exit(0);  // parked controlled threads die with the process
}

RunResult child_outcome(const std::string& text, int status, bool timed_out,
                        uint32_t wall_limit_ms) {
  if (timed_out) return died("the child ran past " + std::to_string(wall_limit_ms) + " ms");
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
