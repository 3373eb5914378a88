// state.h - the model's state: what a correct engine holds at one moment.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "memcached/types.h"

namespace enginesim::model {

// The server's time when the run starts (the fake core's clock starts there).
inline constexpr rel_time_t kStartTime = 2;

struct Item {
  std::string value;  // without "\r\n"
  uint32_t flags = 0;
  rel_time_t exptime = 0;  // server-relative; 0 = never
  // The CAS the engine handed out for this version; unknown (nullopt) when
  // the version came from an operation whose result nobody saw (pending,
  // lost notify) or the engine has no CAS feature.
  std::optional<uint64_t> cas;
  rel_time_t modified = 0;  // server time of the store (for delayed flush)

  bool operator==(const Item&) const = default;
};

// Invariant (kept by Model): no item is expired or flushed at `now`, and a
// delayed flush is pending only while flush_at > now. So equal contents mean
// equal states, which the linearizability search's memo relies on.
struct State {
  std::map<std::string, Item> items;  // ordered: iteration is deterministic
  rel_time_t now = kStartTime;
  rel_time_t flush_at = 0;  // a pending delayed flush; 0 = none
  // The delayed flush's cutoff: items stored before it go when it takes
  // effect. Equal to flush_at, except when the flush took effect one second
  // early (memcached's default engine: oldest_live = realtime(when) - 1): then
  // items stored during that second die too, until now reaches the cutoff.
  rel_time_t flush_cutoff = 0;
  // memcached's default engine flushes lazily (engines/default_engine/
  // items.c@1b4ba6b: a flush only moves oldest_live; do_item_get unlinks a
  // dead item when its key is next read or written). Items a flush killed
  // and nobody touched since are still linked: `flushed`. A later delayed
  // flush moves oldest_live past now, and they are alive again until it
  // takes effect: `revived`, unless the engine reaped them in between (its
  // allocations and `stats items` unlink dead items at the LRU tail), so the
  // next access of the key may find either. Level::required only; both stay
  // empty under Level::strict. A key is in at most one of the three maps.
  std::map<std::string, Item> flushed;
  std::map<std::string, Item> revived;

  bool operator==(const State&) const = default;
  const Item* find(const std::string& key) const {
    auto it = items.find(key);
    return it == items.end() ? nullptr : &it->second;
  }
  size_t hash() const;
};

}  // namespace enginesim::model

namespace enginesim::model {
// For explanations: `"k" = "v" (flags 0, exptime 0, cas 5); time 2`.
std::string to_text(const State& state);
}  // namespace enginesim::model
