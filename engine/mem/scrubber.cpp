// scrubber.cpp - the expired-item sweeper thread.
#include "scrubber.h"

#include "cache.h"
#include "check.h"

namespace mem {

Scrubber::Scrubber(Cache& cache, std::chrono::seconds interval)
    : cache_(cache), interval_(interval) {
  MEM_CHECK(interval_.count() > 0);
}

Scrubber::~Scrubber() { stop(); }

void Scrubber::start() {
  MEM_CHECK(!thread_.joinable());
  thread_ = std::thread([this] { run(); });
}

void Scrubber::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

uint64_t Scrubber::sweeps() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return sweeps_;
}

void Scrubber::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    // wait_for with a predicate: a spurious wakeup neither sweeps early nor
    // misses a stop request.
    if (wake_.wait_for(lock, interval_, [this] { return stop_; })) break;
    lock.unlock();  // the sweep takes cache locks; never nest them in ours
    cache_.scrub();
    lock.lock();
    ++sweeps_;
  }
}

}  // namespace mem
