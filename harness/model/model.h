// model.h - the sequential reference model of memcached semantics: for a
// state and an operation, the answers a correct engine may give and the
// state each leaves behind.
#pragma once

#include <ctime>
#include <vector>

#include "fakes/clock.h"
#include "harness/level.h"
#include "harness/model/acceptable.h"
#include "harness/model/operation.h"
#include "harness/model/state.h"

namespace enginesim::model {

// Properties of the engine under test that widen what is acceptable.
// What an engine may spend of item_size_max on its own item header and CAS.
inline constexpr uint32_t kItemOverheadMaxBytes = 1024;

struct ModelOptions {
  // The engine advertises ENGINE_FEATURE_CAS: every new version gets a new
  // non-zero CAS, a get reports the version's CAS, a CAS op succeeds exactly
  // with the current version's CAS. Without it CAS values are not checked
  // and a CAS op may succeed or fail with KEY_EEXISTS.
  bool cas_feature = true;
  // The engine may evict under memory pressure: any item may vanish at any
  // moment. A store or an incr/decr refused with ENOMEM or TMPFAIL, without
  // effect, is then allowed at every level, as it is at the required level
  // without it (Model::successors).
  bool may_evict = false;
  // The unix time at which the server started (absolute exptimes are
  // relative to it); the fake core's default.
  time_t process_started_unix_sec =
      VirtualClock::kDefaultEpochUnixSec - VirtualClock::kProcessStartBeforeEpochSec;
  uint32_t item_size_max = 1024 * 1024 + 2;  // largest nbytes (value + "\r\n")
  uint32_t key_max = 250;                    // longest key in bytes
  // Level::required allows what memcached's core accepts from its default
  // engine (docs/core-fidelity.md): a delayed flush one second early, E2BIG
  // for a value whose whole item (header, key) passes item_size_max, an
  // empty value counting as 0 for incr/decr, a flushed item revived by a
  // later delayed flush (State::flushed). Level::strict withdraws them.
  Level level = Level::required;
  // The core hands the engine the client's raw exptime (1.6.0-beta1): the
  // engine converts it with realtime() whenever it runs, anywhere between
  // the call and the return, not at the call.
  bool engine_converts_exptime = false;
  // memcached reads the exptime get_item_info reports only for TAP
  // (ship_tap_log) and for its own incr/decr of an engine without
  // arithmetic (internal_arithmetic; memcached.c@82fb476,
  // daemon/memcached.c@1b4ba6b); no reply to a client carries it. False (an
  // engine with arithmetic and no TAP iterator): a get's reported exptime is
  // checked only at Level::strict.
  bool exptime_read_by_core = true;

  bool operator==(const ModelOptions&) const = default;
};

class Model {
 public:
  explicit Model(ModelOptions options = {}) : options_(options) {}
  const ModelOptions& options() const { return options_; }

  // The empty store at server time `now`.
  State initial_state(rel_time_t now = kStartTime) const;

  // Every answer memcached allows for `op` in `state` (never empty).
  // `issued_at`: the server time when the core converted the op's exptime
  // (the invocation); 0 = the state's time.
  Acceptable acceptable(const State& state, const Operation& op, rel_time_t issued_at = 0) const;

  // The states `result` may have left behind; empty when the result is not
  // acceptable. For an uncertain result (pending, lost notify) every answer's
  // state, and `state` itself (the op has not taken effect yet).
  std::vector<State> successors(const State& state, const Operation& op, const Result& result,
                                rel_time_t issued_at = 0) const;
  bool check(const State& state, const Operation& op, const Result& result,
             rel_time_t issued_at = 0) const {
    return !successors(state, op, result, issued_at).empty();
  }

  // The core's realtime(): a client exptime as server time, at `now`.
  rel_time_t server_exptime(int64_t exptime, rel_time_t now) const;
  // Drops expired items and applies a delayed flush whose time has come
  // (the invariant of State).
  static void normalize(State* state);
  // The states after a keyed operation read `key` (do_item_get): a flushed
  // item there is unlinked; a revived one is alive, or was reaped before.
  // None when reading the key changes nothing (the state stays as it is).
  static std::vector<State> touched(const State& state, const std::string& key);

 private:
  void answers_for(const State& s, const Operation& op, rel_time_t issued_at, const char* note,
                   Acceptable* out) const;
  void get_answers(const State& s, const Operation& op, const char* note, Acceptable* out) const;
  void store_answers(const State& s, const Operation& op, rel_time_t issued_at, const char* note,
                     Acceptable* out) const;
  void remove_answers(const State& s, const Operation& op, const char* note, Acceptable* out) const;
  void arithmetic_answers(const State& s, const Operation& op, rel_time_t issued_at,
                          const char* note, Acceptable* out) const;
  void flush_answers(const State& s, const Operation& op, Acceptable* out) const;
  // A delayed flush whose oldest_live is still ahead brings the flushed
  // items back (Level::required; State::flushed).
  void revive_flushed(State* s) const;
  // A successful mutation leaving `item` (or no item) at op.key.
  Answer mutated(const State& s, const Operation& op, std::optional<Item> item,
                 const char* note) const;

  ModelOptions options_;
};

}  // namespace enginesim::model
