// hash_table.h - HashTable: every key's StoredValue, in lock stripes, with
// the memory and item accounting that the item pager works from.
//
// LOCK ORDER of the ep engine (acquire top to bottom, never upwards):
//   0. DisconnectHook::mutex_  the ON_DISCONNECT callback, across
//                              EpEngine::forget_cookie.
//      BgFetcher::notify_mutex_ held across the fetcher's notify_io_complete
//                              (forget waits out a notify in progress); the
//                              core's re-call inside it takes what follows.
//   1. KVStore::write_mutex_   the log's writer (flusher batch, compaction);
//                              held across disk I/O by design.
//   2. KVStore::file_lock_     RWLock over the open log files; readers
//                              (bg fetch, warmup) hold it across pread.
//   3. HashTable stripe locks  one at a time, or several in index order
//                              (MultiLockHolder); NEVER held across disk I/O,
//                              notify_io_complete or a task's run().
//   4. WarmupGate::mutex_ (finish hands its waiters to the fetcher under
//      it, so it comes before BgFetcher::mutex_), then the leaves:
//      PersistenceQueue::mutex_, BgFetcher::mutex_, the ExecutorPool's
//      queue locks. Nothing is acquired while a leaf is held, so
//      pool.wake() is legal under a stripe lock (the engine still calls it
//      after unlocking, to keep critical sections short).
// notify_io_complete is called with no engine lock held but (from the
// BgFetcher) notify_mutex_, which nothing else in the engine takes.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "stored_value.h"

namespace ep {

class HashTable {
 public:
  struct Stripe {
    std::mutex mutex;
    std::map<std::string, StoredValue, std::less<>> map;  // ordered: deterministic scans
  };

  explicit HashTable(size_t stripe_count = 16);
  ~HashTable();  // releases every resident item
  HashTable(const HashTable&) = delete;
  HashTable& operator=(const HashTable&) = delete;

  Stripe& stripe_for(std::string_view key);
  size_t stripe_count() const { return stripes_.size(); }
  Stripe& stripe(size_t index) { return *stripes_[index]; }

  // The entry for `key` (live or tombstone), or null.
  StoredValue* find_UNLOCKED(Stripe& s, std::string_view key);
  // The entry for `key`, created empty (as a tombstone not counted as an
  // item) when missing.
  StoredValue& find_or_create_UNLOCKED(Stripe& s, std::string_view key);
  void erase_UNLOCKED(Stripe& s, std::string_view key);

  // Makes `sv` live with `item` resident (adopting the reference) and its
  // metadata taken from the item.
  void set_live_UNLOCKED(StoredValue& sv, Item* item);
  // Makes `sv` live from metadata alone (warmup past the memory limit).
  void set_live_ejected_UNLOCKED(StoredValue& sv, uint32_t flags, rel_time_t exptime,
                                 uint64_t cas, uint32_t nbytes);
  // Makes `sv` a tombstone and drops its value.
  void set_deleted_UNLOCKED(StoredValue& sv);
  // Drops the value of a clean, on-disk, live entry; the metadata stays.
  void eject_UNLOCKED(StoredValue& sv);
  // Puts a fetched value back (adopting the reference); `sv` must be live,
  // ejected, and of the same CAS as `item`.
  void make_resident_UNLOCKED(StoredValue& sv, Item* item);

  // Visits every stripe with its lock held, in index order.
  void for_each_stripe(const std::function<void(Stripe&)>& fn);

  size_t mem_used() const { return mem_used_.load(std::memory_order_relaxed); }
  size_t curr_items() const { return curr_items_.load(std::memory_order_relaxed); }
  size_t resident_items() const { return resident_items_.load(std::memory_order_relaxed); }
  // What one entry costs besides its value.
  static size_t overhead_bytes(std::string_view key) {
    return sizeof(StoredValue) + key.size() + 64;
  }

 private:
  void drop_item_UNLOCKED(StoredValue& sv);

  std::vector<std::unique_ptr<Stripe>> stripes_;
  std::atomic<size_t> mem_used_{0};
  std::atomic<size_t> curr_items_{0};
  std::atomic<size_t> resident_items_{0};
};

}  // namespace ep
