// store.cpp - MemEngine::store: add, set, replace, append, prepend and cas.
#include <cstring>
#include <mutex>

#include "check.h"
#include "engine.h"

namespace mem {

ENGINE_ERROR_CODE MemEngine::store(const void* cookie, item* it_in, uint64_t* cas,
                                   ENGINE_STORE_OPERATION operation) {
  Item* it = static_cast<Item*>(it_in);
  Stats::bump(stats_.cmd_set);
  Stripe& stripe = cache_->stripe_for(it->key());
  // Check and act under one stripe lock: no other thread can change this key
  // between the lookup and the link.
  std::lock_guard<std::mutex> lock(stripe.mutex);
  if (it->linked) return ENGINE_EINVAL;  // the same item stored twice
  const rel_time_t now = cache_->now();
  Item* old = cache_->find_live(stripe, it->key(), now);
  return store_locked(stripe, old, it, cookie, operation, now, cas);
}

ENGINE_ERROR_CODE MemEngine::store_locked(Stripe& stripe, Item* old, Item* it,
                                          const void* cookie,
                                          ENGINE_STORE_OPERATION op, rel_time_t now,
                                          uint64_t* cas) {
  // A SET carrying a CAS is a CAS (the core sets it with item_set_cas).
  if (op == OPERATION_SET && it->cas != 0) op = OPERATION_CAS;
  switch (op) {
    case OPERATION_ADD:
      if (old != nullptr) return ENGINE_NOT_STORED;
      break;
    case OPERATION_SET:
      break;
    case OPERATION_REPLACE:
      if (old == nullptr) return ENGINE_NOT_STORED;
      break;
    case OPERATION_APPEND:
    case OPERATION_PREPEND:
      if (old == nullptr) return ENGINE_NOT_STORED;
      if (it->cas != 0 && it->cas != old->cas) return ENGINE_KEY_EEXISTS;
      return concatenate_locked(stripe, old, it, cookie, op == OPERATION_APPEND, now, cas);
    case OPERATION_CAS:
      if (old == nullptr) {
        Stats::bump(stats_.cas_misses);
        return ENGINE_KEY_ENOENT;
      }
      if (it->cas != old->cas) {
        Stats::bump(stats_.cas_badval);
        return ENGINE_KEY_EEXISTS;
      }
      Stats::bump(stats_.cas_hits);
      break;
    default:
      return ENGINE_EINVAL;  // not an ENGINE_STORE_OPERATION
  }
  const ENGINE_ERROR_CODE rc = cache_->link(stripe, old, it, cookie, now);
  if (rc == ENGINE_SUCCESS) *cas = it->cas;
  return rc;
}

ENGINE_ERROR_CODE MemEngine::concatenate_locked(Stripe& stripe, Item* old, Item* it,
                                                const void* cookie, bool append,
                                                rel_time_t now, uint64_t* cas) {
  // old's value without its "\r\n", then the new value with its own: the
  // result ends in exactly one "\r\n" when the new value does.
  MEM_CHECK(old->nbytes() >= 2);  // allocate refuses shorter values
  MEM_CHECK(it->nbytes() >= 2);
  const std::string_view kept = old->payload();
  const size_t nbytes = kept.size() + it->nbytes();
  if (nbytes > config_.item_size_max) return ENGINE_E2BIG;
  ItemRef joined(Item::create(it->key(), nbytes, old->flags, old->exptime));
  char* out = joined->value();
  if (append) {
    std::memcpy(out, kept.data(), kept.size());
    std::memcpy(out + kept.size(), it->value(), it->nbytes());
  } else {
    // prepend: the new value's bytes minus its "\r\n", then old's with it.
    const std::string_view head = it->payload();
    std::memcpy(out, head.data(), head.size());
    std::memcpy(out + head.size(), old->value(), old->nbytes());
  }
  const ENGINE_ERROR_CODE rc = cache_->link(stripe, old, joined.get(), cookie, now);
  if (rc == ENGINE_SUCCESS) *cas = joined->cas;
  return rc;  // `joined` drops our reference; a linked item keeps the table's
}

}  // namespace mem
