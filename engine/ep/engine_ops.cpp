// engine_ops.cpp - allocate, get, remove, flush and the item accessors.
#include "check.h"
#include "engine.h"
#include "lock_holders.h"
#include "record.h"

namespace ep {
namespace {

bool valid_key(std::string_view key) { return !key.empty() && key.size() <= kKeyMax; }

}  // namespace

void EpEngine::forget_dead_UNLOCKED(StoredValue* sv, std::string_view key, Liveness l,
                                    rel_time_t now, bool* queued) {
  if (l == Liveness::expired) stats_.bump(stats_.ep_expired_access);
  if (l == Liveness::expired || l == Liveness::flushed) {
    *queued |= tombstone_UNLOCKED(*sv, key, now);  // its removal must reach the disk too
  }
}

void EpEngine::finish_mutation(bool queued) {
  if (queued) wake(TaskKind::Flusher);
  wake_pager_if_needed();
}

ENGINE_ERROR_CODE EpEngine::block_for_fetch(const void* cookie, std::string_view key) {
  bg_fetcher_->request(cookie, std::string(key));  // wakes the fetcher
  return ENGINE_EWOULDBLOCK;
}

ENGINE_ERROR_CODE EpEngine::allocate(item** out, std::string_view key, size_t nbytes, int flags,
                                     rel_time_t exptime) {
  if (!valid_key(key)) return ENGINE_EINVAL;
  if (nbytes > config_.item_size_max) return ENGINE_E2BIG;
  *out = Item::create(key, nbytes, static_cast<uint32_t>(flags), exptime);
  return ENGINE_SUCCESS;
}

ENGINE_ERROR_CODE EpEngine::get(const void* cookie, item** out, std::string_view key) {
  if (!valid_key(key)) return ENGINE_EINVAL;
  if (ENGINE_ERROR_CODE gate = warmup_gate_->admit(cookie, key); gate != ENGINE_SUCCESS) return gate;
  const rel_time_t now = this->now();
  bool queued = false;
  bool ejected = false;
  {
    HashTable::Stripe& s = table_.stripe_for(key);
    LockHolder lock(s.mutex);
    StoredValue* sv = table_.find_UNLOCKED(s, key);
    bg_fetcher_->take_answer(cookie);  // its re-call reads the value now
    const Liveness l = liveness_UNLOCKED(sv, now);
    if (l == Liveness::live && sv->resident()) {
      sv->referenced = true;
      sv->item->retain();
      *out = sv->item;
      stats_.bump(stats_.cmd_get);
      stats_.bump(stats_.get_hits);
      return ENGINE_SUCCESS;
    }
    ejected = l == Liveness::live;
    if (!ejected) forget_dead_UNLOCKED(sv, key, l, now, &queued);
  }
  // The fetch request is made after unlocking: it takes only leaf locks, but
  // stripe critical sections stay short. The get counts once, when answered.
  if (ejected) return block_for_fetch(cookie, key);
  stats_.bump(stats_.cmd_get);
  stats_.bump(stats_.get_misses);
  if (queued) wake(TaskKind::Flusher);
  return ENGINE_KEY_ENOENT;
}

ENGINE_ERROR_CODE EpEngine::remove(const void* cookie, std::string_view key, uint64_t cas) {
  if (!valid_key(key)) return ENGINE_EINVAL;
  if (ENGINE_ERROR_CODE gate = warmup_gate_->admit(cookie, key); gate != ENGINE_SUCCESS) return gate;
  const rel_time_t now = this->now();
  bool queued = false;
  ENGINE_ERROR_CODE status = ENGINE_SUCCESS;
  {
    HashTable::Stripe& s = table_.stripe_for(key);
    LockHolder lock(s.mutex);
    StoredValue* sv = table_.find_UNLOCKED(s, key);
    bg_fetcher_->take_answer(cookie);  // its re-call reads the value now
    const Liveness l = liveness_UNLOCKED(sv, now);
    if (l != Liveness::live) {
      forget_dead_UNLOCKED(sv, key, l, now, &queued);
      status = ENGINE_KEY_ENOENT;
    } else if (cas != 0 && cas != sv->cas) {
      status = ENGINE_KEY_EEXISTS;
    } else {
      queued = tombstone_UNLOCKED(*sv, key, now);
    }
  }
  stats_.bump(status == ENGINE_SUCCESS ? stats_.delete_hits : stats_.delete_misses);
  if (queued) wake(TaskKind::Flusher);
  return status;
}

ENGINE_ERROR_CODE EpEngine::flush(const void* cookie, time_t when) {
  (void)cookie;
  if (ENGINE_ERROR_CODE gate = warmup_gate_->wait_open(); gate != ENGINE_SUCCESS) return gate;
  stats_.bump(stats_.cmd_flush);
  // A flush that already took effect is made real before it is replaced.
  apply_due_flush();
  if (when == 0) {
    flush_at_.store(0, std::memory_order_release);
    tombstone_where([](const StoredValue&, rel_time_t) { return true; }, 0);
    return ENGINE_SUCCESS;
  }
  // realtime() maps a time in the past to 0 or 1; 0 would mean "no flush
  // pending", and 1 is already in effect, which is what the client meant.
  const rel_time_t at = sapi_.core->realtime(when);
  flush_at_.store(at == 0 ? 1 : at, std::memory_order_release);
  return ENGINE_SUCCESS;
}

void EpEngine::release(item* it) { static_cast<Item*>(it)->release(); }

void EpEngine::item_set_cas(item* it, uint64_t cas) { static_cast<Item*>(it)->cas = cas; }

bool EpEngine::get_item_info(const item* it, item_info* info) const {
  if (it == nullptr || info == nullptr || info->nvalue < 1) return false;
  const auto* i = static_cast<const Item*>(it);
  info->cas = i->cas;
  info->exptime = i->exptime;
  info->nbytes = static_cast<uint32_t>(i->nbytes());
  info->flags = i->flags;
  info->clsid = 0;
  info->nkey = static_cast<uint16_t>(i->key().size());
  info->nvalue = 1;
  info->key = i->key().data();
  info->value[0].iov_base = const_cast<char*>(i->value());
  info->value[0].iov_len = i->nbytes();
  return true;
}

}  // namespace ep
