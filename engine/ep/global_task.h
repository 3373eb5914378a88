// global_task.h - GlobalTask: the base of every task run by the ExecutorPool,
// and the task kinds, queues and priorities generated from tasks.def.h.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace ep {

// The four queues of the pool; each has its own worker threads.
enum class TaskQueue : uint8_t { Reader = 0, Writer = 1, AuxIO = 2, NonIO = 3 };
inline constexpr size_t kTaskQueueCount = 4;
const char* queue_name(TaskQueue queue);

enum class TaskKind : uint8_t {
#define TASK(name, queue, priority) name,
#include "tasks.def.h"
#undef TASK
};
inline constexpr size_t kTaskKindCount = 0
#define TASK(name, queue, priority) +1
#include "tasks.def.h"
#undef TASK
    ;

const char* task_name(TaskKind kind);
TaskQueue task_queue(TaskKind kind);
int task_priority(TaskKind kind);

// Identifies a scheduled task within its pool; 0 is never a valid id.
using TaskId = uint64_t;

// A task's run() is called on a worker of its kind's queue, never twice at
// once. It returns whether the task should run again; before returning it
// may call snooze() to say when. Without a snooze it runs again as soon as a
// worker is free. snooze_forever() sleeps until someone calls the pool's
// wake(id): tasks wait for work that way rather than polling.
class GlobalTask {
 public:
  // `initial_snooze_sec`: delay before the first run (kForever: until woken).
  GlobalTask(TaskKind kind, double initial_snooze_sec);
  virtual ~GlobalTask() = default;
  GlobalTask(const GlobalTask&) = delete;
  GlobalTask& operator=(const GlobalTask&) = delete;

  static constexpr double kForever = -1.0;

  virtual bool run() = 0;
  virtual std::string description() const = 0;

  TaskKind kind() const { return kind_; }
  const char* name() const { return task_name(kind_); }
  TaskId id() const { return id_.load(std::memory_order_acquire); }

  // Called from run(): the next run is `seconds` from the end of this one.
  void snooze(double seconds);
  void snooze_forever() { snooze(kForever); }

  uint64_t run_count() const { return runs_.load(std::memory_order_relaxed); }
  uint64_t total_runtime_ns() const { return runtime_ns_.load(std::memory_order_relaxed); }

 private:
  friend class ExecutorPool;
  // What the pool reads after run(): the requested snooze, reset to "none".
  // Returns false when run() did not snooze.
  bool take_snooze(double* seconds);
  void record_run(uint64_t runtime_ns);

  const TaskKind kind_;
  std::atomic<TaskId> id_{0};
  std::atomic<double> snooze_sec_;
  std::atomic<bool> snoozed_{false};
  std::atomic<uint64_t> runs_{0};
  std::atomic<uint64_t> runtime_ns_{0};
};

}  // namespace ep
