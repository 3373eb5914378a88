// testapp_seeds.cpp - seeds of a testapp campaign in a child pool, recording
// and confirming failures, and replaying a recorded one.
#include "harness/cli/testapp_seeds.h"
#include "harness/sched/atomics/atomics_options.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include "enginesim/temp_dir.h"
#include "harness/cli/command.h"
#include "harness/sched/trace.h"
#include "harness/sim/run_pool.h"
#include "harness/testapp/sched_test.h"

namespace enginesim::cli {
namespace {

using sched::RunResult;
using testapp::SchedPlan;

std::string file_safe(const std::string& name) {
  std::string out;
  for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-') ? c : '_';
  return out.empty() ? "test" : out;
}

// One failing seed: record it, confirm it, print it; its verdict for reports.
testapp::TestVerdict report_failure(const testapp::SuiteLibrary& suite, size_t index,
                                    const testapp::SessionConfig& config,
                                    const SeedCampaign& campaign, const SchedPlan& plan,
                                    const RunResult& r) {
  const engine_test_t& test = suite.tests()[index];
  std::printf("FAIL %s seed %llu: %s: %s\n", test.name, static_cast<unsigned long long>(plan.seed),
              sched::to_string(r.verdict), first_line(r.report).c_str());
  std::string replay;
  if (r.verdict == sched::Verdict::died) {
    // Everything the run was given: an engine of another profile loaded
    // without its --abi would run, on another layout.
    replay =
        campaign.self + " testapp --engine " + config.engine_path + " --suite " + suite.path() +
        " --config '" + config.default_config + "'" +
        (config.abi == abi::Profile::tutorial_2010
             ? ""
             : std::string(" --abi ") + abi::name(config.abi)) +
        (config.level == Level::required ? ""
                                         : std::string(" --level ") + to_string(config.level)) +
        " --test '" + test.name + "' --seeds " + std::to_string(plan.seed) + ".." +
        std::to_string(plan.seed) + " --strategy " + plan.spec +
        (plan.races     ? " --races"
         : plan.atomics ? " --atomics"
                        : "") +
        (config.lock_order ? "" : " --no-lock-order");
  } else {
    std::error_code ec;
    std::filesystem::create_directories(campaign.out_dir, ec);
    const std::string path = campaign.out_dir + "/" + file_safe(test.name) + "-seed-" +
                             std::to_string(plan.seed) + ".schedule";
    std::string error;
    if (!sched::write_schedule_file(
            path, testapp::schedule_of(suite.path(), test.name, config, plan, r), &error)) {
      std::printf("  cannot record the schedule: %s\n", error.c_str());
    }
    replay = campaign.self + " testapp --replay " + path;
  }
  const testapp::Confirmed c = testapp::confirm(test, config, plan, r);
  std::printf("  %s\n  replay: %s\n", c.text.c_str(), replay.c_str());
  for (size_t at = 0, end; at < r.report.size(); at = end + 1) {
    end = r.report.find('\n', at);
    if (end == std::string::npos) end = r.report.size();
    std::printf("    %s\n", r.report.substr(at, end - at).c_str());
  }
  std::fflush(stdout);
  testapp::TestVerdict v;
  v.name = std::string(test.name) + " [seed " + std::to_string(plan.seed) + "]";
  v.result = r.verdict == sched::Verdict::died ? DIED : FAIL;
  v.detail = std::string(sched::to_string(r.verdict)) + ": " + first_line(r.report) +
             "; replay: " + replay;
  return v;
}

}  // namespace

bool parse_seed_range(const std::string& text, uint64_t* first, uint64_t* last,
                      std::string* error) {
  const size_t dots = text.find("..");
  char* end = nullptr;
  if (dots != std::string::npos) {
    *first = std::strtoull(text.c_str(), &end, 10);
    const bool ok_first = end == text.c_str() + dots;
    *last = std::strtoull(text.c_str() + dots + 2, &end, 10);
    if (ok_first && *end == '\0' && dots + 2 < text.size() && *first >= 1 && *first <= *last) {
      return true;
    }
  }
  *error = "--seeds takes A..B with 1 <= A <= B (e.g. 1..200), got '" + text + "'";
  return false;
}

std::vector<testapp::TestVerdict> run_seed_campaign(const testapp::SuiteLibrary& suite,
                                                    const std::vector<size_t>& indexes,
                                                    const testapp::SessionConfig& config,
                                                    const SeedCampaign& campaign) {
  std::vector<testapp::TestVerdict> failures;
  const uint64_t seeds = campaign.last - campaign.first + 1;
  uint64_t runs = 0, ok = 0;
  std::printf(
      "seeds %llu..%llu, strategy %s, %u jobs\n", static_cast<unsigned long long>(campaign.first),
      static_cast<unsigned long long>(campaign.last), campaign.strategy.c_str(), campaign.jobs);
  for (size_t index : indexes) {
    const engine_test_t& test = suite.tests()[index];
    if (test.tfun == nullptr) continue;
    sched::RunPool pool(campaign.wall_limit_ms);
    std::map<uint64_t, std::unique_ptr<TempDir>> dirs;
    uint64_t next = campaign.first, failed_seed = 0;
    RunResult failed_run;
    // Seeds in order; the lowest failing one is the one reported.
    while (pool.running() > 0 || (next <= campaign.last && failed_seed == 0)) {
      while (failed_seed == 0 && next <= campaign.last && pool.running() < campaign.jobs) {
        auto dir = std::make_unique<TempDir>("enginesim-testapp");
        testapp::SessionConfig c = config;
        c.tmpdir = dir->path();
        const SchedPlan plan{campaign.strategy, next,          false, {}, campaign.wall_limit_ms,
                             campaign.atomics,  campaign.races};
        pool.start(next, testapp::scheduled_job(test, c, plan));
        dirs[next++] = std::move(dir);
      }
      auto [seed, r] = pool.wait_one();
      dirs.erase(seed);
      ++runs;
      if (r.ok()) {
        ++ok;
      } else if (failed_seed == 0 || seed < failed_seed) {
        failed_seed = seed;
        failed_run = r;
      }
    }
    if (failed_seed != 0) {
      const SchedPlan plan{campaign.strategy,      failed_seed,      false,         {},
                           campaign.wall_limit_ms, campaign.atomics, campaign.races};
      failures.push_back(report_failure(suite, index, config, campaign, plan, failed_run));
    }
  }
  std::printf("seeds: %zu tests x %llu seeds: %llu runs, ok %llu, failed %llu (%zu tests failed)\n",
              indexes.size(), static_cast<unsigned long long>(seeds),
              static_cast<unsigned long long>(runs), static_cast<unsigned long long>(ok),
              static_cast<unsigned long long>(runs - ok), failures.size());
  return failures;
}

int replay_testapp(const std::string& path, const std::string& engine_override) {
  sched::ScheduleFile file;
  std::string error;
  if (!sched::read_schedule_file(path, &file, &error)) {
    std::fprintf(stderr, "enginesim testapp: %s\n", error.c_str());
    return kExitUsage;
  }
  const std::string* kind = file.find_meta("kind");
  if (kind == nullptr || *kind != "testapp") {
    std::fprintf(stderr,
                 "enginesim testapp: %s is not a schedule of `enginesim testapp` "
                 "(replay it with `enginesim replay`)\n",
                 path.c_str());
    return kExitUsage;
  }
  auto meta = [&](const char* key) {
    const std::string* v = file.find_meta(key);
    return v ? *v : std::string();
  };
  testapp::SessionConfig config;
  config.engine_path = engine_override.empty() ? meta("engine") : engine_override;
  config.default_config = meta("config");
  config.abi = abi::parse(meta("abi")).value_or(abi::Profile::tutorial_2010);
  config.level = parse_level(meta("level")).value_or(Level::required);
  const std::string* lock_order = file.find_meta("lock-order");
  config.lock_order = lock_order == nullptr || *lock_order != "0";
  auto suite = testapp::SuiteLibrary::open(meta("suite"), &error);
  if (!suite) {
    std::fprintf(stderr, "enginesim testapp: %s\n", error.c_str());
    return kExitUsage;
  }
  const int index = suite->find(meta("test"));
  if (index < 0) {
    std::fprintf(stderr, "enginesim testapp: suite %s has no test '%s' any more\n",
                 suite->path().c_str(), meta("test").c_str());
    return kExitUsage;
  }
  struct test_harness harness = testapp::Session::harness(config);
  if (!suite->setup(&harness)) {
    std::fprintf(stderr, "enginesim testapp: suite %s: setup_suite returned false\n",
                 suite->path().c_str());
    return kExitUsage;
  }
  sched::SchedOptions mode;  // issue 19: --atomics, --races as recorded
  if (!atomics::atomics_from_meta(file, &mode, &error)) {
    std::fprintf(stderr, "enginesim testapp: %s\n", error.c_str());
    return kExitUsage;
  }
  const SchedPlan plan{file.strategy, file.seed,    true,      file.choices,
                       60'000,        mode.atomics, mode.races};
  const RunResult r = testapp::run_scheduled(suite->tests()[index], config, plan);
  std::printf("replay: test %s, seed %llu, strategy %s\nverdict: %s\n", meta("test").c_str(),
              static_cast<unsigned long long>(file.seed), file.strategy.c_str(),
              sched::to_string(r.verdict));
  if (!r.report.empty()) std::printf("report:\n  %s\n", r.report.c_str());
  std::printf("trace-hash: %s (recorded %s: %s)\n", sched::hex64(r.trace_hash).c_str(),
              sched::hex64(file.trace_hash).c_str(),
              r.trace_hash == file.trace_hash ? "same, reproduced bit for bit" : "DIFFERENT");
  return r.ok() ? kExitOk : kExitFailure;
}

}  // namespace enginesim::cli
