// rwlock.h - RWLock: a shared (reader/writer) lock usable with
// std::lock_guard<ReaderLock> and std::lock_guard<WriterLock>.
#pragma once

#include <shared_mutex>

namespace ep {

class RWLock;

// The reader side of an RWLock as a BasicLockable.
class ReaderLock {
 public:
  explicit ReaderLock(std::shared_mutex& m) : m_(m) {}
  void lock() { m_.lock_shared(); }
  void unlock() { m_.unlock_shared(); }

 private:
  std::shared_mutex& m_;
};

// The writer side of an RWLock as a BasicLockable.
class WriterLock {
 public:
  explicit WriterLock(std::shared_mutex& m) : m_(m) {}
  void lock() { m_.lock(); }
  void unlock() { m_.unlock(); }

 private:
  std::shared_mutex& m_;
};

// Many readers or one writer. Converts implicitly to either side so that
// `std::lock_guard<ReaderLock> g(rwlock);` reads naturally.
class RWLock {
 public:
  RWLock() : reader_(mutex_), writer_(mutex_) {}
  RWLock(const RWLock&) = delete;
  RWLock& operator=(const RWLock&) = delete;

  ReaderLock& reader() { return reader_; }
  WriterLock& writer() { return writer_; }
  operator ReaderLock&() { return reader_; }
  operator WriterLock&() { return writer_; }

 private:
  std::shared_mutex mutex_;
  ReaderLock reader_;
  WriterLock writer_;
};

}  // namespace ep
