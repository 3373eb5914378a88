// flusher.cpp - one batch: snapshot dirty keys, append + fsync, mark clean.
#include "flusher.h"

#include "check.h"
#include "engine.h"
#include "lock_holders.h"
#include "record.h"

namespace ep {
namespace {

constexpr double kRetryAfterErrorSec = 0.5;  // an I/O error is retried, not polled for
constexpr int kShutdownAttempts = 3;

}  // namespace

Flusher::Flusher(EpEngine& engine) : GlobalTask(TaskKind::Flusher, kForever), engine_(engine) {}

void Flusher::snapshot(std::vector<std::string>* keys, std::vector<Pending>* pending,
                       std::vector<std::string>* records) {
  HashTable& table = engine_.table();
  const SERVER_HANDLE_V1& sapi = engine_.sapi();
  for (std::string& key : *keys) {
    ItemRef value;
    uint64_t seqno = 0;
    bool is_delete = false;
    {
      HashTable::Stripe& s = table.stripe_for(key);
      LockHolder lock(s.mutex);
      StoredValue* sv = table.find_UNLOCKED(s, key);
      if (sv == nullptr) continue;
      sv->queued = false;
      if (!sv->dirty) continue;
      if (sv->deleted && !sv->disk) {
        // Never reached the disk (the flusher is the only writer and its
        // previous batch already recorded its locations): nothing to undo.
        table.erase_UNLOCKED(s, key);
        continue;
      }
      seqno = sv->seqno;
      is_delete = sv->deleted;
#ifdef ES_MUTANT_EP_FLUSHER_CLEAN_EARLY
      // MUTANT: the entry is marked clean (so reported durable) when the
      // batch is taken, before its write and fsync.
      if (!is_delete && sv->disk) sv->dirty = false;
#endif
      if (!is_delete) {
        EP_CHECK(sv->resident());  // a dirty value is never ejected
        value = ItemRef::retained(sv->item);
      }
    }
    // Encoding copies the value: done outside the stripe lock, from the
    // immutable item the reference keeps alive.
    std::string record;
    if (is_delete) {
      encode_record(RecordType::Delete, key, {}, 0, seqno, 0, &record);
    } else {
      const int64_t exptime_abs = value->exptime == 0 ? 0 : sapi.core->abstime(value->exptime);
      encode_record(RecordType::Set, key, value->value_view(), value->flags, seqno, exptime_abs,
                    &record);
    }
    records->push_back(std::move(record));
    pending->push_back(Pending{std::move(key), seqno, is_delete});
  }
}

void Flusher::mark_durable(const std::vector<Pending>& pending, const std::vector<DiskLoc>& locs) {
  EP_CHECK(pending.size() == locs.size());
  HashTable& table = engine_.table();
  KVStore& kv = engine_.kvstore();
  for (size_t i = 0; i < pending.size(); ++i) {
    const Pending& p = pending[i];
    HashTable::Stripe& s = table.stripe_for(p.key);
    LockHolder lock(s.mutex);
    StoredValue* sv = table.find_UNLOCKED(s, p.key);
    // Only this task erases entries, so the entry it snapshotted is there.
    EP_CHECK(sv != nullptr);
    if (sv->disk) kv.add_dead(sv->disk->length);  // superseded by this record
    const bool current = sv->seqno == p.seqno;    // no mutation since the snapshot
    if (p.is_delete) {
      kv.add_dead(locs[i].length);  // a delete record only shadows older ones
      sv->disk.reset();
      if (current) {
        EP_CHECK(sv->deleted);
        table.erase_UNLOCKED(s, p.key);
      }
    } else {
      sv->disk = locs[i];
      if (current) sv->dirty = false;
    }
  }
}

void Flusher::requeue(const std::vector<Pending>& pending) {
  HashTable& table = engine_.table();
  for (const Pending& p : pending) {
    HashTable::Stripe& s = table.stripe_for(p.key);
    LockHolder lock(s.mutex);
    StoredValue* sv = table.find_UNLOCKED(s, p.key);
    if (sv != nullptr && sv->dirty) engine_.mark_dirty_UNLOCKED(*sv, p.key);
  }
}

Flusher::BatchResult Flusher::flush_batch() {
  PersistenceQueue& queue = engine_.queue();
  std::vector<std::string> keys = queue.take(engine_.config().flusher_batch);
  if (keys.empty()) return BatchResult::empty;
  std::vector<Pending> pending;
  std::vector<std::string> records;
  snapshot(&keys, &pending, &records);
  EngineStats& stats = engine_.stats();
  const auto on_durable = [&](const std::vector<DiskLoc>& locs) { mark_durable(pending, locs); };
  const bool ok = pending.empty() || engine_.kvstore().append_batch(records, on_durable);
  if (!ok) requeue(pending);  // before finished(): the keys never look done
  queue.finished(keys.size());
  if (!ok) {
    stats.bump(stats.ep_flusher_errors);
    return BatchResult::failed;
  }
  stats.bump(stats.ep_total_persisted, pending.size());
  // Values just became clean (ejectable) and records dead (compactable).
  engine_.wake_pager_if_needed();
  if (engine_.kvstore().should_compact(engine_.config().compaction_min_dead)) {
    engine_.wake(TaskKind::Compactor);
  }
  return BatchResult::written;
}

bool Flusher::run() {
  switch (flush_batch()) {
    case BatchResult::failed:
      engine_.log_warning("flusher: writing a batch to the log failed; retrying");
      snooze(kRetryAfterErrorSec);
      break;
    case BatchResult::written:
      if (engine_.queue().size() > 0) {
        snooze(0.0);
      } else {
        snooze_forever();
      }
      break;
    case BatchResult::empty:
      snooze_forever();
      break;
  }
  return true;
}

bool Flusher::drain() {
  int failures = 0;
  for (;;) {
    switch (flush_batch()) {
      case BatchResult::empty:
        return true;
      case BatchResult::written:
        break;
      case BatchResult::failed:
        if (++failures >= kShutdownAttempts) return false;
        break;
    }
  }
}

}  // namespace ep
