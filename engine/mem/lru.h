// lru.h - the recency list of linked items and the memory they are charged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include "item.h"

namespace mem {

// Owns its own lock, the innermost lock of the engine: it is taken while a
// stripe lock is held, and nothing else is locked or called while it is held.
// Invariant: bytes() == sum of footprint() of the listed items <= limit().
class Lru {
 public:
  explicit Lru(size_t limit_bytes) : limit_(limit_bytes) {}
  ~Lru();

  // Atomically replaces `old` (null, or an item in the list) with `fresh`
  // (not in the list) at the most recently used end, if the memory after the
  // swap stays within the limit. Returns false and changes nothing otherwise.
  bool try_swap(Item* old, Item* fresh);
  // Takes a listed item out and uncharges it.
  void remove(Item* item);
  // Moves a listed item to the most recently used end.
  void touch(Item* item);
  // Up to `max` items from the least recently used end, skipping `skip`,
  // each with a reference the caller must drop.
  std::vector<ItemRef> pin_oldest(size_t max, const Item* skip);

  size_t bytes() const;
  size_t count() const;
  size_t limit() const { return limit_; }

 private:
  void push_front_locked(Item* item);
  void unlink_locked(Item* item);

  mutable std::mutex mutex_;
  Item* head_ = nullptr;  // most recently used
  Item* tail_ = nullptr;  // least recently used
  size_t bytes_ = 0;
  size_t count_ = 0;
  const size_t limit_;
};

}  // namespace mem
