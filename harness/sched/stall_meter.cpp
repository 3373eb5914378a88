// stall_meter.cpp - see stall_meter.h.
#include "harness/sched/stall_meter.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace enginesim::sched {

ThreadSample sample_thread(pid_t tid) {
  ThreadSample out;
  if (tid <= 0) return out;
  char path[64];
  std::snprintf(path, sizeof path, "/proc/self/task/%d/stat", static_cast<int>(tid));
  const long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  char buf[1024];
  const long n = syscall(SYS_read, fd, buf, sizeof buf - 1);
  syscall(SYS_close, fd);
  if (n <= 0) return out;
  buf[n] = '\0';
  // "tid (comm) S ppid ...": comm may hold spaces and ')', so parse from the
  // last ')'. utime and stime are fields 14 and 15 (proc(5)), in clock ticks.
  const char* p = std::strrchr(buf, ')');
  if (p == nullptr || p[1] != ' ' || p[2] == '\0') return out;
  out.state = p[2];
  p += 3;
  unsigned long long ticks = 0;
  for (int field = 4; field <= 15 && *p != '\0'; ++field) {
    while (*p == ' ') ++p;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(p, &end, 10);
    if (field >= 14) ticks += v;
    p = end;
  }
  const long hz = sysconf(_SC_CLK_TCK);
  out.cpu_ns = ticks * (1'000'000'000ull / static_cast<unsigned long long>(hz > 0 ? hz : 100));
  out.read = true;
  return out;
}

void StallMeter::reset() { *this = StallMeter{}; }

void StallMeter::add(uint64_t wall_ns, const ThreadSample& sample) {
  if (!sample.read) {
    blocked_ns_ += wall_ns;
    have_cpu_ = false;
    return;
  }
  if (have_cpu_ && sample.cpu_ns > last_cpu_ns_) cpu_ns_ += sample.cpu_ns - last_cpu_ns_;
  last_cpu_ns_ = sample.cpu_ns;
  have_cpu_ = true;
  if (sample.state == 'R' || sample.state == 'D') return;
  blocked_ns_ += wall_ns;
}

StallMeter::Kind StallMeter::kind() const {
  if (stalled_ns() == 0) return Kind::none;
  return cpu_ns_ >= blocked_ns_ ? Kind::spinning : Kind::blocked;
}

}  // namespace enginesim::sched
