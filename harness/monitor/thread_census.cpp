// thread_census.cpp - /proc/self/task listing.
#include "harness/monitor/thread_census.h"

#include <dirent.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <fstream>

#include "harness/tsan_annotations.h"

namespace enginesim {
namespace {

// ThreadSanitizer starts a background thread of its own at the process's
// first pthread_create (and again in each forked child). Started by the
// engine's first thread, it would be missing from the monitor's baseline and
// look like a thread the engine left running after destroy. Under TSan we
// start and join one empty thread while the process is single-threaded, so
// the runtime's thread is there before any census.
[[maybe_unused]] const bool g_tsan_thread_started = [] {
  if (!tsan_present()) return false;
  pthread_t t;
  if (pthread_create(
          &t, nullptr, [](void*) -> void* { return nullptr; }, nullptr) != 0) {
    return false;
  }
  pthread_join(t, nullptr);
  return true;
}();

}  // namespace

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
  while (::syscall(SYS_nanosleep, &ts, &ts) != 0 && errno == EINTR) {}
}

}  // namespace enginesim
