// engine.cpp - MemEngine's lifecycle, allocation, get, remove, flush, stats
// and item accessors.
#include "engine.h"

#include <cstdarg>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>

#include "check.h"

namespace mem {

MemEngine::MemEngine(const SERVER_HANDLE_V1& sapi) : sapi_(sapi) {
  static_assert(offsetof(InfoStorage, more) ==
                    offsetof(engine_info, features) + sizeof(feature_info),
                "the second feature must directly follow engine_info::features[0]");
  info_.info.description = "mem: in-memory reference engine (striped hash, LRU, CAS)";
  info_.info.num_features = 2;
  info_.info.features[0] = feature_info{ENGINE_FEATURE_CAS, nullptr};
  info_.more[0] = feature_info{ENGINE_FEATURE_LRU, nullptr};
}

MemEngine::~MemEngine() {
  // The scrubber goes first: it uses the cache and the server API.
  if (scrubber_) scrubber_->stop();
  scrubber_.reset();
  cache_.reset();
}

ENGINE_ERROR_CODE MemEngine::initialize(const char* config_str) {
  if (cache_) {
    log_warning("mem engine: initialize called twice; the first configuration stays");
    return ENGINE_FAILED;
  }
  std::string why;
  if (!parse_config(sapi_, config_str, &config_, &why)) {
    log_warning("mem engine: %s", why.c_str());
    return ENGINE_EINVAL;
  }
  cache_ = std::make_unique<Cache>(sapi_, config_.cache_size, stats_);
  if (config_.scrub_interval > 0) {
    scrubber_ = std::make_unique<Scrubber>(
        *cache_, std::chrono::seconds(static_cast<int64_t>(config_.scrub_interval)));
    scrubber_->start();
  }
  return ENGINE_SUCCESS;
}

ENGINE_ERROR_CODE MemEngine::allocate(item** out, std::string_view key, size_t nbytes,
                                      int flags, rel_time_t exptime) {
  if (!valid_key_length(key.size())) return ENGINE_EINVAL;
  if (nbytes > config_.item_size_max) return ENGINE_E2BIG;
  if (nbytes < 2) return ENGINE_EINVAL;  // every value ends in "\r\n"
  *out = Item::create(key, nbytes, static_cast<uint32_t>(flags), exptime);
  return ENGINE_SUCCESS;
}

ENGINE_ERROR_CODE MemEngine::get(item** out, std::string_view key) {
  if (!valid_key_length(key.size())) return ENGINE_EINVAL;
  Stats::bump(stats_.cmd_get);
  Stripe& stripe = cache_->stripe_for(key);
  std::lock_guard<std::mutex> lock(stripe.mutex);
  Item* found = cache_->find_live(stripe, key, cache_->now());
  if (found == nullptr) {
    Stats::bump(stats_.get_misses);
    return ENGINE_KEY_ENOENT;
  }
  found->retain();  // the core's reference, dropped by release
#ifdef ES_MUTANT_MEM_LEAK_REF
  found->retain();  // mutant: a second reference that nobody ever drops
#endif
  cache_->touch(found);
  Stats::bump(stats_.get_hits);
  *out = found;
  return ENGINE_SUCCESS;
}

void MemEngine::release(item* it) {
  MEM_CHECK(it != nullptr);
  static_cast<Item*>(it)->release();
}

ENGINE_ERROR_CODE MemEngine::remove(std::string_view key, uint64_t cas) {
  if (!valid_key_length(key.size())) return ENGINE_EINVAL;
  Stripe& stripe = cache_->stripe_for(key);
  std::lock_guard<std::mutex> lock(stripe.mutex);
  Item* found = cache_->find_live(stripe, key, cache_->now());
  if (found == nullptr) {
    Stats::bump(stats_.delete_misses);
    return ENGINE_KEY_ENOENT;
  }
  if (cas != 0 && cas != found->cas) return ENGINE_KEY_EEXISTS;
  cache_->unlink(stripe, found);
  Stats::bump(stats_.delete_hits);
  return ENGINE_SUCCESS;
}

ENGINE_ERROR_CODE MemEngine::flush(time_t when) {
  Stats::bump(stats_.cmd_flush);
  if (when == 0) {
    cache_->flush_now();
    return ENGINE_SUCCESS;
  }
  // realtime() may map a time in the past to 0 or 1; 0 would mean "no
  // flush pending", and 1 is already in effect, which is what the client meant.
  const rel_time_t at = sapi_.core->realtime(when);
  cache_->flush_from(at == 0 ? 1 : at);
  return ENGINE_SUCCESS;
}

ENGINE_ERROR_CODE MemEngine::get_stats(const void* cookie, std::string_view group,
                                       ADD_STAT add_stat) {
  if (group.empty()) {
    stats_.report(add_stat, cookie);
    add_stat_u64(add_stat, cookie, "curr_items", cache_->count());
    add_stat_u64(add_stat, cookie, "bytes", cache_->bytes());
    add_stat_u64(add_stat, cookie, "limit_maxbytes", cache_->limit());
    return ENGINE_SUCCESS;
  }
  if (group == "settings") {
#define MEM_CONFIG_REPORT(name, def, min, max, help) \
    add_stat_u64(add_stat, cookie, #name, config_.name);
    MEM_CONFIG_KEYS(MEM_CONFIG_REPORT)
#undef MEM_CONFIG_REPORT
    return ENGINE_SUCCESS;
  }
  return ENGINE_KEY_ENOENT;
}

void MemEngine::item_set_cas(item* it, uint64_t cas) {
  // Only for an item from allocate that is not stored yet: a linked item is
  // shared with other threads and its CAS is the cache's to assign.
  static_cast<Item*>(it)->cas = cas;
}

bool MemEngine::get_item_info(const item* it, item_info* info) const {
  if (info->nvalue < 1) return false;
  Item* item_ptr = const_cast<Item*>(static_cast<const Item*>(it));
  info->cas = item_ptr->cas;
  info->exptime = item_ptr->exptime;
  info->nbytes = static_cast<uint32_t>(item_ptr->nbytes());
  info->flags = item_ptr->flags;
  info->clsid = 0;
  info->nkey = static_cast<uint16_t>(item_ptr->key().size());
  info->nvalue = 1;
  info->key = item_ptr->key().data();
  // The core writes the value through this iovec after allocate, hence the
  // const_cast: the ABI hands items around as const for get_item_info only.
  info->value[0].iov_base = item_ptr->value();
  info->value[0].iov_len = item_ptr->nbytes();
  return true;
}

void MemEngine::log_warning(const char* fmt, ...) const {
  char line[1024];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(line, sizeof(line), fmt, args);
  va_end(args);
  sapi_.log->get_logger()->log(EXTENSION_LOG_WARNING, nullptr, "%s", line);
}

}  // namespace mem
