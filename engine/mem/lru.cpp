// lru.cpp - the recency list and memory accounting of linked items.
#include "lru.h"

#include "check.h"

namespace mem {

Lru::~Lru() {
  // The cache unlinks every item before it destroys the list.
  MEM_CHECK(head_ == nullptr);
  MEM_CHECK(count_ == 0);
  MEM_CHECK(bytes_ == 0);
}

bool Lru::try_swap(Item* old, Item* fresh) {
  MEM_CHECK(fresh != nullptr);
  MEM_CHECK(!fresh->in_lru);
  std::lock_guard<std::mutex> lock(mutex_);
  size_t base = bytes_;
  if (old != nullptr) {
    MEM_CHECK(old->in_lru);
    base -= old->footprint();
  }
  const size_t need = fresh->footprint();
  if (need > limit_ || base > limit_ - need) return false;
  if (old != nullptr) unlink_locked(old);
  push_front_locked(fresh);
  MEM_CHECK(bytes_ <= limit_);
  return true;
}

void Lru::remove(Item* item) {
  std::lock_guard<std::mutex> lock(mutex_);
  unlink_locked(item);
}

void Lru::touch(Item* item) {
  std::lock_guard<std::mutex> lock(mutex_);
  MEM_CHECK(item->in_lru);
  if (head_ == item) return;
  unlink_locked(item);
  push_front_locked(item);
}

std::vector<ItemRef> Lru::pin_oldest(size_t max, const Item* skip) {
  std::vector<ItemRef> out;
  out.reserve(max);
  std::lock_guard<std::mutex> lock(mutex_);
  for (Item* it = tail_; it != nullptr && out.size() < max; it = it->lru_prev) {
    if (it == skip) continue;
    it->retain();
    out.emplace_back(it);
  }
  return out;
}

size_t Lru::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

size_t Lru::count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return count_;
}

void Lru::push_front_locked(Item* item) {
  MEM_CHECK(!item->in_lru);
  item->lru_prev = nullptr;
  item->lru_next = head_;
  if (head_ != nullptr) head_->lru_prev = item;
  head_ = item;
  if (tail_ == nullptr) tail_ = item;
  item->in_lru = true;
  bytes_ += item->footprint();
  ++count_;
}

void Lru::unlink_locked(Item* item) {
  MEM_CHECK(item->in_lru);
  MEM_CHECK(count_ > 0);
  MEM_CHECK(bytes_ >= item->footprint());
  if (item->lru_prev != nullptr) item->lru_prev->lru_next = item->lru_next;
  else head_ = item->lru_next;
  if (item->lru_next != nullptr) item->lru_next->lru_prev = item->lru_prev;
  else tail_ = item->lru_prev;
  item->lru_prev = item->lru_next = nullptr;
  item->in_lru = false;
  bytes_ -= item->footprint();
  --count_;
}

}  // namespace mem
