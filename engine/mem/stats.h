// stats.h - the engine's operation counters and how they are reported.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "memcached/types.h"

namespace mem {

// Every counter, declared once: the struct, reset and the report come from
// this list.
#define MEM_STATS_COUNTERS(X) \
  X(cmd_get)                  \
  X(get_hits)                 \
  X(get_misses)               \
  X(cmd_set)                  \
  X(total_items)              \
  X(evictions)                \
  X(reclaimed)                \
  X(delete_hits)              \
  X(delete_misses)            \
  X(incr_hits)                \
  X(incr_misses)              \
  X(decr_hits)                \
  X(decr_misses)              \
  X(cas_hits)                 \
  X(cas_misses)               \
  X(cas_badval)               \
  X(cmd_flush)

// Counters are relaxed atomics: each is exact, but a report is not a
// snapshot across counters while other threads are running.
struct Stats {
#define MEM_STATS_DECLARE(name) std::atomic<uint64_t> name{0};
  MEM_STATS_COUNTERS(MEM_STATS_DECLARE)
#undef MEM_STATS_DECLARE

  static void bump(std::atomic<uint64_t>& counter) {
    counter.fetch_add(1, std::memory_order_relaxed);
  }
  void reset();
  // Calls add_stat once per counter.
  void report(ADD_STAT add_stat, const void* cookie) const;
};

// One add_stat call with exact key and value lengths.
void add_stat_u64(ADD_STAT add_stat, const void* cookie, std::string_view key,
                  uint64_t value);

}  // namespace mem
