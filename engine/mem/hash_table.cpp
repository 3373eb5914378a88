// hash_table.cpp - the striped key → item index.
#include "hash_table.h"

#include "check.h"

namespace mem {

uint32_t key_hash(std::string_view key) {
  uint32_t hash = 2166136261u;
  for (unsigned char byte : key) {
    hash ^= byte;
    hash *= 16777619u;
  }
  return hash;
}

Stripe& HashTable::stripe_for(std::string_view key) {
  return stripes_[key_hash(key) % kStripes];
}

Item* Stripe::find(std::string_view key) const {
  auto it = items.find(key);
  return it == items.end() ? nullptr : it->second;
}

void Stripe::insert(Item* item) {
  const bool inserted = items.emplace(item->key(), item).second;
  MEM_CHECK(inserted);
}

void Stripe::erase(Item* item) {
  auto it = items.find(item->key());
  MEM_CHECK(it != items.end());
  MEM_CHECK(it->second == item);
  items.erase(it);
}

std::vector<Item*> Stripe::snapshot() const {
  std::vector<Item*> out;
  out.reserve(items.size());
  for (const auto& entry : items) out.push_back(entry.second);
  return out;
}

}  // namespace mem
