// history.h - a concurrent history: which connection invoked which operation
// when, and what it got back; its versioned text file format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/model/model.h"
#include "harness/model/operation.h"

namespace enginesim::model {

struct HistoryEntry {
  uint32_t conn = 0;
  // Global step order: every call and return has its own step number.
  uint64_t call_step = 0;
  std::optional<uint64_t> return_step;  // nullopt: never returned (pending)
  // The server time (get_current_time) at the call and the return, when
  // recorded; the call time is when the core converted a relative exptime.
  std::optional<rel_time_t> call_time;
  std::optional<rel_time_t> return_time;
  Operation op;
  Result result;  // completion == pending exactly when !return_step

  bool operator==(const HistoryEntry&) const = default;
};

struct History {
  ModelOptions model;                  // what the engine under test promises
  rel_time_t start_time = kStartTime;  // server time before the first op
  std::vector<HistoryEntry> entries;   // in call-step order

  bool operator==(const History&) const = default;
};

// The file format, version 1:
//   enginesim-history 1
//   # comments and blank lines are ignored
//   options cas_feature=1 may_evict=0 process_started=1699999998 item_size_max=1048578 key_max=250
//   start_time=2 conn=1 call=3 ret=7 time=2..2 set "k" "v1" -> ENGINE_SUCCESS cas=5 conn=2 call=4
//   ret=- time=2..- append "k" "x" -> pending
// The options line is optional (defaults as above) and comes before the
// first entry; time= is optional and its return part may be '-'.
inline constexpr const char* kHistoryMagic = "enginesim-history";
inline constexpr int kHistoryVersion = 1;

std::string write_history(const History& history);
std::string entry_text(const HistoryEntry& entry);  // one entry line

struct ParseError {
  size_t line = 0;  // 1-based; 0 = not about a line (e.g. the file)
  std::string message;
  std::string describe() const;  // "line 7: ..."
};

// Parses and validates; on failure nullopt and *error.
std::optional<History> parse_history(std::string_view text, ParseError* error);
std::optional<History> read_history_file(const std::string& path, ParseError* error);

// The rules every recorded history keeps: call steps distinct from each
// other and from return steps, a return after its call, one operation at a
// time per connection, a pending operation last on its connection, a result
// that is pending exactly when there is no return, times not going back.
// Returns "" when they hold, else what is wrong and *bad = the entry index.
std::string validate(const History& history, size_t* bad);

}  // namespace enginesim::model
