// child_pool.cpp - forking, polling the children's pipes, limits, reaping.
// style-ok-file: wall time enforces children's time limits only.
#include "harness/proc/child_pool.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <vector>

#include "enginesim/check.h"
#include "harness/proc/child_exit.h"
#include "harness/proc/fork_with_pipe.h"
#include "harness/proc/forked_child.h"
#include "harness/proc/write_all.h"

namespace enginesim {
namespace {

// Milliseconds of the parent's monotonic clock.
uint64_t now_ms() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count());
}

[[noreturn]] void run_child(int fd, const ChildWork& work) {
  const ChildSend send = [fd](const std::string& text) { write_all(fd, text); };
  const int code = work(send);
  std::fflush(stdout);
  std::fflush(stderr);
  // _exit: the parent's atexit handlers and static destructors must not run
  // twice, and an engine's leftover threads must not keep the child alive.
  child_exit(code);
}

// Appends what the pipe holds now; false at its end of file.
bool read_some(int fd, std::string* out) {
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      out->append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n != 0;  // EAGAIN: nothing more now (a grandchild may hold the pipe)
  }
}

}  // namespace

ChildPool::~ChildPool() {
  for (auto& [pid, child] : children_) {
    ::kill(pid, SIGKILL);
    if (child.fd >= 0) ::close(child.fd);  // a StderrCapture closes its own pipe
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  }
}

void ChildPool::start(uint64_t tag, const ChildWork& work, const ChildSpec& spec) {
  std::unique_ptr<StderrCapture> err;
  if (spec.capture_stderr) err = std::make_unique<StderrCapture>();
  auto progress = std::make_unique<ProgressCell>();
  const PipedChild forked = fork_with_pipe();
  if (forked.pid == 0) {
    // Siblings' pipes are inherited; close them so their end of file stays theirs.
    for (auto& [other, child] : children_) {
      if (child.fd >= 0) ::close(child.fd);
      if (child.err) ::close(child.err->fd());
    }
    if (err) err->in_child();
    progress->in_child();
    if (spec.default_crash_signals) {
      for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL}) ::signal(sig, SIG_DFL);
    }
    if (spec.mark_forked_child) mark_forked_child();
    if (spec.in_child) spec.in_child();
    run_child(forked.fd, work);
  }
  // Non-blocking: a leftover writer (a grandchild) must not stall a drain.
  ::fcntl(forked.fd, F_SETFL, ::fcntl(forked.fd, F_GETFL) | O_NONBLOCK);
  if (err) err->in_parent();
  Child& c = children_[forked.pid];
  c.tag = tag;
  c.fd = forked.fd;
  c.limit_ms = spec.limit_ms;
  c.started_ms = now_ms();
  c.err = std::move(err);
  c.progress = std::move(progress);
  c.watch = ProgressWatch(stall_ms_for(spec.limit_ms));
}

std::pair<uint64_t, IsolatedResult> ChildPool::reap(pid_t pid, int status, bool at_limit,
                                                    uint64_t now) {
  Child child = std::move(children_.at(pid));
  children_.erase(pid);
  IsolatedResult r;
  if (child.fd >= 0) {
    read_some(child.fd, &child.payload);  // what it wrote before it ended
    ::close(child.fd);
  }
  r.payload = std::move(child.payload);
  if (child.err) r.child_stderr = child.err->tail();
  r.wait_status = status;
  if (at_limit) {
    r.timed_out = true;
    r.moving = child.watch.moving(now);
    r.progress = child.watch.last();
  } else if (WIFEXITED(status)) {
    r.exited = true;
    r.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.signal = WTERMSIG(status);
    r.core_dumped = WCOREDUMP(status);
  }
  return {child.tag, std::move(r)};
}

std::pair<uint64_t, IsolatedResult> ChildPool::wait_one() {
  ES_CHECK_MSG(!children_.empty(), "wait_one without a running child");
  std::vector<pollfd> fds;
  std::vector<pid_t> pids;
  for (;;) {
    fds.clear();
    pids.clear();
    const uint64_t now = now_ms();
    bool ending = false;  // a child closed its pipe: it is about to end
    for (auto& [pid, child] : children_) {
      if (child.err) child.err->drain();  // a child blocked on a full stderr pipe would look stuck
      child.watch.observe(child.progress->value(), now);
      int status = 0;
      const pid_t done = ::waitpid(pid, &status, WNOHANG);
      if (done == pid) return reap(pid, status, false, now);
      if (child.limit_ms > 0 && now - child.started_ms > child.limit_ms) {
        ::kill(pid, SIGKILL);
        while (::waitpid(pid, &status, 0) < 0) ES_CHECK(errno == EINTR);
        return reap(pid, status, true, now);
      }
      if (child.fd >= 0) {
        fds.push_back({child.fd, POLLIN, 0});
        pids.push_back(pid);
      } else {
        ending = true;
      }
      if (child.err) {
        fds.push_back({child.err->fd(), POLLIN, 0});
        pids.push_back(-1);  // drained above
      }
    }
    const int ready = ::poll(fds.data(), fds.size(), ending ? 2 : 20);
    if (ready < 0) {
      ES_CHECK(errno == EINTR);
      continue;
    }
    for (size_t i = 0; i < fds.size(); ++i) {
      if (pids[i] < 0 || fds[i].revents == 0) continue;
      Child& child = children_.at(pids[i]);
      if (!read_some(child.fd, &child.payload)) {
        ::close(child.fd);
        child.fd = -1;
      }
    }
  }
}

}  // namespace enginesim
