// thread_census.cpp - /proc/self/task listing.
#include "harness/monitor/thread_census.h"

#include <dirent.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <fstream>

namespace enginesim {

std::set<pid_t> list_tasks() {
  std::set<pid_t> out;
  DIR* dir = ::opendir("/proc/self/task");
  if (dir == nullptr) return out;  // no procfs: the census sees nothing
  while (dirent* entry = ::readdir(dir)) {
    char* end = nullptr;
    const long tid = std::strtol(entry->d_name, &end, 10);
    if (end != entry->d_name && *end == '\0' && tid > 0) out.insert(static_cast<pid_t>(tid));
  }
  ::closedir(dir);
  return out;
}

std::string task_name(pid_t tid) {
  std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/comm");
  std::string name;
  std::getline(in, name);
  return name;
}

pid_t current_tid() { return static_cast<pid_t>(::syscall(SYS_gettid)); }

void sleep_wall_ms(uint32_t ms) {
  timespec ts{static_cast<time_t>(ms / 1000), static_cast<long>(ms % 1000) * 1'000'000L};
  // style-ok: a wall-time wait for the kernel to reap exited threads; it decides nothing
  while (::syscall(SYS_nanosleep, &ts, &ts) != 0 && errno == EINTR) {
  }
}

}  // namespace enginesim
