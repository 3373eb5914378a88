// sched_threads.cpp - controlled threads: creation through a trampoline that
// parks until picked, join/detach in the model, exit, and the run's root.
#include <cxxabi.h>

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "enginesim/check.h"
#include "harness/sched/atomics/entry_state.h"
#include "harness/sched/child_journal.h"
#include "harness/sched/real_functions.h"
#include "harness/sched/sched_core.h"

namespace enginesim::sched {
namespace {

struct StartArgs {
  ThreadRec* rec;
  void* (*fn)(void*);
  void* arg;
};

void* trampoline(void* raw) {
  const StartArgs args = *static_cast<StartArgs*>(raw);
  delete static_cast<StartArgs*>(raw);
  ThreadRec* rec = args.rec;
  rec->os_tid.store(static_cast<pid_t>(syscall(SYS_gettid)));
  set_controlled_self(rec);
  rec->core->thread_started(rec);
  void* ret = nullptr;
  try {
    ret = args.fn(args.arg);
  } catch (abi::__forced_unwind&) {
    // pthread_exit: destructors ran under control; finish, then let it go on.
    rec->core->thread_finished(rec);
    set_controlled_self(nullptr);
    throw;
  }
  rec->exit_value = ret;
  rec->core->thread_finished(rec);
  set_controlled_self(nullptr);
  return ret;
}

}  // namespace

void SchedCore::thread_started(ThreadRec* self) {
  // Parked from birth: a new thread runs only once the strategy picks it.
  park(self);
}

void SchedCore::thread_finished(ThreadRec* self) {
  ES_CHECK(self->wait == Wait::none);
  retire(self);
  if (self->id == 0) {
    // The body returned: every other thread must be gone by now.
    if (!live_.empty() && options_.threads_may_outlive) {
      threads_parked_ = true;  // parked for good, like a process's threads at exit
      end_run(Verdict::ok, "");
      return;
    }
    if (!live_.empty()) {
      end_run(Verdict::thread_leak,
              "the run's body returned while controlled threads still lived "
              "(an engine must join every thread it started in destroy)\n" +
                  live_threads_report());
      return;  // the root leaves; the others stay parked
    }
    end_run(Verdict::ok, "");
    return;
  }
  self->pending_op = Op::finish;
  reschedule(self);
}

int SchedCore::thread_create(ThreadRec* self, pthread_t* out, const pthread_attr_t* attr,
                             void* (*fn)(void*), void* arg) {
  point(self, Op::create, static_cast<uint32_t>(threads_.size()));
  ThreadRec* rec = new_thread("thread " + std::to_string(threads_.size()) + " (started by thread " +
                              std::to_string(self->id) + ")");
  int detach_state = PTHREAD_CREATE_JOINABLE;
  if (attr != nullptr) pthread_attr_getdetachstate(attr, &detach_state);
  rec->detached = detach_state == PTHREAD_CREATE_DETACHED;
  hb_created(self, rec);
  auto* args = new StartArgs{rec, fn, arg};
  const int rc = real().pthread_create(out, attr, &trampoline, args);
  if (rc != 0) {
    delete args;
    retire(rec);  // never ran; keeps thread numbers stable
    return rc;
  }
  rec->handle = *out;
  by_handle_[*out] = rec->id;
  return 0;
}

int SchedCore::thread_join(ThreadRec* self, pthread_t thread, void** ret) {
  const auto it = by_handle_.find(thread);
  if (it == by_handle_.end()) return real().pthread_join(thread, ret);
  ThreadRec* target = threads_[it->second].get();
  if (target == self) return EDEADLK;
  if (target->detached) return EINVAL;
  self->wait = Wait::join;
  self->join_target = target->id;
  point(self, Op::join, target->id);
  self->wait = Wait::none;
  hb_joined(self, target);
  // Finished in the model; the real thread is at most tearing down.
  by_handle_.erase(thread);
  return real().pthread_join(thread, ret);
}

int SchedCore::thread_detach(ThreadRec* self, pthread_t thread) {
  const auto it = by_handle_.find(thread);
  if (it == by_handle_.end()) return real().pthread_detach(thread);
  point(self, Op::detach, it->second);
  threads_[it->second]->detached = true;
  by_handle_.erase(thread);
  return real().pthread_detach(thread);
}

RunResult SchedCore::run(const std::function<void()>& body) {
  ES_CHECK_MSG(controlled_self() == nullptr, "Scheduler::run from a controlled thread");
  ES_CHECK_MSG(threads_.empty(), "a Scheduler runs once");
  journal_begin_run();  // the child's journal describes this run from here on
  ThreadRec* root = new_thread("main");
  auto call_body = [](void* p) -> void* {
    (*static_cast<const std::function<void()>*>(p))();
    return nullptr;
  };
  auto* args = new StartArgs{root, call_body, const_cast<std::function<void()>*>(&body)};
  pthread_t handle;
  ES_CHECK(real().pthread_create(&handle, nullptr, &trampoline, args) == 0);
  root->handle = handle;
  running_.store(0);
  note_step(*root);
  // Before the root may run: set after the post, an engine's first accesses
  // (initialize's, a few steps in) went unwatched whenever this thread lost
  // the CPU for that long, and a race there went unreported (seen in CI on a
  // loaded machine: atomics.limits_race_reported).
  atomics::g_accesses_watched.store(options_.races);
  ES_CHECK(sem_post(&root->wake) == 0);
  watch(&done_);
  atomics::g_accesses_watched.store(false);
  if (result_.verdict == Verdict::ok || result_.verdict == Verdict::thread_leak ||
      result_.verdict == Verdict::lock_order) {
    ES_CHECK(real().pthread_join(handle, nullptr) == 0);  // the root left
  }
  // Moved, not copied: a run's events and choices are its largest data (a
  // copy was ~5% of a mem seed's time). Only the verdict, a scalar the move
  // keeps, is read afterwards (~Scheduler); parked threads never touch it.
  return std::move(result_);
}

}  // namespace enginesim::sched
