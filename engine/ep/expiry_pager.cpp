// expiry_pager.cpp - the periodic sweep for expired items.
#include "expiry_pager.h"

#include "engine.h"

namespace ep {
namespace {

bool expired(const StoredValue& sv, rel_time_t now) {
  return !sv.deleted && sv.exptime != 0 && sv.exptime <= now;
}

}  // namespace

ExpiryPager::ExpiryPager(EpEngine& engine, double period_sec)
    : GlobalTask(TaskKind::ExpiryPager, period_sec), engine_(engine), period_sec_(period_sec) {}

bool ExpiryPager::run() {
  // Before warmup completes the table is still being loaded and nothing may
  // be queued for the flusher: the log's end is not known yet.
  if (engine_.warmup_gate().complete()) {
    engine_.apply_due_flush();
    const size_t n = engine_.tombstone_where(expired, engine_.now());
#ifdef ES_MUTANT_EP_EXPIRY_PAGER_LOCK_ACROSS_IO
    // MUTANT: the sweep syncs the log under each stripe's lock in turn: disk
    // I/O under a stripe lock, and the lock order reversed against the
    // flusher (log write mutex, then stripe locks in mark_durable): ABBA.
    engine_.table().for_each_stripe([&](HashTable::Stripe&) {
      engine_.kvstore().append_batch({}, [](const std::vector<DiskLoc>&) {});
    });
#endif
    engine_.stats().bump(engine_.stats().ep_expired_pager, n);
  }
  snooze(period_sec_);
  return true;
}

}  // namespace ep
