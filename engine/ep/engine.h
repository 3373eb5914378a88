// engine.h - EpEngine: the eventually-persistent engine - its components,
// lifecycle and client operations, and the helpers its tasks share.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "bg_fetcher.h"
#include "config.h"
#include "executor_pool.h"
#include "hash_table.h"
#include "kvstore.h"
#include "memcached/engine.h"
#include "persistence_queue.h"
#include "stats.h"
#include "warmup.h"

namespace ep {

// Data flow: a mutation changes the hash table under the key's stripe lock,
// gets a new seqno (which is also its CAS), marks the entry dirty and queues
// the key, and is acknowledged at once; the Flusher persists it later. Gets
// are served from memory; a value the ItemPager ejected is read back by the
// BgFetcher while the get answers EWOULDBLOCK. Lock order: hash_table.h.
class EpEngine {
 public:
  explicit EpEngine(const SERVER_HANDLE_V1& sapi);
  ~EpEngine();  // stops and joins every task thread, flushes, closes files
  EpEngine(const EpEngine&) = delete;
  EpEngine& operator=(const EpEngine&) = delete;

  ENGINE_ERROR_CODE initialize(const char* config_str);
  bool ready() const { return pool_ != nullptr; }
  const engine_info* info() const;

  // --- client operations (engine_ops.cpp, engine_store.cpp) --------------
  ENGINE_ERROR_CODE allocate(item** out, std::string_view key, size_t nbytes, int flags,
                             rel_time_t exptime);
  ENGINE_ERROR_CODE get(const void* cookie, item** out, std::string_view key);
  ENGINE_ERROR_CODE store(const void* cookie, item* it, uint64_t* cas,
                          ENGINE_STORE_OPERATION op);
  ENGINE_ERROR_CODE remove(const void* cookie, std::string_view key, uint64_t cas);
  ENGINE_ERROR_CODE arithmetic(const void* cookie, std::string_view key, bool increment,
                               bool create, uint64_t delta, uint64_t initial,
                               rel_time_t exptime, uint64_t* cas, uint64_t* result);
  ENGINE_ERROR_CODE flush(const void* cookie, time_t when);
  ENGINE_ERROR_CODE get_stats(const void* cookie, std::string_view group, ADD_STAT add_stat);
  // get_stats("durable"): the persistence signal (docs/durability.md).
  void report_durable(ADD_STAT add_stat, const void* cookie);
  // get_stats("pins"): every key the BgFetcher keeps resident for an
  // answer not yet taken (name = the key, value = how many answers).
  void report_pins(ADD_STAT add_stat, const void* cookie);
  // ON_DISCONNECT: the engine keeps nothing for the cookie any more and
  // never notifies it again (warmup waiter, queued fetch, answer's pin).
  void forget_cookie(const void* cookie);
  void reset_stats() { stats_.reset_ops(); }
  void release(item* it);
  void item_set_cas(item* it, uint64_t cas);
  bool get_item_info(const item* it, item_info* info) const;

  // --- for the tasks --------------------------------------------------------
  const SERVER_HANDLE_V1& sapi() const { return sapi_; }
  const Config& config() const { return config_; }
  HashTable& table() { return table_; }
  PersistenceQueue& queue() { return queue_; }
  KVStore& kvstore() { return kvstore_; }
  EngineStats& stats() { return stats_; }
  WarmupGate& warmup_gate() { return *warmup_gate_; }
  BgFetcher& bg_fetcher() { return *bg_fetcher_; }
  rel_time_t now() const { return sapi_.core->get_current_time(); }
  void wake(TaskKind kind);
  void wake_pager_if_needed();
  void log_warning(const std::string& message) const;

  enum class Liveness { live, absent, expired, flushed };
  Liveness liveness_UNLOCKED(const StoredValue* sv, rel_time_t now) const;
  // Turns an entry into a tombstone (a new seqno, queued for persistence).
  // Returns whether the key was newly queued (wake the flusher after
  // unlocking).
  bool tombstone_UNLOCKED(StoredValue& sv, std::string_view key, rel_time_t now);
  // The last mutation of `sv` needs persisting; true when newly queued.
  bool mark_dirty_UNLOCKED(StoredValue& sv, std::string_view key);
  uint64_t next_seqno() { return seqno_.fetch_add(1, std::memory_order_relaxed) + 1; }
  // Warmup: later seqnos (and CAS values) must exceed every one on disk.
  void seqno_at_least(uint64_t seqno);
  // Tombstones every live entry modified before a delayed flush that came
  // due; no-op otherwise. Returns whether anything was queued.
  bool apply_due_flush();
  // Tombstones every live entry for which `dead(sv)` holds; returns how many.
  size_t tombstone_where(bool (*dead)(const StoredValue&, rel_time_t), rel_time_t now);

 private:
  void start();  // creates the tasks and starts the workers
  void shutdown();
  // The answer for a key that is not live (and cleans up an expired or
  // flushed entry); wakes the flusher if a tombstone was queued.
  void forget_dead_UNLOCKED(StoredValue* sv, std::string_view key, Liveness l, rel_time_t now,
                            bool* queued);
  ENGINE_ERROR_CODE block_for_fetch(const void* cookie, std::string_view key);
  void report_gauges(ADD_STAT add_stat, const void* cookie);
  void finish_mutation(bool queued);

  const SERVER_HANDLE_V1 sapi_;  // a copy, as create_instance received it
  Config config_;
  HashTable table_;
  PersistenceQueue queue_;
  KVStore kvstore_;
  EngineStats stats_;
  std::atomic<uint64_t> seqno_{0};
  std::atomic<rel_time_t> flush_at_{0};  // a delayed flush; 0 = none
  std::unique_ptr<WarmupGate> warmup_gate_;
  std::shared_ptr<BgFetcher> bg_fetcher_;
  std::shared_ptr<GlobalTask> flusher_;
  std::array<std::shared_ptr<GlobalTask>, kTaskKindCount> tasks_{};
  std::array<TaskId, kTaskKindCount> task_ids_{};
  // Last: destroyed (and so stopped) before anything its tasks use.
  std::unique_ptr<ExecutorPool> pool_;
};

}  // namespace ep
