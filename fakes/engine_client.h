// engine_client.h - memcached operations as the real core performs them
// against an engine: allocate/get_item_info/item_set_cas/copy/store/release
// for a store, get/get_item_info/release for a get, each under the worker's
// lock as memcached's binary protocol runs them (worker_lock.h), the
// EWOULDBLOCK re-call protocol, and the core's conventions of the engine's
// ABI profile (core_conventions.h: the value layout, who converts exptimes,
// keys the core refuses itself, the core's own arithmetic when the engine
// has none).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core.h"
#include "memcached/engine.h"
#include "worker_lock.h"

namespace enginesim {

// The result of one client-level operation.
struct OpResult {
  ENGINE_ERROR_CODE status = ENGINE_FAILED;
  bool notify_lost = false;  // EWOULDBLOCK never followed by a notify
  uint64_t cas = 0;          // store/arithmetic: the new CAS; get: the item's
  uint64_t number = 0;       // arithmetic: the new value
  std::string value;         // get: the value without the trailing "\r\n"
  uint32_t flags = 0;        // get
  rel_time_t exptime = 0;    // get
  int blocks = 0;            // how many times the engine returned EWOULDBLOCK
  // Non-empty when the engine's answer broke the item protocol (e.g.
  // get_item_info failed or described a value of the wrong size); the status
  // is then ENGINE_FAILED.
  std::string problem;
  // The core answered without calling the engine (a key over 250 bytes).
  bool refused_by_core = false;
  bool ok() const { return status == ENGINE_SUCCESS && problem.empty(); }
};

struct StatsResult {
  ENGINE_ERROR_CODE status = ENGINE_FAILED;
  bool notify_lost = false;
  std::vector<std::pair<std::string, std::string>> stats;
};

struct Response {  // one ADD_RESPONSE call
  std::string key, ext, body;
  uint8_t datatype = 0;
  uint16_t status = 0;
  uint64_t cas = 0;
};

struct UnknownCommandResult {
  ENGINE_ERROR_CODE status = ENGINE_FAILED;
  bool notify_lost = false;
  std::vector<Response> responses;
};

// The outcome of one engine entry point called with the EWOULDBLOCK protocol.
struct CallOutcome {
  ENGINE_ERROR_CODE status = ENGINE_FAILED;
  bool notify_lost = false;
  int blocks = 0;
  // `status` is a notify's failure, not a call's answer: the core did not
  // call again (memcached's `c->aiostat`).
  bool from_notify = false;
};

class EngineClient {
 public:
  // `handle` is the engine (or a monitoring proxy of it) created through
  // `core`'s server API and already initialised.
  EngineClient(Core& core, ENGINE_HANDLE* handle);

  Core& core() { return core_; }
  ENGINE_HANDLE* handle() { return handle_; }
  ENGINE_HANDLE_V1* v1() { return v1_; }

  // What the core checks and rewrites before the engine sees a call (keys
  // over key_max_bytes refused, SET/ADD/REPLACE with a CAS sent as
  // OPERATION_CAS). Off: the engine gets the call as given, for strict
  // clauses that hold an engine to more than the core needs.
  void set_core_checks(bool on) { core_checks_ = on; }
  bool core_checks() const { return core_checks_; }
  // The exptime the engine gets for a client's `exptime` (realtime() or raw,
  // by the profile's convention), and the bytes the core adds to a value.
  rel_time_t engine_exptime(time_t exptime);
  size_t crlf_bytes() const;

  OpResult get(Connection& conn, std::string_view key);
  // `exptime` as a client sends it (relative seconds or absolute unix time).
  // item_set_cas(cas) follows every allocate, with 0 when the client sent no
  // CAS, as the real core does; SET, ADD and REPLACE with a non-zero `cas`
  // reach the engine as OPERATION_CAS (the binary protocol's rule).
  OpResult store(Connection& conn, ENGINE_STORE_OPERATION op, std::string_view key,
                 std::string_view value, uint32_t flags = 0, time_t exptime = 0, uint64_t cas = 0);
  OpResult remove(Connection& conn, std::string_view key, uint64_t cas = 0);
  // `exptime` reaches the engine raw, as memcached's binary incr/decr sends it.
  OpResult arithmetic(Connection& conn, std::string_view key, bool increment, uint64_t delta,
                      bool create = false, uint64_t initial = 0, time_t exptime = 0);
  OpResult flush(Connection& conn, time_t when = 0);
  StatsResult stats(Connection& conn, std::string_view group = "");
  void reset_stats(Connection& conn);
  // `packet` is a whole request (header + extras + key + body). An opcode
  // the core answers itself (core_answers) never reaches the engine.
  UnknownCommandResult unknown_command(Connection& conn, std::string packet);
  // The core of this profile answers `opcode` itself (binary VERBOSITY under
  // 1.6.0-beta1, CoreConventions::verbosity_by_core).
  bool core_answers(uint8_t opcode) const;

  // One engine call under the EWOULDBLOCK protocol: `fn` makes the call and
  // is made again with the same arguments after a notify with SUCCESS. For
  // clause writers that need a single entry point. The call runs under the
  // connection's worker lock, as a binary command's calls do in memcached
  // (worker_lock.h).
  template <class Fn>
  CallOutcome call(Connection& conn, Fn&& fn) {
    WorkerLock region(conn);
    return call(conn, region, std::forward<Fn>(fn));
  }
  // The same inside a region the caller holds: it is let go while the
  // connection waits for its notify and held again for the re-call.
  template <class Fn>
  CallOutcome call(Connection& conn, WorkerLock& region, Fn&& fn) {
    CallOutcome out;
    for (int round = 0;; ++round) {
      core_.begin_call(conn);
      ENGINE_ERROR_CODE status = fn();
      core_.end_call(conn, status);
      if (status != ENGINE_EWOULDBLOCK) {
        out.status = status;
        return out;
      }
      ++out.blocks;
      region.unlock();
      BlockOutcome b = core_.await_notify(conn);
      region.lock();
      if (!b.notified) {
        out.notify_lost = true;
        out.status = ENGINE_FAILED;
        return out;
      }
      if (b.status != ENGINE_SUCCESS || round + 1 >= kMaxRecalls) {
        out.status = b.status == ENGINE_SUCCESS ? ENGINE_TMPFAIL : b.status;
        out.from_notify = b.status != ENGINE_SUCCESS;
        return out;
      }
    }
  }

  // One engine call whose EWOULDBLOCK memcached answers at once and never
  // waits out (Connection::call_unwaited), inside the caller's region.
  template <class Fn>
  ENGINE_ERROR_CODE call_unwaited(Connection& conn, Fn&& fn) {
    conn.call_unwaited = true;
    core_.begin_call(conn);
    const ENGINE_ERROR_CODE status = fn();
    core_.end_call(conn, status);
    conn.call_unwaited = false;
    return status;
  }

  // A bound on re-calls after SUCCESS notifications for one operation.
  static constexpr int kMaxRecalls = 1000;

 private:
  // get_item_info with nvalue = 1 describes one iovec of `nbytes` bytes.
  bool item_value(Connection& conn, const item* it, size_t nbytes, item_info& info);
  // Reads an item's value through get_item_info with nvalue = 1.
  bool read_item(Connection& conn, const item* it, OpResult& out);
  // The key is one the core itself refuses (marks `out` when so).
  bool refused_key(std::string_view key, OpResult& out) const;
  // Who has an item stored: a client's binary store (process_bin_update,
  // complete_update_bin), or the core's own incr/decr (internal_arithmetic),
  // which removes nothing after a failed allocate (it answers ENOMEM) and
  // sets no CAS on a counter it creates.
  enum class StoreSteps { client_update, core_arithmetic_update, core_arithmetic_create };
  OpResult store_item(Connection& conn, ENGINE_STORE_OPERATION op, std::string_view key,
                      std::string_view value, uint32_t flags, rel_time_t engine_exp, uint64_t cas,
                      StoreSteps steps);
  // incr/decr the way memcached's core does it for an engine without an
  // arithmetic slot (internal_arithmetic, fakes/core_arithmetic.cpp).
  OpResult core_arithmetic(Connection& conn, std::string_view key, bool increment, uint64_t delta,
                           bool create, uint64_t initial, time_t exptime);
  bool core_checks_ = true;

  Core& core_;
  ENGINE_HANDLE* handle_;
  ENGINE_HANDLE_V1* v1_;
};

}  // namespace enginesim
