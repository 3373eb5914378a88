// worker_lock.cpp - memcached's LOCK_THREAD around a command's engine calls.
#include "worker_lock.h"

#include "core.h"
#include "enginesim/check.h"

namespace enginesim {

namespace {
// The worker lock this thread holds. A thread runs one connection's command
// at a time, so it holds at most one.
thread_local const std::mutex* held_by_thread = nullptr;
thread_local bool acquiring_now = false;
}  // namespace

WorkerLock::WorkerLock(Connection& conn) : mutex_(Core::thread_lock(conn)) { lock(); }

WorkerLock::~WorkerLock() {
  if (held_by_thread == &mutex_) unlock();
}

void WorkerLock::lock() {
  ES_CHECK_MSG(held_by_thread == nullptr,
               "a thread takes a second worker lock: commands do not nest");
  acquiring_now = true;
  mutex_.lock();
  acquiring_now = false;
  held_by_thread = &mutex_;
}

void WorkerLock::unlock() {
  ES_CHECK(held_by_thread == &mutex_);
  held_by_thread = nullptr;
  mutex_.unlock();
}

bool WorkerLock::held_here(Connection& conn) { return held_by_thread == &Core::thread_lock(conn); }

bool WorkerLock::acquiring() { return acquiring_now; }

}  // namespace enginesim
