// child_pool.cpp - forking, polling the children's result pipes, reaping.
// style-ok-file: wall time enforces children's time limits only.
#include "child_pool.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <vector>

#include "fakes/check.h"
#include "harness/fork_with_pipe.h"
#include "isolated_run.h"

namespace enginesim::sched {

ChildPool::~ChildPool() {
  for (auto& [pid, child] : children_) {
    ::kill(pid, SIGKILL);
    ::close(child.fd);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

void ChildPool::start(uint64_t tag, const std::function<RunResult()>& fn) {
  const PipedChild forked = fork_with_pipe();
  if (forked.pid == 0) {
    // Siblings' pipes are inherited; close them so their EOF stays theirs.
    for (auto& [other, child] : children_) ::close(child.fd);
    child_run_and_exit(forked.fd, fn);
  }
  children_[forked.pid] = Child{tag, forked.fd, {}, std::chrono::steady_clock::now(), false};
}

std::pair<uint64_t, RunResult> ChildPool::reap(pid_t pid) {
  Child child = std::move(children_.at(pid));
  children_.erase(pid);
  ::close(child.fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) ES_CHECK(errno == EINTR);
  return {child.tag, child_outcome(child.text, status, child.timed_out, wall_limit_ms_)};
}

std::pair<uint64_t, RunResult> ChildPool::wait_one() {
  ES_CHECK_MSG(!children_.empty(), "wait_one without a running child");
  std::vector<pollfd> fds;
  std::vector<pid_t> pids;
  char buf[65536];
  for (;;) {
    fds.clear();
    pids.clear();
    const auto now = std::chrono::steady_clock::now();
    for (auto& [pid, child] : children_) {
      if (now - child.started > std::chrono::milliseconds(wall_limit_ms_)) {
        child.timed_out = true;
        ::kill(pid, SIGKILL);
        return reap(pid);
      }
      fds.push_back({child.fd, POLLIN, 0});
      pids.push_back(pid);
    }
    const int ready = ::poll(fds.data(), fds.size(), 100);
    if (ready < 0) {
      ES_CHECK(errno == EINTR);
      continue;
    }
    for (size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return reap(pids[i]);  // EOF: the child is done
      children_.at(pids[i]).text.append(buf, static_cast<size_t>(n));
    }
  }
}

}  // namespace enginesim::sched
