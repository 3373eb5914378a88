// engine.h - MemEngine: memcached's command semantics over the Cache, one
// member function per engine entry point.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "memcached/engine.h"
#include "cache.h"
#include "config.h"
#include "scrubber.h"
#include "stats.h"

namespace mem {

// Keys are 1..kKeyMax bytes of anything.
inline constexpr size_t kKeyMax = 250;

class MemEngine {
 public:
  explicit MemEngine(const SERVER_HANDLE_V1& sapi);
  ~MemEngine();  // stops and joins the scrubber, frees every linked item
  MemEngine(const MemEngine&) = delete;
  MemEngine& operator=(const MemEngine&) = delete;

  const engine_info* info() const { return &info_.info; }
  ENGINE_ERROR_CODE initialize(const char* config_str);
  // False until initialize succeeded; the entry points refuse work until then.
  bool ready() const { return cache_ != nullptr; }

  ENGINE_ERROR_CODE allocate(item** out, std::string_view key, size_t nbytes,
                             int flags, rel_time_t exptime);
  ENGINE_ERROR_CODE get(item** out, std::string_view key);
  void release(item* it);
  ENGINE_ERROR_CODE store(const void* cookie, item* it, uint64_t* cas,
                          ENGINE_STORE_OPERATION operation);
  ENGINE_ERROR_CODE remove(std::string_view key, uint64_t cas);
  ENGINE_ERROR_CODE arithmetic(const void* cookie, std::string_view key,
                               bool increment, bool create, uint64_t delta,
                               uint64_t initial, rel_time_t exptime,
                               uint64_t* cas, uint64_t* result);
  ENGINE_ERROR_CODE flush(time_t when);
  ENGINE_ERROR_CODE get_stats(const void* cookie, std::string_view group,
                              ADD_STAT add_stat);
  void reset_stats() { stats_.reset(); }
  void item_set_cas(item* it, uint64_t cas);
  bool get_item_info(const item* it, item_info* info) const;

  static bool valid_key_length(size_t nkey) { return nkey >= 1 && nkey <= kKeyMax; }

 private:
  // engine_info ends in a one-element feature array; the second feature
  // follows it in memory, as the ABI expects.
  struct InfoStorage {
    engine_info info;
    feature_info more[1];
  };

  // The store rules once the key's stripe is locked and `old` (the live item,
  // or null) is known.
  ENGINE_ERROR_CODE store_locked(Stripe& stripe, Item* old, Item* it,
                                 const void* cookie, ENGINE_STORE_OPERATION op,
                                 rel_time_t now, uint64_t* cas);
  ENGINE_ERROR_CODE concatenate_locked(Stripe& stripe, Item* old, Item* it,
                                       const void* cookie, bool append,
                                       rel_time_t now, uint64_t* cas);
  void log_warning(const char* fmt, ...) const __attribute__((format(printf, 2, 3)));

  SERVER_HANDLE_V1 sapi_;  // our copy of the table get_server_api returned
  Config config_;
  Stats stats_;
  InfoStorage info_;
  std::unique_ptr<Cache> cache_;        // created by initialize
  std::unique_ptr<Scrubber> scrubber_;  // null when scrub_interval == 0
};

}  // namespace mem
