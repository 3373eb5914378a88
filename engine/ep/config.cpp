// config.cpp - parsing and bounds-checking the configuration string.
#include "config.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "decimal.h"
#include "stats.h"

namespace ep {
namespace {

constexpr const char* kKnownKeys =
    "dbdir, max_size, item_size_max, readers, writers, auxio, nonio, exp_pager_stime, "
    "flusher_batch, warmup_batch, warmup_pause, compaction_min_dead, warmup_behavior";

// The core's parser with its error stream captured, so that its message can
// go into our log line.
int run_parser(const SERVER_HANDLE_V1& sapi, const char* str, config_item* items,
               std::string* message) {
  char* buffer = nullptr;
  size_t length = 0;
  FILE* errors = open_memstream(&buffer, &length);
  const int rc = sapi.core->parse_config(str, items, errors);
  if (errors != nullptr) std::fclose(errors);
  if (buffer != nullptr) message->assign(buffer, length);
  std::free(buffer);
  while (!message->empty() && message->back() == '\n') message->pop_back();
  return rc;
}

struct SizeBound {
  const char* name;
  size_t value;
  size_t min;
  size_t max;
};

bool check_bounds(const Config& c, std::string* why) {
  const SizeBound bounds[] = {
      {"max_size", c.max_size, 1, SIZE_MAX},
      {"item_size_max", c.item_size_max, 3, size_t{512} << 20},
      {"readers", c.readers, 1, 64},
      {"writers", c.writers, 1, 64},
      {"auxio", c.auxio, 1, 64},
      {"nonio", c.nonio, 1, 64},
      {"flusher_batch", c.flusher_batch, 1, 1000000},
      {"warmup_batch", c.warmup_batch, 1, 1000000},
      {"compaction_min_dead", c.compaction_min_dead, 1, SIZE_MAX},
  };
  for (const SizeBound& b : bounds) {
    if (b.value < b.min || b.value > b.max) {
      *why = std::string("config ") + b.name + "=" + decimal_string(b.value) + " is outside [" +
             decimal_string(b.min) + ", " + decimal_string(b.max) + "]";
      return false;
    }
  }
  if (!(c.exp_pager_stime > 0.0 && c.exp_pager_stime <= 1e9)) {
    *why = "config exp_pager_stime must be a number of seconds in (0, 1e9]";
    return false;
  }
  if (!(c.warmup_pause >= 0.0 && c.warmup_pause <= 3600.0)) {
    *why = "config warmup_pause must be a number of seconds in [0, 3600]";
    return false;
  }
  return true;
}

}  // namespace

bool parse_config(const SERVER_HANDLE_V1& sapi, const char* config_str, Config* config,
                  std::string* why) {
  *config = Config{};
  char* dbdir = nullptr;
  char* behavior = nullptr;
  float stime = static_cast<float>(config->exp_pager_stime);
  float pause = static_cast<float>(config->warmup_pause);
  std::vector<config_item> items = {
      {"dbdir", DT_STRING, {.dt_string = &dbdir}, false},
      {"max_size", DT_SIZE, {.dt_size = &config->max_size}, false},
      {"item_size_max", DT_SIZE, {.dt_size = &config->item_size_max}, false},
      {"readers", DT_SIZE, {.dt_size = &config->readers}, false},
      {"writers", DT_SIZE, {.dt_size = &config->writers}, false},
      {"auxio", DT_SIZE, {.dt_size = &config->auxio}, false},
      {"nonio", DT_SIZE, {.dt_size = &config->nonio}, false},
      {"exp_pager_stime", DT_FLOAT, {.dt_float = &stime}, false},
      {"flusher_batch", DT_SIZE, {.dt_size = &config->flusher_batch}, false},
      {"warmup_batch", DT_SIZE, {.dt_size = &config->warmup_batch}, false},
      {"warmup_pause", DT_FLOAT, {.dt_float = &pause}, false},
      {"compaction_min_dead", DT_SIZE, {.dt_size = &config->compaction_min_dead}, false},
      {"warmup_behavior", DT_STRING, {.dt_string = &behavior}, false},
      {nullptr, DT_SIZE, {.dt_size = nullptr}, false},
  };
  std::string message;
  const int rc = config_str == nullptr ? 0 : run_parser(sapi, config_str, items.data(), &message);
  if (dbdir != nullptr) config->dbdir = dbdir;
  const std::string behavior_value = behavior != nullptr ? behavior : "block";
  std::free(dbdir);
  std::free(behavior);
  config->exp_pager_stime = stime;
  config->warmup_pause = pause;
  if (rc != 0) {
    *why = std::string(rc == 1 ? "unknown key" : "invalid value") + " in config \"" +
           config_str + "\"" + (message.empty() ? "" : ": " + message) +
           "; known keys: " + kKnownKeys;
    return false;
  }
  if (config->dbdir.empty()) {
    *why = "config needs dbdir=PATH (the directory of the engine's data files)";
    return false;
  }
  if (behavior_value != "block" && behavior_value != "tmpfail") {
    *why = "config warmup_behavior=" + behavior_value + " is neither block nor tmpfail";
    return false;
  }
  config->warmup_tmpfail = behavior_value == "tmpfail";
  return check_bounds(*config, why);
}

void report_config(const Config& c, ADD_STAT add_stat, const void* cookie) {
  add_stat_str(add_stat, cookie, "dbdir", c.dbdir);
  add_stat_u64(add_stat, cookie, "max_size", c.max_size);
  add_stat_u64(add_stat, cookie, "item_size_max", c.item_size_max);
  add_stat_u64(add_stat, cookie, "readers", c.readers);
  add_stat_u64(add_stat, cookie, "writers", c.writers);
  add_stat_u64(add_stat, cookie, "auxio", c.auxio);
  add_stat_u64(add_stat, cookie, "nonio", c.nonio);
  add_stat_u64(add_stat, cookie, "exp_pager_stime_ms",
               static_cast<uint64_t>(c.exp_pager_stime * 1000.0));
  add_stat_u64(add_stat, cookie, "flusher_batch", c.flusher_batch);
  add_stat_u64(add_stat, cookie, "warmup_batch", c.warmup_batch);
  add_stat_u64(add_stat, cookie, "warmup_pause_ms", static_cast<uint64_t>(c.warmup_pause * 1000.0));
  add_stat_u64(add_stat, cookie, "compaction_min_dead", c.compaction_min_dead);
  add_stat_str(add_stat, cookie, "warmup_behavior", c.warmup_tmpfail ? "tmpfail" : "block");
}

}  // namespace ep
