// test_mutants_monitor.cpp - the contract monitor catches every mutant of
// engine/mutants/mutants.txt whose catcher is a monitor rule, with that rule
// id, while the reference engine in the same configuration stays clean.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "enginesim/temp_dir.h"
#include "harness/monitor/engine_heap.h"
#include "harness/monitor/rules.h"
#include "harness/proc/isolate.h"
#include "tests/harness/monitor/monitor_fixture.h"
#include "tests/harness/mutants_table.h"

namespace enginesim {
namespace {

using Mutant = testing_support::MutantRow;

// Enough of everything for each monitor-rule mutant to show its defect: a
// remove (lost notify), gets of a large value (leaked references), async
// paths of every kind.
void workload(EngineClient& c, Connection& conn) {
  c.store(conn, OPERATION_SET, "k1", "v");
  c.store(conn, OPERATION_ADD, "k1", "w");
  c.get(conn, "k1");
  c.remove(conn, "k1");
  c.remove(conn, "k1");
  c.store(conn, OPERATION_SET, "n", "10");
  c.arithmetic(conn, "n", false, 20);
  c.arithmetic(conn, "n", true, 1);
  const std::string big(512 * 1024, 'b');
  for (int i = 0; i < 16; ++i) {
    const std::string key = "big" + std::to_string(i);
    c.store(conn, OPERATION_SET, key, big);
    c.get(conn, key);
  }
  c.stats(conn);
  c.flush(conn);
}

// Runs `engine_file` in a child under the monitor; returns the rule ids
// reported (one per line), or "ERROR ..." lines.
std::set<std::string> monitored_rules(const std::string& engine_file, const std::string& config,
                                      bool fs, Level level, std::string* report) {
  IsolatedResult r = run_isolated(
      [&](const auto& send) {
        const std::string dir = fs ? make_temp_dir("enginesim-mutant-") : "";
        {
          CoreOptions core_options;
          core_options.notify_timeout_ms = 300;
          Core core(core_options);
          // Default options: lifecycle.memory_leak needs no limit (the engine
          // heap hooks are linked into this test, see its CMakeLists). In a
          // sanitizer build there are no hooks: the opt-in byte census then,
          // with a short call log (records share the heap).
          MonitorOptions monitor_options;
          monitor_options.level = level;
          if (!engine_heap::available()) {
            monitor_options.log_calls_max = 2000;
            monitor_options.heap_growth_max_bytes = 2u << 20;
          }
          ContractMonitor monitor(core, monitor_options);
          LoadOptions options;
          options.config = fs ? "dir=" + dir + (config.empty() ? "" : ";" + config) : config;
          options.wrap = monitor.wrapper();
          LoadError error{};
          auto engine = load_engine(engine_file, core, options, &error);
          if (!engine) {
            send("ERROR " + error.message + "\n");
            return 2;
          }
          {
            EngineClient client(core, engine->handle());
            workload(client, core.connect());
          }
          engine->destroy();
          monitor.finish();
          for (const auto& v : monitor.violations()) send("rule " + v.rule + "\n");
          send("--\n" + monitor.report());
          engine.release();  // a leaked thread may still run in the module
        }
        if (fs) std::filesystem::remove_all(dir);
        return 0;
      },
      {.limit_ms = 60'000});
  std::set<std::string> rules;
  std::istringstream lines(r.payload);
  for (std::string line; std::getline(lines, line) && line != "--";) {
    rules.insert(line.rfind("rule ", 0) == 0 ? line.substr(5) : line);
  }
  if (!r.exited) rules.insert("child " + r.describe());
  *report = r.payload;
  return rules;
}

std::string engine_path(const std::string& target) {
  return std::string(ENGINE_DIR) + "/" + target + ".so";
}

class MonitorRuleMutant : public ::testing::TestWithParam<Mutant> {};

TEST_P(MonitorRuleMutant, IsCaughtWithItsRuleAndTheBaseIsClean) {
  const Mutant& m = GetParam();
  const std::string rule = *testing_support::runs(m, "rule");
  const bool fs = m.base == "fs_engine";
  std::string report;
  // A strict rule (lifecycle.thread_leak, lifecycle.memory_leak) is a
  // violation only at --level strict: both engines run at the rule's level.
  const Level level = rules::level_of(rule);
  const auto caught =
      monitored_rules(engine_path("mutant_" + m.name), m.config, fs, level, &report);
  EXPECT_TRUE(caught.count(rule)) << m.name << " (" << m.defect << ") not caught as " << rule
                                  << ":\n"
                                  << report;
  const auto base = monitored_rules(engine_path(m.base), m.config, fs, level, &report);
  EXPECT_TRUE(base.empty()) << m.base << " " << m.config << " is not clean:\n" << report;
}

// The rows with a rule: catcher (tests/engine/test_mutants_table.cpp checks
// the table is well formed and every row is run).
std::vector<Mutant> monitor_rule_mutants() {
  return testing_support::rows_run_by(MUTANTS_TABLE, "rule");
}

INSTANTIATE_TEST_SUITE_P(Table, MonitorRuleMutant, ::testing::ValuesIn(monitor_rule_mutants()),
                         [](const auto& info) { return info.param.name; });

// The reference engines in every mode run the workload without a violation,
// strict rules included.
class CleanReference : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(CleanReference, HasNoViolation) {
  const auto [base, config] = GetParam();
  std::string report;
  const auto rules = monitored_rules(engine_path(base), config, std::string(base) == "fs_engine",
                                     Level::strict, &report);
  EXPECT_TRUE(rules.empty()) << base << " " << config << ":\n" << report;
}

INSTANTIATE_TEST_SUITE_P(Engines, CleanReference,
                         ::testing::Values(std::pair{"fs_engine", "mode=sync"},
                                           std::pair{"fs_engine", "mode=async"},
                                           std::pair{"fs_engine", "mode=pool;threads=3"},
                                           std::pair{"mem_engine", ""}),
                         [](const auto& info) {
                           std::string n = std::string(info.param.first) + "_" + info.param.second;
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace enginesim
