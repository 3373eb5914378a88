// free_run.cpp - a test in a forked child, free threads, wall-clock limit.
#include "harness/testapp/free_run.h"

#include <chrono>

#include "enginesim/temp_dir.h"
#include "harness/proc/child_exit.h"
#include "harness/proc/isolate.h"
#include "harness/testapp/test_body.h"

namespace enginesim::testapp {

const char* verdict_word(const TestVerdict& v) {
  if (v.contract) return "CONTRACT";
  switch (v.result) {
    case SUCCESS: return "OK";
    case SKIPPED: return "SKIPPED";
    case FAIL: return "FAIL";
    case DIED: return "DIED";
    case CORE: return "CORE DUMPED";
    case PENDING: return "PENDING";
    case TIMEOUT: return "TIMED OUT";
  }
  return "FAIL";
}

TestVerdict verdict_of(const std::string& name, const TestOutcome& outcome) {
  TestVerdict v;
  v.name = name;
  v.result = outcome.result;
  v.detail = outcome.detail;
  if (outcome.contract_failed()) {
    v.contract = true;
    v.rule = outcome.findings.front().rule;
    v.detail = outcome.findings.front().message;
    v.history = outcome.findings.front().history;
    if (outcome.findings.size() > 1) {
      v.detail += " (+" + std::to_string(outcome.findings.size() - 1) + " more violations)";
    }
  }
  return v;
}

TestVerdict run_free(const SuiteLibrary& suite, size_t index, SessionConfig config,
                     uint32_t timeout_ms) {
  const engine_test_t& test = suite.tests()[index];
  TestVerdict v;
  v.name = test.name;
  if (test.tfun == nullptr) {
    v.result = PENDING;  // engine_testapp's verdict for a test without a function
    v.detail = "the test's function is NULL";
    return v;
  }
  TempDir dir("enginesim-testapp");
  config.tmpdir = dir.path();
  // style-ok: the test's wall time, for the reports only; no decision reads it.
  const auto start = std::chrono::steady_clock::now();
  IsolatedResult r = run_isolated(
      [&](const auto& send) {
        Core core(testapp_core_options());
        auto abort_test = [&](const std::string& why) {
          TestOutcome failed;
          failed.result = FAIL;
          failed.detail = why;
          send(encode(failed));
          child_exit(0);
        };
        const TestOutcome outcome = run_test_body(test, core, config, abort_test);
        send(encode(outcome));
        return 0;
      },
      {.limit_ms = timeout_ms});
  const double seconds =
      // style-ok: as above.
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (r.timed_out) {
    v.result = TIMEOUT;
    v.detail = "did not end within " + std::to_string(timeout_ms / 1000) + " s (--timeout)";
  } else if (r.exited && r.exit_code == 0 && !r.payload.empty()) {
    v = verdict_of(test.name, decode(r.payload));
  } else if (r.signal != 0) {
    v.result = r.core_dumped ? CORE : DIED;
    v.detail = r.describe();
  } else {
    v.result = DIED;
    v.detail = "the test's process ended without a verdict (" + r.describe() +
               "): the suite or the engine called exit()";
  }
  v.seconds = seconds;
  return v;
}

}  // namespace enginesim::testapp
