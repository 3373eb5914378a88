// sync_object.h - SyncObject: a mutex and a condition variable in one object.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace ep {

// Lock it like a std::mutex (std::lock_guard / std::unique_lock); wait with
// the unique_lock held. wakeOne wakes one waiter, wake wakes them all (the
// seed's notes swap the two descriptions; the names say what they do).
class SyncObject : public std::mutex {
 public:
  SyncObject() = default;
  SyncObject(const SyncObject&) = delete;
  SyncObject& operator=(const SyncObject&) = delete;

  void wait(std::unique_lock<std::mutex>& lock) { cond_.wait(lock); }
  template <class Pred>
  void wait(std::unique_lock<std::mutex>& lock, Pred pred) {
    cond_.wait(lock, pred);
  }
  // steady_clock deadlines: the harness's scheduler virtualises the clock
  // this waits on (pthread_cond_clockwait with CLOCK_MONOTONIC).
  std::cv_status wait_until(std::unique_lock<std::mutex>& lock,
                            std::chrono::steady_clock::time_point deadline) {
    return cond_.wait_until(lock, deadline);
  }
  void wakeOne() { cond_.notify_one(); }
  void wake() { cond_.notify_all(); }

 private:
  std::condition_variable cond_;
};

}  // namespace ep
