// history_recorder.h - records a concurrent history while connections run:
// each call and return gets the next global step.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>

#include "harness/model/history.h"

namespace enginesim::model {

class HistoryRecorder {
 public:
  explicit HistoryRecorder(ModelOptions model = {}, rel_time_t start_time = kStartTime);

  // An operation is invoked on connection `conn` at server time `now`;
  // returns its id for end(). A connection runs one operation at a time.
  size_t begin(uint32_t conn, Operation op, std::optional<rel_time_t> now = std::nullopt);
  // Operation `id` returned `result` (which must not be pending).
  void end(size_t id, Result result, std::optional<rel_time_t> now = std::nullopt);

  // What has been recorded; operations not ended yet are pending.
  History history() const;

 private:
  mutable std::mutex mutex_;  // connections may record from several threads
  History history_;
  uint64_t next_step_ = 1;
};

}  // namespace enginesim::model
