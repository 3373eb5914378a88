// stored_value.h - StoredValue: the hash table's per-key record - metadata
// that always stays resident, the value when it is, and its persistence state.
#pragma once

#include <cstdint>
#include <optional>

#include "item.h"
#include "memcached/types.h"

namespace ep {

// Where a record lies in the on-disk log: compaction starts a new
// generation, so a location from an older one is stale.
struct DiskLoc {
  uint64_t generation = 0;
  uint64_t offset = 0;
  uint32_t length = 0;
  bool operator==(const DiskLoc&) const = default;
};

// Every field is guarded by the lock of the stripe that holds the entry.
//
// States: live (deleted == false) or a tombstone (deleted == true: removed,
// expired or flushed, kept until the delete is persisted). A live entry is
// resident (item != nullptr) or ejected; only a clean entry with a disk
// location may be ejected, so a dirty entry is always resident.
struct StoredValue {
  Item* item = nullptr;  // one reference held; null when ejected or deleted
  uint32_t flags = 0;
  rel_time_t exptime = 0;
  uint64_t cas = 0;
  uint32_t nbytes = 0;     // value length including "\r\n"
  rel_time_t time = 0;     // server time of the last mutation (delayed flush)
  uint64_t seqno = 0;      // of the last mutation; the flusher matches it
  std::optional<DiskLoc> disk;  // the newest record of this key on disk
  bool deleted = false;
  bool dirty = false;      // the last mutation is not yet durable
  bool queued = false;     // the key is in the persistence queue
  bool referenced = false; // read since the item pager last looked (NRU)

  bool resident() const { return item != nullptr; }
};

}  // namespace ep
