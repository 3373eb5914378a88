// fork_with_pipe.h - how the harness starts a forked child: a pipe from the
// child back to the parent, stdio flushed first.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <cstdio>

#include "enginesim/check.h"

namespace enginesim {

// In the child: pid 0 and fd the pipe's write end. In the parent: the
// child's pid and fd the read end. The other end is closed on each side.
struct PipedChild {
  pid_t pid;
  int fd;
};

inline PipedChild fork_with_pipe() {
  int fds[2];
  ES_CHECK(::pipe(fds) == 0);
  // Nothing buffered may be inherited: a child that flushes stdio on its way
  // out (ThreadSanitizer's _exit does) would print the parent's lines again.
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = ::fork();
  ES_CHECK(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    return {0, fds[1]};
  }
  ::close(fds[1]);
  return {pid, fds[0]};
}

}  // namespace enginesim
