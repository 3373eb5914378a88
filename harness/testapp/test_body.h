// test_body.h - one engine_testapp test, start to end, in the calling
// process: a session on `core`, the engine started with the test's config,
// test_setup, the test, test_teardown, then every engine destroyed and the
// contract monitor's findings collected. The free-thread runner calls it in
// a forked child, the scheduled runner on the scheduler's root thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fakes/core.h"
#include "harness/testapp/session.h"
#include "harness/testapp/suite_library.h"

namespace enginesim::testapp {

struct TestOutcome {
  enum test_result result = FAIL;
  std::string detail;             // why it failed, when the harness knows
  std::vector<Finding> findings;  // the contract monitor's, at the session's level
  bool contract_failed() const { return result == SUCCESS && !findings.empty(); }
};

// `abort_test` ends the test early with a failure (see Session).
TestOutcome run_test_body(const engine_test_t& test, Core& core, const SessionConfig& config,
                          const std::function<void(const std::string&)>& abort_test);

// The outcome as the lines a child sends its parent, and back.
std::string encode(const TestOutcome& outcome);
TestOutcome decode(const std::string& text);

}  // namespace enginesim::testapp
