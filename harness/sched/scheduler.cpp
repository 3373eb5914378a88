// scheduler.cpp - the public Scheduler: owns a SchedCore for one run and
// offers the few calls harness code on controlled threads may make.
#include "harness/sched/scheduler.h"

#include "enginesim/check.h"
#include "harness/sched/sched_core.h"

// Defined by the wrappers (interpose.cpp): present when they are linked in.
extern "C" int enginesim_scheduler_wrappers_present() __attribute__((weak));

namespace enginesim::sched {

Scheduler::Scheduler(Strategy& strategy, TimeSource& time, SchedOptions options)
    : core_(new SchedCore(strategy, time, std::move(options))) {}

Scheduler::~Scheduler() {
  // After a failed run, or a crash, parked threads still point into the
  // core: keep it.
  if (core_->ended_.load() && core_->result_.verdict == Verdict::ok && !core_->crashed_ &&
      !core_->threads_parked_) {
    delete core_;
  }
}

RunResult Scheduler::run(const std::function<void()>& body) {
  // Without the wrappers the engine's threads and locks would run free and
  // the run would not be controlled at all.
  ES_CHECK_MSG(enginesim_scheduler_wrappers_present != nullptr,
               "this executable lacks the scheduler's wrappers: link it with "
               "enginesim_use_scheduler() (harness/sched/CMakeLists.txt)");
  return core_->run(body);
}

bool Scheduler::left_threads_parked() const { return core_->threads_parked_; }

bool Scheduler::in_controlled_thread() { return controlled_self() != nullptr; }

void Scheduler::fail(const std::string& why) {
  ThreadRec* self = controlled_self();
  ES_CHECK_MSG(self != nullptr, "Scheduler::fail outside a controlled thread");
  self->core->fail(self, Verdict::failed, why);
}

uint32_t Scheduler::choose(uint32_t count) {
  ThreadRec* self = controlled_self();
  if (self == nullptr) return 0;
  self->core->point(self, Op::choose);
  return self->core->choose(ChoiceKind::core, count);
}

uint32_t Scheduler::choose_fault(const std::vector<uint32_t>& weights) {
  ThreadRec* self = controlled_self();
  if (self == nullptr) return 0;
  // Not a scheduling point: an I/O call is no synchronisation, and runs
  // without faults keep the steps they had before fault injection existed.
  return self->core->choose(ChoiceKind::fault, static_cast<uint32_t>(weights.size()), &weights);
}

size_t Scheduler::crash_other_threads() {
  ThreadRec* self = controlled_self();
  if (self == nullptr) return 0;
  return self->core->crash_others(self);
}

std::set<pid_t> Scheduler::controlled_tids() {
  ThreadRec* self = controlled_self();
  return self == nullptr ? std::set<pid_t>{} : self->core->controlled_tids();
}

std::vector<std::pair<pid_t, std::string>> Scheduler::other_live_threads(bool sites) {
  ThreadRec* self = controlled_self();
  if (self == nullptr) return {};
  return self->core->live_others(self, sites);
}

void Scheduler::name_thread(const std::string& name) {
  ThreadRec* self = controlled_self();
  if (self == nullptr) return;
  self->core->rename(self, name);
}

void Scheduler::note(std::string_view text) {
  ThreadRec* self = controlled_self();
  if (self != nullptr) self->core->note(self, text);
}

void Scheduler::detail(const std::string& text) {
  ThreadRec* self = controlled_self();
  if (self != nullptr) self->core->detail(self, text);
}

void Scheduler::yield_point() {
  ThreadRec* self = controlled_self();
  if (self != nullptr) self->core->point(self, Op::user);
}

void Scheduler::sapi_point() {
  ThreadRec* self = controlled_self();
  if (self != nullptr) self->core->point(self, Op::sapi);
}

void Scheduler::call_point() {
  ThreadRec* self = controlled_self();
  if (self != nullptr) self->core->point(self, Op::call);
}

}  // namespace enginesim::sched
