// shared_choice_log.cpp - the log lives in one MAP_SHARED anonymous mapping.
#include "fuzz/shared_choice_log.h"

#include <sys/mman.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace enginesim::fuzz {

// Only the run's controlled threads append, one at a time (the scheduler
// runs one controlled thread at a time); the parent reads after the child is
// reaped. Atomics keep the count honest across the process boundary anyway.
struct SharedChoiceLog::Shared {
  std::atomic<uint64_t> count;
  std::atomic<uint32_t> overflowed;
  uint64_t capacity;
  // The records follow this header in the mapping.
  sched::ChoiceRecord* records() { return reinterpret_cast<sched::ChoiceRecord*>(this + 1); }
};

SharedChoiceLog::SharedChoiceLog(size_t capacity) {
  bytes_ = sizeof(Shared) + capacity * sizeof(sched::ChoiceRecord);
  void* p = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    std::fprintf(stderr, "enginesim-fuzz: cannot map %zu bytes for the choice log\n", bytes_);
    std::exit(2);
  }
  shared_ = static_cast<Shared*>(p);
  shared_->capacity = capacity;
  clear();
}

SharedChoiceLog::~SharedChoiceLog() { ::munmap(shared_, bytes_); }

void SharedChoiceLog::clear() {
  shared_->count.store(0);
  shared_->overflowed.store(0);
}

bool SharedChoiceLog::append(const sched::ChoiceRecord& record) {
  const uint64_t n = shared_->count.load();
  if (n >= shared_->capacity) {
    shared_->overflowed.store(1);
    return false;
  }
  shared_->records()[n] = record;
  shared_->count.store(n + 1);
  return true;
}

sched::ChoiceLog SharedChoiceLog::read() const {
  const uint64_t n = shared_->count.load();
  return sched::ChoiceLog(shared_->records(), shared_->records() + n);
}

bool SharedChoiceLog::overflowed() const { return shared_->overflowed.load() != 0; }

}  // namespace enginesim::fuzz
