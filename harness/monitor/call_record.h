// call_record.h - what the contract monitor keeps of every call across the
// engine API (either direction) and what a violation carries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/monitor/call_text.h"
#include "memcached/types.h"

namespace enginesim {

enum class CallSide {
  core_to_engine,  // an ENGINE_HANDLE_V1 slot
  engine_to_core   // a SERVER_HANDLE_V1 function, ADD_STAT, ADD_RESPONSE, the logger
};

// One call. Ticks come from one counter that advances when any call begins
// or returns, so records order into a timeline (later issues draw it).
struct CallRecord {
  uint64_t seq = 0;  // 1, 2, ... in the order calls began
  uint64_t begin_tick = 0;
  uint64_t end_tick = 0;  // 0 while the call has not returned
  CallSide side = CallSide::core_to_engine;
  int thread = 0;               // the monitor's thread number, 1 = first seen
  uint64_t conn = 0;            // the cookie's connection id; 0 = no cookie
  bool foreign_cookie = false;  // a cookie that is no connection of the core
  // "store", "cookie.notify_io_complete", "add_stat": always a string
  // literal (the proxies name each slot with one), so no copy per call.
  const char* function = "";
  CallText args;  // key="k", op=OPERATION_ADD, ...: text only when read
  // What it returned: the status of an ENGINE_ERROR_CODE function and what
  // came back with it (result_text() reads "ENGINE_SUCCESS item=0x..").
  std::optional<ENGINE_ERROR_CODE> status;
  CallText result;
  bool returned = false;
  bool quiet = false;  // clock/hash/log-level queries: left out of histories

  // "conn 2 thread 3: store(key=\"k\") -> ENGINE_EWOULDBLOCK"; engine->core
  // calls are prefixed "sapi." (server API) so the direction reads at once.
  std::string describe() const;
  std::string result_text() const;
};

struct Violation {
  std::string rule;                  // stable dotted id, see rules.h
  std::string message;               // what happened, with the values
  std::vector<std::string> history;  // the last calls leading there, oldest first
  uint64_t seq = 0;                  // the call during which it was found (0: at finish)
};

}  // namespace enginesim
