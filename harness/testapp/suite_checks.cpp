// suite_checks.cpp - the suite's and the engine's checks in forked children.
#include "harness/testapp/suite_checks.h"

#include "enginesim/temp_dir.h"
#include "harness/loader.h"
#include "harness/proc/isolate.h"

namespace enginesim::testapp {
namespace {

constexpr int kProblem = 3;  // the child found a problem and sent its text

// How a check child that did not report ended, for a message.
std::string ended(const IsolatedResult& r, uint32_t timeout_ms) {
  if (r.timed_out) return "did not return within " + std::to_string(timeout_ms / 1000) + " s";
  return r.signal != 0 ? "crashed (" + r.describe() + ")"
                       : "ended the process (" + r.describe() + ")";
}

}  // namespace

bool probe_suite(const std::string& path, const SessionConfig& config, uint32_t timeout_ms,
                 std::string* error) {
  IsolatedResult r = run_isolated(
      [&](const auto& send) {
        send("get_tests");
        std::string why;
        auto suite = SuiteLibrary::open(path, &why);
        if (!suite) {
          send("\n" + why);
          return kProblem;
        }
        send("\nsetup_suite");
        struct test_harness harness = Session::harness(config);
        if (!suite->setup(&harness)) {
          send("\nsuite " + path + ": setup_suite returned false");
          return kProblem;
        }
        return 0;
      },
      {.limit_ms = timeout_ms});
  if (r.exited && r.exit_code == 0) return true;
  const size_t nl = r.payload.rfind('\n');
  if (r.exited && r.exit_code == kProblem) {
    *error = r.payload.substr(nl + 1);
    return false;
  }
  // The last step named is the one that did not come back.
  const std::string step = r.payload.substr(nl == std::string::npos ? 0 : nl + 1);
  *error =
      "suite " + path + ": " + (step.empty() ? "loading it" : step) + " " + ended(r, timeout_ms);
  return false;
}

bool check_engine(const SessionConfig& config, uint32_t timeout_ms, std::string* error) {
  TempDir dir("enginesim-testapp");
  IsolatedResult r = run_isolated(
      [&](const auto& send) {
        Core core(testapp_core_options());
        LoadOptions options;
        options.config = with_tmpdir(config.default_config, dir.path());
        options.abi = config.abi;
        LoadError why{};
        auto engine = load_engine(config.engine_path, core, options, &why);
        if (!engine) {
          send(why.message);
          return kProblem;
        }
        engine->destroy();
        return 0;
      },
      {.limit_ms = timeout_ms});
  if (r.exited && r.exit_code == 0) return true;
  *error = r.exited && r.exit_code == kProblem
               ? r.payload
               : "engine " + config.engine_path + " " + ended(r, timeout_ms) + " while loading";
  return false;
}

bool teardown_in_child(const SuiteLibrary& suite, uint32_t timeout_ms, std::string* error) {
  if (!suite.has_teardown()) return true;
  IsolatedResult r = run_isolated([&](const auto&) { return suite.teardown() ? 0 : kProblem; },
                                  {.limit_ms = timeout_ms});
  if (r.exited && r.exit_code == 0) return true;
  *error =
      "suite " + suite.path() + ": teardown_suite " +
      (r.exited && r.exit_code == kProblem ? std::string("returned false") : ended(r, timeout_ms));
  return false;
}

}  // namespace enginesim::testapp
