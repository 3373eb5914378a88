// item.cpp - Item allocation and reference counting.
#include "item.h"

#include <cstring>

#include "check.h"

namespace ep {

Item* Item::create(std::string_view key, size_t nbytes, uint32_t flags, rel_time_t exptime) {
  return new Item(key, nbytes, flags, exptime);
}

Item::Item(std::string_view key, size_t nbytes, uint32_t flags_in, rel_time_t exptime_in)
    : flags(flags_in),
      exptime(exptime_in),
      nkey_(static_cast<uint32_t>(key.size())),
      nbytes_(static_cast<uint32_t>(nbytes)),
      data_(new char[key.size() + nbytes]) {
  EP_CHECK(key.size() <= UINT32_MAX && nbytes <= UINT32_MAX);
  std::memcpy(data_.get(), key.data(), key.size());
}

void Item::retain() {
  const uint32_t before = refs_.fetch_add(1, std::memory_order_relaxed);
  EP_CHECK(before >= 1);  // retaining a freed item
}

void Item::release() {
  const uint32_t before = refs_.fetch_sub(1, std::memory_order_acq_rel);
  EP_CHECK(before >= 1);  // released more often than retained
  if (before == 1) delete this;
}

std::string_view Item::payload() const {
  if (nbytes_ < 2) return {};
  return {value(), nbytes_ - 2};
}

}  // namespace ep
