// item.cpp - allocation and reference counting of cached items.
#include "item.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "check.h"

namespace mem {

void check_failed(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "mem engine invariant failed: %s at %s:%d\n", expr, file, line);
  std::abort();
}

Item::Item(std::string_view key, size_t nbytes, uint32_t flags_in, rel_time_t exptime_in)
    : flags(flags_in),
      exptime(exptime_in),
      nkey_(static_cast<uint32_t>(key.size())),
      nbytes_(static_cast<uint32_t>(nbytes)),
      data_(new char[key.size() + nbytes]) {
  std::memcpy(data_.get(), key.data(), key.size());
}

Item* Item::create(std::string_view key, size_t nbytes, uint32_t flags,
                   rel_time_t exptime) {
  // Callers bound both lengths (keys <= 250, values <= item_size_max).
  MEM_CHECK(key.size() <= UINT32_MAX);
  MEM_CHECK(nbytes <= UINT32_MAX);
  return new Item(key, nbytes, flags, exptime);
}

void Item::retain() {
  const uint32_t before = refs_.fetch_add(1, std::memory_order_relaxed);
  MEM_CHECK(before > 0);  // nobody may revive a freed item
}

void Item::release() {
  const uint32_t before = refs_.fetch_sub(1, std::memory_order_acq_rel);
  MEM_CHECK(before > 0);  // a double release
  if (before == 1) {
    MEM_CHECK(!linked);   // the cache's own reference keeps a linked item alive
    MEM_CHECK(!in_lru);
    delete this;
  }
}

std::string_view Item::payload() const {
  if (nbytes_ < 2) return {};
  return {value(), nbytes_ - 2};
}

ItemRef& ItemRef::operator=(ItemRef&& other) noexcept {
  if (this != &other) {
    reset();
    item_ = other.item_;
    other.item_ = nullptr;
  }
  return *this;
}

void ItemRef::reset() {
  if (item_ != nullptr) item_->release();
  item_ = nullptr;
}

}  // namespace mem
