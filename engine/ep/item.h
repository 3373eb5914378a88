// item.h - Item: one key/value pair as the core sees it, reference counted
// and immutable once stored.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "memcached/types.h"

namespace ep {

// Created with one reference (the creator's). The hash table holds one while
// the value is resident; every get hands out one more. The last release
// frees it, so an item the core holds stays valid after the key was
// overwritten, removed, or its value ejected.
//
// Field guards: key and value bytes, flags and exptime never change once the
// item is stored; `cas` is written by item_set_cas before the store (the item
// is not shared yet) and by the store under the key's stripe lock before the
// item is published.
class Item {
 public:
  // Throws std::bad_alloc.
  static Item* create(std::string_view key, size_t nbytes, uint32_t flags, rel_time_t exptime);

  Item(const Item&) = delete;
  Item& operator=(const Item&) = delete;

  void retain();
  void release();  // frees the item when this was the last reference

  std::string_view key() const { return {data_.get(), nkey_}; }
  char* value() { return data_.get() + nkey_; }
  const char* value() const { return data_.get() + nkey_; }
  // The value length, including the trailing "\r\n".
  size_t nbytes() const { return nbytes_; }
  std::string_view value_view() const { return {value(), nbytes_}; }
  // The value without its trailing "\r\n" (the core always writes one).
  std::string_view payload() const;

  uint32_t flags = 0;
  rel_time_t exptime = 0;  // server-relative; 0 = never expires
  uint64_t cas = 0;

 private:
  Item(std::string_view key, size_t nbytes, uint32_t flags, rel_time_t exptime);
  ~Item() = default;

  std::atomic<uint32_t> refs_{1};
  uint32_t nkey_;
  uint32_t nbytes_;
  std::unique_ptr<char[]> data_;  // key bytes, then value bytes
};

// One reference held for a scope.
class ItemRef {
 public:
  ItemRef() = default;
  explicit ItemRef(Item* item) : item_(item) {}  // adopts a reference
  static ItemRef retained(Item* item) {
    item->retain();
    return ItemRef(item);
  }
  ItemRef(ItemRef&& other) noexcept : item_(other.item_) { other.item_ = nullptr; }
  ItemRef& operator=(ItemRef&& other) noexcept {
    if (this != &other) {
      reset();
      item_ = other.item_;
      other.item_ = nullptr;
    }
    return *this;
  }
  ItemRef(const ItemRef&) = delete;
  ItemRef& operator=(const ItemRef&) = delete;
  ~ItemRef() { reset(); }

  Item* get() const { return item_; }
  Item* operator->() const { return item_; }
  explicit operator bool() const { return item_ != nullptr; }
  Item* release_ownership() {
    Item* item = item_;
    item_ = nullptr;
    return item;
  }
  void reset() {
    if (item_ != nullptr) item_->release();
    item_ = nullptr;
  }

 private:
  Item* item_ = nullptr;
};

}  // namespace ep
