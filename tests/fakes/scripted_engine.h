// scripted_engine.h - an in-process engine for the EngineClient tests: it
// records every call with its arguments and answers as its script says
// (EWOULDBLOCK on the first N calls of a function, then a notify with a
// chosen status from inside the call or from a thread it starts).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "fakes/connection.h"
#include "memcached/engine.h"

namespace enginesim {

// The engine entry points the core uses for client operations.
enum class Fn {
  allocate,
  remove,
  release,
  get,
  store,
  arithmetic,
  flush,
  get_stats,
  reset_stats,
  unknown_command,
  item_set_cas,
  get_item_info,
  count_
};
const char* fn_name(Fn fn);

// Who calls notify_io_complete after the engine returned EWOULDBLOCK.
enum class NotifyFrom {
  call,    // the call itself, before it returns EWOULDBLOCK (an early notify)
  thread,  // a std::thread the call starts (normally after the call returned)
  // A std::thread the call starts and then waits for, up to 100 ms, as an
  // engine that hands its work over and waits a little would. In memcached
  // the notify waits for the worker's lock, which the call holds.
  thread_waited,
  never,  // nobody: the operation must end as notify_lost
};
const char* notify_from_name(NotifyFrom from);

// How one entry point answers.
struct Script {
  int block_first = 0;  // return EWOULDBLOCK on the first N calls
  NotifyFrom notify_from = NotifyFrom::call;
  ENGINE_ERROR_CODE notify_status = ENGINE_SUCCESS;
  // Returned once the call no longer blocks; SUCCESS means "do the work".
  ENGINE_ERROR_CODE result = ENGINE_SUCCESS;
};

// Ways get_item_info can break the item protocol.
// false_after_first: the first get_item_info answers, every later one is false.
enum class InfoFault { none, returns_false, two_iovecs, iov_len_mismatch, false_after_first };

struct ScriptedItem {
  std::string key;
  std::string data;  // nbytes bytes, the trailing "\r\n" included
  uint32_t flags = 0;
  rel_time_t exptime = 0;
  uint64_t cas = 0;
  int handed_out = 0;  // by allocate and get
  int releases = 0;
};

// One recorded call. `args` holds every argument (pointers as addresses, the
// key as bytes) so a re-call can be compared with the first call at once.
struct Call {
  Fn fn = Fn::count_;
  std::string args;
  const void* cookie = nullptr;
  ConnState state = ConnState::closed;   // the cookie's connection, on entry
  bool early_notify_seen = false;        // after notifying from inside the call
  bool notify_returned_in_call = false;  // thread_waited: the notifier got through
  std::string key;
  size_t nkey = 0;
  size_t nbytes = 0;
  uint32_t flags = 0;
  rel_time_t exptime = 0;
  uint64_t cas = 0;  // remove's and item_set_cas's cas argument
  ENGINE_STORE_OPERATION op = OPERATION_SET;
  uint16_t vbucket = 0;
  const item* it = nullptr;  // the item argument (store, release, ...)
  std::string item_bytes;    // store: the item's value bytes at the call
  uint16_t nvalue_in = 0;    // get_item_info: nvalue as the core passed it
};

class ScriptedEngine {
 public:
  // Creates the engine the way create_instance does: with the core's
  // GET_SERVER_API (the core must be alive).
  explicit ScriptedEngine(GET_SERVER_API get_server_api);
  ~ScriptedEngine();  // joins the notifier threads
  ScriptedEngine(const ScriptedEngine&) = delete;
  ScriptedEngine& operator=(const ScriptedEngine&) = delete;

  ENGINE_HANDLE* handle() { return reinterpret_cast<ENGINE_HANDLE*>(&handle_); }

  Script& script(Fn fn) { return scripts_[static_cast<size_t>(fn)]; }
  InfoFault info_fault = InfoFault::none;
  bool allocate_without_item = false;  // allocate says SUCCESS, gives no item

  // Puts an item under `key` as if stored; `data` is the raw value bytes.
  ScriptedItem* seed(const std::string& key, const std::string& data, uint32_t flags = 0,
                     rel_time_t exptime = 0, uint64_t cas = 0);

  const std::vector<Call>& calls() const { return calls_; }
  std::vector<const Call*> calls_of(Fn fn) const;
  std::string fn_sequence() const;  // "allocate get_item_info store release"
  const std::deque<ScriptedItem>& items() const { return items_; }
  ScriptedItem* item_at(const item* it);  // null when not one of ours
  int unknown_releases() const { return unknown_releases_; }
  // Waits for the notifier threads started so far.
  void join_notifiers();

  uint64_t next_cas = 1000;  // the CAS a successful store or arithmetic hands out

 private:
  friend struct ScriptedEntry;  // the entry points, in scripted_engine.cpp
  // The handle the core sees: the function table, then the way back here.
  struct Handle {
    ENGINE_HANDLE_V1 v1;
    ScriptedEngine* engine;
  };

  Call& record(Fn fn, const void* cookie, std::string args);
  // Counts the call; EWOULDBLOCK (with the scripted notify) or the result.
  ENGINE_ERROR_CODE answer(Fn fn, Call& call);

  Handle handle_{};
  SERVER_HANDLE_V1* server_ = nullptr;
  std::array<Script, static_cast<size_t>(Fn::count_)> scripts_{};
  std::array<int, static_cast<size_t>(Fn::count_)> counts_{};
  std::vector<Call> calls_;
  std::deque<ScriptedItem> items_;  // deque: stable addresses
  std::map<std::string, ScriptedItem*> stored_;
  std::vector<std::thread> notifiers_;
  int unknown_releases_ = 0;
};

}  // namespace enginesim
