// lock_holders.h - RAII holders for the engine's locks: single mutexes,
// either side of an RWLock, and a set of mutexes taken in one order.
#pragma once

#include <mutex>
#include <vector>

#include "check.h"
#include "rwlock.h"

namespace ep {

using LockHolder = std::lock_guard<std::mutex>;
using ReaderLockHolder = std::lock_guard<ReaderLock>;
using WriterLockHolder = std::lock_guard<WriterLock>;

// Acquires every mutex given, in the order given (callers pass them in the
// documented lock order, e.g. hash-table stripes by index), and releases them
// in reverse. lock()/unlock() take or drop the whole set at once.
class MultiLockHolder {
 public:
  explicit MultiLockHolder(std::vector<std::mutex*> mutexes) : mutexes_(std::move(mutexes)) {
    lock();
  }
  ~MultiLockHolder() {
    if (locked_) unlock();
  }
  MultiLockHolder(const MultiLockHolder&) = delete;
  MultiLockHolder& operator=(const MultiLockHolder&) = delete;

  void lock() {
    EP_CHECK(!locked_);
    for (std::mutex* m : mutexes_) m->lock();
    locked_ = true;
  }
  void unlock() {
    EP_CHECK(locked_);
    for (auto it = mutexes_.rbegin(); it != mutexes_.rend(); ++it) (*it)->unlock();
    locked_ = false;
  }

 private:
  std::vector<std::mutex*> mutexes_;
  bool locked_ = false;
};

}  // namespace ep
