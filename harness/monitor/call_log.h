// call_log.h - the contract monitor's last calls: a ring of CallRecords,
// found by sequence number. Once it holds `capacity` records each new call
// takes the oldest one's slot, in place: no allocation per call (a record
// with its two CallTexts is a few hundred bytes), one per kChunk calls
// before.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "enginesim/check.h"
#include "harness/monitor/call_record.h"

namespace enginesim {

class CallLog {
 public:
  explicit CallLog(size_t capacity) : capacity_(capacity) { ES_CHECK(capacity > 0); }

  // The slot for the call numbered `seq`, reset: one more than the last.
  CallRecord& add(uint64_t seq) {
    ES_CHECK(size_ == 0 || seq == newest().seq + 1);
    CallRecord* r;
    if (size_ < capacity_) {  // growing: nothing dropped yet, oldest at slot 0
      if (size_ % kChunk == 0) {
        chunks_.push_back(std::make_unique<CallRecord[]>(std::min(kChunk, capacity_ - size_)));
      }
      r = &slot(size_++);
    } else {  // full: the oldest's slot becomes the newest's
      r = &slot(oldest_);
      oldest_ = (oldest_ + 1) % capacity_;
      ++dropped_;
      *r = CallRecord{};
    }
    r->seq = seq;
    return *r;
  }

  // The record of call `seq`, or null when it was dropped or never made.
  CallRecord* find(uint64_t seq) {
    if (size_ == 0 || seq < oldest().seq) return nullptr;
    const uint64_t index = seq - oldest().seq;
    if (index >= size_) return nullptr;
    CallRecord* r = &at(index);
    ES_CHECK(r->seq == seq);
    return r;
  }

  size_t size() const { return size_; }
  uint64_t dropped() const { return dropped_; }
  // index 0 = the oldest kept.
  const CallRecord& at(size_t index) const { return slot((oldest_ + index) % capacity_); }
  CallRecord& at(size_t index) { return slot((oldest_ + index) % capacity_); }
  std::vector<CallRecord> oldest_first() const {
    std::vector<CallRecord> out;
    out.reserve(size_);
    for (size_t i = 0; i < size_; ++i) out.push_back(at(i));
    return out;
  }

 private:
  // Records live in chunks that never move: growing a vector of them copied
  // every record so far into fresh pages, and in a forked child fresh pages
  // are the costly part (docs/scheduler.md, bench).
  static constexpr size_t kChunk = 128;
  CallRecord& slot(size_t i) { return chunks_[i / kChunk][i % kChunk]; }
  const CallRecord& slot(size_t i) const { return chunks_[i / kChunk][i % kChunk]; }
  const CallRecord& oldest() const { return at(0); }
  const CallRecord& newest() const { return at(size_ - 1); }

  std::vector<std::unique_ptr<CallRecord[]>> chunks_;
  size_t capacity_;
  size_t oldest_ = 0;  // slot of the oldest kept record
  size_t size_ = 0;    // records kept = slots made: grows to capacity_, never shrinks
  uint64_t dropped_ = 0;
};

}  // namespace enginesim
