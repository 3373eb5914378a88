// connection.h - a simulated client connection; its address is the cookie
// the engine sees.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

#include "memcached/types.h"

namespace enginesim {

class Core;

// Where a connection is in the EWOULDBLOCK protocol.
enum class ConnState {
  idle,      // no operation in progress
  in_call,   // the core is inside an engine call for this connection
  waiting,   // the engine returned EWOULDBLOCK; no notify yet
  notified,  // notify_io_complete arrived; the core has not acted on it yet
  closed     // disconnected; the cookie must not be used again
};
const char* to_string(ConnState state);

// One connection = one cookie. Only the Core mutates it, under Core's lock
// (except the two sinks below).
struct Connection {
  Core* core = nullptr;
  uint64_t id = 0;       // 1, 2, ... in order of connect()
  int socket_fd = -1;    // distinct per connection, never a real fd
  std::string username;  // auth data
  std::string auth_config;
  void* engine_specific = nullptr;
  bool tap_nack_mode = false;

  ConnState state = ConnState::idle;
  // A notify that arrived while the call was still running (allowed: the
  // engine's thread may finish before the call returns EWOULDBLOCK).
  bool early_notify = false;
  ENGINE_ERROR_CODE notify_status = ENGINE_SUCCESS;
  uint64_t notify_count = 0;      // accepted notifications
  uint64_t bad_notify_count = 0;  // notifies the core had to ignore
  uint64_t ewouldblock_count = 0;
  // The lock of the connection's worker thread in memcached's notify
  // hand-off (LOCK_THREAD in notify_io_complete, `me->mutex` where the worker
  // takes its pending_io list: daemon/thread.c@1b4ba6b). A pthread mutex, so a
  // scheduling point and a happens-before edge under the scheduler: the
  // notifier's writes before the notify happen before the re-call. Waited on
  // with notified_cv.
  std::mutex thread_mutex;
  std::condition_variable notified_cv;
  // Where ADD_STAT / ADD_RESPONSE calls for this cookie land while a
  // get_stats / unknown_command is in progress (set by EngineClient, without
  // the core's lock: atomic, because an engine thread may call ADD_STAT late).
  std::atomic<void*> stats_sink{nullptr};
  std::atomic<void*> response_sink{nullptr};
};

}  // namespace enginesim
