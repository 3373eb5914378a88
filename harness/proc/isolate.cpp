// isolate.cpp - fork, pipe, waitpid with a wall-clock limit.
// style-ok-file: wall time enforces a child's time limit only.
#include "harness/proc/isolate.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>

#include "fakes/check.h"
#include "harness/proc/child_exit.h"
#include "harness/proc/fork_with_pipe.h"
#include "harness/proc/forked_child.h"
#include "harness/proc/stderr_capture.h"

namespace enginesim {

std::string IsolatedResult::describe() const {
  if (timed_out) return "timed out (killed)";
  if (exited) return "exit " + std::to_string(exit_code);
  if (signal != 0) {
    return "killed by " + signal_name(signal) + (core_dumped ? " (core dumped)" : "");
  }
  return "unknown end";
}

IsolatedResult run_isolated(
    const std::function<int(const std::function<void(const std::string&)>&)>& work,
    double timeout_sec, bool capture_stderr) {
  std::optional<StderrCapture> err;
  if (capture_stderr) err.emplace();
  const PipedChild child = fork_with_pipe();
  const pid_t pid = child.pid;
  if (pid == 0) {
    if (err) err->in_child();
    // A crash must end the child by its signal, so the parent can name it:
    // undo handlers a sanitizer runtime installed for these signals.
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL}) ::signal(sig, SIG_DFL);
    mark_forked_child();
    auto send = [fd = child.fd](const std::string& text) {
      size_t done = 0;
      while (done < text.size()) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<size_t>(n);
      }
    };
    int code = work(send);
    std::fflush(stdout);
    std::fflush(stderr);
    // _exit: the parent's atexit handlers and static destructors must not run
    // twice, and an engine's leftover threads must not keep the child alive.
    child_exit(code);
  }
  // Non-blocking: a leftover writer (a grandchild) must not stall the drain.
  ::fcntl(child.fd, F_SETFL, ::fcntl(child.fd, F_GETFL) | O_NONBLOCK);
  if (err) err->in_parent();
  IsolatedResult result;
  const auto start = std::chrono::steady_clock::now();
  bool pipe_open = true;
  int status = 0;
  for (;;) {
    // The stderr pipe is drained as it fills: a child blocked on a full
    // pipe would look like a hang.
    if (err) err->drain();
    if (pipe_open) {
      pollfd p[2] = {{child.fd, POLLIN, 0}, {err ? err->fd() : -1, POLLIN, 0}};
      if (::poll(p, 2, 20) > 0 && p[0].revents != 0) {
        char buf[4096];
        ssize_t n = ::read(child.fd, buf, sizeof buf);
        if (n > 0) result.message.append(buf, static_cast<size_t>(n));
        if (n == 0) pipe_open = false;
      }
    } else {
      ::usleep(2000);
    }
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (timeout_sec > 0 && elapsed > timeout_sec) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      result.timed_out = true;
      break;
    }
  }
  // Drain what is left in the pipe.
  char buf[4096];
  ssize_t n;
  while ((n = ::read(child.fd, buf, sizeof buf)) > 0) result.message.append(buf, static_cast<size_t>(n));
  ::close(child.fd);
  if (err) result.child_stderr = err->tail();
  if (result.timed_out) return result;
  if (WIFEXITED(status)) {
    result.exited = true;
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
    result.core_dumped = WCOREDUMP(status);
  }
  return result;
}

}  // namespace enginesim
