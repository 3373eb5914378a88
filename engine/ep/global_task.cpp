// global_task.cpp - the task table lookups and GlobalTask's bookkeeping.
#include "global_task.h"

#include "check.h"

namespace ep {

const char* queue_name(TaskQueue queue) {
  switch (queue) {
    case TaskQueue::Reader: return "Reader";
    case TaskQueue::Writer: return "Writer";
    case TaskQueue::AuxIO: return "AuxIO";
    case TaskQueue::NonIO: return "NonIO";
  }
  return "?";
}

namespace {

struct TaskRow {
  const char* name;
  TaskQueue queue;
  int priority;
};

constexpr TaskRow kTasks[] = {
#define TASK(name, queue, priority) {#name, TaskQueue::queue, priority},
#include "tasks.def.h"
#undef TASK
};
static_assert(sizeof(kTasks) / sizeof(kTasks[0]) == kTaskKindCount);

const TaskRow& row(TaskKind kind) {
  const auto index = static_cast<size_t>(kind);
  EP_CHECK(index < kTaskKindCount);
  return kTasks[index];
}

}  // namespace

const char* task_name(TaskKind kind) { return row(kind).name; }
TaskQueue task_queue(TaskKind kind) { return row(kind).queue; }
int task_priority(TaskKind kind) { return row(kind).priority; }

GlobalTask::GlobalTask(TaskKind kind, double initial_snooze_sec)
    : kind_(kind), snooze_sec_(initial_snooze_sec), snoozed_(true) {}

void GlobalTask::snooze(double seconds) {
  EP_CHECK(seconds == kForever || seconds >= 0.0);
  snooze_sec_.store(seconds, std::memory_order_relaxed);
  snoozed_.store(true, std::memory_order_release);
}

bool GlobalTask::take_snooze(double* seconds) {
  if (!snoozed_.exchange(false, std::memory_order_acq_rel)) return false;
  *seconds = snooze_sec_.load(std::memory_order_relaxed);
  return true;
}

void GlobalTask::record_run(uint64_t runtime_ns) {
  runs_.fetch_add(1, std::memory_order_relaxed);
  runtime_ns_.fetch_add(runtime_ns, std::memory_order_relaxed);
}

}  // namespace ep
