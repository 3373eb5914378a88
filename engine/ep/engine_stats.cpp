// engine_stats.cpp - get_stats: the counters, the persistence gauges, the
// per-task run counts and times, and the "settings" group.
#include <string>
#include <utility>
#include <vector>

#include "engine.h"

namespace ep {

void EpEngine::report_gauges(ADD_STAT add_stat, const void* cookie) {
  add_stat_u64(add_stat, cookie, "curr_items", table_.curr_items());
  add_stat_u64(add_stat, cookie, "mem_used", table_.mem_used());
  add_stat_u64(add_stat, cookie, "limit_maxbytes", config_.max_size);
  add_stat_u64(add_stat, cookie, "ep_max_size", config_.max_size);
  add_stat_u64(add_stat, cookie, "ep_resident_items", table_.resident_items());
  add_stat_u64(add_stat, cookie, "ep_queue_size", queue_.size());
  add_stat_u64(add_stat, cookie, "ep_flusher_todo", queue_.in_flight());
  add_stat_u64(add_stat, cookie, "ep_warmup_complete", warmup_gate_->complete() ? 1 : 0);
  add_stat_u64(add_stat, cookie, "ep_bg_fetch_pending", bg_fetcher_->pending());
  add_stat_u64(add_stat, cookie, "ep_db_file_size", kvstore_.file_bytes());
  add_stat_u64(add_stat, cookie, "ep_db_dead_bytes", kvstore_.dead_bytes());
  add_stat_u64(add_stat, cookie, "ep_db_generation", kvstore_.generation());
  add_stat_u64(add_stat, cookie, "ep_compactions", kvstore_.compactions());
  add_stat_u64(add_stat, cookie, "ep_db_write_errors", kvstore_.write_errors());
}

// The persistence signal (docs/durability.md): one stat per live key whose
// current version is durable (clean, with a record on disk): name = the key,
// value = that version's CAS. Collected under the stripe locks, reported
// after them (add_stat is the core's code).
void EpEngine::report_durable(ADD_STAT add_stat, const void* cookie) {
  std::vector<std::pair<std::string, uint64_t>> durable;
  table_.for_each_stripe([&](HashTable::Stripe& s) {
    for (const auto& [key, sv] : s.map) {
      if (!sv.deleted && !sv.dirty && sv.disk) durable.emplace_back(key, sv.cas);
    }
  });
  for (const auto& [key, cas] : durable) add_stat_u64(add_stat, cookie, key, cas);
}

void EpEngine::report_pins(ADD_STAT add_stat, const void* cookie) {
  // A copy: add_stat is the core's code, called with no engine lock held.
  for (const auto& [key, answers] : bg_fetcher_->pins()) add_stat_u64(add_stat, cookie, key, answers);
}

ENGINE_ERROR_CODE EpEngine::get_stats(const void* cookie, std::string_view group,
                                      ADD_STAT add_stat) {
  if (add_stat == nullptr) return ENGINE_EINVAL;
  if (group == "settings") {
    report_config(config_, add_stat, cookie);
    return ENGINE_SUCCESS;
  }
  if (group == "durable") {
    report_durable(add_stat, cookie);
    return ENGINE_SUCCESS;
  }
  if (group == "pins") {
    report_pins(add_stat, cookie);
    return ENGINE_SUCCESS;
  }
  if (!group.empty()) return ENGINE_KEY_ENOENT;
  stats_.report(add_stat, cookie);
  report_gauges(add_stat, cookie);
  for (const auto& task : tasks_) {
    const std::string prefix = std::string("task:") + task->name() + ":";
    add_stat_u64(add_stat, cookie, prefix + "runs", task->run_count());
    add_stat_u64(add_stat, cookie, prefix + "runtime_us", task->total_runtime_ns() / 1000);
  }
  return ENGINE_SUCCESS;
}

}  // namespace ep
