// arithmetic.cpp - MemEngine::arithmetic: incr and decr on decimal values.
#include <cstring>
#include <mutex>
#include <optional>

#include "check.h"
#include "decimal.h"
#include "engine.h"

namespace mem {

namespace {

// A new item holding `number` as decimal digits followed by "\r\n".
ItemRef make_number_item(std::string_view key, uint64_t number, uint32_t flags,
                         rel_time_t exptime) {
  char digits[kDecimalMax];
  const size_t ndigits = format_decimal(number, digits);
  ItemRef fresh(Item::create(key, ndigits + 2, flags, exptime));
  std::memcpy(fresh->value(), digits, ndigits);
  std::memcpy(fresh->value() + ndigits, "\r\n", 2);
  return fresh;
}

}  // namespace

ENGINE_ERROR_CODE MemEngine::arithmetic(const void* cookie, std::string_view key,
                                        bool increment, bool create, uint64_t delta,
                                        uint64_t initial, rel_time_t exptime,
                                        uint64_t* cas, uint64_t* result) {
  if (!valid_key_length(key.size())) return ENGINE_EINVAL;
  // memcached's binary incr/decr passes the client's expiration raw.
  if (exptime != 0) exptime = sapi_.core->realtime(static_cast<time_t>(exptime));
  Stripe& stripe = cache_->stripe_for(key);
  std::lock_guard<std::mutex> lock(stripe.mutex);
  const rel_time_t now = cache_->now();
  Item* old = cache_->find_live(stripe, key, now);
  Stats::bump(old == nullptr ? (increment ? stats_.incr_misses : stats_.decr_misses)
                             : (increment ? stats_.incr_hits : stats_.decr_hits));
  uint64_t number = initial;
  ItemRef fresh;
  if (old == nullptr) {
    if (!create) return ENGINE_KEY_ENOENT;
    fresh = make_number_item(key, number, 0, exptime);
  } else {
    const std::optional<uint64_t> current = parse_decimal(old->payload());
    if (!current) return ENGINE_EINVAL;
    // incr wraps modulo 2^64 (unsigned arithmetic); decr stops at 0.
    number = increment ? *current + delta : (*current > delta ? *current - delta : 0);
    // The old item's flags and exptime carry over, as for any update.
    fresh = make_number_item(key, number, old->flags, old->exptime);
  }
  const ENGINE_ERROR_CODE rc = cache_->link(stripe, old, fresh.get(), cookie, now);
  if (rc != ENGINE_SUCCESS) return rc;
  *cas = fresh->cas;
  *result = number;
  return ENGINE_SUCCESS;
}

}  // namespace mem
