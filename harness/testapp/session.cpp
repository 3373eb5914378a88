// session.cpp - the test_harness functions on the fake core: engines through
// the loader and the contract monitor, cookies as connections, waits for
// notify_io_complete as the core waits, the virtual clock for time_travel.
#include "harness/testapp/session.h"

#include "harness/proc/tmpdir_placeholder.h"

#include <cstdio>

#include "enginesim/check.h"
#include "fakes/engine_client.h"
#include "fakes/worker_lock.h"
#include "harness/monitor/rules.h"

namespace enginesim::testapp {
namespace {

Session* g_active = nullptr;

}  // namespace

std::string with_tmpdir(std::string config, const std::string& dir) {
  return substitute_tmpdir(std::move(config), dir);
}

namespace {

Session& active_or_die() {
  ES_CHECK_MSG(g_active != nullptr, "a test_harness function called outside a test");
  return *g_active;
}

// The C entry points of struct test_harness.
ENGINE_HANDLE_V1* c_start_engine(const char* path, const char* config, bool init) {
  return active_or_die().start_engine(path, config, init);
}
void c_reload_engine(ENGINE_HANDLE** h, ENGINE_HANDLE_V1** h1, const char* path, const char* config,
                     bool init, bool force) {
  active_or_die().reload_engine(h, h1, path, config, init, force);
}
const void* c_create_cookie() { return active_or_die().create_cookie(); }
void c_destroy_cookie(const void* cookie) { active_or_die().destroy_cookie(cookie); }
void c_set_ewouldblock_handling(const void* cookie, bool enable) {
  active_or_die().set_ewouldblock_handling(cookie, enable);
}
void c_lock_cookie(const void* cookie) { active_or_die().lock_cookie(cookie); }
void c_unlock_cookie(const void* cookie) { active_or_die().unlock_cookie(cookie); }
void c_waitfor_cookie(const void* cookie) { active_or_die().waitfor_cookie(cookie); }
void c_time_travel(int offset) { active_or_die().time_travel(offset); }

}  // namespace

CoreOptions testapp_core_options() {
  CoreOptions options;
  options.clock_rules = ClockRules::mock_server();
  return options;
}

Session::Session(Core& core, SessionConfig config,
                 std::function<void(const std::string&)> abort_test)
    : core_(core), config_(std::move(config)), abort_(std::move(abort_test)), monitor_(core) {
  ES_CHECK_MSG(g_active == nullptr, "one testapp session per process");
  g_active = this;
}

Session::~Session() { g_active = nullptr; }

Session* Session::active() { return g_active; }

struct test_harness Session::harness(const SessionConfig& config) {
  struct test_harness h {};
  h.engine_path = config.engine_path.c_str();
  h.default_engine_cfg = config.default_config.c_str();
  h.start_engine = c_start_engine;
  h.reload_engine = c_reload_engine;
  h.create_cookie = c_create_cookie;
  h.destroy_cookie = c_destroy_cookie;
  h.set_ewouldblock_handling = c_set_ewouldblock_handling;
  h.lock_cookie = c_lock_cookie;
  h.unlock_cookie = c_unlock_cookie;
  h.waitfor_cookie = c_waitfor_cookie;
  h.time_travel = c_time_travel;
  return h;
}

void Session::abort_test(const std::string& why) {
  abort_(why);
  ES_CHECK_MSG(false, "the abort handler of a testapp session returned");
  __builtin_unreachable();
}

LoadedEngine* Session::load(const std::string& path, const std::string& config, bool initialize) {
  LoadOptions options;
  options.config = with_tmpdir(config, config_.tmpdir);
  options.initialize = initialize;
  options.abi = config_.abi;
  options.wrap = monitor_.before_load();
  LoadError error{};
  auto engine = load_engine(path, core_, options, &error);
  if (!engine) abort_test("the engine did not load: " + error.message);
  engines_.push_back(std::move(engine));
  current_ = engines_.back().get();
  return current_;
}

ENGINE_HANDLE_V1* Session::start_engine(const char* path, const char* config, bool initialize) {
  load(path ? path : config_.engine_path, config ? config : config_.default_config, initialize);
  return suite_handle(current_->v1());
}

void Session::reload_engine(ENGINE_HANDLE** h, ENGINE_HANDLE_V1** h1, const char* path,
                            const char* config, bool initialize, bool /*force*/) {
  // `force` is memcached 1.6's destroy(handle, force): the loader calls each
  // profile's destroy the way its core does (force = false).
  destroy_current();
  ENGINE_HANDLE_V1* handle = start_engine(path, config, initialize);
  *h1 = handle;
  *h = reinterpret_cast<ENGINE_HANDLE*>(handle);
}

void Session::destroy_current() {
  if (current_ != nullptr && !current_->destroyed()) current_->destroy();
}

ENGINE_HANDLE* Session::target(const char* function) {
  if (current_ == nullptr || current_->destroyed()) {
    abort_test(std::string("h1->") + function + " called while no engine is loaded (after " +
               "destroy, or before start_engine)");
  }
  return current_->handle();
}

const void* Session::create_cookie() {
  Connection& conn = core_.connect();
  cookies_[&conn] = CookieState{};
  return &conn;
}

Connection& Session::connection(const void* cookie, const char* function) {
  Connection* conn = core_.from_cookie(cookie);
  if (conn == nullptr || cookies_.count(conn) == 0) {
    abort_test(std::string(function) + ": the cookie is not one create_cookie returned");
  }
  if (conn->state == ConnState::closed) {
    abort_test(std::string(function) + ": " + label(*conn) + " was destroyed by destroy_cookie");
  }
  return *conn;
}

std::string Session::label(const Connection& conn) const {
  return "cookie " + std::to_string(conn.id);
}

void Session::destroy_cookie(const void* cookie) {
  Connection& conn = connection(cookie, "destroy_cookie");
  if (conn.state != ConnState::idle) {
    abort_test("destroy_cookie: " + label(conn) + " still waits for notify_io_complete (" +
               to_string(conn.state) + "); wait for it with waitfor_cookie first");
  }
  core_.disconnect(conn);
}

void Session::set_ewouldblock_handling(const void* cookie, bool enable) {
  cookies_[&connection(cookie, "set_ewouldblock_handling")].handle_ewouldblock = enable;
}

void Session::lock_cookie(const void* cookie) {
  Connection& conn = connection(cookie, "lock_cookie");
  CookieState& state = cookies_[&conn];
  if (state.locked) {
    abort_test("lock_cookie: " + label(conn) +
               " is already locked (engine_testapp's cookie "
               "mutex is not recursive: this deadlocks)");
  }
  state.locked = true;
}

void Session::unlock_cookie(const void* cookie) {
  Connection& conn = connection(cookie, "unlock_cookie");
  CookieState& state = cookies_[&conn];
  if (!state.locked) abort_test("unlock_cookie: " + label(conn) + " is not locked");
  state.locked = false;
}

void Session::waitfor_cookie(const void* cookie) {
  Connection& conn = connection(cookie, "waitfor_cookie");
  if (conn.state != ConnState::waiting && conn.state != ConnState::notified) {
    abort_test("waitfor_cookie: the last call on " + label(conn) +
               " did not return ENGINE_EWOULDBLOCK, so no notify_io_complete will come "
               "(engine_testapp would wait forever here)");
  }
  const BlockOutcome out = core_.await_notify(conn);
  if (!out.notified) {
    abort_test("waitfor_cookie: the engine returned ENGINE_EWOULDBLOCK on " + label(conn) +
               " and never called notify_io_complete");
  }
}

void Session::time_travel(int offset_sec) {
  if (offset_sec < 0) {
    abort_test("time_travel(" + std::to_string(offset_sec) +
               "): the core's clock only moves forward");
  }
  core_.clock().advance_sec(static_cast<uint64_t>(offset_sec));
}

void Session::settle(Connection& conn, const char* function) {
  if (conn.state == ConnState::notified) {
    (void)core_.await_notify(conn);  // arrived: taken at once
    return;
  }
  if (conn.state != ConnState::idle) {
    abort_test(std::string("h1->") + function + " on " + label(conn) +
               " while its previous call still waits for notify_io_complete: memcached's "
               "core never calls the engine then (wait with waitfor_cookie first)");
  }
}

ENGINE_ERROR_CODE Session::blocking_call(const char* function, const void* cookie,
                                         const std::function<ENGINE_ERROR_CODE(const void*)>& fn) {
  ENGINE_HANDLE* engine = target(function);
  Connection* own = nullptr;
  if (cookie == nullptr) {
    own = &core_.connect();  // engine_testapp makes a cookie for the call
    cookies_[own] = CookieState{};
  }
  Connection& conn = own ? *own : connection(cookie, function);
  const CookieState state = cookies_[&conn];
  if (state.locked) {
    abort_test(std::string("h1->") + function + " on " + label(conn) +
               " after lock_cookie: engine_testapp's mock engine locks the cookie around "
               "every call, so this deadlocks there (unlock_cookie first)");
  }
  settle(conn, function);
  ENGINE_ERROR_CODE status;
  // engine_testapp's mock engine locks the cookie's mutex around every call,
  // and its notify_io_complete takes it too: the connection's own lock
  // (WorkerLock; a testapp cookie is a worker of its own).
  if (state.handle_ewouldblock) {
    EngineClient client(core_, engine);
    const CallOutcome out = client.call(conn, [&] { return fn(&conn); });
    if (out.notify_lost) {
      abort_test(std::string("h1->") + function + " on " + label(conn) +
                 " returned ENGINE_EWOULDBLOCK and the engine never called "
                 "notify_io_complete");
    }
    status = out.status;
  } else {
    WorkerLock region(conn);
    core_.begin_call(conn);
    status = fn(&conn);
    core_.end_call(conn, status);
  }
  if (own != nullptr && own->state == ConnState::idle) core_.disconnect(*own);
  return status;
}

std::vector<Finding> Session::finish() {
  for (auto& [conn, state] : cookies_) {
    (void)state;
    if (conn->state == ConnState::idle) core_.disconnect(*const_cast<Connection*>(conn));
  }
  for (auto& engine : engines_) {
    if (!engine->destroyed()) engine->destroy();
  }
  std::vector<Finding> out;
  for (const conformance::ContractFinding& f : monitor_.finish()) {
    if (!fails_at(rules::level_of(f.rule), config_.level)) continue;
    out.push_back({f.rule, f.message, f.history});
  }
  return out;
}

}  // namespace enginesim::testapp
