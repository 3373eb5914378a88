// sequential_property.cpp - the property body and its outcome report.
#include "properties/sequential_property.h"

#include <rapidcheck/state.h>

#include "properties/sequential_case.h"
#include "properties/sequential_commands.h"

namespace enginesim::properties {

std::string sequential_id(const EngineTarget& target) { return "sequential/" + target.name; }

std::function<void()> sequential_property(const EngineTarget& target,
                                          std::shared_ptr<CaseLog> log) {
  return [target, log]() {
    // The commands are drawn here, in the runner (rapidcheck shrinks them);
    // they run in a forked child with a fresh core and engine: no case
    // inherits another's items, clock or CAS counter, so a shrunk case
    // replays on its own, and a crash or hang is a failing case.
    const SequentialCommands commands = *rc::state::gen::commands(Plan{}, sequential_commands());
    run_sequential_case(target, commands, log.get());
  };
}

SequentialOutcome check_sequential(const EngineTarget& target, const PropertyParams& params) {
  SequentialOutcome out;
  out.id = sequential_id(target);
  out.params = params;
  auto log = std::make_shared<CaseLog>();
  const std::function<void()> property = sequential_property(target, log);
  out.rc = run_rapidcheck(out.id, property, params);
  if (!out.rc.passed && out.rc.reproduce) {
    out.replay_failed_again = replay_case(out.id, property, *out.rc.reproduce);
    out.shrunk = *log;
  }
  return out;
}

std::string SequentialOutcome::report(const std::string& rerun) const {
  std::string s = "property " + id + ": " + describe(params) + "\n";
  if (rc.passed) { return s + "  passed " + std::to_string(rc.cases_passed) + " cases\n"; }
  s += "  FAILED after " + std::to_string(rc.cases_passed) + " passing cases\n" + rc.message + "\n";
  if (rc.reproduce) {
    s += "shrunk case as run, " + std::to_string(shrunk.operations) +
         " operation(s) with the engine's answers (the last one failed, or the end-of-case "
         "checks did):\n";
    for (const std::string& line : shrunk.lines) s += "  " + line + "\n";
    if (!replay_failed_again) {
      s += "WARNING: replaying the shrunk case did not fail again: the engine is not "
           "deterministic under the same operations\n";
    }
    s += "reproduce the shrunk case:\n  " + rc.reproduce_params + " " + rerun + "\n";
  }
  return s;
}

}  // namespace enginesim::properties
