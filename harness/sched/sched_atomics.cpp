// sched_atomics.cpp - an instrumented engine's atomic operations as
// scheduling points (--atomics), spins on them, and the race detector's
// edges and checks (--races). docs/atomics.md.
#include <string>

#include "enginesim/check.h"
#include "harness/sched/atomics/race_detector.h"
#include "harness/sched/atomics/race_report.h"
#include "harness/sched/sched_core.h"

namespace enginesim::sched {

using atomics::RaceDetector;
using atomics::SpinWatch;

namespace {

uint64_t fold(unsigned __int128 v) {
  return static_cast<uint64_t>(v) ^ static_cast<uint64_t>(v >> 64);
}

}  // namespace

uint32_t SchedCore::atomic_number(const volatile void* addr) {
  auto [it, fresh] = atomics_.try_emplace(addr, 0);
  if (fresh) it->second = next_object_number_++;
  return it->second;
}

void SchedCore::atomic_begin(ThreadRec* self, const volatile void* addr, Op op) {
  ES_CHECK(options_.atomics);
  const uint32_t number = op == Op::fence ? 0 : atomic_number(addr);
  if (op == Op::atomic_load || op == Op::atomic_cas) {
    if (self->spin.should_wait(sync_epoch_)) {
      // Its loop can only read the same values again until someone writes.
      self->wait = Wait::spin;
      point(self, op, number);
      self->wait = Wait::none;
      return;
    }
  }
  point(self, op, number);
}

void SchedCore::atomic_end(ThreadRec* self, const volatile void* addr, size_t size, Op op, int mo,
                           bool wrote, unsigned __int128 value, const void* pc) {
  ES_CHECK(running_.load() == self->id);
  const uint32_t number = atomic_number(addr);
  if (wrote) {
    ++sync_epoch_;
    self->spin.reset(sync_epoch_);
  } else if (self->spin.read(addr, fold(value), sync_epoch_) &&
             self->spin.rereads >= SpinWatch::kRereadsMax) {
    fail(self, Verdict::step_limit,
         "livelock: " + thread_label(self->id) + " read atomic#" + std::to_string(number) + " " +
             std::to_string(SpinWatch::kRereadsMax) +
             " times again while no controlled thread wrote any atomic, unlocked or "
             "signalled (a spin that nothing ends)\n" +
             live_threads_report());
  }
  if (!races_) return;
  const bool read = op != Op::atomic_store;
  races_->atomic_op(self->id, number, wrote, read, mo, value);
  check_access(self, addr, size, wrote, true, pc);
}

unsigned __int128 SchedCore::weak_load(ThreadRec* self, const volatile void* addr, int mo,
                                       unsigned __int128 latest) {
  if (!options_.weak_memory || mo == atomics::seq_cst) return latest;
  ES_CHECK(races_ != nullptr);
  const uint32_t number = atomic_number(addr);
  const auto readable = races_->readable(self->id, number, latest);
  if (readable.empty()) return latest;  // no store known: memory's value
  // 0, the newest, is what a sequentially consistent run reads.
  const uint32_t pick = choose(ChoiceKind::outcome, static_cast<uint32_t>(readable.size()));
  races_->reads(self->id, number, *readable[pick]);
  return readable[pick]->value;
}

void SchedCore::fence(ThreadRec* self, int mo) {
  atomic_begin(self, nullptr, Op::fence);
  if (races_) races_->fence(self->id, mo);
}

void SchedCore::plain_access(ThreadRec* self, const volatile void* addr, size_t size, bool write,
                             const void* pc) {
  check_access(self, addr, size, write, false, pc);
}

void SchedCore::check_access(ThreadRec* self, const volatile void* addr, size_t size, bool write,
                             bool atomic, const void* pc) {
  if (!races_ || ended_.load()) return;
  ES_CHECK(running_.load() == self->id);
  const auto race =
      races_->access(self->id, reinterpret_cast<uintptr_t>(addr), size, write, atomic, pc, steps_);
  if (!race) return;
  report_race(self, atomics::describe_race(*race, result_.thread_names, [this] {
                bump_progress();  // the watchdog's sign
              }));
}

void SchedCore::report_race(ThreadRec* self, const std::string& report) {
  fail(self, Verdict::failed, report);
}

void SchedCore::forget_memory(const void* addr, size_t size) {
  if (races_) races_->forget(reinterpret_cast<uintptr_t>(addr), size);
}

void SchedCore::hb_acquire(ThreadRec* self, uint64_t key) {
  if (races_) races_->acquire(self->id, key);
}

void SchedCore::hb_release(ThreadRec* self, uint64_t key) {
  ++sync_epoch_;
  if (races_) races_->release(self->id, key);
}

void SchedCore::hb_created(ThreadRec* parent, ThreadRec* child) {
  if (races_) races_->thread_created(parent->id, child->id);
}

void SchedCore::hb_joined(ThreadRec* self, ThreadRec* target) {
  if (races_) races_->thread_joined(self->id, target->id);
}

bool SchedCore::release_spinners() {
  bool any = false;
  for (ThreadRec* t : live_) {
    if (t->wait == Wait::spin && !t->spin.released) {
      t->spin.released = true;
      any = true;
    }
  }
  return any;
}

}  // namespace enginesim::sched
