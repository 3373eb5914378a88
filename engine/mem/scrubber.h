// scrubber.h - the background thread that removes expired items.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace mem {

class Cache;

// Sweeps the cache every `interval` (real time: a wait, not an expiry rule;
// whether an item is expired is decided by the server's clock in Cache).
// stop() wakes the thread and joins it; after stop() returns the scrubber
// makes no call into the cache or the server API.
class Scrubber {
 public:
  Scrubber(Cache& cache, std::chrono::seconds interval);
  ~Scrubber();  // stops if still running
  Scrubber(const Scrubber&) = delete;
  Scrubber& operator=(const Scrubber&) = delete;

  void start();
  void stop();
  uint64_t sweeps() const;

 private:
  void run();

  Cache& cache_;
  const std::chrono::seconds interval_;
  mutable std::mutex mutex_;  // guards stop_ and sweeps_; never held with a cache lock
  std::condition_variable wake_;
  bool stop_ = false;
  uint64_t sweeps_ = 0;
  std::thread thread_;
};

}  // namespace mem
