// cache.cpp - linking, unlinking, expiry, flush and scrubbing of items.
#include "cache.h"

#include "check.h"

namespace mem {

Cache::Cache(const SERVER_HANDLE_V1& sapi, size_t limit_bytes, Stats& stats)
    : sapi_(sapi), stats_(stats), lru_(limit_bytes) {}

Cache::~Cache() { unlink_all(); }

bool Cache::is_dead(const Item& item, rel_time_t now) const {
  if (item.exptime != 0 && item.exptime <= now) return true;
  if (item.time < flushed_before_.load(std::memory_order_acquire)) return true;
  const rel_time_t flush_at = flush_at_.load(std::memory_order_acquire);
  // An item stored in the second the flush took effect or later survives.
  return flush_at != 0 && flush_at <= now && item.time < flush_at;
}

Item* Cache::find_live(Stripe& stripe, std::string_view key, rel_time_t now) {
  Item* item = stripe.find(key);
  if (item == nullptr) return nullptr;
  MEM_CHECK(item->linked);
  if (!is_dead(*item, now)) return item;
  unlink(stripe, item);  // lazy expiry
  Stats::bump(stats_.reclaimed);
  return nullptr;
}

void Cache::unlink(Stripe& stripe, Item* item) {
  MEM_CHECK(item->linked);
  stripe.erase(item);
  lru_.remove(item);
  item->linked = false;
  item->release();  // the table's reference
}

ENGINE_ERROR_CODE Cache::link(Stripe& stripe, Item* old, Item* fresh,
                              const void* cookie, rel_time_t now) {
  MEM_CHECK(!fresh->linked);
  MEM_CHECK(old == nullptr || old->linked);
  MEM_CHECK(old == nullptr || old->key() == fresh->key());
  // Each round removes at least one item or gives up, so the loop is bounded
  // by the number of items; the explicit cap guards against other threads
  // refilling the cache forever.
  constexpr int kRoundsMax = 1 << 16;
  for (int round = 0; !lru_.try_swap(old, fresh); ++round) {
    if (fresh->footprint() > lru_.limit() || round >= kRoundsMax) return ENGINE_ENOMEM;
    if (!evict_oldest(stripe, old, cookie, now)) return ENGINE_ENOMEM;
    MEM_CHECK(old == nullptr || old->linked);  // eviction skips it
  }
  if (old != nullptr) {
    stripe.erase(old);
    old->linked = false;
    old->release();
  }
  fresh->time = now;
  fresh->cas = last_cas_.fetch_add(1, std::memory_order_relaxed) + 1;
  fresh->retain();  // the table's reference
  fresh->linked = true;
  stripe.insert(fresh);
  Stats::bump(stats_.total_items);
  return ENGINE_SUCCESS;
}

bool Cache::evict_oldest(Stripe& held, const Item* skip, const void* cookie,
                         rel_time_t now) {
  // One item per call, so that a store evicts no more than it needs; the
  // batch only lets us step over items of busy stripes.
  constexpr size_t kBatch = 16;
  for (ItemRef& victim : lru_.pin_oldest(kBatch, skip)) {
    Stripe& stripe = table_.stripe_for(victim->key());
    if (&stripe == &held) {
      if (evict_one(stripe, victim.get(), cookie, now)) return true;
    } else if (stripe.mutex.try_lock()) {
      // try_lock: blocking here could deadlock with a thread storing into
      // that stripe and evicting from ours. A busy stripe is skipped.
      const bool evicted = evict_one(stripe, victim.get(), cookie, now);
      stripe.mutex.unlock();
      if (evicted) return true;
    }
  }
  return false;
}

bool Cache::evict_one(Stripe& stripe, Item* victim, const void* cookie, rel_time_t now) {
  if (!victim->linked) return false;  // another thread removed it meanwhile
  const bool dead = is_dead(*victim, now);
  unlink(stripe, victim);
  if (dead) {
    Stats::bump(stats_.reclaimed);  // expired memory is reclaimed, not evicted
    return true;
  }
  Stats::bump(stats_.evictions);
  const std::string_view key = victim->key();
  sapi_.stat->evicting(cookie, key.data(), static_cast<int>(key.size()));
  return true;
}

void Cache::flush_now() {
  // A pending delayed flush is replaced, as memcached's flush_all does.
  flush_at_.store(0, std::memory_order_release);
  unlink_all();
}

void Cache::flush_from(rel_time_t at) {
  MEM_CHECK(at != 0);
  // A pending flush whose time has come keeps its effect when this one
  // replaces it (memcached's lazy oldest_live would bring its items back;
  // found by the sequential property, docs/properties.md).
  const rel_time_t due = flush_at_.load(std::memory_order_acquire);
  if (due != 0 && due <= now() && due > flushed_before_.load(std::memory_order_acquire)) {
    flushed_before_.store(due, std::memory_order_release);
  }
  flush_at_.store(at, std::memory_order_release);
}

size_t Cache::scrub() {
  size_t removed = 0;
  for (size_t i = 0; i < HashTable::kStripes; ++i) {
    Stripe& stripe = table_.stripe(i);
    std::lock_guard<std::mutex> lock(stripe.mutex);
    const rel_time_t current = now();
    for (Item* item : stripe.snapshot()) {
      if (!is_dead(*item, current)) continue;
      unlink(stripe, item);
      Stats::bump(stats_.reclaimed);
      ++removed;
    }
  }
  return removed;
}

void Cache::unlink_all() {
  for (size_t i = 0; i < HashTable::kStripes; ++i) {
    Stripe& stripe = table_.stripe(i);
    std::lock_guard<std::mutex> lock(stripe.mutex);
    for (Item* item : stripe.snapshot()) unlink(stripe, item);
  }
}

}  // namespace mem
