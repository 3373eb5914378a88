// config.h - the engine's settings and the parsing of its config string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "memcached/server_api.h"

namespace mem {

// Every setting, declared once: name, default, bounds, help. The upper
// bounds keep sizes within the item's 32-bit lengths and the scrubber's
// wait within std::chrono's range.
#define MEM_CONFIG_KEYS(X)                                                    \
  X(cache_size, 64u * 1024 * 1024, 1, SIZE_MAX / 2,                           \
    "bytes the linked items may use (key + value + overhead) before LRU eviction") \
  X(item_size_max, 1024u * 1024 + 2, 3, UINT32_MAX / 2,                       \
    "largest value allocate accepts, including the trailing \\r\\n")          \
  X(scrub_interval, 60, 0, 86400u * 365,                                      \
    "seconds between scrubber sweeps of expired items; 0 = no scrubber")

struct Config {
#define MEM_CONFIG_DECLARE(name, def, min, max, help) size_t name = def;
  MEM_CONFIG_KEYS(MEM_CONFIG_DECLARE)
#undef MEM_CONFIG_DECLARE
};

// Parses `config_str` (may be null or empty: defaults) with the core's
// parser. Returns false and fills `why` on an unknown key or a bad value.
bool parse_config(const SERVER_HANDLE_V1& sapi, const char* config_str,
                  Config* config, std::string* why);

}  // namespace mem
