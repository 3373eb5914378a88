// sched_sync.cpp - the model of mutexes, condition variables and rwlocks.
// Under control the real objects are never locked: only one controlled
// thread runs at a time and the model decides who may go on.
#include <algorithm>
#include <cerrno>

#include "enginesim/check.h"
#include "fakes/worker_lock.h"
#include "harness/sched/atomics/race_detector.h"
#include "harness/sched/detail_text.h"
#include "harness/sched/sched_core.h"

namespace enginesim::sched {
namespace {

// Written into a modelled mutex's __owner while the model holds it: if the
// memory is re-initialised (a new std::mutex at the same address) the marker
// is gone and the stale model entry is reset. Above any Linux tid (pid_max is
// at most 2^22).
constexpr int kOwnerMarker = 0x5EED0000;

int mutex_kind(const pthread_mutex_t* m) {
  // glibc keeps the type in __kind (PTHREAD_MUTEX_KIND_MASK_NP = 3).
  return m->__data.__kind & 3;
}

}  // namespace

MutexModel& SchedCore::mutex_model(pthread_mutex_t* m) {
  // Every lock and unlock looks its mutex up, mostly the same few: a small
  // cache by address in front of the map (whose nodes never move) saves
  // hashing. Only a lookup: nothing is ordered by address.
  MutexSlot& slot = mutex_slot(m);
  bool fresh = false;
  if (slot.mutex != m) {
    auto [it, inserted] = mutexes_.try_emplace(m);
    fresh = inserted;
    slot = {m, &it->second};
  }
  MutexModel& model = *slot.model;
  if (fresh) model.number = next_object_number_++;
  if (!fresh && model.owner != nullptr && m->__data.__owner != kOwnerMarker) {
    model.owner = nullptr;  // the memory was re-initialised since
    model.count = 0;
    if (lock_order_) lock_order_->forget(m);  // a new lock: no edges yet
  }
  return model;
}

CondModel& SchedCore::cond_model(const void* c) {
  auto [it, fresh] = conds_.try_emplace(c);
  if (fresh) it->second.number = next_object_number_++;
  return it->second;
}

RwModel& SchedCore::rw_model(const void* rw) {
  auto [it, fresh] = rws_.try_emplace(rw);
  if (fresh) it->second.number = next_object_number_++;
  return it->second;
}

void SchedCore::lock_taken(ThreadRec* self, const void* lock, LockKind kind, uint32_t number,
                           bool shared, bool can_wait) {
  if (!lock_order_) return;
  const bool known = lock_order_->found();
  lock_order_->acquired({lock, kind, number, shared, can_wait, self->call_site, self->id, steps_});
  if (!known && lock_order_->found()) {
    // Named now, while the modules are loaded (once a run; addr2line runs
    // with the wrappers passing through).
    set_passthrough(true);
    lock_order_->name_sites();
    set_passthrough(false);
  }
}

void SchedCore::lock_given_back(ThreadRec* self, const void* lock) {
  if (lock_order_) lock_order_->released(self->id, lock);
}

void SchedCore::forget_rwlock(const void* rw) {
  if (lock_order_) lock_order_->forget(rw);
}

void SchedCore::forget_freed(ThreadRec* self, const void* block, size_t bytes) {
  // Only the thread holding the baton touches the graph.
  if (lock_order_ && running_.load() == self->id) lock_order_->forget_range(block, bytes);
}

void SchedCore::forget_mutex(const void* m) {
  if (lock_order_) lock_order_->forget(m);
  const auto it = mutexes_.find(m);
  if (it == mutexes_.end() || it->second.owner != nullptr) return;
  // A thread waiting for it (to lock it, or to take it back after a
  // condition wait) still points at the model: an engine may destroy a lock
  // its own thread is about to take (memcached 2010's default engine frees
  // its cache lock in destroy while its scrubber thread runs). Keep the
  // model for them; erasing it left them a dangling pointer.
  const MutexModel* model = &it->second;
  const bool waited_for = std::any_of(live_.begin(), live_.end(), [&](const ThreadRec* t) {
    return t->mutex == model && (t->wait == Wait::mutex || t->wait == Wait::cond);
  });
  if (!waited_for) {
    MutexSlot& slot = mutex_slot(m);
    if (slot.mutex == m) slot = {};
    mutexes_.erase(it);
  }
}

void SchedCore::forget_cond(const void* c) {
  const auto it = conds_.find(c);
  if (it == conds_.end() || !it->second.waiters.empty()) return;
  // A waiter already signalled is off the list but not yet back from its
  // wait, and still points at the model. POSIX lets a condition be destroyed
  // as soon as every waiter was woken (the example in pthread_cond_destroy's
  // rationale): keep the model until they are back.
  const CondModel* model = &it->second;
  const bool woken_inside = std::any_of(live_.begin(), live_.end(), [&](const ThreadRec* t) {
    return t->cond == model && t->wait == Wait::cond;
  });
  if (!woken_inside) conds_.erase(it);
}

int SchedCore::mutex_lock(ThreadRec* self, pthread_mutex_t* m, LockMode mode,
                          uint64_t deadline_ns) {
  MutexModel* model = &mutex_model(m);
  const Op op = mode == LockMode::try_only ? Op::trylock : Op::lock;
  if (model->owner == self) {
    point(self, op, model->number);
    if (mutex_kind(m) == PTHREAD_MUTEX_RECURSIVE) {
      ++model->count;
      lock_taken(self, m, LockKind::mutex, model->number, false, mode != LockMode::try_only);
      return 0;
    }
    if (mutex_kind(m) == PTHREAD_MUTEX_ERRORCHECK) return EDEADLK;
    if (mode == LockMode::try_only) return EBUSY;
    // A normal mutex locked twice by its owner blocks forever: the model
    // keeps it waiting, and the deadlock report shows the self-cycle.
  }
  if (mode == LockMode::block && model->owner == nullptr && WorkerLock::acquiring()) {
    // A command's region taken while free: no step (fakes/worker_lock.h).
  } else if (mode == LockMode::try_only) {
    point(self, op, model->number);
    model = &mutex_model(m);
    if (model->owner != nullptr) return EBUSY;
  } else {
    // Only built when a report records: contended locks are a hot path.
    if (options_.record_details && model->owner != nullptr && model->owner != self) {
      detail(self, detail_wait("mutex#" + std::to_string(model->number), model->owner->id));
    }
    self->wait = Wait::mutex;
    self->mutex = model;
    self->deadline_ns = mode == LockMode::timed ? deadline_ns : kNoDeadline;
    point(self, op, model->number);
    self->wait = Wait::none;
    self->deadline_ns = kNoDeadline;
    if (model->owner != nullptr) return ETIMEDOUT;  // picked for its deadline
  }
  model->owner = self;
  model->count = 1;
  m->__data.__owner = kOwnerMarker;
  lock_taken(self, m, LockKind::mutex, model->number, false, mode != LockMode::try_only);
  hb_acquire(self, atomics::sync_key(atomics::SyncKind::mutex, model->number));
  return 0;
}

int SchedCore::mutex_unlock(ThreadRec* self, pthread_mutex_t* m) {
  MutexModel& model = mutex_model(m);
  point(self, Op::unlock, model.number);
  if (model.owner != self) {
    // Normal mutexes do not check; the others report EPERM.
    return mutex_kind(m) == PTHREAD_MUTEX_NORMAL ? 0 : EPERM;
  }
  ES_CHECK(model.count >= 1);
  lock_given_back(self, m);
  hb_release(self, atomics::sync_key(atomics::SyncKind::mutex, model.number));
  if (--model.count == 0) {
    model.owner = nullptr;
    m->__data.__owner = 0;
  }
  return 0;
}

int SchedCore::cond_wait(ThreadRec* self, pthread_cond_t* c, pthread_mutex_t* m,
                         uint64_t deadline_ns) {
  CondModel& cond = cond_model(c);
  point(self, Op::cond_wait, cond.number);
  MutexModel& mutex = mutex_model(m);
  if (mutex.owner != self) return EPERM;
  const uint32_t depth = mutex.count;
  for (uint32_t i = 0; i < depth; ++i) lock_given_back(self, m);
  hb_release(self, atomics::sync_key(atomics::SyncKind::mutex, mutex.number));
  mutex.owner = nullptr;  // release and enqueue: one atomic step
  mutex.count = 0;
  m->__data.__owner = 0;
  cond.waiters.push_back(self->id);
  self->wait = Wait::cond;
  self->cond = &cond;
  self->mutex = &mutex;
  self->signalled = false;
  self->deadline_ns = deadline_ns;
  // A spurious wake-up, when allowed, is the strategy's recorded choice.
  self->spurious = options_.spurious_wakeups && choose(ChoiceKind::outcome, 2) == 1;
  point(self, Op::cond_wake, cond.number);
  // Runs again: signalled, past the deadline, or (if enabled) spuriously;
  // and the mutex is free.
  const bool passed = deadline_passed(*self);
  const auto pos = std::find(cond.waiters.begin(), cond.waiters.end(), self->id);
  if (pos != cond.waiters.end()) cond.waiters.erase(pos);
  bool by_signal = self->signalled;
  if (by_signal && passed) {
    // Both happened: POSIX lets a timed-out wait consume the signal.
    by_signal = choose(ChoiceKind::outcome, 2) == 0;
  }
  self->wait = Wait::none;
  self->deadline_ns = kNoDeadline;
  self->cond = nullptr;
  self->spurious = false;
  ES_CHECK(mutex.owner == nullptr);
  mutex.owner = self;
  mutex.count = depth;
  m->__data.__owner = kOwnerMarker;
  // Waking retakes the mutex while the thread holds whatever else it held.
  for (uint32_t i = 0; i < depth; ++i)
    lock_taken(self, m, LockKind::mutex, mutex.number, false, true);
  hb_acquire(self, atomics::sync_key(atomics::SyncKind::mutex, mutex.number));
  if (by_signal) {
    if (deadline_ns != kNoDeadline) ++result_.waits.signalled;
    return 0;
  }
  if (passed) {
    ++result_.waits.timed_out;
    return ETIMEDOUT;
  }
  ++result_.waits.spurious;
  return 0;
}

int SchedCore::cond_wake(ThreadRec* self, pthread_cond_t* c, bool broadcast) {
  CondModel& cond = cond_model(c);
  point(self, broadcast ? Op::broadcast : Op::signal, cond.number);
  ++sync_epoch_;  // a spinner's loop may watch what the waker changed
  if (cond.waiters.empty()) return 0;
  size_t first = 0, last = cond.waiters.size();
  if (!broadcast) {
    // Which waiter a signal wakes is the strategy's choice.
    first = choose(ChoiceKind::wake, static_cast<uint32_t>(cond.waiters.size()));
    last = first + 1;
  }
  for (size_t i = first; i < last; ++i) threads_[cond.waiters[i]]->signalled = true;
  cond.waiters.erase(cond.waiters.begin() + static_cast<std::ptrdiff_t>(first),
                     cond.waiters.begin() + static_cast<std::ptrdiff_t>(last));
  return 0;
}

int SchedCore::rw_lock(ThreadRec* self, pthread_rwlock_t* rw, bool write, LockMode mode,
                       uint64_t deadline_ns) {
  RwModel& model = rw_model(rw);
  const Op op = write ? Op::wrlock : Op::rdlock;
  if (model.writer == self) {
    point(self, op, model.number);
    return EDEADLK;  // glibc's answer to relocking by the writer
  }
  auto can = [&] {
    return write ? model.writer == nullptr && model.reader_total == 0 : model.writer == nullptr;
  };
  if (mode == LockMode::try_only) {
    point(self, op, model.number);
    if (!can()) return EBUSY;
  } else {
    if (options_.record_details && !can()) {
      const ThreadRec* holder = model.writer;
      const ThreadId by =
          holder ? holder->id : (model.readers.empty() ? self->id : model.readers.begin()->first);
      detail(self, detail_wait("rwlock#" + std::to_string(model.number), by));
    }
    self->wait = write ? Wait::rw_write : Wait::rw_read;
    self->rw = &model;
    self->deadline_ns = mode == LockMode::timed ? deadline_ns : kNoDeadline;
    point(self, op, model.number);
    self->wait = Wait::none;
    self->deadline_ns = kNoDeadline;
    if (!can()) return ETIMEDOUT;
  }
  if (write) {
    model.writer = self;
  } else {
    ++model.readers[self->id];
    ++model.reader_total;
  }
  lock_taken(self, rw, LockKind::rwlock, model.number, !write, mode != LockMode::try_only);
  hb_acquire(self, atomics::sync_key(atomics::SyncKind::rwlock, model.number));
  return 0;
}

int SchedCore::rw_unlock(ThreadRec* self, pthread_rwlock_t* rw) {
  RwModel& model = rw_model(rw);
  point(self, Op::rw_unlock, model.number);
  if (model.writer == self || model.readers.count(self->id) != 0) {
    hb_release(self, atomics::sync_key(atomics::SyncKind::rwlock, model.number));
  }
  if (model.writer == self) {
    model.writer = nullptr;
    lock_given_back(self, rw);
    return 0;
  }
  const auto it = model.readers.find(self->id);
  if (it == model.readers.end()) return EPERM;
  lock_given_back(self, rw);
  --model.reader_total;
  if (--it->second == 0) model.readers.erase(it);
  return 0;
}

}  // namespace enginesim::sched
