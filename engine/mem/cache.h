// cache.h - the linked items: hash table + LRU + expiry, flush and eviction
// rules, below the memcached command semantics of MemEngine.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "memcached/engine.h"
#include "hash_table.h"
#include "item.h"
#include "lru.h"
#include "stats.h"

namespace mem {

// Lock order (outermost first):
//   1. one Stripe::mutex, taken blocking (the stripe of the key operated on);
//   2. other Stripe::mutex, only ever with try_lock (eviction of an item
//      whose key lives in another stripe), so stripes never wait on each
//      other while one is held;
//   3. Lru's mutex (innermost, held only inside Lru's member functions).
// The scrubber's mutex is never held together with any of these.
// Server API calls (get_current_time, evicting) may be made under 1 and 2,
// never under 3.
class Cache {
 public:
  Cache(const SERVER_HANDLE_V1& sapi, size_t limit_bytes, Stats& stats);
  ~Cache();  // unlinks every item; no other thread may use the cache then
  Cache(const Cache&) = delete;
  Cache& operator=(const Cache&) = delete;

  Stripe& stripe_for(std::string_view key) { return table_.stripe_for(key); }
  rel_time_t now() const { return sapi_.core->get_current_time(); }

  // Expired (exptime reached) or hidden by a flush that took effect.
  bool is_dead(const Item& item, rel_time_t now) const;

  // --- under the lock of `stripe` (the key's stripe) ----------------------
  // The linked, live item for `key`, or null; a dead one found is unlinked.
  Item* find_live(Stripe& stripe, std::string_view key, rel_time_t now);
  void unlink(Stripe& stripe, Item* item);
  // Links `fresh` in place of `old` (null, or the linked item of the same
  // key), stamps it with `now` and a new CAS, and evicts least recently used
  // items while it does not fit. ENGINE_ENOMEM when it cannot fit.
  ENGINE_ERROR_CODE link(Stripe& stripe, Item* old, Item* fresh,
                         const void* cookie, rel_time_t now);
  void touch(Item* item) { lru_.touch(item); }

  // --- flush and scrubbing (take the stripe locks themselves) ----------------
  void flush_now();
  // From server time `at` (> 0) on, items stored before `at` are dead.
  void flush_from(rel_time_t at);
  // Unlinks every dead item; returns how many.
  size_t scrub();

  size_t bytes() const { return lru_.bytes(); }
  size_t count() const { return lru_.count(); }
  size_t limit() const { return lru_.limit(); }

 private:
  // Removes the least recently used item it can lock, for a store into
  // `held` (locked); `skip` is the item being replaced. False: none found.
  bool evict_oldest(Stripe& held, const Item* skip, const void* cookie,
                    rel_time_t now);
  bool evict_one(Stripe& stripe, Item* victim, const void* cookie, rel_time_t now);
  void unlink_all();

  const SERVER_HANDLE_V1& sapi_;
  Stats& stats_;
  HashTable table_;
  Lru lru_;
  std::atomic<uint64_t> last_cas_{0};
  std::atomic<rel_time_t> flush_at_{0};  // 0 = no delayed flush pending
  // Items older are dead for good: a delayed flush that took effect and was
  // then replaced by another delayed flush.
  std::atomic<rel_time_t> flushed_before_{0};
};

}  // namespace mem
