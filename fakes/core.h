// core.h - the fake memcached core: the server API an engine sees
// (SERVER_HANDLE_V1), the connections (cookies), the virtual clock, captured
// logs, callbacks, extensions and stats.
//
// The server API is a table of C functions without a context argument, so the
// functions find the core through Core::active(): exactly one Core exists in a
// process at a time (runs that need several engines fork). Everything else
// reaches the core through a reference passed down, never a global.
//
// Thread safety: engine threads may call the server API at any time; every
// public member takes the core's lock unless it says otherwise. That lock is
// the harness's bookkeeping, never a scheduling point (spin_lock.h): memcached's
// core takes no lock of its own around an engine call (process_bin_get in
// daemon/memcached.c@1b4ba6b calls settings.engine.v1->get directly), so it
// must not order two connections' calls either. The one lock the real core
// does take on an operation's path is the worker thread's, in the notify
// hand-off (Connection::thread_mutex, or its SharedWorker's: thread_lock()).
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "clock.h"
#include "connection.h"
#include "core_conventions.h"
#include "enginesim/spin_lock.h"
#include "log_capture.h"
#include "memcached/engine.h"

namespace enginesim {

struct CoreOptions {
  time_t epoch_unix_sec = VirtualClock::kDefaultEpochUnixSec;
  // memcached's clock, or engine_testapp's mock server's for testapp.
  ClockRules clock_rules = ClockRules::daemon();
  // memcached's without -v: settings.verbose 0 reads as WARNING
  // (get_log_level, memcached.c@82fb476:6191-6202).
  EXTENSION_LOG_LEVEL log_level = EXTENSION_LOG_WARNING;
  bool echo_logs = false;
  // Real-time limit on waiting for a notify_io_complete when no scheduler
  // controls the engine's threads. Past it the operation ends as "lost".
  uint32_t notify_timeout_ms = 5000;
  // What the real core of the engine's ABI profile does (the loader sets it
  // from --abi; see core_conventions.h).
  CoreConventions conventions = {};
};

// What the core does when an operation's engine call returned EWOULDBLOCK.
struct BlockOutcome {
  bool notified = false;                     // false: no notify within the limit
  ENGINE_ERROR_CODE status = ENGINE_FAILED;  // the status the engine notified
};

// Counts of notify_io_complete calls the core could not act on.
struct NotifyAnomalies {
  uint64_t unknown_cookie = 0;  // not a cookie of this core
  uint64_t not_waiting = 0;     // the connection had no blocked call
  uint64_t closed = 0;          // of those, the connection was closed
  uint64_t double_notify = 0;   // a second notify for the same block
};

class Core {
 public:
  explicit Core(CoreOptions options = {});
  ~Core();
  // The engine this core served crashed (its threads are stopped for good,
  // `--faults crash`): the core stops being the process's one live Core, so
  // that a new Core can serve the restarted engine. It is never destroyed
  // afterwards (the stopped threads may still point into it): leak it.
  void retire_after_crash();
  Core(const Core&) = delete;
  Core& operator=(const Core&) = delete;

  // The one live core, for the C entry points of the server API; null when
  // none exists.
  static Core* active();

  // --- what the engine sees ---------------------------------------------
  // The server API table of this core. No pointer in it is NULL.
  SERVER_HANDLE_V1* server_api() { return &handle_; }
  // The function create_instance receives. It returns the table installed
  // with set_server_api_override (a monitoring proxy) if any, else
  // server_api().
  static GET_SERVER_API get_server_api_function();
  void set_server_api_override(SERVER_HANDLE_V1* proxy) { override_ = proxy; }
  SERVER_HANDLE_V1* override_or_self();
  // SERVER_HANDLE_V1::engine is a forwarding handle that exists from the
  // start (no NULL pointer, even in a copy taken inside create_instance);
  // set_engine points it at the engine once create_instance succeeded.
  void set_engine(ENGINE_HANDLE* engine);
  ENGINE_HANDLE* engine() const { return engine_; }

  // --- time, logs ----------------------------------------------------------
  VirtualClock& clock() { return clock_; }  // not locked: the driver owns time
  // Not locked: set by the loader before the engine is created, then read only.
  const CoreConventions& conventions() const { return options_.conventions; }
  void set_conventions(const CoreConventions& conventions) { options_.conventions = conventions; }
  LogCapture& logs() { return logs_; }
  EXTENSION_LOG_LEVEL log_level() const;
  // SERVER_LOG_API.set_level: sets it and fires nothing, as memcached's
  // set_log_level (memcached.c@82fb476:6204-6213).
  void set_log_level(EXTENSION_LOG_LEVEL level);
  // A client's verbosity command: sets the level and fires ON_LOG_LEVEL with
  // no data and no cookie (memcached.c@82fb476:4224-4225 ascii `verbosity`;
  // daemon/memcached.c@1b4ba6b process_bin_verbosity for binary 0x1b too).
  void verbosity_command(EXTENSION_LOG_LEVEL level);
  // memcached's settings.verbose and the log level it stands for, both ways
  // (get_log_level and set_log_level, memcached.c@82fb476:6191-6213).
  static EXTENSION_LOG_LEVEL level_of_verbosity(uint32_t verbose);
  static uint32_t verbosity_of(EXTENSION_LOG_LEVEL level);
  // A libevent event for `conn` begins: memcached's event_handler fires
  // ON_SWITCH_CONN with the connection as data and cookie at every entry
  // (memcached.c@82fb476:5239). The fake fires it once per client command.
  void switch_conn(Connection& conn);

  // --- connections -----------------------------------------------------------
  // Opens a connection and fires ON_CONNECT. The reference stays valid for
  // the core's lifetime (closed connections are kept, state closed).
  Connection& connect(const std::string& username = "");
  // Fires ON_DISCONNECT (with the cookie still valid) and closes it.
  void disconnect(Connection& conn);
  // The connection behind a cookie, or null when it is not one of ours.
  Connection* from_cookie(const void* cookie);
  // True when `cookie` is one of ours and not yet disconnected.
  bool is_open(const void* cookie);
  // True when the engine may still use `cookie`: open, or closed while
  // reserved (Connection::reserved).
  bool cookie_valid(const void* cookie);
  // 1.6.0-beta1's reserve and release of a cookie (harness/abi/adapter.cpp);
  // a cookie that is no connection of ours is ignored.
  void reserve(const void* cookie);
  void release_reserved(const void* cookie);
  std::vector<Connection*> connections();
  // The cookie's engine-specific slot (store_engine_specific and friends).
  void set_engine_specific(Connection& conn, void* data);
  void* engine_specific(Connection& conn);

  // --- the EWOULDBLOCK protocol, used by EngineClient -------------------------
  // An engine call for `conn` starts / returned `status`. For a call the core
  // does not wait out (Connection::call_unwaited) an EWOULDBLOCK is answered
  // at once, as memcached answers a flush's (core_statuses.h): the connection
  // is idle again, and the one notify the engine may still send for it is
  // dropped (Connection::unwaited_block).
  void begin_call(Connection& conn);
  void end_call(Connection& conn, ENGINE_ERROR_CODE status);
  // After end_call(EWOULDBLOCK): waits until the engine notifies (or the
  // limit passes) and leaves the connection idle. A connection on a shared
  // worker lets the worker's turn go meanwhile and has it again on return.
  BlockOutcome await_notify(Connection& conn);
  // The engine's notify_io_complete.
  void notify_io_complete(const void* cookie, ENGINE_ERROR_CODE status);
  // memcached's LOCK_THREAD for `conn`: its worker thread's lock, which
  // notify_io_complete takes and a command holds around its engine calls
  // (WorkerLock).
  static std::mutex& thread_lock(Connection& conn);
  NotifyAnomalies notify_anomalies() const;

  // --- callbacks, extensions, stats, shutdown ------------------------------
  void register_callback(ENGINE_HANDLE* engine, ENGINE_EVENT_TYPE type, EVENT_CALLBACK cb,
                         const void* cb_data);
  // Calls every callback registered for `type` (outside the core's lock).
  void perform_callbacks(ENGINE_EVENT_TYPE type, const void* data, const void* cookie);
  size_t callback_count(ENGINE_EVENT_TYPE type) const;
  // Drops every callback registered under `engine` (it was destroyed).
  void forget_callbacks_of(ENGINE_HANDLE* engine);
  // Callbacks not called because their engine's module was unloaded.
  uint64_t unmapped_callbacks_skipped() const;

  bool register_extension(extension_type_t type, void* extension);
  void unregister_extension(extension_type_t type, void* extension);
  void* get_extension(extension_type_t type);

  void* new_stats();
  void release_stats(void* stats);
  size_t live_stats_blocks() const;
  void evicting(const void* cookie, const void* key, int nkey);
  uint64_t evictions() const;

  void request_shutdown();
  bool shutdown_requested() const;

 private:
  struct Callback {
    ENGINE_HANDLE* engine;
    EVENT_CALLBACK cb;
    const void* cb_data;
  };

  CoreOptions options_;
  VirtualClock clock_;
  LogCapture logs_;
  SERVER_HANDLE_V1 handle_{};
  SERVER_HANDLE_V1* override_ = nullptr;
  ENGINE_HANDLE* engine_ = nullptr;

  // Takes lock_ and updates `conn` for a notify; true when a waiting worker
  // must be woken. The caller holds thread_lock(conn).
  bool accept_notify(Connection& conn, ENGINE_ERROR_CODE status);
  // The connection behind `cookie`, or null; the caller holds lock_.
  Connection* find_locked(const void* cookie);
  mutable SpinLock lock_;
  std::deque<Connection> connections_;  // deque: stable addresses
  std::array<std::vector<Callback>, MAX_ENGINE_EVENT_TYPE> callbacks_;
  std::vector<EXTENSION_DAEMON_DESCRIPTOR*> daemons_;
  std::vector<EXTENSION_ASCII_PROTOCOL_DESCRIPTOR*> ascii_;
  EXTENSION_LOGGER_DESCRIPTOR* logger_;
  std::vector<void*> stats_blocks_;
  NotifyAnomalies anomalies_;
  EXTENSION_LOG_LEVEL log_level_;
  uint64_t evictions_ = 0;
  uint64_t unmapped_callbacks_skipped_ = 0;
  bool shutdown_ = false;
};

// Human-readable name of an engine status ("ENGINE_KEY_ENOENT"); unknown
// values print as "ENGINE_ERROR_CODE(0x42)".
std::string status_name(ENGINE_ERROR_CODE status);
const char* store_op_name(ENGINE_STORE_OPERATION op);

}  // namespace enginesim
