// child_pool.cpp - forking, polling the children's result pipes, reaping.
// style-ok-file: wall time enforces children's time limits only.
#include "harness/sim/child_pool.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <vector>

#include "fakes/check.h"
#include "harness/proc/fork_with_pipe.h"
#include "harness/sim/isolated_run.h"

namespace enginesim::sched {

ChildPool::~ChildPool() {
  for (auto& [pid, child] : children_) {
    ::kill(pid, SIGKILL);
    ::close(child.fd);  // the StderrCapture closes its own pipe
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

void ChildPool::start(uint64_t tag, const std::function<RunResult()>& fn,
                      const std::string& progress_unit) {
  auto err = std::make_unique<StderrCapture>();
  auto progress = std::make_unique<ProgressCell>();
  auto journal = std::make_unique<ChildJournal>();
  const PipedChild forked = fork_with_pipe();
  if (forked.pid == 0) {
    // Siblings' pipes are inherited; close them so their EOF stays theirs.
    for (auto& [other, child] : children_) {
      ::close(child.fd);
      ::close(child.err->fd());
    }
    err->in_child();
    progress->in_child();
    journal->in_child();
    child_run_and_exit(forked.fd, fn);
  }
  err->in_parent();
  Child& c = children_[forked.pid];
  c.tag = tag;
  c.fd = forked.fd;
  c.started_ms = now_ms();
  c.progress_unit = progress_unit;
  c.err = std::move(err);
  c.progress = std::move(progress);
  c.journal = std::move(journal);
  c.watch = ProgressWatch(stall_ms_for(wall_limit_ms_));
}

std::pair<uint64_t, RunResult> ChildPool::reap(pid_t pid) {
  Child child = std::move(children_.at(pid));
  children_.erase(pid);
  ::close(child.fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) ES_CHECK(errno == EINTR);
  RunResult r = child_outcome(child.text, status, child.limit, wall_limit_ms_,
                              child.progress_unit, child.journal.get());
  // A DFS child passes on its failing run's stderr (already in the report of
  // one that died); else the child's own.
  const std::string own = child.err->tail();
  if (r.engine_stderr.empty()) {
    r.engine_stderr = own;
    add_stderr_to_death(&r);
  }
  return {child.tag, std::move(r)};
}

std::pair<uint64_t, RunResult> ChildPool::wait_one() {
  ES_CHECK_MSG(!children_.empty(), "wait_one without a running child");
  std::vector<pollfd> fds;
  std::vector<pid_t> pids;
  char buf[65536];
  for (;;) {
    fds.clear();
    pids.clear();
    const uint64_t now = now_ms();
    for (auto& [pid, child] : children_) {
      child.err->drain();  // a child blocked on a full stderr pipe would look stuck
      child.watch.observe(child.progress->value(), now);
      if (now - child.started_ms > wall_limit_ms_) {
        child.limit = {true, child.watch.moving(now), child.watch.last()};
        ::kill(pid, SIGKILL);
        return reap(pid);
      }
      fds.push_back({child.fd, POLLIN, 0});
      pids.push_back(pid);
      fds.push_back({child.err->fd(), POLLIN, 0});
      pids.push_back(pid);
    }
    const int ready = ::poll(fds.data(), fds.size(), 100);
    if (ready < 0) {
      ES_CHECK(errno == EINTR);
      continue;
    }
    for (size_t i = 0; i < fds.size(); i += 2) {  // result pipes; stderr is drained above
      if (fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return reap(pids[i]);  // EOF: the child is done
      children_.at(pids[i]).text.append(buf, static_cast<size_t>(n));
    }
  }
}

}  // namespace enginesim::sched
