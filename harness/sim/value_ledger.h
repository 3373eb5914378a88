// value_ledger.h - "a get never answers a value that was never stored": per
// key, every value a client ever tried to store (set/add/replace), every
// append and prepend piece and every incr/decr result, whatever the answer
// (under faults a failed call may still have taken effect). A value a get
// returned is possible when it reads prepends*, one base value, appends*;
// or it is decimal and an incr/decr of the key ended without a known result.
// Order-free on purpose: it holds across concurrency, faults and crashes, so
// it is checked once, at the end of a run, over every get.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fakes/engine_client.h"
#include "harness/model/operation.h"

namespace enginesim::sched {

// Where an operation was issued, as a report names it: "connection 2 op 7".
// Text is made only when a report needs it.
struct OpSite {
  explicit OpSite(std::string_view label, size_t number = 0) : label(label), number(number) {}
  std::string_view label;  // "connection 2", "prefix (connection 1)"
  size_t number = 0;       // the operation's number on it, from 1; 0: the label alone
  std::string text() const;
};

class ValueLedger {
 public:
  // Before `op`'s call: what it may write (a store's value, an append's or
  // prepend's piece).
  void expect(const model::Operation& op);
  // After `op`'s call: what its answer tells (an incr/decr's result, or that
  // it is unknown; the value a get saw, observed at `where`).
  void answered(const model::Operation& op, const OpResult& r, const OpSite& where);

  // Before the call: what a store may write.
  void store(const std::string& key, const std::string& value);
  void append(const std::string& key, const std::string& piece);
  void prepend(const std::string& key, const std::string& piece);
  // After an incr/decr: its result when it succeeded, else unknown.
  void arithmetic_result(const std::string& key, uint64_t value);
  void arithmetic_unknown(const std::string& key);

  // A successful get's answer, checked by check(). One the values so far
  // explain is not kept: the ledger only grows, so they explain it at the
  // end too.
  void observed(const std::string& key, const std::string& value, const OpSite& where);

  // Every observation that no stored value explains, one line each
  // ("conn 2 op 7: get k1 returned "x", never stored"); empty when all hold.
  std::vector<std::string> check() const;

  bool possible(const std::string& key, const std::string& value) const;
  // `value` is append and prepend pieces of `key` with nothing under them.
  bool pieces_alone(const std::string& key, const std::string& value) const;

 private:
  struct Key {
    std::set<std::string> bases;
    std::set<std::string> appends;
    std::set<std::string> prepends;
    bool arithmetic_unknown = false;
  };
  struct Observation {
    std::string key, value, where;
  };
  std::map<std::string, Key> keys_;
  std::vector<Observation> observed_;
};

}  // namespace enginesim::sched
