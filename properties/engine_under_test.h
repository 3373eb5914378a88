// engine_under_test.h - the system under test of a sequential property: one
// engine loaded through the contract monitor into a fresh fake core (with a
// fresh temp directory) for every rapidcheck case, one connection, and the
// model checker every result goes through.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "enginesim/temp_dir.h"
#include "fakes/core.h"
#include "fakes/engine_client.h"
#include "harness/loader.h"
#include "harness/model/sequential.h"
#include "harness/monitor/monitor.h"
#include "properties/engine_target.h"

namespace enginesim::properties {

// What one case did, kept by the property so that a failure can show the
// operations of the shrunk case with the engine's actual answers.
struct CaseLog {
  std::vector<std::string> lines;  // `set "k0" "a" -> ENGINE_SUCCESS cas=3`
  size_t operations = 0;           // operations performed (a failing one included)
  // When set, counts "<op kind> <status>" over every case (it survives the
  // per-case reset): tests use it to show the commands reach each answer.
  std::map<std::string, size_t>* outcomes = nullptr;
  // When set (in the forked child that runs a case), told of every
  // operation as it happens, so that the parent knows how far a case got
  // even when the engine kills the child: 'c' and the operation before it
  // is called, 'd' and its log line after, 'o' and its outcome key.
  std::function<void(char tag, const std::string& text)> stream;
};

// Which CAS a cas-store or remove sends: the engine hands CAS values out, so
// a command names one symbolically and the run looks it up.
enum class CasChoice : uint8_t {
  latest,    // the last CAS this key reported (a get, store or incr/decr)
  previous,  // the one before it: stale once the key changed
  bogus,     // latest + 1000003: never handed out in a short run
};
const char* cas_choice_name(CasChoice choice);

class EngineUnderTest {
 public:
  // Loads target's engine; fails the case (RC_FAIL) when it cannot. `log`
  // is cleared and then filled by perform().
  EngineUnderTest(const EngineTarget& target, CaseLog* log);
  ~EngineUnderTest();
  EngineUnderTest(const EngineUnderTest&) = delete;
  EngineUnderTest& operator=(const EngineUnderTest&) = delete;

  // Runs `op` through EngineClient (which re-calls after EWOULDBLOCK and a
  // notify, as the real core does), then fails the case (RC_FAIL) when the
  // model allows no such result or the contract monitor saw a violation.
  void perform(const model::Operation& op);

  // The CAS `choice` names for `key` (a fixed non-zero value when the key
  // never reported one).
  uint64_t cas_for(const std::string& key, CasChoice choice) const;
  VirtualClock& clock() { return core_.clock(); }
  // The connection the next operation goes to: a new one after the core
  // closed the last (model::core_closes_after).
  const Connection& connection() const { return *conn_; }

  // Destroys the engine and runs the monitor's end-of-run checks (leaked
  // items and threads, lost notifies); fails the case on a violation.
  void finish();

 private:
  struct HeldCas {
    uint64_t latest = 0;
    uint64_t previous = 0;
  };
  void remember_cas(const model::Operation& op, const model::Result& result);
  void fail_on_violation(const std::string& when);

  // Declared in the order they must die in, reversed: client, engine,
  // monitor, core, directory.
  TempDir dir_;
  Core core_;
  ContractMonitor monitor_;
  std::unique_ptr<LoadedEngine> engine_;
  std::unique_ptr<EngineClient> client_;
  Connection* conn_ = nullptr;
  std::unique_ptr<model::SequentialChecker> checker_;
  std::map<std::string, HeldCas> cas_;
  CaseLog* log_;
  std::string target_name_;
  bool finished_ = false;
};

}  // namespace enginesim::properties
