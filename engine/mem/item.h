// item.h - one cached key/value pair, reference counted and immutable once
// linked into the cache.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "memcached/types.h"

namespace mem {

// An item is created with one reference (the creator's). The cache holds one
// more while the item is linked; every get hands out another. The item is
// freed when the last reference goes, so an item the core still holds stays
// valid after it was overwritten, removed, evicted or expired.
//
// Field guards: the key, the value bytes, flags and exptime never change
// after the item is linked; `cas`, `time` and `linked` are written only under
// the lock of the key's hash-table stripe; the lru_* fields belong to the Lru
// and are touched only under its lock.
class Item {
 public:
  // Allocates an item with a reference count of 1 and an uninitialised value
  // of `nbytes` bytes. Throws std::bad_alloc.
  static Item* create(std::string_view key, size_t nbytes, uint32_t flags,
                      rel_time_t exptime);

  Item(const Item&) = delete;
  Item& operator=(const Item&) = delete;

  void retain();
  // Drops one reference; frees the item when it was the last.
  void release();
  uint32_t refs() const { return refs_.load(std::memory_order_acquire); }

  std::string_view key() const { return {data_.get(), nkey_}; }
  char* value() { return data_.get() + nkey_; }
  const char* value() const { return data_.get() + nkey_; }
  // The value length, including the trailing "\r\n".
  size_t nbytes() const { return nbytes_; }
  // The value without its trailing "\r\n" (empty when shorter than 2).
  std::string_view payload() const;
  // What a linked item costs the cache: key + value + per-item overhead.
  size_t footprint() const { return footprint_for(nkey_, nbytes_); }
  static size_t footprint_for(size_t nkey, size_t nbytes) {
    return sizeof(Item) + nkey + nbytes;
  }

  uint32_t flags = 0;
  rel_time_t exptime = 0;  // server-relative; 0 = never expires
  rel_time_t time = 0;     // server time of the store that linked it
  uint64_t cas = 0;
  bool linked = false;     // in the hash table (and so in the LRU)

  Item* lru_prev = nullptr;  // towards the most recently used end
  Item* lru_next = nullptr;  // towards the least recently used end
  bool in_lru = false;

 private:
  Item(std::string_view key, size_t nbytes, uint32_t flags, rel_time_t exptime);
  ~Item() = default;

  std::atomic<uint32_t> refs_{1};
  uint32_t nkey_;
  uint32_t nbytes_;
  std::unique_ptr<char[]> data_;  // key bytes, then value bytes
};

// Holds one reference for a scope (used for items pinned during eviction and
// for items built by the engine itself).
class ItemRef {
 public:
  ItemRef() = default;
  explicit ItemRef(Item* item) : item_(item) {}  // adopts a reference
  ItemRef(ItemRef&& other) noexcept : item_(other.item_) { other.item_ = nullptr; }
  ItemRef& operator=(ItemRef&& other) noexcept;
  ItemRef(const ItemRef&) = delete;
  ItemRef& operator=(const ItemRef&) = delete;
  ~ItemRef() { reset(); }

  Item* get() const { return item_; }
  Item* operator->() const { return item_; }
  explicit operator bool() const { return item_ != nullptr; }
  void reset();

 private:
  Item* item_ = nullptr;
};

}  // namespace mem
