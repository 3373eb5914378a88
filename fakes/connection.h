// connection.h - a simulated client connection; its address is the cookie
// the engine sees.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
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

// A core worker thread that serves several connections (`--workers N`
// fewer than the connections). memcached's worker is one libevent thread:
// it runs one connection's state machine at a time, and when an engine call
// returns EWOULDBLOCK it stops driving that connection (`conn_nread`:
// `event_del`, memcached.c@82fb476) and goes on with its other connections
// until the notify's wake-up brings the blocked one back
// (`thread_libevent_process`, daemon/thread.c@1b4ba6b; the 2010 thread.c is
// not in the index). The fake core gives each connection its own controlled
// thread; `turn` is the worker itself: held while a connection's action
// runs, let go while it waits for its notify.
struct SharedWorker {
  std::mutex turn;
  // LOCK_THREAD(thr): one lock per worker thread, for all its connections.
  std::mutex thread_mutex;
};

// One connection = one cookie. Only the Core mutates it, under Core's lock
// (except the two sinks below).
struct Connection {
  Core* core = nullptr;
  uint64_t id = 0;       // 1, 2, ... in order of connect()
  int socket_fd = -1;    // the lowest free from 30, as accept(2); -1 once closing
  std::string username;  // auth data
  std::string auth_config;
  void* engine_specific = nullptr;
  bool tap_nack_mode = false;

  ConnState state = ConnState::idle;
  // A notify that arrived while the call was still running (allowed: the
  // engine's thread may finish before the call returns EWOULDBLOCK).
  bool early_notify = false;
  // 1.6.0-beta1's SERVER_COOKIE_API reserve() minus release(): memcached
  // counts them in the connection's refcount, and a closing connection with
  // a reserved cookie runs ON_DISCONNECT but stays allocated, its cookie
  // valid, until the last release (daemon/memcached.c@1b4ba6b
  // reserve_cookie, conn_closing -> conn_pending_close; conn_close only at
  // refcount 1).
  int reserved = 0;
  // The running call is one whose EWOULDBLOCK memcached answers at once,
  // never waiting for a notify (process_bin_flush; the remove after a SET's
  // failed allocate, process_bin_update). Set by EngineClient around the
  // call; Core::end_call and the contract monitor read it as it returns.
  std::atomic<bool> call_unwaited{false};
  // Such a call returned EWOULDBLOCK: the next notify for the connection is
  // the one it still owes, dropped whatever the connection does by then and
  // not counted as a misuse (Core::accept_notify).
  bool unwaited_block = false;
  ENGINE_ERROR_CODE notify_status = ENGINE_SUCCESS;
  uint64_t notify_count = 0;      // accepted notifications
  uint64_t bad_notify_count = 0;  // notifies the core had to ignore
  uint64_t ewouldblock_count = 0;
  // EngineClient commands in progress on the connection, nested ones (the
  // core's own incr/decr) included: ON_SWITCH_CONN fires at the outermost.
  int command_depth = 0;
  // The lock of the connection's worker thread in memcached's notify
  // hand-off (LOCK_THREAD in notify_io_complete, `me->mutex` where the worker
  // takes its pending_io list: daemon/thread.c@1b4ba6b). A pthread mutex, so a
  // scheduling point and a happens-before edge under the scheduler: the
  // notifier's writes before the notify happen before the re-call. Waited on
  // with notified_cv.
  // With a shared worker, the worker's (SharedWorker::thread_mutex) is used
  // instead: Core::thread_lock.
  std::mutex thread_mutex;
  std::condition_variable notified_cv;
  // The worker this connection shares with others, or null (its own).
  std::shared_ptr<SharedWorker> shared_worker;
  // Where ADD_STAT / ADD_RESPONSE calls for this cookie land while a
  // get_stats / unknown_command is in progress (set by EngineClient, without
  // the core's lock: atomic, because an engine thread may call ADD_STAT late).
  std::atomic<void*> stats_sink{nullptr};
  std::atomic<void*> response_sink{nullptr};
};

}  // namespace enginesim
