// test_conformance_engines.cpp - the whole conformance catalogue passes on
// the reference engines in every mode, each skipping exactly the clauses
// reference_skips.txt pins for it, and a purpose-built broken engine
// proves the DIED and TIMEOUT verdicts, the exit codes and the outputs.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <ostream>
#include <set>
#include <sstream>
#include <string>

#include "enginesim/text_file.h"
#include "harness/conformance/runner.h"
#include "tests/run_command.h"

namespace enginesim::conformance {
namespace {

const std::string kEngines = ENGINESIM_ENGINE_DIR;

struct EngineCase {
  const char* name;
  const char* file;
  const char* config;
};

// ctest shows the parameter: its name, not its bytes.
void PrintTo(const EngineCase& c, std::ostream* os) { *os << c.name; }

class ReferenceEngine : public ::testing::TestWithParam<EngineCase> {};

// The clauses `engine_case` is pinned to skip: its lines of
// reference_skips.txt ("<case> <clause id>").
std::set<std::string> pinned_skips(const std::string& engine_case) {
  std::ifstream in(REFERENCE_SKIPS);
  EXPECT_TRUE(in.good()) << REFERENCE_SKIPS;
  std::set<std::string> ids;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string name, id;
    words >> name >> id;
    if (name == engine_case) ids.insert(id);
  }
  return ids;
}

TEST_P(ReferenceEngine, EveryClausePassesOrSkipsWithAReason) {
  RunOptions options;
  options.engine_path = kEngines + "/" + GetParam().file;
  options.config = GetParam().config;
  options.timeout_sec = 60;
  std::string why;
  ASSERT_TRUE(check_engine_loads(options, &why)) << why;
  auto results = run_clauses(select_clauses("*"), options, nullptr);
  ASSERT_EQ(results.size(), catalogue().size());
  std::set<std::string> skipped;
  std::string reasons;
  for (const ClauseResult& r : results) {
    if (r.verdict == Verdict::skip) {
      EXPECT_FALSE(r.detail.empty()) << r.id << " skipped without a reason";
      skipped.insert(r.id);
      reasons += "  " + r.id + ": " + r.detail + "\n";
      continue;
    }
    EXPECT_EQ(r.verdict, Verdict::pass)
        << to_string(r.verdict) << " " << r.id << " [" << r.rule << "] " << r.detail << "\n"
        << r.history;
  }
  // Exactly the pinned clauses skip: a clause newly skipped (or newly run)
  // changes reference_skips.txt in the same commit.
  EXPECT_EQ(skipped, pinned_skips(GetParam().name))
      << GetParam().name << " skips, with the engine's reasons:\n"
      << reasons;
}

INSTANTIATE_TEST_SUITE_P(
    Conformance, ReferenceEngine,
    ::testing::Values(EngineCase{"fs_sync", "fs_engine.so", "dir={tmpdir};mode=sync"},
                      EngineCase{"fs_async", "fs_engine.so", "dir={tmpdir};mode=async"},
                      EngineCase{"fs_pool", "fs_engine.so", "dir={tmpdir};mode=pool"},
                      EngineCase{"mem", "mem_engine.so", ""},
                      EngineCase{"ep", "ep_engine.so", "dbdir={tmpdir}"}),
    [](const auto& info) { return std::string(info.param.name); });

// --- the broken engine: crashes in arithmetic, hangs in flush --------------

RunOptions broken(double timeout_sec) {
  RunOptions options;
  options.engine_path = kEngines + "/conformance_broken.so";
  options.timeout_sec = timeout_sec;
  return options;
}

TEST(ConformanceRunner, CrashIsDiedHangIsTimeoutAndTheRunContinues) {
  auto results =
      run_clauses(select_clauses("arith.incr.basic,flush.now,get.miss"), broken(2), nullptr);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].id, "get.miss");  // catalogue order
  EXPECT_EQ(results[0].verdict, Verdict::pass) << results[0].detail;
  EXPECT_EQ(results[1].id, "arith.incr.basic");
  EXPECT_EQ(results[1].verdict, Verdict::died) << results[1].detail;
  EXPECT_NE(results[1].detail.find("SIGSEGV"), std::string::npos) << results[1].detail;
  EXPECT_EQ(results[2].id, "flush.now");
  EXPECT_EQ(results[2].verdict, Verdict::timeout) << results[2].detail;
  EXPECT_LT(results[2].seconds, 10.0);
}

TEST(ConformanceRunner, WrongResultIsFailWithExpectedAndGot) {
  auto results = run_clauses(select_clauses("store.replace.missing"), broken(10), nullptr);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].verdict, Verdict::fail);
  EXPECT_EQ(results[0].detail,
            "replace k (missing): expected ENGINE_NOT_STORED, got ENGINE_SUCCESS");
}

// The real core copes with any status from unknown_command (it closes the
// connection), so refusing an unknown opcode with ENGINE_FAILED is a strict
// finding: WARN by default, FAIL under --level strict.
TEST(ConformanceRunner, AStrictClauseWarnsByDefaultAndFailsUnderLevelStrict) {
  auto results = run_clauses(select_clauses("unknown_command.enotsup"), broken(10), nullptr);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].verdict, Verdict::warn) << results[0].detail;
  EXPECT_NE(results[0].detail.find("ENGINE_FAILED"), std::string::npos) << results[0].detail;
  RunOptions strict = broken(10);
  strict.level = Level::strict;
  results = run_clauses(select_clauses("unknown_command.enotsup"), strict, nullptr);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].verdict, Verdict::fail) << results[0].detail;
}

// The core reads the exptime get_item_info reports only to ship a TAP
// mutation or in its own incr/decr (core_reads_item_exptime), so an engine
// with arithmetic and no TAP that reports exptime 0 fails only the strict
// clause; with a TAP iterator the required clause fails too.
TEST(ConformanceRunner, TheReportedExptimeIsRequiredOnlyWhereTheCoreReadsIt) {
  const auto clauses = select_clauses("item_info.key_flags_exptime,item_info.exptime");
  RunOptions forget = broken(10);
  forget.config = "forget_exptime";
  auto results = run_clauses(clauses, forget, nullptr);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].id, "item_info.key_flags_exptime");
  EXPECT_EQ(results[0].verdict, Verdict::pass) << results[0].detail;
  EXPECT_EQ(results[1].id, "item_info.exptime");
  EXPECT_EQ(results[1].verdict, Verdict::warn) << results[1].detail;
  EXPECT_NE(results[1].detail.find("exptime: expected"), std::string::npos) << results[1].detail;

  forget.engine_path = kEngines + "/conformance_broken_tap.so";
  results = run_clauses(clauses, forget, nullptr);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].verdict, Verdict::fail) << results[0].detail;
  EXPECT_NE(results[0].detail.find("exptime: expected"), std::string::npos) << results[0].detail;
  EXPECT_EQ(results[1].verdict, Verdict::skip) << results[1].detail;

  // An engine that keeps the exptime passes both, TAP or not.
  for (const char* so : {"/conformance_broken.so", "/conformance_broken_tap.so"}) {
    RunOptions kept = broken(10);
    kept.engine_path = kEngines + so;
    for (const auto& r : run_clauses(clauses, kept, nullptr)) {
      EXPECT_TRUE(r.verdict == Verdict::pass || r.verdict == Verdict::skip)
          << so << ": " << r.id << " " << r.detail;
    }
  }
}

// memcached acks a TAP packet whatever tap_notify answers, and closes only on
// DISCONNECT: the TAP build's ENOTSUP is no finding (its failure is the
// value it never stored).
TEST(ConformanceRunner, TapNotifyMayAnswerAnyStatusButDisconnect) {
  RunOptions tap = broken(10);
  tap.engine_path = kEngines + "/conformance_broken_tap.so";
  auto results = run_clauses(select_clauses("tap.notify.noop"), tap, nullptr);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].verdict, Verdict::fail);
  EXPECT_EQ(results[0].detail.find("tap_notify"), std::string::npos) << results[0].detail;
  EXPECT_NE(results[0].detail.find("get \"k\""), std::string::npos) << results[0].detail;
}

// server_stats ignores aggregate_stats' status: the broken engine's
// ENGINE_FAILED passes.
TEST(ConformanceRunner, AggregateStatsMayAnswerAnyStatusButEwouldblock) {
  auto results = run_clauses(select_clauses("stats.aggregate.optional"), broken(10), nullptr);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].verdict, Verdict::pass) << results[0].detail;
}

TEST(ConformanceRunner, MissingFeatureIsSkip) {
  auto results = run_clauses(select_clauses("store.cas.match"), broken(10), nullptr);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].verdict, Verdict::skip);
  EXPECT_EQ(results[0].detail, "the engine does not advertise ENGINE_FEATURE_CAS");
}

TEST(ConformanceRunner, UnloadableEngineIsReported) {
  RunOptions options;
  options.engine_path = kEngines + "/no_such_engine.so";
  std::string why;
  EXPECT_FALSE(check_engine_loads(options, &why));
  EXPECT_NE(why.find("file not found"), std::string::npos) << why;
}

// --- the command, end to end ------------------------------------------------

using enginesim::testing::CommandRun;

CommandRun run(const std::string& args) {
  return enginesim::testing::run_command(std::string(ENGINESIM_BINARY) + " conformance " + args);
}

std::string slurp(const std::string& path) { return read_text_file(path).value_or(""); }

TEST(ConformanceCommand, BrokenEngineExitsOneAndClosesWithTheSummary) {
  const std::string dir = ::testing::TempDir();
  const std::string junit = dir + "/conf_junit.xml", json = dir + "/conf.json";
  const CommandRun r = run("--engine " + kEngines +
                           "/conformance_broken.so --timeout 2 --filter "
                           "'get.miss,arith.incr.basic,flush.now' --junit " +
                           junit + " --json " + json);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("PASS     get.miss\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("DIED     arith.incr.basic  killed by SIGSEGV"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("TIMEOUT  flush.now  no verdict within 2 s"), std::string::npos)
      << r.output;
  const std::string last = "1 passed, 2 failed, 0 skipped\n";
  ASSERT_GE(r.output.size(), last.size());
  EXPECT_EQ(r.output.substr(r.output.size() - last.size()), last) << r.output;
  const std::string x = slurp(junit);
  EXPECT_NE(x.find("<failure type=\"DIED\""), std::string::npos) << x;
  EXPECT_NE(x.find("<failure type=\"TIMEOUT\""), std::string::npos) << x;
  const std::string j = slurp(json);
  EXPECT_NE(j.find("\"summary\": {\"passed\": 1, \"failed\": 2, \"skipped\": 0, \"warned\": 0, "
                   "\"exit_code\": 1}"),
            std::string::npos)
      << j;
}

TEST(ConformanceCommand, TapOutput) {
  const CommandRun r = run("--engine " + kEngines +
                           "/conformance_broken.so --tap --filter 'get.miss,store.cas.match'");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output,
            "TAP version 13\n1..2\nok 1 - store.cas.match # SKIP the engine does not advertise "
            "ENGINE_FEATURE_CAS\nok 2 - get.miss\n# 1 passed, 0 failed, 1 skipped\n");
}

TEST(ConformanceCommand, UsageAndLoadingErrorsExitTwo) {
  EXPECT_EQ(run("").exit_code, 2);
  const CommandRun missing = run("--engine " + kEngines + "/no_such_engine.so");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("file not found"), std::string::npos) << missing.output;
  EXPECT_EQ(run("--engine " + kEngines + "/conformance_broken.so --filter 'no.such.*'").exit_code,
            2);
  EXPECT_EQ(run("--engine " + kEngines + "/mem_engine.so --timeout 0").exit_code, 2);
}

TEST(ConformanceCommand, ListNeedsNoEngine) {
  const CommandRun r = run("--list --filter 'get.*'");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output.rfind("get.miss", 0), 0u) << r.output;
}

}  // namespace
}  // namespace enginesim::conformance
