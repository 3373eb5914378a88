// monitor.h - the contract monitor: a proxy on both sides of the engine API
// that records every call and reports each breach of the contract as a
// Violation with a stable rule id (see rules.h).
//
// Use:
//   Core core;
//   ContractMonitor monitor(core);          // before load_engine
//   LoadOptions opts{.wrap = monitor.wrapper()};
//   auto engine = load_engine(path, core, opts, &err);
//   ... EngineClient client(core, engine->handle()); ...
//   engine->destroy(); monitor.finish();   // end-of-run checks
//   if (!monitor.clean()) std::cout << monitor.report();
//
// The server-API proxy is installed with Core::set_server_api_override, so
// create_instance receives it and every engine->core call passes here; wrap()
// gives the core a proxy ENGINE_HANDLE_V1 (NULL optional slots stay NULL).
// The C tables carry no context pointer: the proxies find the monitor through
// active(), so one monitor exists per process at a time, like the Core. The
// proxy tables themselves are static and outlive the monitor: a call that
// arrives after it died is forwarded unrecorded.
//
// Thread safety: every public member and every proxy takes the monitor's
// lock; no lock is held while the engine or the core runs.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sys/types.h>

#include "enginesim/spin_lock.h"
#include "fakes/core.h"
#include "harness/monitor/call_log.h"
#include "harness/monitor/call_record.h"
#include "harness/monitor/rules.h"
#include "memcached/engine.h"

namespace enginesim {

// A scheduler's account of the threads it controls (MonitorOptions::
// controlled_threads).
struct ControlledThreads {
  std::set<pid_t> tids;  // every one so far, finished or not
  // Those not finished, but the caller: each tid and where it waits.
  std::vector<std::pair<pid_t, std::string>> alive;
};

struct MonitorOptions {
  size_t history_calls = 20;            // calls kept in each violation's history
  size_t log_calls_max = 500000;        // beyond: the oldest records are dropped
  size_t violations_max = 200;          // beyond: counted, not kept
  uint32_t thread_exit_wait_ms = 1000;  // how long destroy's threads may take to vanish
  // lifecycle.memory_leak, by default: a heap block the engine module
  // allocated (since dlopen) is still alive after destroy returned. Needs
  // the malloc hooks (engine_heap.h): in the `enginesim` executable, not in
  // sanitizer builds; where they are missing nothing is checked.
  bool engine_heap_check = true;
  // lifecycle.memory_leak, opt-in byte census (the fallback for sanitizer
  // builds): heap growth from the monitor's construction to destroy's
  // return above this many bytes; 0 = not checked. The harness's own
  // allocations (logs, this call log) share the heap, so the limit must be
  // well above them (keep log_calls_max small).
  size_t heap_growth_max_bytes = 0;
  // notify.premature: a re-call after notify_io_complete(ENGINE_SUCCESS)
  // that blocks again. Off by default: memcached's core simply waits again,
  // so such an engine is slow, not wrong; on, it holds the engine to "a
  // SUCCESS notify means the result is ready" (enginesim --strict-notify).
  bool strict_notify = false;
  // Breaches of strict rules (rules.h) are violations only at Level::strict;
  // below it they are kept as warnings (warnings()), and clean() ignores them.
  Level level = Level::required;
  // Observers for reports (null: none): each call when it begins and when it
  // returns (record.returned tells which), each violation when found. They
  // run with the monitor's lock held, on the calling thread: they must not
  // call the engine, the core or the monitor.
  std::function<void(const CallRecord& record)> on_call;
  std::function<void(const Violation& violation)> on_violation;
  // Called as every engine->core call begins (before the monitor records it)
  // and as it returns to the engine (after), outside the monitor's lock
  // (null: none). The simulation makes each a scheduling point: the engine's
  // thread may be preempted as it calls into the core and as it goes back to
  // its own code, wherever that is (inside its critical sections, or on its
  // way out after a notify).
  std::function<void()> on_sapi_boundary;
  // Called as every core->engine call begins, before the monitor records it,
  // outside its lock (null: none). The simulation makes it a scheduling
  // point: another connection or an engine thread may run between any two
  // calls of a connection, as between its operations.
  std::function<void()> on_core_call;
  // In a scheduled run (null otherwise): lifecycle.thread_leak takes the
  // scheduler's word for its threads. They are left out of /proc's listing
  // (a parked thread never exits by itself; a finished one may linger there
  // a moment), and each one alive is reported at once, without the wait.
  // `sites`: name where each waits (addr2line; only when it fails the run).
  std::function<ControlledThreads(bool sites)> controlled_threads;
};

class ContractMonitor {
 public:
  explicit ContractMonitor(Core& core, MonitorOptions options = {});
  ~ContractMonitor();
  // The monitored engine crashed (`--faults crash`): this monitor stops being
  // the process's active one, so that a new one can watch the restarted
  // engine. It is never destroyed or finished afterwards: leak it.
  void retire_after_crash();
  ContractMonitor(const ContractMonitor&) = delete;
  ContractMonitor& operator=(const ContractMonitor&) = delete;

  // The live monitor, or null.
  static ContractMonitor* active();

  // The proxy for `engine` (a checked V1 handle); call once.
  ENGINE_HANDLE* wrap(ENGINE_HANDLE* engine);
  // wrap() as a LoadOptions::wrap function.
  std::function<ENGINE_HANDLE*(ENGINE_HANDLE*)> wrapper();

  // A thread the harness itself started after the monitor (a scheduler's
  // watchdog, a driver that never calls the engine): not the engine's, so
  // not a lifecycle.thread_leak when it outlives destroy. Threads that make
  // core->engine calls are recognised as the harness's without this.
  void exclude_thread(pid_t tid);

  // End-of-run checks: items never released (item.leak), cookies still
  // waiting for a notify (notify.lost). Idempotent; call after destroy.
  void finish();

  bool clean() const;
  std::vector<Violation> violations() const;
  // Breaches of strict rules below --level strict (not in violations()).
  std::vector<Violation> warnings() const;
  // How often `rule` was broken, including violations past violations_max.
  size_t count(std::string_view rule) const;
  bool has(std::string_view rule) const { return count(rule) > 0; }
  // Text for people: "contract monitor: clean (123 calls)" or each violation
  // with its rule id, message and history.
  std::string report() const;
  // The recorded calls, oldest first (at most log_calls_max).
  std::vector<CallRecord> calls() const;
  uint64_t calls_dropped() const;

 private:
  friend struct EngineProxy;
  friend struct ServerProxy;

  struct ItemState {
    uint64_t refs = 0;  // handed out minus released
    bool from_allocate = false;
    std::string key;
    size_t nbytes = 0;          // allocate's nbytes (from_allocate only)
    uint32_t flags = 0;         // allocate's flags (from_allocate only)
    uint64_t handed_seq = 0;    // the call that handed it out last
    uint64_t released_seq = 0;  // the call that released it last
  };
  // Where one cookie is in the EWOULDBLOCK protocol, as the monitor saw it.
  struct CookieState {
    uint64_t conn = 0;
    bool in_call = false;                              // a core->engine call for it is running
    bool awaiting = false;                             // the last call blocked; no notify yet
    bool answered = false;                             // the last call blocked and was notified
    bool recall = false;                               // the running call follows an answered block
    bool recall_after_success = false;                 // ... a SUCCESS notify, same function
    ENGINE_ERROR_CODE notify_status = ENGINE_SUCCESS;  // the last notify's status
    bool after_recall = false;            // idle since such a call returned without blocking
    int early_notifies = 0;               // notifies during the running call
    int early_repeats = 0;                // ... of which repeated an earlier notify
    bool notified_before = false;         // any notify for this cookie yet
    bool stored_since_notify = false;     // a non-null engine-specific since the last one
    uint64_t block_seq = 0;               // the call that blocked
    std::string call;                     // the running / last call's function
    ADD_STAT add_stat = nullptr;          // the core's, during get_stats
    ADD_RESPONSE add_response = nullptr;  // the core's, during unknown_command
    bool in_stats = false;
    int responses = 0;            // ADD_RESPONSE calls in the running call
    bool beyond_core = false;     // the running call is none memcached makes (key over its limit)
    bool unwaited_block = false;  // a block the core answered at once; one notify owed
    // Since such a block, until a call of the cookie completes: the engine
    // may have work of two commands in flight for it (the core's doing), so
    // a re-call that blocks again is not held against it (notify.premature).
    bool overlapped = false;
  };
  struct ThreadInfo {
    int number = 0;
    pid_t tid = 0;
    bool drives_engine = false;  // made core->engine calls (a harness thread)
    const char* last_call = "";  // a CallRecord::function
  };

  // --- recording (monitor.cpp); *_locked: mutex_ held ----------------------
  ThreadInfo& thread_locked();
  uint64_t begin_locked(CallSide side, const char* function, const void* cookie, uint64_t conn,
                        bool foreign, CallText&& args, bool quiet);
  void end_locked(uint64_t seq, std::optional<ENGINE_ERROR_CODE> status, CallText&& result);
  CallRecord* record_locked(uint64_t seq);
  void violate_locked(std::string_view rule, std::string message, uint64_t seq);
  std::vector<std::string> history_locked() const;
  std::string conn_label_locked(uint64_t conn) const;

  // --- core->engine calls (engine_calls.cpp) --------------------------------
  uint64_t enter(const char* function, const void* cookie, CallText&& args);
  void leave(uint64_t seq, const void* cookie, std::optional<ENGINE_ERROR_CODE> status,
             CallText&& result = {});
  // release, item_set_cas and get_item_info: no part of the EWOULDBLOCK
  // protocol. memcached calls get_item_info between a store's notify and its
  // re-call (complete_update_bin), so they leave the cookie's block state
  // as they found it; only a block the core gave up on is reported.
  uint64_t enter_item_call(const char* function, const void* cookie, CallText&& args);
  // Both: `may_block` false leaves the cookie's EWOULDBLOCK state alone.
  uint64_t enter_any(const char* function, const void* cookie, CallText&& args, bool may_block);
  void leave_item_call(uint64_t seq, const void* cookie, CallText&& result);
  void lifecycle_locked(std::string_view function, uint64_t seq);
  // The cookie's last call blocked and no notify came: notify.lost.
  void give_up_locked(CookieState& c, const char* function, uint64_t seq);
  // The running get or arithmetic has a key longer than memcached lets
  // through (it answers EINVAL itself): a call only a clause makes, whose
  // status no core handler meets (status.unhandled skips it).
  void mark_key_length(const void* cookie, size_t nkey);
  // status.unhandled: a status c.call's memcached handler cannot take
  // (core_statuses.h), returned or handed back by a notify.
  void unhandled_status_locked(const CookieState& c, ENGINE_ERROR_CODE status, bool from_notify,
                               uint64_t seq);
  // get_stats / unknown_command: the core's callbacks, for the proxies to forward to.
  void set_sinks(const void* cookie, ADD_STAT add_stat, ADD_RESPONSE add_response);
  void check_unknown_command(uint64_t seq, const void* cookie, ENGINE_ERROR_CODE status);
  // After the engine's destroy returned: later server API calls are
  // violations, and the threads the engine started must be gone.
  void mark_destroyed();
  void check_threads_after_destroy(uint64_t seq);
  void check_heap_after_destroy(uint64_t seq);

  // --- items (item_rules.cpp) -----------------------------------------------
  void hand_out(uint64_t seq, const void* it, std::string key, bool from_allocate, size_t nbytes,
                uint32_t flags);
  // False (and a violation) when `it` may not be passed to the engine.
  bool usable(uint64_t seq, const void* it, const char* function);
  bool release_item(uint64_t seq, const void* it);
  void check_item_info(uint64_t seq, const void* it, uint16_t offered, bool ok,
                       const item_info& info);
  void check_cas(uint64_t seq, const std::string& key, uint64_t cas);
  std::string item_key(const void* it);
  bool engine_has_cas();

  // --- engine->core calls (notify_rules.cpp) ----------------------------------
  // Records an engine->core call; checks the lifecycle and, when cookie_api,
  // that the cookie is a live connection.
  uint64_t engine_call(const char* function, const void* cookie, bool cookie_api, std::string args,
                       bool quiet = false);
  void on_notify(uint64_t seq, const void* cookie, ENGINE_ERROR_CODE status);
  void on_store_engine_specific(uint64_t seq, const void* cookie, void* data);
  void returned(uint64_t seq, std::string result);
  // Both return the core's callback to forward to (null: none known).
  ADD_STAT on_add_stat(uint64_t seq, const void* cookie, const char* key, uint16_t klen,
                       const char* val, uint32_t vlen);
  ADD_RESPONSE on_add_response(uint64_t seq, const void* cookie, uint16_t status);

  Core& core_;
  MonitorOptions options_;
  ENGINE_HANDLE* engine_ = nullptr;  // the engine's own handle
  std::set<pid_t> baseline_tasks_;   // threads alive before create_instance
  std::set<pid_t> excluded_tasks_;   // guarded by mutex_
  size_t baseline_heap_bytes_ = 0;   // when heap_growth_max_bytes > 0

  // Never a scheduling point (spin_lock.h): memcached's core has no such
  // lock. The steps a call across the API offers the strategy are
  // on_core_call's and on_sapi_boundary's.
  mutable SpinLock mutex_;
  CallLog log_;
  uint64_t next_seq_ = 1;
  uint64_t next_tick_ = 1;
  std::vector<Violation> violations_;
  std::vector<Violation> warnings_;  // strict-rule breaches below Level::strict
  std::map<std::string, size_t, std::less<>> counts_;
  std::map<uint64_t, ThreadInfo> threads_;  // by this_thread_key() (monitor.cpp)
  std::map<const void*, ItemState> items_;
  std::map<const void*, CookieState> cookies_;
  std::map<std::string, uint64_t> last_cas_;  // by key
  std::optional<bool> cas_feature_;
  int initialize_calls_ = 0;
  bool initialized_ = false;
  bool destroyed_ = false;
  bool finished_ = false;
  // Whether the engine keeps async results in the engine-specific slot is
  // known only once it stores one; notifies that found the slot empty wait here.
  bool engine_uses_specific_ = false;
  std::vector<std::pair<uint64_t, std::string>> empty_slot_notifies_;
  ADD_STAT last_add_stat_ = nullptr;          // fallbacks for calls outside
  ADD_RESPONSE last_add_response_ = nullptr;  // get_stats / unknown_command
};

}  // namespace enginesim
