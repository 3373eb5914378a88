// executor_pool.h - ExecutorPool: one engine's worker threads, a fixed
// number per task queue, running GlobalTasks by due time and priority.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "global_task.h"
#include "sync_object.h"

namespace ep {

// One per engine (no process-wide singleton: two engines in one process
// must not share workers). Lock order: each queue's SyncObject is a leaf -
// the pool never calls a task or takes another lock while holding it, and
// callers may hold any engine lock except a queue lock when they call in.
class ExecutorPool {
 public:
  using Clock = std::chrono::steady_clock;
  // Worker threads per queue, indexed by TaskQueue; each at least 1.
  using ThreadCounts = std::array<size_t, kTaskQueueCount>;

  explicit ExecutorPool(ThreadCounts threads);
  ~ExecutorPool();  // stop()s
  ExecutorPool(const ExecutorPool&) = delete;
  ExecutorPool& operator=(const ExecutorPool&) = delete;

  // Starts the workers. Tasks may be scheduled before or after.
  void start();
  // Adds a task to its kind's queue; its first run is after its initial
  // snooze. Returns the task's id (also stored in the task).
  TaskId schedule(std::shared_ptr<GlobalTask> task);
  // Makes a snoozing task due now; a task that is running when woken runs
  // again as soon as it returns (whatever it snoozed for). False for an
  // unknown or finished id.
  bool wake(TaskId id);
  // Removes a task; a running one finishes its run first and is then
  // dropped. False for an unknown id.
  bool cancel(TaskId id);
  // Stops every worker after its current run and joins them all; tasks stay
  // registered but never run again. Idempotent.
  void stop();

  size_t thread_count(TaskQueue queue) const { return threads_[static_cast<size_t>(queue)]; }

 private:
  struct Entry {
    std::shared_ptr<GlobalTask> task;
    Clock::time_point due;   // Clock::time_point::max(): until woken
    bool running = false;
    bool wake_pending = false;
    bool cancelled = false;
  };
  struct Queue {
    SyncObject sync;
    std::map<TaskId, Entry> entries;  // ordered: a deterministic tie-break
    std::vector<std::thread> workers;
  };

  static size_t queue_of(TaskId id) { return static_cast<size_t>(id & 3u); }
  void worker_loop(Queue& q);
  // The due task to run next: lowest priority value, then earliest due,
  // then lowest id. Null when none is due.
  Entry* pick_due_UNLOCKED(Queue& q, Clock::time_point now);
  Clock::time_point earliest_due_UNLOCKED(const Queue& q) const;
  void finish_run_UNLOCKED(Queue& q, TaskId id, bool again);

  const ThreadCounts threads_;
  std::array<Queue, kTaskQueueCount> queues_;
  std::atomic<uint64_t> next_seq_{1};
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  bool stopped_ = false;
};

}  // namespace ep
