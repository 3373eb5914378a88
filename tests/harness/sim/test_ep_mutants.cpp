// test_ep_mutants.cpp - the ep mutants of engine/mutants/mutants.txt (catcher
// explore:<faults>=<verdict>[:<finding>]): a campaign over the same seeds
// finds each with the verdict and the finding its row names, and the correct
// ep engine passes every seed up to the one that found it.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <sstream>

#include "harness/sim/run_pool.h"
#include "tests/harness/mutants_table.h"
#include "tests/harness/sim/ep_sim_fixture.h"

namespace enginesim::sched {
namespace {

// A heavier workload than the other tests (3 connections x 20 operations over
// 2 keys) and fault profile (engine/mutants/ep_faults.profile): more flushes,
// ejections, compactions and faults per run.
constexpr uint64_t kMutantSeeds = 300;
// A row marked `rare`: a defect found in well under 1% of seeds.
constexpr uint64_t kRareMutantSeeds = 1000;
constexpr uint32_t kMutantOps = 20;
constexpr uint32_t kMutantKeys = 2;

struct EpMutant {
  std::string name, config;
  Faults faults;
  bool strict_notify = false;     // --strict-notify: the monitor's notify.premature
  bool lock_order = true;         // false: --no-lock-order, a real deadlock is needed
  uint64_t seeds = kMutantSeeds;  // the campaign's seeds, 1..seeds
  Verdict verdict = Verdict::ok;  // what the campaign must end with...
  std::string finding;            // ...and the report line "<finding>: ..." ("" = none)
  std::string test_name;          // "" = name
};

void PrintTo(const EpMutant& m, std::ostream* os) { *os << m.name; }

// "<list>=<verdict>[:<finding>]", the list comma-separated from none, io,
// crash, strict-notify, no-lock-order, rare.
EpMutant parse_explore(const testing_support::MutantRow& row, const std::string& spec) {
  EpMutant m;
  m.name = row.name;
  m.config = row.config;
  const size_t eq = spec.find('=');
  if (eq == std::string::npos) {
    ADD_FAILURE() << row.name << ": explore:" << spec << " names no verdict (=<verdict>)";
    return m;
  }
  const std::string expected = spec.substr(eq + 1);
  const size_t colon = expected.find(':');
  if (!verdict_from_string(expected.substr(0, colon), &m.verdict) || m.verdict == Verdict::ok) {
    ADD_FAILURE() << row.name << ": '" << expected.substr(0, colon) << "' is no failing verdict";
  }
  if (colon != std::string::npos) m.finding = expected.substr(colon + 1);
  const std::string list = spec.substr(0, eq) + ",";
  for (size_t start = 0, end; (end = list.find(',', start)) != std::string::npos; start = end + 1) {
    const std::string word = list.substr(start, end - start);
    if (word == "io")
      m.faults.io = true;
    else if (word == "crash")
      m.faults.crash = true;
    else if (word == "strict-notify")
      m.strict_notify = true;
    else if (word == "no-lock-order")
      m.lock_order = false;
    else if (word == "rare")
      m.seeds = kRareMutantSeeds;
    else if (word != "none")
      ADD_FAILURE() << row.name << ": unknown '" << word << "' in " << spec;
  }
  return m;
}

std::vector<EpMutant> ep_mutants() {
  std::vector<EpMutant> out;
  for (const auto& row : testing_support::rows_run_by(MUTANTS_TXT, "explore")) {
    const std::vector<std::string> specs = testing_support::specs_run(row, "explore");
    for (size_t i = 0; i < specs.size(); ++i) {
      out.push_back(parse_explore(row, specs[i]));
      // One test per catcher: the second of a row is <name>_2.
      if (i > 0) out.back().test_name = row.name + "_" + std::to_string(i + 1);
    }
  }
  return out;
}

// Does a line of `report` start, after its indentation, with "<finding>: "?
// (The sim's checks head their lines so: "durability: ...", a contract
// rule's "  notify.premature: ...", "wait-for cycle: ...".)
bool shows_finding(const std::string& report, const std::string& finding) {
  std::istringstream lines(report);
  for (std::string line; std::getline(lines, line);) {
    const size_t text = line.find_first_not_of(' ');
    if (text != std::string::npos && line.compare(text, finding.size() + 2, finding + ": ") == 0) {
      return true;
    }
  }
  return false;
}

SimConfig mutant_config(uint64_t seed, const EpMutant& m) {
  const Faults faults = m.faults;
  SimConfig cfg = ep_config(seed, faults);
  cfg.strict_notify = m.strict_notify;
  cfg.sched.lock_order = m.lock_order;
  cfg.ops_per_connection = kMutantOps;
  cfg.keys = kMutantKeys;
  if (faults.io) {
    auto profile = std::make_shared<FaultProfile>();
    std::string error;
    EXPECT_TRUE(read_fault_profile_file(EP_FAULTS_PROFILE, profile.get(), &error)) << error;
    cfg.faults = profile;
  }
  return cfg;
}

// Runs seeds 1..last of `job_for` two at a time; returns the results by seed,
// stopping (after the runs in flight) once a seed fails when `stop_on_failure`.
std::map<uint64_t, RunResult> campaign(
    uint64_t last, const std::function<bool(const RunResult&)>& stops,
    const std::function<std::function<RunResult()>(uint64_t, const std::string&)>& job_for) {
  std::map<uint64_t, RunResult> results;
  std::map<uint64_t, std::unique_ptr<TempDir>> dirs;
  RunPool pool;
  bool failed = false;
  auto collect = [&] {
    auto [seed, r] = pool.wait_one();
    dirs.erase(seed);
    failed |= stops(r);
    results[seed] = std::move(r);
  };
  for (uint64_t seed = 1; seed <= last && !failed; ++seed) {
    if (pool.running() >= 2) collect();
    auto dir = std::make_unique<TempDir>();
    pool.start(seed, job_for(seed, dir->path()));
    dirs[seed] = std::move(dir);
  }
  while (pool.running() > 0) collect();
  return results;
}

void print_replay(const EpMutant& m, uint64_t seed, const RunResult& failure) {
  std::printf(
      "%s: seed %llu %s: %s\n  replay: enginesim run --engine %s/mutant_%s.so "
      "--config 'dbdir={tmpdir};%s' --seed %llu --strategy %s --connections 3 --ops 20 "
      "--keys 2 --advance-percent 10%s%s%s%s\n",
      m.name.c_str(), static_cast<unsigned long long>(seed), to_string(failure.verdict),
      failure.report.substr(0, failure.report.find('\n', 200)).c_str(), ENGINES_DIR, m.name.c_str(),
      m.config.c_str(), static_cast<unsigned long long>(seed), spec_for(seed),
      m.faults.io && m.faults.crash ? " --faults crash,io"
      : m.faults.crash              ? " --faults crash"
      : m.faults.io                 ? " --faults io"
                                    : "",
      m.faults.io ? " --fault-profile " EP_FAULTS_PROFILE : "",
      m.strict_notify ? " --strict-notify" : "", m.lock_order ? "" : " --no-lock-order");
}

class EpMutantCampaign : public ::testing::TestWithParam<EpMutant> {};

TEST_P(EpMutantCampaign, IsFoundWithItsFindingAndTheCorrectEngineSurvivesTheSameSeeds) {
  const EpMutant& m = GetParam();
#if defined(__SANITIZE_THREAD__)
  if (m.seeds > kMutantSeeds) {
    GTEST_SKIP() << m.name << ": a rare mutant's campaign (twice up to " << m.seeds
                 << " ep seeds) outlasts the 300 s limit under TSan; the default and asan "
                    "suites run it";
  }
#endif
  const std::string mutant = std::string(ENGINES_DIR) + "/mutant_" + m.name + ".so";
  // A lock-order row's cycle may first come true as a deadlock (the
  // scheduler reached the interleaving before the check saw both orders):
  // the same defect, found the hard way. The campaign goes on to the seed
  // where the check itself reports it, which the row claims.
  auto made_real = [&](const RunResult& r) {
    return m.verdict == Verdict::lock_order && r.verdict == Verdict::deadlock &&
           shows_finding(r.report, "wait-for cycle");
  };
  auto counts = [&](const RunResult& r) { return r.verdict != Verdict::ok && !made_real(r); };
  const auto mutant_runs = campaign(m.seeds, counts, [&](uint64_t seed, const std::string& dir) {
    SimConfig cfg = mutant_config(seed, m);
    cfg.engine_path = mutant;
    return ep_job(cfg, dir, spec_for(seed), {}, m.config);
  });
  uint64_t found = 0;
  RunResult failure;
  for (const auto& [seed, r] : mutant_runs) {
    if (counts(r) && found == 0) {
      found = seed;
      failure = r;
    }
  }
  for (const auto& [seed, r] : mutant_runs) {
    if (made_real(r) && (found == 0 || seed < found)) {
      std::printf("%s: seed %llu deadlocked on the cycle first (wait-for cycle)\n", m.name.c_str(),
                  static_cast<unsigned long long>(seed));
    }
  }
  ASSERT_NE(found, 0u) << m.name << " survived seeds 1.." << m.seeds;
  print_replay(m, found, failure);
  // The first failure is the defect the row claims, not any failure.
  EXPECT_EQ(to_string(failure.verdict), std::string(to_string(m.verdict)))
      << m.name << ", seed " << found << ":\n"
      << failure.report;
  if (!m.finding.empty()) {
    EXPECT_TRUE(shows_finding(failure.report, m.finding))
        << m.name << ", seed " << found << ": no '" << m.finding << ": ' line in\n"
        << failure.report;
  }
  const auto correct = campaign(
      found, [](const RunResult&) { return false; },
      [&](uint64_t seed, const std::string& dir) {
        return ep_job(mutant_config(seed, m), dir, spec_for(seed), {}, m.config);
      });
  for (const auto& [seed, r] : correct) {
    EXPECT_EQ(r.verdict, Verdict::ok) << "the correct ep, seed " << seed << ": " << r.report;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, EpMutantCampaign, ::testing::ValuesIn(ep_mutants()),
                         [](const auto& info) {
                           return info.param.test_name.empty() ? info.param.name
                                                               : info.param.test_name;
                         });

TEST(EpMutantFinding, IsALineHeadNotAWordAnywhere) {
  const std::string report =
      "durability: after the crash and restart, 1 persisted mutation(s) are not there\n"
      "  key \"k3\" came back as an older version\n";
  EXPECT_TRUE(shows_finding(report, "durability"));
  EXPECT_FALSE(shows_finding(report, "restart"));
  EXPECT_FALSE(shows_finding(report, "durab"));
  EXPECT_TRUE(shows_finding("contract monitor: 1 violation(s)\n  notify.premature: re-call\n",
                            "notify.premature"));
}

}  // namespace
}  // namespace enginesim::sched
