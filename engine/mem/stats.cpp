// stats.cpp - resetting and reporting the engine's counters.
#include "stats.h"


#include "check.h"
#include "decimal.h"

namespace mem {

void Stats::reset() {
#define MEM_STATS_RESET(name) name.store(0, std::memory_order_relaxed);
  MEM_STATS_COUNTERS(MEM_STATS_RESET)
#undef MEM_STATS_RESET
}

void Stats::report(ADD_STAT add_stat, const void* cookie) const {
#define MEM_STATS_REPORT(name) \
  add_stat_u64(add_stat, cookie, #name, name.load(std::memory_order_relaxed));
  MEM_STATS_COUNTERS(MEM_STATS_REPORT)
#undef MEM_STATS_REPORT
}

void add_stat_u64(ADD_STAT add_stat, const void* cookie, std::string_view key,
                  uint64_t value) {
  char buffer[kDecimalMax];
  const size_t length = format_decimal(value, buffer);
  MEM_CHECK(key.size() <= UINT16_MAX);
  add_stat(key.data(), static_cast<uint16_t>(key.size()), buffer,
           static_cast<uint32_t>(length), cookie);
}

}  // namespace mem
