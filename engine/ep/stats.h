// stats.h - the engine's counters, declared once, and add_stat helpers.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "memcached/engine.h"

namespace ep {

// Operation counters: zeroed by reset_stats.
#define EP_OP_COUNTERS(X) \
  X(cmd_get)              \
  X(get_hits)             \
  X(get_misses)           \
  X(cmd_set)              \
  X(total_items)          \
  X(evictions)            \
  X(delete_hits)          \
  X(delete_misses)        \
  X(incr_hits)            \
  X(incr_misses)          \
  X(decr_hits)            \
  X(decr_misses)          \
  X(cas_hits)             \
  X(cas_misses)           \
  X(cas_badval)           \
  X(cmd_flush)

// Persistence counters: monotonic for the engine's life (reset_stats keeps
// them, so an observer can rely on them never going back).
#define EP_PERSISTENCE_COUNTERS(X) \
  X(ep_total_persisted)            \
  X(ep_bg_fetched)                 \
  X(ep_bg_fetch_errors)            \
  X(ep_num_value_ejects)           \
  X(ep_expired_pager)              \
  X(ep_expired_access)             \
  X(ep_flusher_errors)             \
  X(ep_compaction_errors)          \
  X(ep_warmup_records)

// Relaxed atomics: each counter is exact; a report is not a snapshot.
struct EngineStats {
#define EP_DECLARE(name) std::atomic<uint64_t> name{0};
  EP_OP_COUNTERS(EP_DECLARE)
  EP_PERSISTENCE_COUNTERS(EP_DECLARE)
#undef EP_DECLARE

  static void bump(std::atomic<uint64_t>& counter, uint64_t by = 1) {
    counter.fetch_add(by, std::memory_order_relaxed);
  }
  void reset_ops();
  void report(ADD_STAT add_stat, const void* cookie) const;
};

// One add_stat call with exact key and value lengths.
void add_stat_u64(ADD_STAT add_stat, const void* cookie, std::string_view key, uint64_t value);
void add_stat_str(ADD_STAT add_stat, const void* cookie, std::string_view key,
                  std::string_view value);

}  // namespace ep
