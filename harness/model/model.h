// model.h - the sequential reference model of memcached semantics: for a
// state and an operation, the answers a correct engine may give and the
// state each leaves behind.
#pragma once

#include <ctime>
#include <vector>

#include "fakes/clock.h"
#include "harness/model/acceptable.h"
#include "harness/model/model_options.h"
#include "harness/model/operation.h"
#include "harness/model/state.h"

namespace enginesim::model {

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
