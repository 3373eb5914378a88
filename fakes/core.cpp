// core.cpp - the fake core's state: connections, the EWOULDBLOCK protocol,
// extensions, stats (the events it fires: core_events.cpp).
#include "core.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "engine_forwarder.h"
#include "enginesim/check.h"
#include "worker_lock.h"

namespace enginesim {

EXTENSION_LOGGER_DESCRIPTOR* core_logger_descriptor();  // server_api.cpp
void fill_server_api(SERVER_HANDLE_V1* handle);         // server_api.cpp

namespace {
std::atomic<Core*> g_active{nullptr};
// A client's socket is the lowest descriptor free when accept(2) returns
// it, after memcached's own (stdio, its event bases, the workers' notify
// pipes, the listening sockets: some twenty to thirty in the 2010 core),
// and a closed one's number comes back. An engine that keeps state in an
// array indexed by fd, sized by maxconns, relies on both. Never a real fd
// of this process: nothing is done with it but handing it to the engine.
constexpr int kFirstSocketFd = 30;
}  // namespace

const char* to_string(ConnState state) {
  switch (state) {
    case ConnState::idle: return "idle";
    case ConnState::in_call: return "in_call";
    case ConnState::waiting: return "waiting";
    case ConnState::notified: return "notified";
    case ConnState::closed: return "closed";
  }
  return "?";
}

Core::Core(CoreOptions options)
    : options_(options),
      clock_(options.epoch_unix_sec, options.clock_rules),
      logger_(core_logger_descriptor()),
      log_level_(options.log_level) {
  Core* expected = nullptr;
  ES_CHECK_MSG(g_active.compare_exchange_strong(expected, this),
               "only one Core may exist in a process at a time");
  logs_.set_echo(options.echo_logs);
  fill_server_api(&handle_);
}

Core::~Core() {
  set_forwarder_target(nullptr);
  std::lock_guard<SpinLock> lock(lock_);
  for (void* block : stats_blocks_) std::free(block);
  g_active.store(nullptr);
}

void Core::retire_after_crash() {
  set_forwarder_target(nullptr);
  Core* expected = this;
  ES_CHECK_MSG(g_active.compare_exchange_strong(expected, nullptr),
               "retire_after_crash on a core that is not the live one");
}

Core* Core::active() { return g_active.load(); }

void Core::set_engine(ENGINE_HANDLE* engine) {
  engine_ = engine;
  set_forwarder_target(engine);
}

namespace {
SERVER_HANDLE_V1* get_server_api_entry() {
  Core* core = Core::active();
  if (core == nullptr) {
    std::fprintf(stderr, "enginesim: get_server_api called with no core alive\n");
    return nullptr;
  }
  return core->override_or_self();
}
}  // namespace

SERVER_HANDLE_V1* Core::override_or_self() { return override_ != nullptr ? override_ : &handle_; }

GET_SERVER_API Core::get_server_api_function() { return &get_server_api_entry; }

EXTENSION_LOG_LEVEL Core::log_level() const {
  std::lock_guard<SpinLock> lock(lock_);
  return log_level_;
}

void Core::set_log_level(EXTENSION_LOG_LEVEL level) {
  std::lock_guard<SpinLock> lock(lock_);
  log_level_ = level;
}

Connection& Core::connect(const std::string& username) {
  Connection* conn;
  {
    std::lock_guard<SpinLock> lock(lock_);
    conn = &connections_.emplace_back();
    conn->core = this;
    conn->id = connections_.size();
    conn->socket_fd = kFirstSocketFd;
    for (bool taken = true; taken;) {
      taken = false;
      for (const Connection& other : connections_) {
        if (&other != conn && other.socket_fd == conn->socket_fd) taken = true;
      }
      if (taken) ++conn->socket_fd;
    }
    conn->username = username;
  }
  perform_callbacks(ON_CONNECT, nullptr, conn);
  return *conn;
}

void Core::disconnect(Connection& conn) {
  {
    std::lock_guard<SpinLock> lock(lock_);
    ES_CHECK_MSG(conn.state == ConnState::idle,
                 "disconnect of a connection with an operation in progress");
  }
  {
    // conn_close closes the socket and sets c->sfd = -1 before it runs the
    // ON_DISCONNECT callbacks (memcached.c@82fb476:686, 695): get_socket_fd
    // answers -1 in them, and the number is free for the next connection.
    std::lock_guard<SpinLock> lock(lock_);
    conn.socket_fd = -1;
  }
  perform_callbacks(ON_DISCONNECT, nullptr, &conn);
  std::lock_guard<SpinLock> lock(lock_);
  conn.state = ConnState::closed;
}

Connection* Core::find_locked(const void* cookie) {
  for (Connection& conn : connections_) {
    if (&conn == cookie) return &conn;
  }
  return nullptr;
}

Connection* Core::from_cookie(const void* cookie) {
  std::lock_guard<SpinLock> lock(lock_);
  return find_locked(cookie);
}

bool Core::is_open(const void* cookie) {
  std::lock_guard<SpinLock> lock(lock_);
  const Connection* conn = find_locked(cookie);
  return conn != nullptr && conn->state != ConnState::closed;
}

bool Core::cookie_valid(const void* cookie) {
  std::lock_guard<SpinLock> lock(lock_);
  const Connection* conn = find_locked(cookie);
  return conn != nullptr && (conn->state != ConnState::closed || conn->reserved > 0);
}

void Core::reserve(const void* cookie) {
  std::lock_guard<SpinLock> lock(lock_);
  if (Connection* conn = find_locked(cookie)) ++conn->reserved;
}

void Core::release_reserved(const void* cookie) {
  std::lock_guard<SpinLock> lock(lock_);
  Connection* conn = find_locked(cookie);
  if (conn != nullptr && conn->reserved > 0) --conn->reserved;
}

std::vector<Connection*> Core::connections() {
  std::lock_guard<SpinLock> lock(lock_);
  std::vector<Connection*> out;
  for (Connection& conn : connections_) out.push_back(&conn);
  return out;
}

void Core::set_engine_specific(Connection& conn, void* data) {
  std::lock_guard<SpinLock> lock(lock_);
  conn.engine_specific = data;
}

void* Core::engine_specific(Connection& conn) {
  std::lock_guard<SpinLock> lock(lock_);
  return conn.engine_specific;
}

void Core::begin_call(Connection& conn) {
  std::lock_guard<SpinLock> lock(lock_);
  ES_CHECK_MSG(conn.state == ConnState::idle, "engine call on a busy connection");
  conn.state = ConnState::in_call;
  conn.early_notify = false;
}

void Core::end_call(Connection& conn, ENGINE_ERROR_CODE status) {
  std::lock_guard<SpinLock> lock(lock_);
  ES_CHECK(conn.state == ConnState::in_call);
  if (status != ENGINE_EWOULDBLOCK || conn.call_unwaited) {
    if (status == ENGINE_EWOULDBLOCK) {
      // Answered at once: a notify during the call was the one it owed;
      // otherwise one later notify is due and will be dropped.
      conn.unwaited_block = !conn.early_notify;
    } else if (conn.early_notify) {
      // A notify that arrived during a call that did not block answers nothing.
      ++anomalies_.not_waiting;
    }
    conn.early_notify = false;
    conn.state = ConnState::idle;
    return;
  }
  ++conn.ewouldblock_count;
  conn.state = conn.early_notify ? ConnState::notified : ConnState::waiting;
  conn.early_notify = false;
}

std::mutex& Core::thread_lock(Connection& conn) {
  return conn.shared_worker ? conn.shared_worker->thread_mutex : conn.thread_mutex;
}

BlockOutcome Core::await_notify(Connection& conn) {
  // A shared worker serves its other connections meanwhile (SharedWorker).
  // Its turn is let go before the wait and taken again after the pick-up,
  // never while holding the thread lock.
  SharedWorker* worker = conn.shared_worker.get();
  if (worker != nullptr) worker->turn.unlock();
  BlockOutcome out;
  {
    // The worker sleeps until the notify's wake-up, then holds its thread's
    // lock to pick the connection up, as memcached's worker takes `me->mutex`
    // to take its pending_io list (thread_libevent_process,
    // daemon/thread.c@1b4ba6b) before it re-runs the connection.
    std::unique_lock<std::mutex> thread_guard(thread_lock(conn));
    const auto notified = [&] {
      std::lock_guard<SpinLock> lock(lock_);
      ES_CHECK(conn.state == ConnState::waiting || conn.state == ConnState::notified);
      return conn.state == ConnState::notified;
    };
    const auto limit = std::chrono::milliseconds(options_.notify_timeout_ms);
    conn.notified_cv.wait_for(thread_guard, limit, notified);
    std::lock_guard<SpinLock> lock(lock_);
    out.notified = conn.state == ConnState::notified;
    out.status = conn.notify_status;
    conn.state = ConnState::idle;
  }
  if (worker != nullptr) worker->turn.lock();
  return out;
}

void Core::notify_io_complete(const void* cookie, ENGINE_ERROR_CODE status) {
  Connection* conn = from_cookie(cookie);
  if (conn == nullptr) {
    std::lock_guard<SpinLock> lock(lock_);
    ++anomalies_.unknown_cookie;
    return;
  }
  // memcached's notify_io_complete takes the lock of the connection's worker
  // thread (LOCK_THREAD(thr), daemon/thread.c@1b4ba6b): a step, the
  // hand-off's happens-before edge to the worker that picks the notify up,
  // and a wait while the worker is inside an engine call (WorkerLock).
  if (WorkerLock::held_here(*conn)) {
    // Made inside an engine call of the connection's worker, on its thread:
    // memcached deadlocks here on its own lock. The monitor reports it
    // (notify.synchronous); the fake core takes the notify without the lock.
    if (accept_notify(*conn, status)) conn->notified_cv.notify_all();
    return;
  }
  std::lock_guard<std::mutex> thread_guard(thread_lock(*conn));
  if (accept_notify(*conn, status)) conn->notified_cv.notify_all();
}

bool Core::accept_notify(Connection& conn, ENGINE_ERROR_CODE status) {
  std::lock_guard<SpinLock> lock(lock_);
  if (conn.unwaited_block) {
    // The notify a block the core answered at once still owed, dropped
    // whatever the connection does now. memcached would wake the connection
    // if it waited for another call's notify by then, re-call it and wait
    // again (its "@todo fix this for the ASYNC interface!"): the client's
    // answer is the same, and the engine is not blamed for the core's doing.
    conn.unwaited_block = false;
    return false;
  }
  bool wake = false;
  switch (conn.state) {
    case ConnState::in_call:
      if (conn.early_notify) {
        ++anomalies_.double_notify;
        return false;
      }
      conn.early_notify = true;
      break;
    case ConnState::waiting:
      conn.state = ConnState::notified;
      wake = true;
      break;
    case ConnState::notified:
      // The connection still waits for its worker: memcached's notify finds
      // conn->ewouldblock set and writes conn->aiostat again, so the last
      // status is the one the worker acts on (2010-era thread.c, id
      // 15277365947; daemon/thread.c@1b4ba6b). The monitor reports it
      // (notify.double).
      ++anomalies_.double_notify;
      ++conn.bad_notify_count;
      conn.notify_status = status;
      return false;
    case ConnState::idle:
    case ConnState::closed:
      // A reserved cookie's connection is pending close, not gone: the
      // notify finds nothing to wake (daemon/memcached.c@1b4ba6b).
      if (conn.state == ConnState::closed && conn.reserved > 0) return false;
      ++anomalies_.not_waiting;
      if (conn.state == ConnState::closed) ++anomalies_.closed;
      ++conn.bad_notify_count;
      return false;
  }
  conn.notify_status = status;
  ++conn.notify_count;
  return wake;
}

NotifyAnomalies Core::notify_anomalies() const {
  std::lock_guard<SpinLock> lock(lock_);
  return anomalies_;
}

bool Core::register_extension(extension_type_t type, void* extension) {
  if (extension == nullptr) return false;
  std::lock_guard<SpinLock> lock(lock_);
  switch (type) {
    case EXTENSION_DAEMON:
      daemons_.push_back(static_cast<EXTENSION_DAEMON_DESCRIPTOR*>(extension));
      return true;
    case EXTENSION_LOGGER:
      logger_ = static_cast<EXTENSION_LOGGER_DESCRIPTOR*>(extension);
      return true;
    case EXTENSION_ASCII_PROTOCOL:
      ascii_.push_back(static_cast<EXTENSION_ASCII_PROTOCOL_DESCRIPTOR*>(extension));
      return true;
  }
  return false;
}

void Core::unregister_extension(extension_type_t type, void* extension) {
  std::lock_guard<SpinLock> lock(lock_);
  auto drop = [extension](auto& list) {
    std::erase_if(list, [extension](void* e) { return e == extension; });
  };
  switch (type) {
    case EXTENSION_DAEMON: drop(daemons_); break;
    case EXTENSION_ASCII_PROTOCOL: drop(ascii_); break;
    case EXTENSION_LOGGER:
      // The core's own logger comes back; the core never runs without one.
      if (logger_ == extension) logger_ = core_logger_descriptor();
      break;
  }
}

void* Core::get_extension(extension_type_t type) {
  std::lock_guard<SpinLock> lock(lock_);
  switch (type) {
    case EXTENSION_DAEMON: return daemons_.empty() ? nullptr : daemons_.front();
    case EXTENSION_LOGGER: return logger_;
    case EXTENSION_ASCII_PROTOCOL: return ascii_.empty() ? nullptr : ascii_.front();
  }
  return nullptr;
}

void* Core::new_stats() {
  // The real core's per-thread stats block is engine-defined; a zeroed
  // block of a generous size serves any engine that only counts in it.
  void* block = std::calloc(1, 4096);
  std::lock_guard<SpinLock> lock(lock_);
  stats_blocks_.push_back(block);
  return block;
}

void Core::release_stats(void* stats) {
  std::lock_guard<SpinLock> lock(lock_);
  auto it = std::find(stats_blocks_.begin(), stats_blocks_.end(), stats);
  if (it == stats_blocks_.end()) return;  // not ours: never free it
  std::free(*it);
  stats_blocks_.erase(it);
}

size_t Core::live_stats_blocks() const {
  std::lock_guard<SpinLock> lock(lock_);
  return stats_blocks_.size();
}

void Core::evicting(const void*, const void*, int) {
  std::lock_guard<SpinLock> lock(lock_);
  ++evictions_;
}

uint64_t Core::evictions() const {
  std::lock_guard<SpinLock> lock(lock_);
  return evictions_;
}

void Core::request_shutdown() {
  std::lock_guard<SpinLock> lock(lock_);
  shutdown_ = true;
}

bool Core::shutdown_requested() const {
  std::lock_guard<SpinLock> lock(lock_);
  return shutdown_;
}

std::string status_name(ENGINE_ERROR_CODE status) {
  switch (status) {
    case ENGINE_SUCCESS: return "ENGINE_SUCCESS";
    case ENGINE_KEY_ENOENT: return "ENGINE_KEY_ENOENT";
    case ENGINE_KEY_EEXISTS: return "ENGINE_KEY_EEXISTS";
    case ENGINE_ENOMEM: return "ENGINE_ENOMEM";
    case ENGINE_NOT_STORED: return "ENGINE_NOT_STORED";
    case ENGINE_EINVAL: return "ENGINE_EINVAL";
    case ENGINE_ENOTSUP: return "ENGINE_ENOTSUP";
    case ENGINE_EWOULDBLOCK: return "ENGINE_EWOULDBLOCK";
    case ENGINE_E2BIG: return "ENGINE_E2BIG";
    case ENGINE_WANT_MORE: return "ENGINE_WANT_MORE";
    case ENGINE_DISCONNECT: return "ENGINE_DISCONNECT";
    case ENGINE_EACCESS: return "ENGINE_EACCESS";
    case ENGINE_NOT_MY_VBUCKET: return "ENGINE_NOT_MY_VBUCKET";
    case ENGINE_TMPFAIL: return "ENGINE_TMPFAIL";
    case ENGINE_FAILED: return "ENGINE_FAILED";
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "ENGINE_ERROR_CODE(0x%x)", static_cast<unsigned>(status));
  return buf;
}

const char* store_op_name(ENGINE_STORE_OPERATION op) {
  switch (op) {
    case OPERATION_ADD: return "add";
    case OPERATION_SET: return "set";
    case OPERATION_REPLACE: return "replace";
    case OPERATION_APPEND: return "append";
    case OPERATION_PREPEND: return "prepend";
    case OPERATION_CAS: return "cas";
  }
  return "?";
}

}  // namespace enginesim
