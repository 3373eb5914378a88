// session.h - the world one engine_testapp test runs in: a fake core, the
// engine loaded through the contract monitor, the handle the suite calls
// (mock_handle.cpp: every call passes the EWOULDBLOCK protocol as memcached's
// core performs it), cookies that are the core's connections, and the
// struct test_harness functions built on them.
//
// The harness functions and the handle are C function tables without a
// context argument: they find the session through active(); exactly one
// session exists in a (forked) process at a time, like the Core.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fakes/core.h"
#include "harness/abi/profile.h"
#include "harness/conformance/monitor_hook.h"
#include "harness/level.h"
#include "harness/loader.h"
#include "memcached/engine_testapp.h"

namespace enginesim::testapp {

// "{tmpdir}" in a config string the suite or the user gives: the one
// substitution every command uses (harness/proc/tmpdir_placeholder.h).
std::string with_tmpdir(std::string config, const std::string& dir);

// The core a test runs on: memcached's, with engine_testapp's mock-server
// clock, which its suites assume (get_current_time 0 as a test starts, 3
// days the largest relative exptime: ClockRules::mock_server).
CoreOptions testapp_core_options();

struct SessionConfig {
  std::string engine_path;
  std::string default_config;  // -e / --config, as given
  // Every "{tmpdir}" in a config the engine gets (the default, a test's cfg,
  // reload_engine's) becomes this directory: fresh for each test.
  std::string tmpdir;
  abi::Profile abi = abi::Profile::tutorial_2010;
  Level level = Level::required;  // monitor findings of strict rules below it are ignored
  bool lock_order = true;         // under a seed: the lock-order check (--no-lock-order)
};

// A contract-monitor finding that fails the test.
struct Finding {
  std::string rule, message, history;
};

class Session {
 public:
  // `abort_test` ends the test at once as a failure with the given text
  // (the free-thread child exits, a scheduled run fails); never returns.
  Session(Core& core, SessionConfig config, std::function<void(const std::string&)> abort_test);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  static Session* active();
  // The struct test_harness the suite gets: the C entry points, which find
  // the session of the running test; the strings point into `config`.
  static struct test_harness harness(const SessionConfig& config);
  // Ends the test: `why` is printed as the failure. Never returns.
  [[noreturn]] void abort_test(const std::string& why);

  // --- struct test_harness ------------------------------------------------
  ENGINE_HANDLE_V1* start_engine(const char* path, const char* config, bool initialize);
  void reload_engine(ENGINE_HANDLE** h, ENGINE_HANDLE_V1** h1, const char* path, const char* config,
                     bool initialize, bool force);
  const void* create_cookie();
  void destroy_cookie(const void* cookie);
  void set_ewouldblock_handling(const void* cookie, bool enable);
  void lock_cookie(const void* cookie);
  void unlock_cookie(const void* cookie);
  void waitfor_cookie(const void* cookie);
  void time_travel(int offset_sec);

  // --- for the suite's handle (mock_handle.cpp) -----------------------------
  // The current engine behind the contract monitor's proxy; aborts the test
  // when none is loaded or it was destroyed.
  ENGINE_HANDLE* target(const char* function);
  ENGINE_HANDLE_V1* target_v1(const char* function) {
    return reinterpret_cast<ENGINE_HANDLE_V1*>(target(function));
  }
  // One core->engine call that may block, as engine_testapp's mock engine
  // makes it: a NULL cookie gets a connection of its own for the call; with
  // EWOULDBLOCK handling on (the default) the call waits for the notify and
  // is made again after a SUCCESS one; off, EWOULDBLOCK goes back to the
  // suite, which waits with waitfor_cookie.
  ENGINE_ERROR_CODE blocking_call(const char* function, const void* cookie,
                                  const std::function<ENGINE_ERROR_CODE(const void*)>& fn);
  // A config string as the engine gets it: {tmpdir} is the test's directory.
  std::string engine_config(const char* config) const {
    return with_tmpdir(config ? config : "", config_.tmpdir);
  }
  // The suite's handle destroyed the engine itself (h1->destroy).
  void destroy_current();

  // --- the end of a test ------------------------------------------------------
  // Closes the connections still open, destroys every engine still alive
  // and returns the contract monitor's findings at the session's level.
  std::vector<Finding> finish();

 private:
  struct CookieState {
    bool handle_ewouldblock = true;
    bool locked = false;
  };
  Connection& connection(const void* cookie, const char* function);
  std::string label(const Connection& conn) const;
  LoadedEngine* load(const std::string& path, const std::string& config, bool initialize);
  // The connection's pending notify, when the suite makes its next call
  // without waitfor_cookie: taken if it arrived, else the test fails.
  void settle(Connection& conn, const char* function);

  Core& core_;
  SessionConfig config_;
  std::function<void(const std::string&)> abort_;
  conformance::MonitorHook monitor_;
  std::vector<std::unique_ptr<LoadedEngine>> engines_;
  LoadedEngine* current_ = nullptr;
  std::map<const Connection*, CookieState> cookies_;
};

// The handle the suite calls: `me` forwards to the session's current engine.
// The optional slots the engine leaves NULL are NULL here too.
ENGINE_HANDLE_V1* suite_handle(ENGINE_HANDLE_V1* engine);

}  // namespace enginesim::testapp
