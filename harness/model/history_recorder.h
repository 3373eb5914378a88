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
  // How calls from several threads are kept apart: by a mutex, or not at all
  // because the caller runs one thread at a time (under the deterministic
  // scheduler, where a lock would add scheduling points to every run).
  enum class Locking { mutex, caller_serializes };
  explicit HistoryRecorder(ModelOptions model = {}, rel_time_t start_time = kStartTime,
                           Locking locking = Locking::mutex);

  // An operation is invoked on connection `conn` at server time `now`;
  // returns its id for end(). A connection runs one operation at a time.
  size_t begin(uint32_t conn, Operation op, std::optional<rel_time_t> now = std::nullopt);
  // Operation `id` returned `result` (which must not be pending).
  void end(size_t id, Result result, std::optional<rel_time_t> now = std::nullopt);

  // Room for `operations` entries up front: a long run's history then never
  // moves (each doubling copied it to fresh pages, ~40% of the page faults
  // of a 20,000-operation run).
  void reserve(size_t operations);

  // What has been recorded, moved out (the recorder is left empty);
  // operations not ended yet are pending.
  History take();

 private:
  // Connections may record from several threads; the lock is taken unless
  // the caller serializes them.
  std::unique_lock<std::mutex> lock() const;
  mutable std::mutex mutex_;
  Locking locking_ = Locking::mutex;
  History history_;
  uint64_t next_step_ = 1;
};

}  // namespace enginesim::model
