// sched_core.cpp - the baton: exactly one controlled thread runs; at every
// scheduling point the strategy picks the next among the enabled threads,
// and virtual time jumps when none is enabled.
#include "harness/sched/sched_core.h"

#include "harness/proc/child_progress.h"
#include "harness/sched/child_journal.h"

#include <algorithm>
#include <cerrno>

#include "enginesim/check.h"
#include "enginesim/spin_lock.h"
#include "harness/free_watch.h"
#include "harness/sched/atomics/race_detector.h"
#include "harness/sched/real_functions.h"
#include "harness/tsan_annotations.h"

namespace enginesim::sched {
namespace {

// initial-exec: no allocation, no lazy TLS setup inside a wrapper.
__attribute__((tls_model("initial-exec"))) thread_local ThreadRec* t_self = nullptr;
__attribute__((tls_model("initial-exec"))) thread_local bool t_passthrough = false;

}  // namespace

ThreadRec* controlled_self() { return t_passthrough ? nullptr : t_self; }

namespace {

// free_watch.h: a controlled thread's free may take locks with it.
void forget_freed_locks(const void* block, size_t bytes) {
  if (ThreadRec* self = controlled_self()) self->core->forget_freed(self, block, bytes);
}

}  // namespace
void set_controlled_self(ThreadRec* rec) { t_self = rec; }
void set_passthrough(bool on) { t_passthrough = on; }

SchedCore::SchedCore(Strategy& strategy, TimeSource& time, SchedOptions options)
    : strategy_(strategy), time_(time), options_(std::move(options)) {
  ES_CHECK(sem_init(&done_, 0, 0) == 0);
  // Room for every event up front: growing the vector step by step copied
  // it again and again (with the page faults of each new copy), ~10% of a
  // mem seed's time. A large reservation is address space; pages are
  // touched only as events are written. Capped for huge --events-max.
  constexpr size_t kEventsReservedMax = size_t{1} << 20;
  result_.events.reserve(std::min(options_.trace_events_max, kEventsReservedMax));
  // The same for the choices, at most one per step: a choice allocates
  // nothing (issue 18; test_step_cost.cpp counts) up to 65,536 of them (a
  // seed of the standard scenario makes a few thousand); past that the log
  // grows as vectors do.
  constexpr uint64_t kChoicesReservedMax = uint64_t{1} << 16;
  result_.choices.reserve(std::min(options_.steps_max, kChoicesReservedMax));
  if (options_.lock_order) {
    lock_order_ = std::make_unique<LockOrder>();
    set_free_watcher(&forget_freed_locks);
  }
  if (options_.weak_memory) options_.races = true;  // its choices need the clocks
  if (options_.races) {
    options_.atomics = true;  // the detector's atomic edges need their order
    races_ = std::make_shared<atomics::RaceDetector>();
    if (options_.weak_memory) races_->keep_stores();
  }
}

ThreadRec* SchedCore::new_thread(const std::string& name) {
  auto rec = std::make_unique<ThreadRec>();
  rec->core = this;
  rec->id = static_cast<ThreadId>(threads_.size());
  rec->name = name;
  ES_CHECK(sem_init(&rec->wake, 0, 0) == 0);
  real().pthread_mutex_lock(&names_lock_);
  threads_.push_back(std::move(rec));
  real().pthread_mutex_unlock(&names_lock_);
  live_.push_back(threads_.back().get());
  result_.thread_names.push_back(name);
  journal_thread_name(threads_.back()->id, name);
  strategy_.on_thread_created(threads_.back()->id);
  return threads_.back().get();
}

void SchedCore::rename(ThreadRec* t, const std::string& name) {
  real().pthread_mutex_lock(&names_lock_);
  t->name = name;
  real().pthread_mutex_unlock(&names_lock_);
  result_.thread_names[t->id] = name;
  journal_thread_name(t->id, name);
}

void SchedCore::retire(ThreadRec* t) {
  t->wait = Wait::finished;
  const auto it = std::find(live_.begin(), live_.end(), t);
  ES_CHECK(it != live_.end());
  live_.erase(it);
}

bool SchedCore::deadline_passed(const ThreadRec& t) const {
  return t.deadline_ns != kNoDeadline && t.deadline_ns <= time_.now_ns();
}

bool SchedCore::enabled(const ThreadRec& t) const {
  switch (t.wait) {
    case Wait::none: return true;
    case Wait::finished: return false;
    case Wait::mutex: return t.mutex->owner == nullptr || deadline_passed(t);
    case Wait::rw_read: return t.rw->writer == nullptr || deadline_passed(t);
    case Wait::rw_write:
      return (t.rw->writer == nullptr && t.rw->reader_total == 0) || deadline_passed(t);
    case Wait::cond:
      // It returns holding the mutex, so it can only go on once that is free.
      return t.mutex->owner == nullptr && (t.signalled || deadline_passed(t) || t.spurious);
    case Wait::join: return threads_[t.join_target]->wait == Wait::finished;
    case Wait::sleep: return deadline_passed(t) || (options_.root_sleep_may_end_early && t.id == 0);
    case Wait::spin: return t.spin.epoch != sync_epoch_ || t.spin.released;
  }
  return false;
}

uint64_t SchedCore::earliest_deadline() const {
  uint64_t best = kNoDeadline;
  const uint64_t now = time_.now_ns();
  for (const ThreadRec* t : live_) {
    if (t->wait == Wait::none) continue;
    if (t->deadline_ns != kNoDeadline && t->deadline_ns > now && t->deadline_ns < best) {
      best = t->deadline_ns;
    }
  }
  return best;
}

void SchedCore::note_step(const ThreadRec& next) {
  ++steps_;
  child_progress_bump();  // the parent's sign that this run is not stuck
  hash_.add(steps_);
  hash_.add(next.id);
  hash_.add(static_cast<uint64_t>(next.pending_op));
  hash_.add(next.pending_object);
  // The parent's copy: what a run that dies past this step leaves behind.
  journal_progress(steps_, hash_.value());
  // Past the cap, build no event at all (record_event would drop it).
  if (result_.events.size() < options_.trace_events_max) {
    record_event({steps_, next.id, next.pending_op, next.pending_object, time_.now_ns(), {}});
  }
}

void SchedCore::record_event(TraceEvent event) {
  if (result_.events.size() >= options_.trace_events_max) return;
  journal_event(event);
  result_.events.push_back(std::move(event));
}

void SchedCore::record_choice(const ChoiceRecord& choice) {
  result_.choices.push_back(choice);
  journal_choice(choice);
}

void SchedCore::reschedule(ThreadRec* self) {
  ES_CHECK(running_.load() == self->id);
  // Parked holding one, the next controlled thread to want it would spin
  // forever with the baton (spin_lock.h).
  ES_CHECK_MSG(spin_locks_held() == 0, "a scheduling point inside a SpinLock of the harness");
  bump_progress();
  if (ended_.load()) park_forever(self);
  for (;;) {
    if (steps_ >= options_.steps_max) {
      fail(self, Verdict::step_limit,
           "the run took more than " + std::to_string(options_.steps_max) +
               " scheduling steps (a livelock, or raise the step limit)\n" + live_threads_report());
    }
    options_buf_.clear();
    option_ids_.clear();
    const bool self_can_go = enabled(*self);
    if (self_can_go) options_buf_.push_back(self);
    for (ThreadRec* t : live_) {
      if (t != self && enabled(*t)) options_buf_.push_back(t);
    }
    if (options_buf_.empty()) {
      const uint64_t deadline = earliest_deadline();
      if (deadline == kNoDeadline) {
        // Spinners on an atomic go on alone (they may yet end their spin).
        if (release_spinners()) continue;
        fail(self, Verdict::deadlock, wait_for_report());
      }
      time_.advance_to_ns(deadline);
      hash_.add(0x7173EULL);
      hash_.add(deadline);
      ++result_.waits.time_jumps;
      record_event({steps_, 0, Op::time_jump, 0, deadline, {}});
      continue;
    }
    uint32_t pick = 0;
    if (options_buf_.size() > 1) {
      for (ThreadRec* t : options_buf_) option_ids_.push_back(t->id);
      ChoiceContext ctx{ChoiceKind::thread, steps_, &option_ids_, self_can_go};
      const auto count = static_cast<uint32_t>(options_buf_.size());
      pick = strategy_.choose(ctx, count);
      if (pick >= count) fail(self, Verdict::diverged, strategy_.error());
      record_choice({ChoiceKind::thread, self_can_go, count, pick});
      hash_.add(pick);
    }
    ThreadRec* next = options_buf_[pick];
    if (next->wait == Wait::sleep && !deadline_passed(*next)) {
      // root_sleep_may_end_early: the sleeper was picked before its time.
      time_.advance_to_ns(next->deadline_ns);
      hash_.add(0x5EEBULL);
      hash_.add(next->deadline_ns);
    }
    note_step(*next);
    if (next == self) return;  // it goes on: no semaphore, no OS switch
    ++result_.handoffs;
    running_.store(next->id);
    // Read before the post: once `next` runs, the run may end and the
    // scheduler (this record with it) be destroyed while an exiting thread,
    // detached, is still here (ThreadSanitizer caught the read after it).
    const bool leaving = self->wait == Wait::finished;
    ES_CHECK(sem_post(&next->wake) == 0);
    if (leaving) return;  // the exiting thread leaves
    park(self);
    return;
  }
}

void SchedCore::park(ThreadRec* self) {
  while (sem_wait(&self->wake) != 0) ES_CHECK(errno == EINTR);
  if (ended_.load()) park_forever(self);
  ES_CHECK_MSG(running_.load() == self->id, "two controlled threads would run at once");
  bump_progress();
}

void SchedCore::park_forever(ThreadRec* self) {
  // The run is over; this thread must never touch the engine again. The
  // process is expected to exit (isolated_run.h).
  for (;;) { sem_wait(&self->wake); }
}

void SchedCore::point(ThreadRec* self, Op op, uint32_t object) {
  self->pending_op = op;
  self->pending_object = object;
  reschedule(self);
}

void SchedCore::sleep_until(ThreadRec* self, uint64_t deadline_ns) {
  self->wait = Wait::sleep;
  self->deadline_ns = deadline_ns;
  point(self, Op::sleep);
  self->wait = Wait::none;
  self->deadline_ns = kNoDeadline;
}

uint64_t SchedCore::read_clock(ThreadRec* self, clockid_t clock) {
  if (options_.clock_reads_are_points) point(self, Op::clock_read);
  const bool wall = clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE || clock == CLOCK_TAI;
  return (wall ? time_.realtime_base_ns() : time_.monotonic_base_ns()) + time_.now_ns();
}

uint64_t SchedCore::deadline_from(clockid_t clock, const timespec& abs) const {
  const uint64_t abs_ns =
      static_cast<uint64_t>(abs.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(abs.tv_nsec);
  const bool wall = clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE || clock == CLOCK_TAI;
  const uint64_t base = wall ? time_.realtime_base_ns() : time_.monotonic_base_ns();
  return abs_ns <= base ? 0 : abs_ns - base;
}

uint32_t SchedCore::choose(ChoiceKind kind, uint32_t count, const std::vector<uint32_t>* weights) {
  ES_CHECK(count >= 1);
  ES_CHECK(weights == nullptr || weights->size() == count);
  if (count == 1) return 0;
  ChoiceContext ctx{kind, steps_, nullptr, false, weights};
  const uint32_t pick = strategy_.choose(ctx, count);
  if (pick >= count) {
    ThreadRec* self = controlled_self();
    ES_CHECK(self != nullptr);
    fail(self, Verdict::diverged, strategy_.error());
  }
  record_choice({kind, false, count, pick});
  hash_.add(0xC401CEULL + static_cast<uint64_t>(kind));
  hash_.add(pick);
  journal_progress(steps_, hash_.value());
  return pick;
}

void SchedCore::note(ThreadRec* self, std::string_view text) {
  ES_CHECK(running_.load() == self->id);
  hash_.add(0x4E07EULL);
  for (unsigned char c : text) hash_.add(c);
  journal_progress(steps_, hash_.value());
  // Past the cap, copy nothing (record_event would drop it).
  if (result_.events.size() < options_.trace_events_max) {
    record_event({steps_, self->id, Op::note, 0, time_.now_ns(), std::string(text)});
  }
}

void SchedCore::detail(ThreadRec* self, const std::string& text) {
  ES_CHECK(running_.load() == self->id);
  // Deliberately not hashed: details only describe what the hashed steps did.
  if (!options_.record_details || ended_.load() ||
      result_.events.size() >= options_.trace_events_max) {
    return;
  }
  record_event({steps_, self->id, Op::detail, 0, time_.now_ns(), text});
}

size_t SchedCore::crash_others(ThreadRec* self) {
  ES_CHECK(running_.load() == self->id);
  std::vector<ThreadRec*> stopped;
  for (ThreadRec* t : live_) {
    if (t != self) stopped.push_back(t);
  }
  // Each is parked on its semaphore (only `self` runs), or about to park: a
  // thread that just handed over the baton may still be reading its own
  // record, so the fields it reads (wait) stay untouched; the threads leave
  // live_ and are never posted again.
  for (ThreadRec* t : stopped) {
    t->crashed = true;
    live_.erase(std::find(live_.begin(), live_.end(), t));
  }
  crashed_ = true;
  hash_.add(0xC4A5ULL);
  hash_.add(stopped.size());
  journal_progress(steps_, hash_.value());
  return stopped.size();
}

bool SchedCore::end_run(Verdict verdict, const std::string& report) {
  bool expected = false;
  if (!ended_.compare_exchange_strong(expected, true)) return false;
  result_.verdict = verdict;
  result_.report = report;
  if (verdict == Verdict::ok && lock_order_ && lock_order_->found()) {
    // Everything else held: the lock-order cycle is the finding.
    result_.report = lock_order_report(lock_order_->cycle(), result_.thread_names);
    result_.verdict = Verdict::lock_order;
  }
  result_.steps = steps_;
  hash_.add(0xE4DULL + static_cast<uint64_t>(verdict));
  result_.trace_hash = hash_.value();
  result_.end_time_ns = time_.now_ns();
  tsan_release(&done_);  // the driver's tsan_acquire in watch() pairs with it
  ES_CHECK(sem_post(&done_) == 0);
  return true;
}

void SchedCore::fail(ThreadRec* self, Verdict verdict, const std::string& why) {
  end_run(verdict, why);
  park_forever(self);
}

bool SchedCore::abort_uncontrolled(const std::string& why) {
  return end_run(Verdict::uncontrolled, why);
}

}  // namespace enginesim::sched
