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

void BgFetcher::pin(const void* cookie, const std::string& key) {
  LockHolder lock(mutex_);  // a leaf, taken under the stripe lock
  auto [it, fresh] = answered_.try_emplace(cookie, key);
  if (!fresh) {
    // The core re-calls before the cookie blocks again, so this happens only
    // when it gave up on a re-call: that answer's pin goes.
    auto old = pins_.find(it->second);
    EP_CHECK(old != pins_.end() && old->second > 0);
    if (--old->second == 0) pins_.erase(old);
    it->second = key;
  }
  ++pins_[key];
}

void BgFetcher::take_answer(const void* cookie) {
  LockHolder lock(mutex_);
  auto found = answered_.find(cookie);
  if (found == answered_.end()) return;
  auto pin = pins_.find(found->second);
  EP_CHECK(pin != pins_.end() && pin->second > 0);
  if (--pin->second == 0) pins_.erase(pin);
  answered_.erase(found);
}

bool BgFetcher::pinned(const std::string& key) const {
  LockHolder lock(mutex_);
  return pins_.count(key) > 0;
}

std::optional<ENGINE_ERROR_CODE> BgFetcher::fetch(const void* cookie, const std::string& key) {
  HashTable& table = engine_.table();
  for (int attempt = 0; attempt < kStaleRetries; ++attempt) {
    DiskLoc loc;
    uint64_t cas = 0;
    {
      HashTable::Stripe& s = table.stripe_for(key);
      LockHolder lock(s.mutex);
      StoredValue* sv = table.find_UNLOCKED(s, key);
      // Gone, deleted or resident again (another fetch, a store): the
      // re-call answers from memory; the pin covers a store before it.
      if (sv == nullptr || sv->deleted || sv->resident()) {
        pin(cookie, key);
        return ENGINE_SUCCESS;
      }
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
    if (sv == nullptr || sv->deleted || sv->resident()) {
      pin(cookie, key);
      return ENGINE_SUCCESS;
    }
    if (sv->cas != cas || sv->disk != loc) continue;  // changed meanwhile: read again
    Item* item = Item::create(key, record.value.size(), sv->flags, sv->exptime);
    std::memcpy(item->value(), record.value.data(), record.value.size());
    item->cas = cas;
    table.make_resident_UNLOCKED(*sv, item);
    sv->referenced = true;
    pin(cookie, key);  // the pager keeps it until the re-call reads it
    engine_.stats().bump(engine_.stats().ep_bg_fetched);
    return ENGINE_SUCCESS;
  }
  return std::nullopt;  // compaction kept moving it: the next run asks anew
}

bool BgFetcher::run() {
  std::vector<Request> batch;
  {
    LockHolder lock(mutex_);
    batch.swap(requests_);
  }
  std::vector<Request> again;
  for (Request& r : batch) {
#ifdef ES_MUTANT_EP_BGFETCH_NOTIFY_EARLY
    // Mutant: "ready" before the read - the re-call races the fetch and,
    // when it wins, finds the value still on disk and blocks again.
    engine_.sapi().cookie->notify_io_complete(r.cookie, ENGINE_SUCCESS);
    if (!fetch(r.cookie, r.key)) continue;
#else
    const std::optional<ENGINE_ERROR_CODE> status = fetch(r.cookie, r.key);
    if (!status) {
      again.push_back(std::move(r));
      continue;
    }
    // No lock held: the core may call straight back into the engine.
    engine_.sapi().cookie->notify_io_complete(r.cookie, *status);
#endif
  }
  if (!again.empty()) {
    LockHolder lock(mutex_);
    for (Request& r : again) requests_.push_back(std::move(r));
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
