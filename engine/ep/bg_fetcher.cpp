// bg_fetcher.cpp - reading ejected values back and notifying the cookies.
#include "bg_fetcher.h"

#include <cstring>

#include "check.h"
#include "engine.h"
#include "lock_holders.h"

namespace ep {
namespace {

// A location goes stale when compaction moves the record; the entry then
// already has (or is about to get) the new one. Bounded: past it, the
// re-call blocks again and asks anew.
constexpr int kStaleRetries = 4;

}  // namespace

BgFetcher::BgFetcher(EpEngine& engine) : GlobalTask(TaskKind::BgFetcher, kForever), engine_(engine) {}

void BgFetcher::request(const void* cookie, std::string key) {
  {
    LockHolder lock(mutex_);
    requests_.push_back(Request{cookie, std::move(key)});
  }
  engine_.wake(TaskKind::BgFetcher);
}

size_t BgFetcher::pending() const {
  LockHolder lock(mutex_);
  return requests_.size();
}

ENGINE_ERROR_CODE BgFetcher::fetch(const std::string& key) {
  HashTable& table = engine_.table();
  for (int attempt = 0; attempt < kStaleRetries; ++attempt) {
    DiskLoc loc;
    uint64_t cas = 0;
    {
      HashTable::Stripe& s = table.stripe_for(key);
      LockHolder lock(s.mutex);
      StoredValue* sv = table.find_UNLOCKED(s, key);
      // Gone, or resident again: the re-call answers from memory.
      if (sv == nullptr || sv->deleted || sv->resident()) return ENGINE_SUCCESS;
      EP_CHECK(sv->disk.has_value());  // only values on disk are ejected
      loc = *sv->disk;
      cas = sv->cas;
    }
    Record record;  // the read happens with no stripe lock held
    const KVStore::ReadStatus read = engine_.kvstore().read(loc, &record);
    if (read == KVStore::ReadStatus::stale) continue;
    if (read == KVStore::ReadStatus::failed || record.key != key ||
        record.header.type != RecordType::Set || record.header.cas != cas) {
      engine_.stats().bump(engine_.stats().ep_bg_fetch_errors);
      return ENGINE_TMPFAIL;
    }
    HashTable::Stripe& s = table.stripe_for(key);
    LockHolder lock(s.mutex);
    StoredValue* sv = table.find_UNLOCKED(s, key);
    if (sv == nullptr || sv->deleted || sv->resident()) return ENGINE_SUCCESS;
    if (sv->cas != cas || sv->disk != loc) continue;  // changed meanwhile: read again
    Item* item = Item::create(key, record.value.size(), sv->flags, sv->exptime);
    std::memcpy(item->value(), record.value.data(), record.value.size());
    item->cas = cas;
    table.make_resident_UNLOCKED(*sv, item);
    sv->referenced = true;  // spares it the item pager's next pass
    engine_.stats().bump(engine_.stats().ep_bg_fetched);
    return ENGINE_SUCCESS;
  }
  return ENGINE_SUCCESS;
}

bool BgFetcher::run() {
  std::vector<Request> batch;
  {
    LockHolder lock(mutex_);
    batch.swap(requests_);
  }
  for (const Request& r : batch) {
    const ENGINE_ERROR_CODE status = fetch(r.key);
    // No lock held: the core may call straight back into the engine.
    engine_.sapi().cookie->notify_io_complete(r.cookie, status);
  }
  engine_.wake_pager_if_needed();
  if (pending() > 0) {
    snooze(0.0);
  } else {
    snooze_forever();
  }
  return true;
}

void BgFetcher::fail_pending(ENGINE_ERROR_CODE status) {
  std::vector<Request> batch;
  {
    LockHolder lock(mutex_);
    batch.swap(requests_);
  }
  for (const Request& r : batch) engine_.sapi().cookie->notify_io_complete(r.cookie, status);
}

}  // namespace ep
