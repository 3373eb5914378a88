// history_recorder.cpp - step numbering of calls and returns.
#include "harness/model/history_recorder.h"

#include "enginesim/check.h"

namespace enginesim::model {

HistoryRecorder::HistoryRecorder(ModelOptions model, rel_time_t start_time, Locking locking)
    : locking_(locking) {
  history_.model = model;
  history_.start_time = start_time;
}

std::unique_lock<std::mutex> HistoryRecorder::lock() const {
  if (locking_ == Locking::caller_serializes) return {};
  return std::unique_lock<std::mutex>(mutex_);
}

size_t HistoryRecorder::begin(uint32_t conn, Operation op, std::optional<rel_time_t> now) {
  const auto held = lock();
  HistoryEntry e;
  e.conn = conn;
  e.call_step = next_step_++;
  e.call_time = now;
  e.op = std::move(op);
  e.result = results::pending();
  history_.entries.push_back(std::move(e));
  return history_.entries.size() - 1;
}

void HistoryRecorder::end(size_t id, Result result, std::optional<rel_time_t> now) {
  const auto held = lock();
  ES_CHECK(id < history_.entries.size());
  HistoryEntry& e = history_.entries[id];
  ES_CHECK_MSG(!e.return_step, "an operation ended twice");
  ES_CHECK_MSG(result.completion != Completion::pending, "end() with a pending result");
  e.return_step = next_step_++;
  e.return_time = e.call_time ? now : std::nullopt;
  e.result = std::move(result);
}

void HistoryRecorder::reserve(size_t operations) {
  const auto held = lock();
  history_.entries.reserve(operations);
}

History HistoryRecorder::take() {
  const auto held = lock();
  History out = std::move(history_);
  history_ = History{};
  history_.model = out.model;
  history_.start_time = out.start_time;
  return out;
}

}  // namespace enginesim::model
