// test_ep_sim.cpp - the ep engine (executor pool, flusher, bg fetcher,
// pagers, compaction, warmup: every worker thread controlled) under the
// scheduler: seeds pass and repeat their trace hash; with I/O faults it never
// crashes, never answers a value nobody stored, keeps serving, and a faulted
// run replays bit for bit.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <map>
#include <memory>

#include "harness/sim/run_pool.h"
#include "harness/sched/replay_strategy.h"
#include "tests/harness/sim/sim_fixture.h"
#include "tests/harness/mutants_table.h"

namespace enginesim::sched {
namespace {

// Small limits so that short runs reach the pager, compaction and bg fetches
// (the mutants' rows in engine/mutants/mutants.txt use the same).
constexpr const char* kEpOptions =
    "max_size=2k;exp_pager_stime=30;flusher_batch=4;compaction_min_dead=256";

// `cfg.engine_path` empty = the correct ep engine.
std::function<RunResult()> ep_job(SimConfig cfg, const std::string& dir, const std::string& spec,
                                  ChoiceLog replay = {}, std::string options = kEpOptions) {
  return [cfg, dir, spec, replay, options]() mutable {
    if (cfg.engine_path.empty()) cfg.engine_path = EP_ENGINE_PATH;
    cfg.engine_config = "dbdir=" + dir + ";" + options;
    if (cfg.crash_dir == "{tmpdir}") cfg.crash_dir = dir;
    if (replay.empty()) return sim_run_spec(cfg, spec);
    ReplayStrategy strategy(replay, ReplayStrategy::Mode::replay, spec);
    return sim_run(cfg, strategy);
  };
}

struct Faults {
  bool io = false;
  bool crash = false;
};

SimConfig ep_config(uint64_t seed, Faults faults) {
  SimConfig cfg;
  cfg.seed = seed;
  cfg.connections = 3;
  cfg.ops_per_connection = 12;
  cfg.keys = 4;
  cfg.time_advance_percent = 10;
  if (faults.io) cfg.faults = std::make_shared<FaultProfile>(default_fault_profile());
  if (faults.crash) cfg.crash_dir = "{tmpdir}";  // ep_job puts the run's directory there
  return cfg;
}

const char* spec_for(uint64_t seed) { return seed % 2 ? "random" : "pct:2:2000"; }

// Runs seeds 1..n twice each, two at a time; returns seed -> result of the
// first round and checks the second repeats its hash.
std::map<uint64_t, RunResult> run_seeds(uint64_t n, Faults faults) {
  std::map<uint64_t, RunResult> first;
  std::map<uint64_t, uint64_t> second;
  std::map<uint64_t, std::unique_ptr<TempDir>> dirs;
  RunPool pool;
  auto collect = [&] {
    auto [tag, r] = pool.wait_one();
    dirs.erase(tag);
    if (tag % 2 == 0) first[tag / 2] = std::move(r);
    else second[tag / 2] = r.trace_hash;
  };
  for (uint64_t tag = 2; tag < 2 * (n + 1); ++tag) {
    if (pool.running() >= 2) collect();
    const uint64_t seed = tag / 2;
    auto dir = std::make_unique<TempDir>();
    pool.start(tag, ep_job(ep_config(seed, faults), dir->path(), spec_for(seed)));
    dirs[tag] = std::move(dir);
  }
  while (pool.running() > 0) collect();
  for (const auto& [seed, r] : first) {
    EXPECT_EQ(r.verdict, Verdict::ok) << "seed " << seed << ": " << to_string(r.verdict) << "\n"
                                      << r.report;
    EXPECT_EQ(r.trace_hash, second[seed]) << "seed " << seed << " did not repeat its trace hash";
  }
  return first;
}

TEST(EpSim, FiftySeedsPassAndRepeatTheirTraceHash) {
  const auto results = run_seeds(50, {});
  ASSERT_EQ(results.size(), 50u);
  // Every ep task thread is controlled: more threads than core main + workers.
  EXPECT_GT(results.at(1).thread_names.size(), 4u);
  for (const auto& [seed, r] : results) {
    for (const ChoiceRecord& c : r.choices) {
      EXPECT_NE(c.kind, ChoiceKind::fault) << "seed " << seed << ": a fault choice without faults";
    }
  }
}

TEST(EpSim, SurvivesIoFaultsAndEveryFaultedSeedRepeats) {
  const auto results = run_seeds(40, {.io = true});
  uint64_t fault_choices = 0, faults_taken = 0;
  for (const auto& [seed, r] : results) {
    for (const ChoiceRecord& c : r.choices) {
      if (c.kind != ChoiceKind::fault) continue;
      ++fault_choices;
      if (c.picked != 0) ++faults_taken;
    }
  }
  // The profile's few percent over hundreds of I/O calls: faults did happen.
  EXPECT_GT(fault_choices, 100u);
  EXPECT_GT(faults_taken, 5u);
}

TEST(EpSim, ReplayOfAFaultedRunRepeatsItsTraceHash) {
  // The first seed whose run injected a fault, replayed from its choices.
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    TempDir dir;
    const RunResult r = run_in_child(ep_job(ep_config(seed, {.io = true}), dir.path(), "random"));
    ASSERT_EQ(r.verdict, Verdict::ok) << "seed " << seed << ": " << r.report;
    bool faulted = false;
    for (const ChoiceRecord& c : r.choices) faulted |= c.kind == ChoiceKind::fault && c.picked != 0;
    if (!faulted) continue;
    TempDir again;
    const RunResult replayed =
        run_in_child(ep_job(ep_config(seed, {.io = true}), again.path(), "random", r.choices));
    EXPECT_EQ(replayed.verdict, Verdict::ok) << replayed.report;
    EXPECT_EQ(replayed.trace_hash, r.trace_hash);
    return;
  }
  FAIL() << "no seed in 1..20 injected a fault";
}

TEST(EpSim, CrashRestartSeedsKeepEveryPersistedMutationAndRepeat) {
  const auto results = run_seeds(40, {.crash = true});
  size_t crashed = 0, durable_keys_checked = 0;
  for (const auto& [seed, r] : results) {
    (void)seed;
    for (const TraceEvent& e : r.events) {
      if (e.text.rfind("crash after ", 0) == 0) ++crashed;
      if (e.text.rfind("restart: get ", 0) == 0) ++durable_keys_checked;
    }
  }
  EXPECT_EQ(crashed, results.size()) << "every run crashes and restarts the engine";
  // The persistence signal was there to check in many runs.
  EXPECT_GT(durable_keys_checked, results.size());
}

TEST(EpSim, CrashAndIoFaultsTogetherPassAndReplay) {
  const auto results = run_seeds(40, {.io = true, .crash = true});
  const RunResult& r = results.at(7);
  TempDir dir;
  const RunResult replayed = run_in_child(
      ep_job(ep_config(7, {.io = true, .crash = true}), dir.path(), spec_for(7), r.choices));
  EXPECT_EQ(replayed.verdict, Verdict::ok) << replayed.report;
  EXPECT_EQ(replayed.trace_hash, r.trace_hash);
}

// --- the ep mutants of engine/mutants/mutants.txt (catcher explore:FAULTS) ---

// A heavier workload than the other tests (3 connections x 20 operations over
// 2 keys) and fault profile (engine/mutants/ep_faults.profile): more flushes,
// ejections, compactions and faults per run.
constexpr uint64_t kMutantSeeds = 300;
constexpr uint32_t kMutantOps = 20;
constexpr uint32_t kMutantKeys = 2;

struct EpMutant {
  std::string name, config;
  Faults faults;
  bool strict_notify = false;  // --strict-notify: the monitor's notify.premature
};

// explore:<list>, the list comma-separated from none, io, crash, strict-notify.
std::vector<EpMutant> ep_mutants() {
  std::vector<EpMutant> out;
  for (const auto& row : testing_support::read_mutants_table(MUTANTS_TXT).rows) {
    if (row.base != "ep_engine" || row.catcher.rfind("explore:", 0) != 0) continue;
    EpMutant m{row.name, row.config, {}};
    const std::string list = row.catcher.substr(8) + ",";
    for (size_t start = 0, end; (end = list.find(',', start)) != std::string::npos;
         start = end + 1) {
      const std::string word = list.substr(start, end - start);
      if (word == "io") m.faults.io = true;
      else if (word == "crash") m.faults.crash = true;
      else if (word == "strict-notify") m.strict_notify = true;
      else if (word != "none") ADD_FAILURE() << row.name << ": unknown '" << word << "' in " << row.catcher;
    }
    out.push_back(std::move(m));
  }
  return out;
}

SimConfig mutant_config(uint64_t seed, Faults faults, bool strict_notify) {
  SimConfig cfg = ep_config(seed, faults);
  cfg.strict_notify = strict_notify;
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

class EpMutantCampaign : public ::testing::TestWithParam<EpMutant> {};

// Runs seeds 1..last of `job_for` two at a time; returns the results by seed,
// stopping (after the runs in flight) once a seed fails when `stop_on_failure`.
std::map<uint64_t, RunResult> campaign(uint64_t last, bool stop_on_failure,
                                       const std::function<std::function<RunResult()>(
                                           uint64_t, const std::string&)>& job_for) {
  std::map<uint64_t, RunResult> results;
  std::map<uint64_t, std::unique_ptr<TempDir>> dirs;
  RunPool pool;
  bool failed = false;
  auto collect = [&] {
    auto [seed, r] = pool.wait_one();
    dirs.erase(seed);
    failed |= r.verdict != Verdict::ok;
    results[seed] = std::move(r);
  };
  for (uint64_t seed = 1; seed <= last && !(failed && stop_on_failure); ++seed) {
    if (pool.running() >= 2) collect();
    auto dir = std::make_unique<TempDir>();
    pool.start(seed, job_for(seed, dir->path()));
    dirs[seed] = std::move(dir);
  }
  while (pool.running() > 0) collect();
  return results;
}

TEST_P(EpMutantCampaign, IsFoundAndTheCorrectEngineSurvivesTheSameSeeds) {
  const EpMutant& m = GetParam();
  const std::string mutant = std::string(ENGINES_DIR) + "/mutant_" + m.name + ".so";
  const auto mutant_runs = campaign(kMutantSeeds, true, [&](uint64_t seed, const std::string& dir) {
    SimConfig cfg = mutant_config(seed, m.faults, m.strict_notify);
    cfg.engine_path = mutant;
    return ep_job(cfg, dir, spec_for(seed), {}, m.config);
  });
  uint64_t found = 0;
  RunResult failure;
  for (const auto& [seed, r] : mutant_runs) {
    if (r.verdict != Verdict::ok && found == 0) {
      found = seed;
      failure = r;
    }
  }
  ASSERT_NE(found, 0u) << m.name << " survived seeds 1.." << kMutantSeeds;
  std::printf("%s: seed %llu %s: %s\n  replay: enginesim run --engine %s/mutant_%s.so "
              "--config 'dbdir={tmpdir};%s' --seed %llu --strategy %s --connections 3 --ops 20 "
              "--keys 2 --advance-percent 10%s%s%s\n",
              m.name.c_str(), static_cast<unsigned long long>(found),
              to_string(failure.verdict), failure.report.substr(0, failure.report.find('\n', 200)).c_str(),
              ENGINES_DIR, m.name.c_str(), m.config.c_str(),
              static_cast<unsigned long long>(found), spec_for(found),
              m.faults.io && m.faults.crash ? " --faults crash,io"
              : m.faults.crash              ? " --faults crash"
              : m.faults.io                 ? " --faults io"
                                            : "",
              m.faults.io ? " --fault-profile " EP_FAULTS_PROFILE : "",
              m.strict_notify ? " --strict-notify" : "");
  const auto correct = campaign(found, false, [&](uint64_t seed, const std::string& dir) {
    return ep_job(mutant_config(seed, m.faults, m.strict_notify), dir, spec_for(seed), {},
                  m.config);
  });
  for (const auto& [seed, r] : correct) {
    EXPECT_EQ(r.verdict, Verdict::ok) << "the correct ep, seed " << seed << ": " << r.report;
  }
}

INSTANTIATE_TEST_SUITE_P(Table, EpMutantCampaign, ::testing::ValuesIn(ep_mutants()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace enginesim::sched
