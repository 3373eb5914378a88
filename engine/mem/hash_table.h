// hash_table.h - the key → item index, split into stripes that each have
// their own lock.
#pragma once

#include <array>
#include <cstddef>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "item.h"

namespace mem {

// One stripe: a lock and the items whose key hashes to it. The map's keys
// are views into the linked items' own key bytes, so an entry must be erased
// before its item loses the table's reference.
struct Stripe {
  std::mutex mutex;
  std::unordered_map<std::string_view, Item*> items;

  // The linked item for `key`, or null. Caller holds `mutex`.
  Item* find(std::string_view key) const;
  // Caller holds `mutex`; no item with the same key may be present.
  void insert(Item* item);
  // Caller holds `mutex`; `item` must be the one present for its key.
  void erase(Item* item);
  // Every linked item (for flush and the scrubber). Caller holds `mutex`.
  std::vector<Item*> snapshot() const;
};

class HashTable {
 public:
  static constexpr size_t kStripes = 16;

  Stripe& stripe_for(std::string_view key);
  Stripe& stripe(size_t index) { return stripes_[index]; }

 private:
  std::array<Stripe, kStripes> stripes_;
};

// FNV-1a over the key bytes; our own so that stripe choice never depends on
// the standard library's hash or on the core.
uint32_t key_hash(std::string_view key);

}  // namespace mem
