// sched_core.h - the scheduler's machinery (internal; subject to change):
// the model of threads and objects, the baton passed between controlled
// threads, virtual time, and the operations the wrappers forward to.
#pragma once

#include <pthread.h>
#include <semaphore.h>
#include <time.h>

#include <array>
#include <atomic>
#include <memory>
#include <unordered_map>  // style-ok: lookup-only maps below
#include <vector>

#include "harness/sched/lock_order.h"
#include "harness/sched/run_result.h"
#include "harness/sched/scheduler.h"
#include "harness/sched/thread_rec.h"

namespace enginesim::atomics {
class RaceDetector;
}

namespace enginesim::sched {

// The controlled thread making the current call, or null (uncontrolled, or
// inside the scheduler's own reporting, where wrappers must pass through).
ThreadRec* controlled_self();
void set_controlled_self(ThreadRec* rec);
void set_passthrough(bool on);

enum class LockMode { block, try_only, timed };

class SchedCore {
 public:
  SchedCore(Strategy& strategy, TimeSource& time, SchedOptions options);

  RunResult run(const std::function<void()>& body);

  // --- threads (sched_threads.cpp) ---
  int thread_create(ThreadRec* self, pthread_t* out, const pthread_attr_t* attr, void* (*fn)(void*),
                    void* arg);
  int thread_join(ThreadRec* self, pthread_t thread, void** ret);
  int thread_detach(ThreadRec* self, pthread_t thread);
  void thread_started(ThreadRec* self);
  void thread_finished(ThreadRec* self);

  // --- mutexes, conditions, rwlocks (sched_sync.cpp) ---
  int mutex_lock(ThreadRec* self, pthread_mutex_t* m, LockMode mode, uint64_t deadline_ns);
  int mutex_unlock(ThreadRec* self, pthread_mutex_t* m);
  void forget_mutex(const void* m);
  int cond_wait(ThreadRec* self, pthread_cond_t* c, pthread_mutex_t* m, uint64_t deadline_ns);
  int cond_wake(ThreadRec* self, pthread_cond_t* c, bool broadcast);
  void forget_cond(const void* c);
  int rw_lock(ThreadRec* self, pthread_rwlock_t* rw, bool write, LockMode mode,
              uint64_t deadline_ns);
  int rw_unlock(ThreadRec* self, pthread_rwlock_t* rw);
  // pthread_rwlock_init/destroy: only the lock-order check forgets it (the
  // model keeps its number, as before the check existed).
  void forget_rwlock(const void* rw);
  // A heap block is freed (free_watch.h): its locks are forgotten.
  void forget_freed(ThreadRec* self, const void* block, size_t bytes);

  // --- time, yields, choices (sched_core.cpp) ---
  void sleep_until(ThreadRec* self, uint64_t deadline_ns);
  void point(ThreadRec* self, Op op, uint32_t object = 0);
  uint64_t read_clock(ThreadRec* self, clockid_t clock);
  uint64_t deadline_from(clockid_t clock, const timespec& abs) const;
  uint64_t now_ns() const { return time_.now_ns(); }
  uint32_t choose(ChoiceKind kind, uint32_t count, const std::vector<uint32_t>* weights = nullptr);
  void note(ThreadRec* self, std::string_view text);
  void detail(ThreadRec* self, const std::string& text);
  [[noreturn]] void fail(ThreadRec* self, Verdict verdict, const std::string& why);
  // A process crash for everyone but `self`: every other live thread stops
  // where it is, for good (out of the run, never scheduled, never joined).
  // Returns how many were stopped.
  size_t crash_others(ThreadRec* self);

  const SchedOptions& options() const { return options_; }
  // Watchdog (driver thread): ends the run as uncontrolled; false if it had
  // already ended.
  bool abort_uncontrolled(const std::string& why);
  std::string running_thread_description() const;
  // A thread's new name (Scheduler::name_thread), under names_lock_.
  void rename(ThreadRec* t, const std::string& name);

  // --- an instrumented engine's atomics and accesses (sched_atomics.cpp) ---
  // `op` is one of the Op::atomic_* kinds or Op::fence; `mo` a C11 memory
  // order (0 relaxed .. 5 seq_cst); `pc` the engine's code address.
  void atomic_begin(ThreadRec* self, const volatile void* addr, Op op);
  // `value`: what it wrote, or what it read.
  void atomic_end(ThreadRec* self, const volatile void* addr, size_t size, Op op, int mo,
                  bool wrote, unsigned __int128 value, const void* pc);
  // --weak-memory: the value a load of `addr` with order `mo` reads, when
  // memory holds `latest` (an older store as a recorded choice, or latest).
  unsigned __int128 weak_load(ThreadRec* self, const volatile void* addr, int mo,
                              unsigned __int128 latest);
  void fence(ThreadRec* self, int mo);
  void plain_access(ThreadRec* self, const volatile void* addr, size_t size, bool write,
                    const void* pc);
  // Memory the engine freed: no longer anyone's (the race detector forgets it).
  void forget_memory(const void* addr, size_t size);

 private:
  friend class Scheduler;
  ThreadRec* new_thread(const std::string& name);
  void retire(ThreadRec* t);  // finished: out of live_ for good
  bool enabled(const ThreadRec& t) const;
  bool deadline_passed(const ThreadRec& t) const;
  uint64_t earliest_deadline() const;
  void reschedule(ThreadRec* self);
  void park(ThreadRec* self);
  [[noreturn]] void park_forever(ThreadRec* self);
  bool end_run(Verdict verdict, const std::string& report);
  void note_step(const ThreadRec& next);
  // Kept in the result and in the child's journal (child_journal.h), so that
  // a run that crashes still leaves its schedule and trace to its parent.
  void record_event(TraceEvent event);
  void record_choice(const ChoiceRecord& choice);
  MutexModel& mutex_model(pthread_mutex_t* m);
  CondModel& cond_model(const void* c);
  RwModel& rw_model(const void* rw);
  // The lock-order check's side of an acquisition and a release (sched_sync.cpp).
  void lock_taken(ThreadRec* self, const void* lock, LockKind kind, uint32_t number, bool shared,
                  bool can_wait);
  void lock_given_back(ThreadRec* self, const void* lock);
  std::string wait_for_report() const;  // sched_report.cpp
  // With `sites` (the wrappers passing through: addr2line runs), a mutex
  // wait names where the waiter waits and where the holder took the lock.
  std::string describe_wait(const ThreadRec& t, bool sites = false) const;
  std::string thread_label(ThreadId id) const;
  std::string live_threads_report(bool sites = false) const;
  // Scheduler::controlled_tids and other_live_threads (sched_report.cpp).
  std::set<pid_t> controlled_tids() const;
  std::vector<std::pair<pid_t, std::string>> live_others(const ThreadRec* self, bool sites) const;
  void watch(sem_t* done);           // sched_watchdog.cpp
  pid_t running_thread_tid() const;  // sched_watchdog.cpp
  // Happens-before edges of the race detector (sched_atomics.cpp); no-ops
  // without --races. `key` names a sync object (race_detector.h).
  void hb_acquire(ThreadRec* self, uint64_t key);
  void hb_release(ThreadRec* self, uint64_t key);
  void hb_created(ThreadRec* parent, ThreadRec* child);
  void hb_joined(ThreadRec* self, ThreadRec* target);
  bool release_spinners();  // nothing else can run: true if a spinner may go on
  uint32_t atomic_number(const volatile void* addr);
  void check_access(ThreadRec* self, const volatile void* addr, size_t size, bool write,
                    bool atomic, const void* pc);
  [[noreturn]] void report_race(ThreadRec* self, const std::string& report);

  Strategy& strategy_;
  TimeSource& time_;
  SchedOptions options_;

  std::vector<std::unique_ptr<ThreadRec>> threads_;  // index = ThreadId
  // The watchdog (driver thread) reads threads_ and a name while controlled
  // threads may grow threads_ or rename themselves; nothing else orders the
  // two (ThreadSanitizer reported it). A real mutex (real()), never a
  // scheduling point: held only around those writes and that read.
  mutable pthread_mutex_t names_lock_ = PTHREAD_MUTEX_INITIALIZER;
  // The threads not finished, ascending ids: what each step looks at (an
  // engine with a thread per request leaves thousands of finished ones).
  std::vector<ThreadRec*> live_;
  // style-ok: the four maps below are looked up by address and never iterated:
  // addresses must not order anything the scheduler decides.
  std::unordered_map<pthread_t, ThreadId> by_handle_;    // style-ok: lookup only
  std::unordered_map<const void*, MutexModel> mutexes_;  // style-ok: lookup only
  std::unordered_map<const void*, CondModel> conds_;     // style-ok: lookup only
  std::unordered_map<const void*, RwModel> rws_;         // style-ok: lookup only
  // A cache by address in front of mutexes_ (see mutex_model()).
  struct MutexSlot {
    const void* mutex = nullptr;
    MutexModel* model = nullptr;  // mutexes_[mutex]
  };
  std::array<MutexSlot, 16> mutex_cache_{};
  MutexSlot& mutex_slot(const void* m) {
    return mutex_cache_[(reinterpret_cast<uintptr_t>(m) >> 4) % mutex_cache_.size()];
  }
  uint32_t next_object_number_ = 1;
  std::unique_ptr<LockOrder> lock_order_;  // null with SchedOptions::lock_order off
  // --atomics: atomic locations by address, numbered in order of first use.
  std::unordered_map<const volatile void*, uint32_t> atomics_;  // style-ok: lookup only
  // Bumped by every atomic write, unlock and signal: a spinner waits for it.
  uint64_t sync_epoch_ = 1;
  std::shared_ptr<atomics::RaceDetector> races_;  // --races only

  std::atomic<uint64_t> progress_{0};  // bumped at every step, read by the watchdog
  // Only the thread holding the baton bumps it: no locked instruction.
  void bump_progress() {
    progress_.store(progress_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
  std::atomic<uint32_t> running_{0};
  std::atomic<bool> ended_{false};
  bool crashed_ = false;  // crash_others stopped threads: they still use this object
  // The body returned while threads lived, and SchedOptions::threads_may_outlive
  // let the run end ok: they stay parked in this object for good.
  bool threads_parked_ = false;
  sem_t done_;
  uint64_t steps_ = 0;
  TraceHash hash_;
  RunResult result_;
  std::vector<ThreadRec*> options_buf_;
  std::vector<ThreadId> option_ids_;
};

}  // namespace enginesim::sched
