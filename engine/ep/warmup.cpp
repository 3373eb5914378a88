// warmup.cpp - the warmup gate and the task that loads the log.
#include "warmup.h"

#include <cstring>

#include "bg_fetcher.h"
#include "check.h"
#include "decimal.h"
#include "engine.h"
#include "lock_holders.h"

namespace ep {

ENGINE_ERROR_CODE WarmupGate::admit(const void* cookie, std::string_view key) {
  LockHolder lock(mutex_);
  if (complete_) return ENGINE_SUCCESS;
  if (tmpfail_) return ENGINE_TMPFAIL;
  waiters_.push_back(Waiter{cookie, std::string(key)});
  return ENGINE_EWOULDBLOCK;
}

ENGINE_ERROR_CODE WarmupGate::wait_open() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (tmpfail_ && !complete_) return ENGINE_TMPFAIL;
  mutex_.wait(lock, [&] { return complete_ || aborted_; });
  return complete_ ? ENGINE_SUCCESS : ENGINE_TMPFAIL;
}

bool WarmupGate::complete() const {
  LockHolder lock(mutex_);
  return complete_;
}

void WarmupGate::notify_all(std::vector<const void*> cookies, ENGINE_ERROR_CODE status) {
  for (const void* cookie : cookies) sapi_.cookie->notify_io_complete(cookie, status);
}

void WarmupGate::finish(BgFetcher& fetcher) {
  {
    LockHolder lock(mutex_);
    EP_CHECK(!complete_);
    complete_ = true;
    // Handed over under the lock: forget() finds each waiter here or at the
    // fetcher, never in between. A key that is gone or resident is
    // answered at once by the fetcher's next run.
    for (Waiter& w : waiters_) fetcher.enqueue(w.cookie, std::move(w.key));
    waiters_.clear();
    mutex_.wake();  // a flush waiting in wait_open
  }
  fetcher.wake();
}

void WarmupGate::forget(const void* cookie) {
  LockHolder lock(mutex_);
  std::erase_if(waiters_, [&](const Waiter& w) { return w.cookie == cookie; });
}

void WarmupGate::abort() {
  std::vector<Waiter> waiters;
  {
    LockHolder lock(mutex_);
    waiters.swap(waiters_);
    aborted_ = true;
    mutex_.wake();
  }
  std::vector<const void*> cookies;
  for (const Waiter& w : waiters) cookies.push_back(w.cookie);
  notify_all(std::move(cookies), ENGINE_DISCONNECT);  // a get's handler aborts on TMPFAIL
}

Warmup::Warmup(EpEngine& engine) : GlobalTask(TaskKind::Warmup, 0.0), engine_(engine) {}

void Warmup::apply(const ScannedRecord& scanned) {
  const Record& rec = scanned.record;
  HashTable& table = engine_.table();
  KVStore& kv = engine_.kvstore();
  engine_.seqno_at_least(rec.header.cas);
  HashTable::Stripe& s = table.stripe_for(rec.key);
  LockHolder lock(s.mutex);
  if (rec.header.type == RecordType::Delete) {
    kv.add_dead(scanned.loc.length);
    if (StoredValue* sv = table.find_UNLOCKED(s, rec.key)) {
      if (sv->disk) kv.add_dead(sv->disk->length);
      table.erase_UNLOCKED(s, rec.key);
    }
    return;
  }
  StoredValue& sv = table.find_or_create_UNLOCKED(s, rec.key);
  if (sv.disk) kv.add_dead(sv.disk->length);
  // Absolute on disk, server-relative in memory; a time already past comes
  // back as 1 (expired), which the expiry pager then removes.
  const auto exptime = rec.header.exptime_abs == 0
                           ? rel_time_t{0}
                           : engine_.sapi().core->realtime(static_cast<time_t>(rec.header.exptime_abs));
  const auto nbytes = static_cast<uint32_t>(rec.value.size());
  if (table.mem_used() + nbytes <= engine_.config().max_size) {
    Item* item = Item::create(rec.key, nbytes, rec.header.flags, exptime);
    std::memcpy(item->value(), rec.value.data(), nbytes);
    item->cas = rec.header.cas;
    table.set_live_UNLOCKED(sv, item);
  } else {
    table.set_live_ejected_UNLOCKED(sv, rec.header.flags, exptime, rec.header.cas, nbytes);
    EP_CHECK(!sv.resident());
  }
  sv.seqno = rec.header.cas;
  sv.time = engine_.now();
  sv.disk = scanned.loc;
  sv.dirty = false;
}

bool Warmup::finish() {
  std::string why;
  if (!engine_.kvstore().set_end(offset_, &why)) {
    engine_.log_warning("warmup: " + why + "; retrying");
    return false;
  }
  engine_.warmup_gate().finish(engine_.bg_fetcher());
  return true;
}

bool Warmup::run() {
  std::vector<ScannedRecord> batch;
  const KVStore::ScanStatus status =
      engine_.kvstore().scan(&offset_, engine_.config().warmup_batch, &batch);
  for (const ScannedRecord& scanned : batch) apply(scanned);
  engine_.stats().bump(engine_.stats().ep_warmup_records, batch.size());
  if (status == KVStore::ScanStatus::more) {
    snooze(engine_.config().warmup_pause);
    return true;
  }
  if (status == KVStore::ScanStatus::io_error) {
    // The record at offset_ could not be read: try again, never cut it off.
    engine_.log_warning("warmup: reading the log at offset " + decimal_string(offset_) +
                        " failed; retrying");
    snooze(1.0);
    return true;
  }
  if (status == KVStore::ScanStatus::torn) {
    // A crash mid-append leaves a partial last record; anything after the
    // first bad record cannot be trusted either. Cut it off.
    engine_.log_warning("warmup: the log ends in an invalid record at offset " +
                        decimal_string(offset_) + " (" +
                        decimal_string(engine_.kvstore().file_bytes() - offset_) +
                        " bytes after it are dropped)");
  }
  if (!finish()) {
    snooze(1.0);
    return true;
  }
  return false;  // done: the task is dropped
}

}  // namespace ep
