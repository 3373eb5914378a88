// clause_context.h - what a clause works with: a fresh fake core, the engine
// loaded through the contract monitor, an EngineClient, connections opened on
// demand, and expect_* helpers that record "what: expected X, got Y".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/conformance/monitor_hook.h"
#include "harness/level.h"
#include "harness/loader.h"

namespace enginesim::conformance {

// Where a clause's engine comes from. `config` already has {tmpdir} replaced.
struct ClauseSetup {
  std::string engine_path;
  std::string config;
  uint32_t notify_timeout_ms = 5000;               // the core's wait for a notify
  abi::Profile abi = abi::Profile::tutorial_2010;  // every load uses it
  Level level = Level::required;  // monitor findings of strict rules below it are warnings
};

// One recorded failure.
struct Failure {
  std::string what, expected, got;
  std::string text() const { return what + ": expected " + expected + ", got " + got; }
};

// Thrown to end a clause early: after a failure that makes the rest
// meaningless (require), or to skip it. Caught by the runner only.
struct ClauseStop {};
struct ClauseSkip {
  std::string reason;
};

class ClauseContext {
 public:
  explicit ClauseContext(const ClauseSetup& setup);
  ~ClauseContext();
  ClauseContext(const ClauseContext&) = delete;
  ClauseContext& operator=(const ClauseContext&) = delete;

  Core& core() { return *core_; }
  const ClauseSetup& setup() const { return setup_; }

  // --- the engine under test -----------------------------------------------
  // Loads and initialises the engine on first use (later calls return it);
  // a load failure is recorded and ends the clause.
  LoadedEngine& engine();
  EngineClient& client();
  // Connection `index` (0, 1, ...), opened on first use.
  Connection& conn(size_t index = 0);
  // Loads another instance with custom options, config included (lifecycle
  // clauses), through the monitor like every load; null and `error` filled
  // on failure. The context owns every instance: teardown destroys them, and
  // their modules stay mapped while the context lives, so that a thread that
  // outlived destroy is reported rather than crashing in unmapped code.
  LoadedEngine* load(LoadOptions options, LoadError* error);
  // Disconnects every open connection and destroys every instance still
  // alive (idempotent).
  void teardown();
  bool has_feature(engine_feature_t feature);
  // The engine's item size limit: item_size_max from the config, or the
  // documented default (1 MiB + 2).
  size_t item_size_max() const;
  static constexpr size_t kDefaultItemSizeMax = 1024 * 1024 + 2;

  // --- shortcuts on connection 0 ----------------------------------------------
  OpResult get(std::string_view key) { return client().get(conn(), key); }
  OpResult store(ENGINE_STORE_OPERATION op, std::string_view key, std::string_view value,
                 uint32_t flags = 0, time_t exptime = 0, uint64_t cas = 0) {
    return client().store(conn(), op, key, value, flags, exptime, cas);
  }
  // A SET that must succeed (the clause ends otherwise); returns its CAS.
  uint64_t must_set(std::string_view key, std::string_view value, uint32_t flags = 0,
                    time_t exptime = 0);
  void advance_sec(uint64_t seconds) { core_->clock().advance_sec(seconds); }

  // --- outcomes ------------------------------------------------------------------
  void fail(std::string what, std::string expected, std::string got);
  [[noreturn]] void skip(std::string reason);
  // Ends the clause unless `held`.
  void require(bool held);
  const std::vector<Failure>& failures() const { return failures_; }
  MonitorHook& monitor() { return *monitor_; }

  // --- expectations: each records a failure when it does not hold ----------
  bool expect_true(const std::string& what, bool held, const std::string& expected,
                   const std::string& got);
  bool expect_status(const std::string& what, ENGINE_ERROR_CODE got, ENGINE_ERROR_CODE expected);
  bool expect_status(const std::string& what, const OpResult& got, ENGINE_ERROR_CODE expected);
  bool expect_ok(const std::string& what, const OpResult& got) {
    return expect_status(what, got, ENGINE_SUCCESS);
  }
  bool expect_eq(const std::string& what, uint64_t got, uint64_t expected);
  bool expect_eq(const std::string& what, std::string_view got, std::string_view expected);
  // A get of `key` that succeeds with `value` (and `flags`, when given).
  bool expect_value(std::string_view key, std::string_view value, Connection* on = nullptr);
  bool expect_value_flags(std::string_view key, std::string_view value, uint32_t flags);
  // A get of `key` that answers ENGINE_KEY_ENOENT.
  bool expect_missing(std::string_view key, Connection* on = nullptr);

 private:
  ClauseSetup setup_;
  std::unique_ptr<Core> core_;
  std::unique_ptr<MonitorHook> monitor_;
  std::vector<std::unique_ptr<LoadedEngine>> instances_;
  LoadedEngine* engine_ = nullptr;  // the instance engine() loaded
  std::unique_ptr<EngineClient> client_;
  std::vector<Connection*> conns_;
  std::vector<Failure> failures_;
};

// How results read in messages: status names, printable keys and values.
std::string show(const OpResult& r);
std::string printable(std::string_view bytes, size_t max_len = 48);

}  // namespace enginesim::conformance
