// cmd_testapp.cpp - `enginesim testapp`: runs a test suite written for
// memcached's engine_testapp unchanged (engine_testapp's -E -T -e -t -q
// spelling is accepted too): every test in a forked child with free
// threads and the contract monitor on, then, with --seeds, under the
// deterministic scheduler once per seed (testapp_seeds.h). docs/testapp.md.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/cli/engine_options.h"
#include "harness/cli/testapp_seeds.h"
#include "harness/conformance/report.h"
#include "harness/sched/atomics/atomics_options.h"
#include "harness/testapp/free_run.h"
#include "harness/testapp/suite_checks.h"

namespace enginesim::cli {
namespace {

using testapp::TestVerdict;

std::vector<OptionSpec> testapp_options() {
  std::vector<OptionSpec> options = engine_options();
  for (OptionSpec& o : options) {
    const std::string name = o.name;
    if (name == "engine") {
      o.required = false;  // --replay names it
      o.short_name = 'E';
    }
    if (name == "config") o.short_name = 'e';
  }
  return with(
      options,
      {
          {"suite", "PATH", nullptr,
           "the test suite (.so exporting get_tests), as engine_testapp's -T", false, std::nullopt,
           std::nullopt, 'T'},
          {"timeout", "SECONDS", "60", "wall-clock limit per test (and per seed); past it: TIMEOUT",
           false, 1, 86400, 't'},
          {"test", "NAME", nullptr, "run only the test with this name"},
          {"tap", nullptr, nullptr, "write TAP version 13 to stdout instead of plain lines"},
          {"junit", "FILE", nullptr, "also write JUnit XML (one testcase per test) to FILE"},
          {"json", "FILE", nullptr,
           "also write the results as JSON to FILE (conformance's fields)"},
          {"quiet", nullptr, nullptr, "print only the tests that did not pass, and the summary",
           false, std::nullopt, std::nullopt, 'q'},
          {"dots", nullptr, nullptr, "print a '.' for each passing test instead of its line", false,
           std::nullopt, std::nullopt, '.'},
          level_option("required or strict: which contract rules fail a test"),
          {"seeds", "A..B", nullptr, "also run every test under the scheduler once per seed"},
          {"strategy", "SPEC", "pct:2",
           "with --seeds: random, pct:D or pct:D:K (docs/scheduler.md)"},
          {"jobs", "N", "2", "with --seeds: seeds run in parallel", false, 1, 256},
          {"no-lock-order", nullptr, nullptr,
           "with --seeds: do not check the order in which threads take locks "
           "(docs/scheduler.md#lock-order)"},
          {"out", "DIR", "enginesim-failures", "with --seeds: where failing schedules are written"},
          {"replay", "FILE", nullptr, "run a recorded failing schedule of `testapp --seeds` again"},
          // issue 19 (docs/atomics.md)
          {"atomics", nullptr, nullptr,
           "with --seeds: every atomic operation of an instrumented engine is a scheduling point"},
          {"races", nullptr, nullptr,
           "with --seeds: report data races of an instrumented engine (implies --atomics)"},
      });
}

conformance::ClauseResult as_clause(const TestVerdict& v) {
  using conformance::Verdict;
  conformance::ClauseResult r;
  r.id = v.name;
  r.detail = v.detail;
  r.rule = v.rule;
  r.history = v.history;
  r.seconds = v.seconds;
  if (v.contract) {
    r.verdict = Verdict::contract;
  } else if (v.result == SUCCESS) {
    r.verdict = Verdict::pass;
  } else if (v.result == SKIPPED || v.result == PENDING) {
    r.verdict = Verdict::skip;
  } else if (v.result == DIED || v.result == CORE) {
    r.verdict = Verdict::died;
  } else if (v.result == TIMEOUT) {
    r.verdict = Verdict::timeout;
  } else {
    r.verdict = Verdict::fail;
  }
  return r;
}

// engine_testapp's "Running NAME... OK" line, with the reason below.
void print_plain(const TestVerdict& v, bool quiet, bool dots) {
  const bool pass = !v.failed();
  if (pass && dots) {
    std::fputs(".", stdout);
  } else if (!pass || !quiet) {
    std::printf("%sRunning %s... %s", dots ? "\n" : "", v.name.c_str(), testapp::verdict_word(v));
    if (v.contract) std::printf(" [%s]", v.rule.c_str());
    std::printf("\n");
    if (!v.detail.empty() && v.result != SUCCESS) std::printf("  %s\n", v.detail.c_str());
    if (v.contract) {
      std::printf("  %s\n", v.detail.c_str());
      std::string h = v.history;
      for (size_t at = 0, end; at < h.size(); at = end + 1) {
        end = h.find('\n', at);
        if (end == std::string::npos) end = h.size();
        std::printf("    %s\n", h.substr(at, end - at).c_str());
      }
    }
  }
  std::fflush(stdout);
}

// The tests to run: all, or the one named by --test (exit 2 when none is).
bool select(const testapp::SuiteLibrary& suite, const Args& args, std::vector<size_t>* out) {
  for (size_t i = 0; i < suite.tests().size(); ++i) {
    if (!args.has("test") || args.str("test") == suite.tests()[i].name) out->push_back(i);
  }
  if (out->empty()) {
    std::fprintf(stderr, "enginesim testapp: suite %s has no test named '%s' (it has %zu tests)\n",
                 suite.path().c_str(), args.has("test") ? args.str("test").c_str() : "",
                 suite.tests().size());
  }
  return !out->empty();
}

int usage_error(const std::string& why) {
  std::fprintf(stderr, "enginesim testapp: %s\n", why.c_str());
  return kExitUsage;
}

int run_testapp(const Args& args) {
  if (args.has("replay")) {
    return replay_testapp(args.str("replay"), args.has("engine") ? args.str("engine") : "");
  }
  if (!args.has("engine")) return usage_error("--engine PATH (-E) is required");
  if (!args.has("suite")) return usage_error("--suite PATH (-T) is required");
  testapp::SessionConfig config;
  config.engine_path = args.str("engine");
  config.default_config = args.str("config");
  std::string why;
  if (!abi_from_args(args, &config.abi, &why)) return usage_error(why);
  if (!level_from_args(args, &config.level, &why)) return usage_error(why);
  config.lock_order = !args.flag("no-lock-order");
  SeedCampaign campaign;
  if (args.has("seeds") &&
      !parse_seed_range(args.str("seeds"), &campaign.first, &campaign.last, &why)) {
    return usage_error(why);
  }
  if (args.flag("atomics") || args.flag("races")) {  // issue 19
    sched::SchedOptions mode;
    if (!args.has("seeds")) {
      return usage_error("--atomics and --races take effect under the scheduler: add --seeds A..B");
    }
    if (!atomics::atomics_from_args(args.flag("atomics"), args.flag("races"), false, &mode, &why)) {
      return usage_error(why);
    }
  }
  const uint32_t timeout_ms = static_cast<uint32_t>(args.integer("timeout")) * 1000;
  const std::string suite_path = args.str("suite");
  if (!testapp::probe_suite(suite_path, config, timeout_ms, &why)) return usage_error(why);
  if (!testapp::check_engine(config, timeout_ms, &why)) {
    std::fprintf(stderr, "enginesim: %s\n", why.c_str());
    return kExitUsage;
  }
  auto suite = testapp::SuiteLibrary::open(suite_path, &why);
  if (!suite) return usage_error(why);
  // Lives as long as the suite may use it: engine_testapp's is main()'s.
  static struct test_harness harness;
  harness = testapp::Session::harness(config);
  if (!suite->setup(&harness))
    return usage_error("suite " + suite_path + ": setup_suite returned false");
  std::vector<size_t> indexes;
  if (!select(*suite, args, &indexes)) return kExitUsage;

  const bool tap = args.flag("tap");
  if (tap) std::fputs(conformance::tap_plan(indexes.size()).c_str(), stdout);
  std::vector<TestVerdict> verdicts;
  std::vector<conformance::ClauseResult> results;
  for (size_t index : indexes) {
    const TestVerdict v = testapp::run_free(*suite, index, config, timeout_ms);
    verdicts.push_back(v);
    results.push_back(as_clause(v));
    if (tap) {
      std::fputs(conformance::tap_line(results.back(), results.size()).c_str(), stdout);
      std::fflush(stdout);
    } else {
      print_plain(v, args.flag("quiet"), args.flag("dots"));
    }
  }
  if (args.flag("dots") && !tap) std::printf("\n");
  int passed = 0, failed = 0, pending = 0, skipped = 0;
  for (const TestVerdict& v : verdicts) {
    if (v.failed())
      ++failed;
    else if (v.result == PENDING)
      ++pending;
    else if (v.result == SKIPPED)
      ++skipped;
    else
      ++passed;
  }
  std::printf("%s%d passed, %d failed, %d pending, %d skipped\n", tap ? "# " : "", passed, failed,
              pending, skipped);
  std::fflush(stdout);
  int seed_failures = 0;
  if (args.has("seeds")) {
    campaign.strategy = args.str("strategy");
    campaign.jobs = static_cast<uint32_t>(args.integer("jobs"));
    campaign.wall_limit_ms = timeout_ms;
    campaign.out_dir = args.str("out");
    campaign.atomics = args.flag("atomics");  // issue 19
    campaign.races = args.flag("races");
    char self[4096] = {};
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    campaign.self = n > 0 ? std::string(self, static_cast<size_t>(n)) : "enginesim";
    for (TestVerdict& f : run_seed_campaign(*suite, indexes, config, campaign)) {
      results.push_back(as_clause(f));
      ++seed_failures;
    }
  }
  std::string teardown_error;
  const bool torn_down = testapp::teardown_in_child(*suite, timeout_ms, &teardown_error);
  if (!torn_down) std::fprintf(stderr, "enginesim testapp: %s\n", teardown_error.c_str());
  const int code = !torn_down ? kExitUsage : (failed + seed_failures == 0 ? kExitOk : kExitFailure);
  conformance::ReportInfo info;
  info.engine_path = config.engine_path;
  info.config = config.default_config;
  info.timeout_sec = timeout_ms / 1000.0;
  info.monitor = true;
  info.exit_code = code;
  info.suite = "testapp";
  info.area = std::filesystem::path(suite_path).stem().string();
  bool written = true;
  if (args.has("junit"))
    written =
        write_output_file("testapp", args.str("junit"), conformance::junit_xml(results, info)) &&
        written;
  if (args.has("json"))
    written =
        write_output_file("testapp", args.str("json"), conformance::json_report(results, info)) &&
        written;
  return written ? code : kExitUsage;
}

}  // namespace

Command testapp_command() {
  return {"testapp",
          "Runs a test suite written for memcached's engine_testapp unchanged: each test in a "
          "forked child with the contract monitor on (OK/FAIL/DIED/CORE DUMPED/TIMED OUT/PENDING/"
          "CONTRACT), and with --seeds under the deterministic scheduler once per seed.",
          "", testapp_options(), run_testapp};
}

}  // namespace enginesim::cli
