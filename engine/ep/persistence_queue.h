// persistence_queue.h - PersistenceQueue: the keys whose last mutation is
// not yet on disk, in the order they became dirty, each at most once.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace ep {

// A key is pushed when its StoredValue goes from !queued to queued (under
// the key's stripe lock, so the StoredValue's `queued` flag keeps the queue
// free of duplicates); the flusher takes keys and persists whatever state
// the key has then. Taken keys count as in flight until the flusher calls
// finished(): queued + in flight == 0 means every acknowledged mutation is
// durable (the two move under one lock). mutex_ is a leaf lock.
class PersistenceQueue {
 public:
  void push(std::string key) {
    std::lock_guard<std::mutex> lock(mutex_);
    keys_.push_back(std::move(key));
  }
  std::vector<std::string> take(size_t max) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> out;
    while (!keys_.empty() && out.size() < max) {
      out.push_back(std::move(keys_.front()));
      keys_.pop_front();
    }
    in_flight_ += out.size();
    return out;
  }
  void finished(size_t count) {
    std::lock_guard<std::mutex> lock(mutex_);
    in_flight_ -= count;
  }
  size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return keys_.size();
  }
  size_t in_flight() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return in_flight_;
  }

 private:
  mutable std::mutex mutex_;
  std::deque<std::string> keys_;
  size_t in_flight_ = 0;
};

}  // namespace ep
