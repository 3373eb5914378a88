// io_faults.cpp - the fault decision and the table of what controlled
// threads opened. Only controlled threads touch the tables, and exactly one
// of them runs at a time (the scheduler's baton), so no lock is needed.
#include "harness/faults/io_faults.h"

#include <atomic>
#include <set>
#include <string>
#include <vector>

#include "harness/faults/durable_shadow.h"
#include "harness/sched/sched_core.h"
#include "harness/sched/scheduler.h"

namespace enginesim::sched {
namespace {

std::atomic<const FaultProfile*> g_profile{nullptr};
uint64_t g_injected = 0;
std::set<int> g_fds;      // ordered containers: nothing here may depend on addresses' order
std::set<FILE*> g_files;  // (only looked up, never iterated)

}  // namespace

void install_fault_profile(const FaultProfile* profile) {
  g_injected = 0;
  g_profile.store(profile);
}

uint64_t injected_fault_count() { return g_injected; }

bool io_faults_active() { return g_profile.load() != nullptr && controlled_self() != nullptr; }

IoFault decide_io_fault(IoCall call, size_t size) {
  const FaultProfile* profile = g_profile.load();
  if (profile == nullptr || controlled_self() == nullptr || !profile->any(call)) {
    return IoFault::none;
  }
  std::vector<uint32_t> weights(kIoFaultCount, 0);
  uint32_t faulty = 0;
  for (size_t f = 1; f < kIoFaultCount; ++f) {
    const auto fault = static_cast<IoFault>(f);
    if (fault == IoFault::short_transfer && size < 2) continue;
    weights[f] = profile->at(call, fault);
    faulty += weights[f];
  }
  if (faulty == 0) return IoFault::none;
  weights[0] = FaultProfile::kPpm - faulty;
  const auto fault = static_cast<IoFault>(Scheduler::choose_fault(weights));
  if (fault != IoFault::none) {
    ++g_injected;
    Scheduler::note(std::string("fault: ") + to_string(call) + " " + to_string(fault));
  }
  return fault;
}

void io_point() {
  if (g_profile.load() == nullptr && installed_durable_shadow() == nullptr) return;
  ThreadRec* self = controlled_self();
  if (self != nullptr) self->core->point(self, Op::io);
}

void track_fd(int fd) {
  if (fd >= 0) g_fds.insert(fd);
}
void untrack_fd(int fd) { g_fds.erase(fd); }
bool tracked_fd(int fd) { return g_fds.count(fd) != 0; }
void track_file(FILE* file) {
  if (file != nullptr) g_files.insert(file);
}
void untrack_file(FILE* file) { g_files.erase(file); }
bool tracked_file(FILE* file) { return g_files.count(file) != 0; }

}  // namespace enginesim::sched
