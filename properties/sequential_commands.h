// sequential_commands.h - the rapidcheck state-machine commands of the
// sequential properties, one per memcached operation, and their generator.
//
// The rapidcheck model (Plan) is empty on purpose: what an engine may answer
// depends on the CAS values it hands out, which no generator can know, so
// the memcached model lives in the system under test (EngineUnderTest's
// SequentialChecker, fed with the actual answers). Commands therefore need no
// state to be generated, and every shrink of a sequence is a valid sequence.
// What only the run knows (a CAS the engine handed out, the clock's time) a
// command names symbolically and resolves when it runs.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include "harness/model/operation.h"
#include "properties/engine_under_test.h"

namespace enginesim::properties {

struct Plan {};

using SequentialCommand = rc::state::Command<Plan, EngineUnderTest>;

// An exptime as a command names it; the client value is computed from the
// virtual clock when the command runs.
struct Expiry {
  enum class Kind : uint8_t {
    never,          // 0
    relative,       // `sec` seconds from now
    absolute,       // the unix time `sec` seconds from now (above 30 days)
    absolute_past,  // a unix time before the server started: already expired
    // -`sec`: already expired; where the engine converts exptimes
    // (1.6.0-beta1, mysql) the model also lets it live (core-fidelity.md).
    negative,
  };
  Kind kind = Kind::never;
  int64_t sec = 0;

  int64_t client_exptime(const VirtualClock& clock) const;
  std::string describe() const;  // "" for never, else " exptime=+3s" etc.
};

// A command that performs one model::Operation built when it runs.
class OperationCommand : public SequentialCommand {
 public:
  void run(const Plan& plan, EngineUnderTest& sut) const override;
  void show(std::ostream& os) const override { os << describe(); }

 protected:
  virtual model::Operation operation(EngineUnderTest& sut) const = 0;
  virtual std::string describe() const = 0;
};

// The generator function rc::state::check takes: a uniformly chosen
// command (get, set, add, replace, append, prepend, cas, remove, incr, decr,
// flush, clock advance) over a key space of three keys.
using CommandGen = rc::Gen<std::shared_ptr<const SequentialCommand>>;
std::function<CommandGen(const Plan&)> sequential_commands();

}  // namespace enginesim::properties
