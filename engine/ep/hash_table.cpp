// hash_table.cpp - striping, entry state transitions and memory accounting.
#include "hash_table.h"

#include "check.h"

namespace ep {
namespace {

// FNV-1a: stable across builds, so a stripe's contents never depend on the
// standard library's hash.
size_t fnv1a(std::string_view key) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
  return static_cast<size_t>(h);
}

}  // namespace

HashTable::HashTable(size_t stripe_count) {
  EP_CHECK(stripe_count >= 1);
  for (size_t i = 0; i < stripe_count; ++i) stripes_.push_back(std::make_unique<Stripe>());
}

HashTable::~HashTable() {
  for (auto& s : stripes_) {
    for (auto& [key, sv] : s->map) drop_item_UNLOCKED(sv);
  }
}

HashTable::Stripe& HashTable::stripe_for(std::string_view key) {
  return *stripes_[fnv1a(key) % stripes_.size()];
}

StoredValue* HashTable::find_UNLOCKED(Stripe& s, std::string_view key) {
  auto it = s.map.find(key);
  return it == s.map.end() ? nullptr : &it->second;
}

StoredValue& HashTable::find_or_create_UNLOCKED(Stripe& s, std::string_view key) {
  auto it = s.map.find(key);
  if (it != s.map.end()) return it->second;
  mem_used_.fetch_add(overhead_bytes(key), std::memory_order_relaxed);
  StoredValue& sv = s.map.emplace(std::string(key), StoredValue{}).first->second;
  sv.deleted = true;  // not an item until set_live
  return sv;
}

void HashTable::erase_UNLOCKED(Stripe& s, std::string_view key) {
  auto it = s.map.find(key);
  EP_CHECK(it != s.map.end());
  if (!it->second.deleted) curr_items_.fetch_sub(1, std::memory_order_relaxed);
  drop_item_UNLOCKED(it->second);
  mem_used_.fetch_sub(overhead_bytes(key), std::memory_order_relaxed);
  s.map.erase(it);
}

void HashTable::drop_item_UNLOCKED(StoredValue& sv) {
  if (sv.item == nullptr) return;
  mem_used_.fetch_sub(sv.item->nbytes(), std::memory_order_relaxed);
  resident_items_.fetch_sub(1, std::memory_order_relaxed);
  sv.item->release();
  sv.item = nullptr;
}

void HashTable::set_live_UNLOCKED(StoredValue& sv, Item* item) {
  EP_CHECK(item != nullptr);
  drop_item_UNLOCKED(sv);
  if (sv.deleted) curr_items_.fetch_add(1, std::memory_order_relaxed);
  sv.deleted = false;
  sv.item = item;
  sv.flags = item->flags;
  sv.exptime = item->exptime;
  sv.cas = item->cas;
  sv.nbytes = static_cast<uint32_t>(item->nbytes());
  mem_used_.fetch_add(item->nbytes(), std::memory_order_relaxed);
  resident_items_.fetch_add(1, std::memory_order_relaxed);
}

void HashTable::set_live_ejected_UNLOCKED(StoredValue& sv, uint32_t flags, rel_time_t exptime,
                                          uint64_t cas, uint32_t nbytes) {
  drop_item_UNLOCKED(sv);
  if (sv.deleted) curr_items_.fetch_add(1, std::memory_order_relaxed);
  sv.deleted = false;
  sv.flags = flags;
  sv.exptime = exptime;
  sv.cas = cas;
  sv.nbytes = nbytes;
}

void HashTable::set_deleted_UNLOCKED(StoredValue& sv) {
  if (sv.deleted) return;
  drop_item_UNLOCKED(sv);
  curr_items_.fetch_sub(1, std::memory_order_relaxed);
  sv.deleted = true;
}

void HashTable::eject_UNLOCKED(StoredValue& sv) {
  EP_CHECK(sv.resident());
  EP_CHECK(!sv.deleted);
  EP_CHECK(!sv.dirty);  // ejecting an unpersisted value would lose it
  EP_CHECK(sv.disk.has_value());
  drop_item_UNLOCKED(sv);
}

void HashTable::make_resident_UNLOCKED(StoredValue& sv, Item* item) {
  EP_CHECK(item != nullptr);
  EP_CHECK(!sv.deleted && !sv.resident());
  EP_CHECK(item->cas == sv.cas && item->nbytes() == sv.nbytes);
  sv.item = item;
  mem_used_.fetch_add(item->nbytes(), std::memory_order_relaxed);
  resident_items_.fetch_add(1, std::memory_order_relaxed);
}

void HashTable::for_each_stripe(const std::function<void(Stripe&)>& fn) {
  for (auto& s : stripes_) {
    std::lock_guard<std::mutex> lock(s->mutex);
    fn(*s);
  }
}

}  // namespace ep
