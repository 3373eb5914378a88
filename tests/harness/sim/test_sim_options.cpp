// test_sim_options.cpp - the options table (harness/sim/sim_options.def)
// round-trips: for every option, command line -> setup -> schedule-file
// meta -> setup gives the same setup, and the printed repro command parses
// back to it; the meta lines and repro command keep their recorded form.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/sim/seed_plan.h"
#include "harness/sim/sim_env.h"
#include "harness/sim/sim_options.h"
#include "harness/sim/workload_file.h"

using namespace enginesim;
using namespace enginesim::cli;

namespace {

// `run`'s options as far as the setup goes: the table's, and --seed (which
// the repro command carries).
std::vector<OptionSpec> run_options() {
  return with(with(engine_options(), {{"seed", "S", "1", "the seed", false, 0, INT64_MAX}}),
              sim_options());
}

std::optional<Args> parse(const std::vector<std::string>& words, std::string* error) {
  std::vector<std::string> copy = words;
  std::vector<char*> argv;
  for (std::string& w : copy) argv.push_back(w.data());
  return parse_options("run", run_options(), static_cast<int>(argv.size()), argv.data(), error);
}

// Every field of the setup, one per line (what "the same setup" means).
std::string describe(const SimSetup& s) {
  const auto& c = s.cfg;
  std::string out;
  auto line = [&](const char* name, const std::string& v) {
    out += std::string(name) + "=" + v + "\n";
  };
  line("engine", c.engine_path);
  line("config", c.engine_config);
  line("abi", enginesim::abi::name(c.abi));
  line("connections", std::to_string(c.connections));
  line("ops", std::to_string(c.ops_per_connection));
  line("keys", std::to_string(c.keys));
  line("advance", std::to_string(c.time_advance_percent));
  line("workers", std::to_string(c.workers));
  line("spurious", std::to_string(c.sched.spurious_wakeups));
  line("steps", std::to_string(c.sched.steps_max));
  line("mix", sched::format_op_mix(c.mix));
  line("expire", std::to_string(c.expire_one_in));
  line("swarm", std::to_string(s.swarm));
  line("lin", std::to_string(c.check_linearizability));
  line("strict", std::to_string(c.strict_notify));
  line("level", to_string(c.level));
  line("workload", c.workload ? sched::format_workload(*c.workload) : "-");
  line("workload_text", s.workload_text);
  line("faults", s.faults);
  line("crash", std::to_string(s.crash));
  line("profile", c.faults ? sched::format_fault_profile(*c.faults) : "-");
  return out;
}

// The words of a command printed with shell_quote (single quotes only).
std::vector<std::string> split_command(const std::string& cmd) {
  std::vector<std::string> words;
  std::string w;
  bool quoted = false, any = false;
  for (size_t i = 0; i < cmd.size(); ++i) {
    const char c = cmd[i];
    if (quoted) {
      if (c == '\'')
        quoted = false;
      else
        w.push_back(c);
    } else if (c == '\'') {
      quoted = any = true;
    } else if (c == '\\' && i + 1 < cmd.size()) {
      w.push_back(cmd[++i]);
    } else if (c == ' ') {
      if (any || !w.empty()) words.push_back(w);
      w.clear();
      any = false;
    } else {
      w.push_back(c);
    }
  }
  if (any || !w.empty()) words.push_back(w);
  return words;
}

class SimOptionsTable : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("enginesim-options-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    workload_ = (dir_ / "w 1.workload").string();  // a space: the repro quotes it
    sched::SimConfig cfg;
    cfg.connections = 3;
    cfg.ops_per_connection = 4;
    std::string error;
    ASSERT_TRUE(sched::write_workload_file(workload_, sched::make_workload(cfg), &error)) << error;
    profile_ = (dir_ / "faults.profile").string();
    std::ofstream(profile_) << sched::format_fault_profile(sched::default_fault_profile());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // args -> setup -> meta -> setup, and args -> setup -> repro -> setup.
  void round_trip(const std::vector<std::string>& words) {
    SCOPED_TRACE(::testing::PrintToString(words));
    std::string error;
    const auto args = parse(words, &error);
    ASSERT_TRUE(args) << error;
    SimSetup from_args;
    ASSERT_TRUE(setup_from_args(*args, &from_args, &error)) << error;

    // What seed 9 runs: with swarm testing on, the shape it draws. The file
    // and the repro command hold that, not the option that drew it.
    const SimSetup seeded = setup_for_seed(from_args, 9);
    EXPECT_FALSE(seeded.swarm);
    sched::ScheduleFile file;
    file.seed = 9;
    file.strategy = seeded.strategy;
    put_meta(seeded, &file);
    SimSetup from_file;
    ASSERT_TRUE(setup_from_schedule(file, &from_file, &error)) << error;
    EXPECT_EQ(describe(from_file), describe(seeded));
    EXPECT_EQ(from_file.strategy, seeded.strategy);
    EXPECT_EQ(from_file.shape_text, seeded.shape_text);
    sched::ScheduleFile again;
    put_meta(from_file, &again);
    EXPECT_EQ(again.meta, file.meta);

    const std::string repro = repro_command(from_args, 9, from_args.strategy);
    std::vector<std::string> repro_words = split_command(repro);
    const auto run = std::find(repro_words.begin(), repro_words.end(), "run");
    ASSERT_NE(run, repro_words.end()) << repro;
    repro_words.erase(repro_words.begin(), run + 1);
    const auto repro_args = parse(repro_words, &error);
    ASSERT_TRUE(repro_args) << repro << ": " << error;
    EXPECT_EQ(repro_args->integer("seed"), 9);
    SimSetup from_repro;
    ASSERT_TRUE(setup_from_args(*repro_args, &from_repro, &error)) << repro << ": " << error;
    EXPECT_EQ(describe(setup_for_seed(from_repro, 9)), describe(seeded)) << repro;
    EXPECT_EQ(from_repro.workload_path, from_args.workload_path);
    EXPECT_EQ(from_repro.fault_profile_path, from_args.fault_profile_path);
    EXPECT_EQ(from_repro.strategy, from_args.strategy);
  }

  std::filesystem::path dir_;
  std::string workload_, profile_;
};

TEST_F(SimOptionsTable, DefaultsRoundTrip) { round_trip({"--engine", "/e/x.so"}); }

// Every option of the table away from its default, one at a time and all
// together (where they combine).
TEST_F(SimOptionsTable, EveryOptionRoundTrips) {
  const std::vector<std::vector<std::string>> each = {
      {"--config", "dbdir={tmpdir} cache=1"},
      {"--abi", "mysql"},
      {"--abi", "1.6.0-beta1"},
      {"--strategy", "random"},
      {"--strategy", "pct:3:500"},
      {"--strategy", "dfs:2"},
      {"--connections", "5"},
      {"--ops", "0"},
      {"--keys", "9"},
      {"--advance-percent", "0"},
      {"--workers", "2"},
      {"--workload", workload_},
      {"--spurious-wakeups"},
      {"--steps-max", "12345"},
      {"--mix", "get,cas,flush"},
      {"--strict-notify"},
      {"--level", "strict"},
      {"--no-linearizability"},
      {"--faults", "io"},
      {"--faults", "io", "--fault-profile", profile_},
      {"--faults", "crash", "--config", "dbdir={tmpdir}"},
      {"--faults", "crash,io", "--config", "dbdir={tmpdir}"},
      {"--child-limit-sec", "5", "--require-complete"},
      {"--strategy", "mix"},
      {"--expire-one-in", "0"},
      {"--swarm"},
      {"--no-swarm"},
      {"--no-swarm", "--expire-one-in", "1"},
      {"--swarm", "--keys", "9", "--mix", "cas"},
  };
  for (const auto& words : each) {
    std::vector<std::string> all = {"--engine", "/e/x.so"};
    all.insert(all.end(), words.begin(), words.end());
    round_trip(all);
  }
  round_trip({"--engine",
              "/e/x.so",
              "--config",
              "dbdir={tmpdir}",
              "--abi",
              "mysql",
              "--strategy",
              "pct:4",
              "--workload",
              workload_,
              "--workers",
              "3",
              "--spurious-wakeups",
              "--steps-max",
              "77",
              "--strict-notify",
              "--level",
              "strict",
              "--no-linearizability",
              "--faults",
              "crash,io",
              "--fault-profile",
              profile_});
  round_trip({"--engine", "/e/x.so", "--connections", "4", "--ops", "6", "--keys", "2",
              "--advance-percent", "50", "--mix", "set,append,incr"});
}

// The schedule file's lines and the repro command, exactly as enginesim has
// always written them (order and spelling are part of the file format).
TEST_F(SimOptionsTable, MetaAndReproKeepTheirForm) {
  std::string error;
  auto args = parse({"--engine", "/e/x.so", "--no-swarm"}, &error);
  ASSERT_TRUE(args) << error;
  SimSetup s;
  ASSERT_TRUE(setup_from_args(*args, &s, &error)) << error;
  sched::ScheduleFile f;
  put_meta(s, &f);
  const std::vector<std::pair<std::string, std::string>> defaults = {
      {"engine", "/e/x.so"},   {"config", ""},
      {"connections", "2"},    {"ops", "10"},
      {"keys", "4"},           {"advance-percent", "5"},
      {"workers", "0"},        {"spurious-wakeups", "0"},
      {"steps-max", "2000000"}};
  EXPECT_EQ(f.meta, defaults);
  const std::string repro = repro_command(s, 7, "pct:2:100");
  EXPECT_EQ(repro.substr(repro.find(" run ")),
            " run --engine /e/x.so --seed 7 --strategy pct:2:100 --connections 2 --ops 10 --keys 4 "
            "--no-swarm");

  args = parse({"--engine",
                "/e/x.so",
                "--config",
                "dbdir={tmpdir}",
                "--abi",
                "mysql",
                "--advance-percent",
                "7",
                "--mix",
                "get,set",
                "--workers",
                "2",
                "--spurious-wakeups",
                "--steps-max",
                "9",
                "--no-linearizability",
                "--strict-notify",
                "--level",
                "strict",
                "--faults",
                "crash,io",
                "--no-swarm"},
               &error);
  ASSERT_TRUE(args) << error;
  SimSetup t;
  ASSERT_TRUE(setup_from_args(*args, &t, &error)) << error;
  put_meta(t, &f);
  std::vector<std::string> keys;
  for (const auto& [k, v] : f.meta) keys.push_back(k);
  const std::vector<std::string> order = {"engine",
                                          "config",
                                          "connections",
                                          "ops",
                                          "keys",
                                          "advance-percent",
                                          "workers",
                                          "spurious-wakeups",
                                          "steps-max",
                                          "mix",
                                          "linearizability",
                                          "strict-notify",
                                          "level",
                                          "abi",
                                          "faults",
                                          "fault-profile"};
  EXPECT_EQ(keys, order);
  EXPECT_EQ(*f.find_meta("linearizability"), "0");
  EXPECT_EQ(*f.find_meta("strict-notify"), "1");
  EXPECT_EQ(*f.find_meta("spurious-wakeups"), "1");
  const std::string r = repro_command(t, 3, "random");
  EXPECT_EQ(
      r.substr(r.find(" run ")),
      " run --engine /e/x.so --config 'dbdir={tmpdir}' --abi mysql --seed 3 --strategy random "
      "--connections 2 --ops 10 --keys 4 --advance-percent 7 --mix get,set --workers 2 "
      "--spurious-wakeups --steps-max 9 --no-linearizability --strict-notify --level strict "
      "--faults crash,io --no-swarm");
}

// Swarm testing is the default: a seed draws its shape, except the
// dimensions given; the file describes the shape, the repro spells it out
// with --no-swarm; --swarm with --no-swarm is refused.
TEST_F(SimOptionsTable, SwarmSeedsSpellTheirShapeOut) {
  std::string error;
  auto args = parse({"--engine", "/e/x.so", "--keys", "3"}, &error);
  ASSERT_TRUE(args) << error;
  SimSetup s;
  ASSERT_TRUE(setup_from_args(*args, &s, &error)) << error;
  EXPECT_TRUE(s.swarm);
  EXPECT_TRUE(s.fixed.keys);
  EXPECT_FALSE(s.fixed.mix);
  std::set<std::string> shapes;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const SimSetup seeded = setup_for_seed(s, seed);
    EXPECT_EQ(seeded.cfg.keys, 3u);
    EXPECT_FALSE(seeded.cfg.mix.empty()) << "a drawn shape names its mix";
    shapes.insert(seeded.shape_text);
    sched::ScheduleFile f;
    put_meta(seeded, &f);
    ASSERT_NE(f.find_meta("swarm-shape"), nullptr);
    EXPECT_EQ(*f.find_meta("swarm-shape"), seeded.shape_text);
    const std::string repro = repro_command(s, seed, "random");
    EXPECT_NE(repro.find(" --keys 3 "), std::string::npos) << repro;
    EXPECT_NE(repro.find(" --mix " + sched::format_op_mix(seeded.cfg.mix)), std::string::npos)
        << repro;
    EXPECT_EQ(repro.substr(repro.size() - 11), " --no-swarm") << repro;
  }
  EXPECT_GT(shapes.size(), 10u) << "seeds draw different shapes";

  args = parse({"--engine", "/e/x.so", "--swarm", "--no-swarm"}, &error);
  ASSERT_TRUE(args) << error;
  SimSetup t;
  EXPECT_FALSE(setup_from_args(*args, &t, &error));
  EXPECT_EQ(error, "--swarm and --no-swarm contradict each other: give one");
}

// The scheduler's own default (for direct users) is the table's.
TEST(SimOptionsDefaults, TheTablesDefaultsAreTheStructs) {
  EXPECT_EQ(sched::SchedOptions{}.steps_max, sched::SimConfig{}.sched.steps_max);
  EXPECT_EQ(sched::SimConfig{}.sched.steps_max, 2000000u);
  EXPECT_EQ(SimSetup{}.child_limit_ms, 60000u);
  EXPECT_EQ(sched::SimConfig{}.connections, 2u);
  EXPECT_EQ(sched::SimConfig{}.time_advance_percent, 5u);
}

// Of several bad values, the one enginesim has always reported first.
TEST_F(SimOptionsTable, ArgsErrorsInTheirOrder) {
  std::string error;
  const auto args = parse({"--engine", "e", "--strategy", "pct:x", "--mix", "nope", "--level", "x",
                           "--workload", "/nonexistent"},
                          &error);
  ASSERT_TRUE(args) << error;
  SimSetup s;
  EXPECT_FALSE(setup_from_args(*args, &s, &error));
  EXPECT_EQ(error, "--level must be required or strict, not 'x'");
  const auto args2 = parse({"--engine", "e", "--strategy", "pct:x", "--mix", "nope"}, &error);
  ASSERT_TRUE(args2) << error;
  EXPECT_FALSE(setup_from_args(*args2, &s, &error));
  EXPECT_NE(error.find("'nope'"), std::string::npos) << error;
}

TEST_F(SimOptionsTable, ScheduleFileErrorsNameTheLine) {
  sched::ScheduleFile f;
  SimSetup s;
  std::string error;
  EXPECT_FALSE(setup_from_schedule(f, &s, &error));
  EXPECT_EQ(error,
            "the schedule file has no 'engine' line: it was not written by `enginesim run` "
            "or `explore`");
  f.meta = {{"engine", "e"}, {"config", ""}, {"connections", "x"}};
  EXPECT_FALSE(setup_from_schedule(f, &s, &error));
  EXPECT_EQ(error, "the schedule file's 'connections' is not a number");
  f.meta = {{"engine", "e"}, {"config", ""}, {"connections", "4294967296"}};
  EXPECT_FALSE(setup_from_schedule(f, &s, &error));
  EXPECT_EQ(error, "the schedule file's 'connections' is not a number");
}

TEST(SimOptionsEnv, ReadsTheTablesVariables) {
  EXPECT_STREQ(option_env_name("engine"), "ENGINESIM_ENGINE");
  EXPECT_STREQ(option_env_name("config"), "ENGINESIM_CONFIG");
  ::setenv("ENGINESIM_CONFIG", "dbdir=/x", 1);
  EXPECT_EQ(option_env_text("config"), "dbdir=/x");
  ::unsetenv("ENGINESIM_CONFIG");
  EXPECT_EQ(option_env_text("config"), "");
  EXPECT_STREQ(env_name(EnvSetting::property_cases), "ENGINESIM_PROPERTY_CASES");
  ::setenv("ENGINESIM_FINDINGS_DIR", "/f", 1);
  EXPECT_STREQ(env_value(EnvSetting::findings_dir), "/f");
  ::unsetenv("ENGINESIM_FINDINGS_DIR");
  EXPECT_EQ(env_value(EnvSetting::findings_dir), nullptr);
}

}  // namespace
