// config.h - the ep engine's configuration keys, parsed from the
// "key=value;..." string given to initialize.
#pragma once

#include <cstddef>
#include <string>

#include "memcached/engine.h"

namespace ep {

struct Config {
  std::string dbdir;                        // required: where the log lives
  size_t max_size = size_t{64} << 20;      // bytes; the item pager's limit
  size_t item_size_max = (size_t{1} << 20) + 2;
  size_t readers = 1;                       // worker threads per queue
  size_t writers = 1;
  size_t auxio = 1;
  size_t nonio = 1;
  double exp_pager_stime = 3600.0;          // seconds between expiry sweeps
  size_t flusher_batch = 1024;              // records per flusher batch
  size_t warmup_batch = 1024;               // records per warmup run
  double warmup_pause = 0.0;                // seconds between warmup runs
  size_t compaction_min_dead = size_t{1} << 20;  // dead bytes before compacting
  bool warmup_tmpfail = false;              // warmup_behavior=tmpfail
};

// Fills *config from `config_str` with the core's parser. false with a
// message naming the bad key or value (and the accepted keys) in *why.
bool parse_config(const SERVER_HANDLE_V1& sapi, const char* config_str, Config* config,
                  std::string* why);

// The "settings" stats group: every key with its value.
void report_config(const Config& config, ADD_STAT add_stat, const void* cookie);

}  // namespace ep
