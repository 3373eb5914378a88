// engine_store.cpp - the mutations that create values: store (add, set,
// replace, append, prepend, cas) and arithmetic (incr, decr).
#include <cstring>

#include "check.h"
#include "decimal.h"
#include "engine.h"
#include "lock_holders.h"

namespace ep {
namespace {

// Whether `op` may store over `current` (null: no live item). `item_cas` is
// the CAS the core set on the new item; SET with one behaves like CAS.
ENGINE_ERROR_CODE check_store(ENGINE_STORE_OPERATION op, uint64_t item_cas,
                              const StoredValue* current) {
  if (op == OPERATION_SET && item_cas != 0) op = OPERATION_CAS;
  switch (op) {
    case OPERATION_ADD:
      return current != nullptr ? ENGINE_NOT_STORED : ENGINE_SUCCESS;
    case OPERATION_SET:
      return ENGINE_SUCCESS;
    case OPERATION_REPLACE:
    case OPERATION_APPEND:
    case OPERATION_PREPEND:
      return current == nullptr ? ENGINE_NOT_STORED : ENGINE_SUCCESS;
    case OPERATION_CAS:
      if (current == nullptr) return ENGINE_KEY_ENOENT;
      return item_cas == current->cas ? ENGINE_SUCCESS : ENGINE_KEY_EEXISTS;
  }
  return ENGINE_EINVAL;  // not a store operation
}

// old value (without its "\r\n") and the new one (with it), in `op`'s order;
// the old item's flags and exptime.
Item* concatenate(const Item& old, const Item& added, bool append) {
  const std::string_view head = append ? old.payload() : added.payload();
  const std::string_view tail = append ? added.value_view() : old.value_view();
  Item* joined = Item::create(old.key(), head.size() + tail.size(), old.flags, old.exptime);
  std::memcpy(joined->value(), head.data(), head.size());
  std::memcpy(joined->value() + head.size(), tail.data(), tail.size());
  return joined;
}

Item* decimal_item(std::string_view key, uint64_t number, uint32_t flags, rel_time_t exptime) {
  char digits[kDecimalMax];
  const size_t n = format_decimal(number, digits);
  Item* it = Item::create(key, n + 2, flags, exptime);
  std::memcpy(it->value(), digits, n);
  std::memcpy(it->value() + n, "\r\n", 2);
  return it;
}

}  // namespace

// Links `item` (adopting the reference) as the key's new value; returns
// whether the key was newly queued for persistence.
static bool link_UNLOCKED(EpEngine& e, HashTable::Stripe& s, std::string_view key, Item* item,
                          rel_time_t now) {
  StoredValue& sv = e.table().find_or_create_UNLOCKED(s, key);
  const uint64_t seqno = e.next_seqno();
  item->cas = seqno;  // before the item is published: no reader sees it yet
  e.table().set_live_UNLOCKED(sv, item);
  sv.seqno = seqno;
  sv.time = now;
  sv.referenced = true;
  return e.mark_dirty_UNLOCKED(sv, key);
}

ENGINE_ERROR_CODE EpEngine::store(const void* cookie, item* raw, uint64_t* cas,
                                  ENGINE_STORE_OPERATION op) {
  if (raw == nullptr || cas == nullptr) return ENGINE_EINVAL;
  Item* it = static_cast<Item*>(raw);
  const std::string_view key = it->key();
  if (ENGINE_ERROR_CODE gate = warmup_gate_->admit(cookie, key); gate != ENGINE_SUCCESS) return gate;
  const rel_time_t now = this->now();
  const bool concat = op == OPERATION_APPEND || op == OPERATION_PREPEND;
  // Read before the store: linking overwrites the item's CAS with the new one.
  const bool cas_op = op == OPERATION_CAS || (op == OPERATION_SET && it->cas != 0);
  bool queued = false;
  bool ejected = false;
  ENGINE_ERROR_CODE status;
  {
    HashTable::Stripe& s = table_.stripe_for(key);
    LockHolder lock(s.mutex);
    StoredValue* sv = table_.find_UNLOCKED(s, key);
    bg_fetcher_->take_answer(cookie);  // its re-call reads the value now
    const Liveness l = liveness_UNLOCKED(sv, now);
    if (l != Liveness::live) forget_dead_UNLOCKED(sv, key, l, now, &queued);
    status = check_store(op, it->cas, l == Liveness::live ? sv : nullptr);
    ejected = status == ENGINE_SUCCESS && concat && !sv->resident();
    if (status == ENGINE_SUCCESS && !ejected) {
      Item* linked = it;
      if (concat) {
        if (sv->item->payload().size() + it->nbytes() > config_.item_size_max) {
          status = ENGINE_E2BIG;
        } else {
          linked = concatenate(*sv->item, *it, op == OPERATION_APPEND);
        }
      } else {
        it->retain();  // the table's reference; the core releases its own
      }
      if (status == ENGINE_SUCCESS) {
        queued |= link_UNLOCKED(*this, s, key, linked, now);
        *cas = linked->cas;
      }
    }
  }
  if (ejected) return block_for_fetch(cookie, key);  // concatenation needs the old value
  stats_.bump(stats_.cmd_set);
  if (cas_op) {
    stats_.bump(status == ENGINE_SUCCESS    ? stats_.cas_hits
                : status == ENGINE_KEY_ENOENT ? stats_.cas_misses
                                              : stats_.cas_badval);
  }
  if (status == ENGINE_SUCCESS) stats_.bump(stats_.total_items);
  finish_mutation(queued);
  return status;
}

ENGINE_ERROR_CODE EpEngine::arithmetic(const void* cookie, std::string_view key, bool increment,
                                       bool create, uint64_t delta, uint64_t initial,
                                       rel_time_t exptime, uint64_t* cas, uint64_t* result) {
  if (key.empty() || key.size() > kKeyMax || cas == nullptr || result == nullptr) {
    return ENGINE_EINVAL;
  }
  if (ENGINE_ERROR_CODE gate = warmup_gate_->admit(cookie, key); gate != ENGINE_SUCCESS) return gate;
  // memcached's binary incr/decr passes the client's expiration raw.
  if (exptime != 0) exptime = sapi().core->realtime(static_cast<time_t>(exptime));
  const rel_time_t now = this->now();
  bool queued = false;
  bool ejected = false;
  ENGINE_ERROR_CODE status = ENGINE_SUCCESS;
  {
    HashTable::Stripe& s = table_.stripe_for(key);
    LockHolder lock(s.mutex);
    StoredValue* sv = table_.find_UNLOCKED(s, key);
    bg_fetcher_->take_answer(cookie);  // its re-call reads the value now
    const Liveness l = liveness_UNLOCKED(sv, now);
    Item* fresh = nullptr;
    if (l != Liveness::live) {
      forget_dead_UNLOCKED(sv, key, l, now, &queued);
      if (!create) {
        status = ENGINE_KEY_ENOENT;
      } else {
        fresh = decimal_item(key, initial, 0, exptime);
        *result = initial;
      }
    } else if (!sv->resident()) {
      ejected = true;
    } else if (std::optional<uint64_t> old = parse_decimal(sv->item->payload()); !old) {
      status = ENGINE_EINVAL;  // not a decimal unsigned 64-bit number
    } else {
      // incr wraps modulo 2^64 (unsigned arithmetic); decr stops at 0.
      const uint64_t value = increment ? *old + delta : (*old > delta ? *old - delta : 0);
      fresh = decimal_item(key, value, sv->flags, sv->exptime);
      *result = value;
    }
    if (fresh != nullptr) {
      queued |= link_UNLOCKED(*this, s, key, fresh, now);
      *cas = fresh->cas;
    }
  }
  if (ejected) return block_for_fetch(cookie, key);
  const bool hit = status != ENGINE_KEY_ENOENT;
  if (increment) {
    stats_.bump(hit ? stats_.incr_hits : stats_.incr_misses);
  } else {
    stats_.bump(hit ? stats_.decr_hits : stats_.decr_misses);
  }
  finish_mutation(queued);
  return status;
}

}  // namespace ep
