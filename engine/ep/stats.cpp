// stats.cpp - resetting and reporting the engine's counters.
#include "stats.h"

#include "check.h"
#include "decimal.h"

namespace ep {

void EngineStats::reset_ops() {
#define EP_RESET(name) name.store(0, std::memory_order_relaxed);
  EP_OP_COUNTERS(EP_RESET)
#undef EP_RESET
}

void EngineStats::report(ADD_STAT add_stat, const void* cookie) const {
#define EP_REPORT(name) add_stat_u64(add_stat, cookie, #name, name.load(std::memory_order_relaxed));
  EP_OP_COUNTERS(EP_REPORT)
  EP_PERSISTENCE_COUNTERS(EP_REPORT)
#undef EP_REPORT
}

void add_stat_u64(ADD_STAT add_stat, const void* cookie, std::string_view key, uint64_t value) {
  char digits[kDecimalMax];
  const size_t length = format_decimal(value, digits);
  add_stat_str(add_stat, cookie, key, std::string_view(digits, length));
}

void add_stat_str(ADD_STAT add_stat, const void* cookie, std::string_view key,
                  std::string_view value) {
  EP_CHECK(key.size() <= UINT16_MAX && value.size() <= UINT32_MAX);
  add_stat(key.data(), static_cast<uint16_t>(key.size()), value.data(),
           static_cast<uint32_t>(value.size()), cookie);
}

}  // namespace ep
