// executor_pool.cpp - the workers' loop, scheduling, wake and cancel.
#include "executor_pool.h"

#include <cmath>

#include "check.h"

namespace ep {
namespace {

constexpr ExecutorPool::Clock::time_point kNever = ExecutorPool::Clock::time_point::max();

// `now + seconds`, or kNever for a forever snooze; saturates instead of
// overflowing for huge snoozes.
ExecutorPool::Clock::time_point due_after(ExecutorPool::Clock::time_point now, double seconds) {
  if (seconds == GlobalTask::kForever) return kNever;
  constexpr double kMaxSec = 100.0 * 365 * 24 * 3600;  // a century is "never" enough
  const double bounded = std::fmin(seconds, kMaxSec);
  return now + std::chrono::duration_cast<ExecutorPool::Clock::duration>(
                   std::chrono::duration<double>(bounded));
}

// No exception may end a worker thread (std::terminate): a task that throws
// (only std::bad_alloc is expected) is retried a second later.
bool run_guarded(GlobalTask& task) {
  try {
    return task.run();
  } catch (...) {
    task.snooze(1.0);
    return true;
  }
}

}  // namespace

ExecutorPool::ExecutorPool(ThreadCounts threads) : threads_(threads) {
  for (size_t n : threads_) EP_CHECK(n >= 1);
}

ExecutorPool::~ExecutorPool() { stop(); }

void ExecutorPool::start() {
  EP_CHECK(!started_);
  started_ = true;
  for (size_t qi = 0; qi < kTaskQueueCount; ++qi) {
    Queue& q = queues_[qi];
    for (size_t i = 0; i < threads_[qi]; ++i) q.workers.emplace_back([this, &q] { worker_loop(q); });
  }
}

TaskId ExecutorPool::schedule(std::shared_ptr<GlobalTask> task) {
  EP_CHECK(task != nullptr);
  EP_CHECK(task->id() == 0);  // a task is scheduled once
  const auto qi = static_cast<size_t>(task_queue(task->kind()));
  const TaskId id = (next_seq_.fetch_add(1) << 2) | qi;
  EP_CHECK(queue_of(id) == qi);
  task->id_.store(id, std::memory_order_release);
  double initial = 0.0;
  if (!task->take_snooze(&initial)) initial = 0.0;
  Queue& q = queues_[qi];
  {
    std::lock_guard<std::mutex> lock(q.sync);
    Entry entry;
    entry.task = std::move(task);
    entry.due = due_after(Clock::now(), initial);
    q.entries.emplace(id, std::move(entry));
  }
  q.sync.wake();
  return id;
}

bool ExecutorPool::wake(TaskId id) {
  Queue& q = queues_[queue_of(id)];
  {
    std::lock_guard<std::mutex> lock(q.sync);
    auto it = q.entries.find(id);
    if (it == q.entries.end() || it->second.cancelled) return false;
    if (it->second.running) {
      it->second.wake_pending = true;  // its own snooze must not lose this wake
    } else {
      it->second.due = std::min(it->second.due, Clock::now());
    }
  }
  q.sync.wake();
  return true;
}

bool ExecutorPool::cancel(TaskId id) {
  Queue& q = queues_[queue_of(id)];
  std::lock_guard<std::mutex> lock(q.sync);
  auto it = q.entries.find(id);
  if (it == q.entries.end()) return false;
  if (it->second.running) {
    it->second.cancelled = true;  // dropped by its worker after the run
  } else {
    q.entries.erase(it);
  }
  return true;
}

void ExecutorPool::stop() {
  if (stopped_) return;
  stopped_ = true;
  for (Queue& q : queues_) {
    // Set under each queue's lock so that no worker misses it between its
    // check and its wait.
    std::lock_guard<std::mutex> lock(q.sync);
    stopping_.store(true, std::memory_order_release);
  }
  for (Queue& q : queues_) q.sync.wake();
  for (Queue& q : queues_) {
    for (std::thread& t : q.workers) t.join();
    q.workers.clear();
  }
}

ExecutorPool::Entry* ExecutorPool::pick_due_UNLOCKED(Queue& q, Clock::time_point now) {
  Entry* best = nullptr;
  for (auto& [id, entry] : q.entries) {
    if (entry.running || entry.cancelled || entry.due > now) continue;
    if (best == nullptr) {
      best = &entry;
      continue;
    }
    const int p = task_priority(entry.task->kind());
    const int best_p = task_priority(best->task->kind());
    if (p < best_p || (p == best_p && entry.due < best->due)) best = &entry;
  }
  return best;
}

ExecutorPool::Clock::time_point ExecutorPool::earliest_due_UNLOCKED(const Queue& q) const {
  Clock::time_point earliest = kNever;
  for (const auto& [id, entry] : q.entries) {
    if (!entry.running && !entry.cancelled) earliest = std::min(earliest, entry.due);
  }
  return earliest;
}

void ExecutorPool::finish_run_UNLOCKED(Queue& q, TaskId id, bool again) {
  auto it = q.entries.find(id);
  EP_CHECK(it != q.entries.end());
  Entry& entry = it->second;
  EP_CHECK(entry.running);
  entry.running = false;
  double snooze = 0.0;
  const bool snoozed = entry.task->take_snooze(&snooze);
  if (!again || entry.cancelled) {
    q.entries.erase(it);
    return;
  }
  const Clock::time_point now = Clock::now();
  entry.due = entry.wake_pending || !snoozed ? now : due_after(now, snooze);
  entry.wake_pending = false;
}

void ExecutorPool::worker_loop(Queue& q) {
  std::unique_lock<std::mutex> lock(q.sync);
  while (!stopping_.load(std::memory_order_acquire)) {
    Entry* entry = pick_due_UNLOCKED(q, Clock::now());
    if (entry == nullptr) {
      const Clock::time_point next = earliest_due_UNLOCKED(q);
      if (next == kNever) {
        q.sync.wait(lock);
      } else {
        q.sync.wait_until(lock, next);
      }
      continue;
    }
    entry->running = true;
    entry->wake_pending = false;
    std::shared_ptr<GlobalTask> task = entry->task;  // entry may move once unlocked
    lock.unlock();
    const Clock::time_point started = Clock::now();
    const bool again = run_guarded(*task);
    const auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - started);
    task->record_run(static_cast<uint64_t>(std::max<int64_t>(elapsed.count(), 0)));
    lock.lock();
    finish_run_UNLOCKED(q, task->id(), again);
    // Another worker of this queue may be waiting for a deadline that this
    // run just moved.
    q.sync.wake();
  }
}

}  // namespace ep
