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
  enqueue(cookie, std::move(key));
  wake();
}

void BgFetcher::wake() { engine_.wake(TaskKind::BgFetcher); }

void BgFetcher::enqueue(const void* cookie, std::string key) {
  LockHolder lock(mutex_);
  requests_.push_back(Request{cookie, std::move(key)});
}

void BgFetcher::forget(const void* cookie) {
  LockHolder notifying(notify_mutex_);  // no notify is in progress from here
  LockHolder lock(mutex_);
  std::erase_if(requests_, [&](const Request& r) { return r.cookie == cookie; });
  if (running_) forgotten_.insert(cookie);
  unpin_LOCKED(cookie);
}

void BgFetcher::answer(const void* cookie, ENGINE_ERROR_CODE status) {
  LockHolder notifying(notify_mutex_);
  {
    LockHolder lock(mutex_);
    if (forgotten_.count(cookie) > 0) {
      unpin_LOCKED(cookie);  // pinned after forget() had run
      return;
    }
  }
  // No engine lock held but notify_mutex_: the core may call straight back
  // into the engine (which never takes notify_mutex_).
  engine_.sapi().cookie->notify_io_complete(cookie, status);
}

size_t BgFetcher::pending() const {
  LockHolder lock(mutex_);
  return requests_.size();
}

void BgFetcher::pin(const void* cookie, const std::string& key) {
  LockHolder lock(mutex_);  // a leaf, taken under the stripe lock
  // The core re-calls before the cookie blocks again, so an earlier answer
  // is still there only when it gave up on a re-call: that pin goes.
  unpin_LOCKED(cookie);
  answered_.emplace(cookie, key);
  ++pins_[key];
}

void BgFetcher::unpin_LOCKED(const void* cookie) {
  auto found = answered_.find(cookie);
  if (found == answered_.end()) return;
  auto pin = pins_.find(found->second);
  EP_CHECK(pin != pins_.end() && pin->second > 0);
  if (--pin->second == 0) pins_.erase(pin);
  answered_.erase(found);
}

void BgFetcher::take_answer(const void* cookie) {
  LockHolder lock(mutex_);
  unpin_LOCKED(cookie);
}

bool BgFetcher::pinned(const std::string& key) const {
  LockHolder lock(mutex_);
  return pins_.count(key) > 0;
}

std::map<std::string, size_t, std::less<>> BgFetcher::pins() const {
  LockHolder lock(mutex_);
  return pins_;
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
      // ENGINE_DISCONNECT: memcached closes the connection and the client
      // retries on a new one; the value stays on disk for the next fetch.
      // TMPFAIL would kill the server: process_bin_get has no case for it
      // and ends in abort() (memcached.c@82fb476, daemon/memcached.c@1b4ba6b).
      engine_.stats().bump(engine_.stats().ep_bg_fetch_errors);
      return ENGINE_DISCONNECT;
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
    EP_CHECK(!running_ && forgotten_.empty());  // one run at a time
    batch.swap(requests_);
    running_ = true;
  }
  std::vector<Request> again;
  for (Request& r : batch) {
#ifdef ES_MUTANT_EP_BGFETCH_NOTIFY_EARLY
    // Mutant: "ready" before the read - the re-call races the fetch and,
    // when it wins, finds the value still on disk and blocks again.
    answer(r.cookie, ENGINE_SUCCESS);
    if (!fetch(r.cookie, r.key)) continue;
#else
    const std::optional<ENGINE_ERROR_CODE> status = fetch(r.cookie, r.key);
    if (!status) {
      again.push_back(std::move(r));
      continue;
    }
    answer(r.cookie, *status);
#endif
  }
  {
    LockHolder lock(mutex_);
    for (Request& r : again) {
      if (forgotten_.count(r.cookie) == 0) requests_.push_back(std::move(r));
    }
    forgotten_.clear();
    running_ = false;
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
  for (const Request& r : batch) answer(r.cookie, status);
}

}  // namespace ep
