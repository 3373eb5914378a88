// cmd_explore.cpp - `enginesim explore`: many seeds, each in a forked child,
// --jobs at a time, optionally one shard of the range; progress on a
// terminal, a summary, and the replay command of every failure.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "enginesim/parse_number.h"
#include "harness/cli/engine_options.h"
#include "harness/cli/explore_progress.h"
#include "harness/cli/explore_results.h"
#include "harness/cli/failure_signature.h"
#include "harness/cli/run_report.h"
#include "harness/proc/stderr_capture.h"
#include "harness/sched/trace.h"
#include "harness/sim/dfs_campaign.h"
#include "harness/sim/run_pool.h"
#include "harness/sim/seed_plan.h"
#include "harness/sim/sim_session.h"

namespace enginesim::cli {
namespace {

// The campaign: seeds first..last with seed % shards == shard.
struct Campaign {
  uint64_t first = 0, last = 0, shard = 0, shards = 1;
  uint64_t first_in_shard() const {
    const uint64_t r = first % shards;
    const uint64_t offset = (shard + shards - r) % shards;
    return first + offset;  // may pass `last`: an empty shard
  }
  uint64_t count() const {
    const uint64_t s = first_in_shard();
    return s > last || s < first ? 0 : (last - s) / shards + 1;
  }
};

bool parse_campaign(const Args& args, Campaign* c, std::string* error) {
  const std::string seeds = args.str("seeds");
  const size_t dots = seeds.find("..");
  const bool range = dots != std::string::npos;
  const std::optional<uint64_t> first = parse_u64(seeds.substr(0, dots));
  const std::optional<uint64_t> last =
      parse_u64(range ? seeds.substr(dots + 2) : seeds.substr(0, dots));
  if (!first || !last || *last < *first) {
    *error = "--seeds takes A..B with A <= B (or one seed A), got '" + seeds + "'";
    return false;
  }
  c->first = *first;
  c->last = *last;
  if (args.has("shard")) {
    const std::string s = args.str("shard");
    const size_t slash = s.find('/');
    const std::optional<uint64_t> shard = parse_u64(s.substr(0, slash));
    const std::optional<uint64_t> shards =
        slash == std::string::npos ? std::nullopt : parse_u64(s.substr(slash + 1));
    if (!shard || !shards || *shards == 0 || *shard >= *shards) {
      *error = "--shard takes I/N with 0 <= I < N (seeds with seed mod N == I), got '" + s + "'";
      return false;
    }
    c->shard = *shard;
    c->shards = *shards;
  }
  return true;
}

// --junit and --json; false when one could not be written.
bool write_results(const Args& args, ExploreInfo info, const std::vector<ExploreFailure>& failures,
                   const std::vector<ExploreFailure>& incomplete) {
  bool ok = true;
  info.incomplete = incomplete;
  if (args.has("junit"))
    ok = write_output_file("explore", args.str("junit"), explore_junit(info, failures)) && ok;
  if (args.has("json"))
    ok = write_output_file("explore", args.str("json"), explore_json(info, failures)) && ok;
  return ok;
}

}  // namespace

namespace {

int explore(const Args& args) {
  if (!args.positional().empty()) {
    std::fprintf(stderr, "enginesim explore: unexpected argument '%s'\n",
                 args.positional()[0].c_str());
    return kExitUsage;
  }
  SimSetup setup;
  Campaign camp;
  std::string error;
  if (!setup_from_args(args, &setup, &error) || !parse_campaign(args, &camp, &error)) {
    std::fprintf(stderr, "enginesim explore: %s\n", error.c_str());
    return kExitUsage;
  }
  if (const int rc = check_engine_loads(setup); rc != kExitOk) return rc;
  int bound = -1;
  check_strategy(setup.strategy, &bound, &error);
  // K is measured once, on the range's first seed, so every shard agrees;
  // with a shape or strategy per seed (swarm, mix), on each seed.
  const bool per_seed = plans_per_seed(setup);
  const std::string spec =
      bound >= 0 || per_seed ? setup.strategy : resolve_strategy(setup, camp.first, setup.strategy);
  const uint64_t max_schedules = static_cast<uint64_t>(args.integer("max-schedules"));
  const bool stop_on_first = args.flag("stop-on-first");
  const bool verbose = args.flag("verbose");
  const bool html = args.flag("html");
  const std::string out_dir = args.str("out");
  size_t jobs = static_cast<size_t>(args.integer("jobs"));
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  const uint64_t total = camp.count();
  std::printf("explore: seeds %" PRIu64 "..%" PRIu64 ", shard %" PRIu64 "/%" PRIu64 " (%" PRIu64
              " seeds), strategy %s, %s, %zu jobs\n",
              camp.first, camp.last, camp.shard, camp.shards, total, spec.c_str(),
              describe_setup(setup).c_str(), jobs);
  std::fflush(stdout);

  ProgressLine progress(total, "seeds", ProgressLine::stderr_is_terminal());
  sched::RunPool pool(setup.child_limit_ms);
  std::map<uint64_t, std::unique_ptr<RunDir>> dirs;
  std::vector<ExploreFailure> failures, incomplete;
  std::map<std::string, uint64_t> by_verdict;
  // Strict findings (docs/core-fidelity.md): seeds that had any, the first one.
  uint64_t warned_seeds = 0, first_warned_seed = 0;
  std::string first_warning;
  uint64_t next = camp.first_in_shard(), dfs_schedules = 0;
  bool more = total > 0;
  for (;;) {
    while (more && pool.running() < jobs && !(stop_on_first && !failures.empty())) {
      auto dir = std::make_unique<RunDir>();
      if (bound >= 0) {
        pool.start(
            next,
            [&, seed = next] {
              return dfs_campaign(setup_for_seed(setup, seed), seed, static_cast<uint32_t>(bound),
                                  max_schedules)
                  .as_result();
            },
            "schedules");
      } else if (per_seed) {
        pool.start(next, [setup, spec, seed = next, path = dir->path()] {
          const SeedPlan p = plan_seed(setup, seed, spec);
          return sim_job(p.setup, seed, {StrategyPlan::Kind::spec, p.spec, {}}, path, false)();
        });
      } else {
        pool.start(next,
                   sim_job(setup, next, {StrategyPlan::Kind::spec, spec, {}}, dir->path(), false));
      }
      dirs[next] = std::move(dir);
      more = camp.last - next >= camp.shards;
      if (more) next += camp.shards;
    }
    if (pool.running() == 0) break;
    auto [seed, r] = pool.wait_one();
    dirs.erase(seed);
    ++by_verdict[sched::to_string(r.verdict)];
    if (!r.warnings.empty()) {
      if (warned_seeds++ == 0 || seed < first_warned_seed) {
        first_warned_seed = seed;
        first_warning = r.warnings.front();
      }
    }
    // A DFS child counts its schedules in `steps` (DfsOutcome::as_result;
    // RunPool's incomplete verdict keeps the counter there too).
    if (bound >= 0 && !is_failure(r)) dfs_schedules += r.steps;
    if (r.verdict == sched::Verdict::incomplete) {
      progress.clear();
      std::printf("INCOMPLETE seed %" PRIu64 ": %s\n", seed, first_line(r.report).c_str());
      std::fflush(stdout);
      incomplete.push_back({seed, r, {}});
    }
    if (verbose && !is_failure(r)) {
      progress.clear();
      std::printf("seed %" PRIu64 ": ok  trace-hash %s\n", seed,
                  sched::hex64(r.trace_hash).c_str());
    }
    if (is_failure(r)) {
      progress.clear();
      std::printf("FAIL seed %" PRIu64 ": %s: %s\n%s", seed, sched::to_string(r.verdict),
                  first_line(r.report).c_str(), stderr_block(r.engine_stderr, "  ").c_str());
      std::fflush(stdout);
      std::error_code ec;
      std::filesystem::create_directories(out_dir, ec);
      const std::string path = out_dir + "/seed-" + std::to_string(seed) + ".schedule";
      // The seed's plan again (deterministic: the same shape, choice and K).
      const SeedPlan plan = per_seed ? plan_seed(setup, seed, spec) : SeedPlan{setup, spec};
      if (per_seed) {
        std::printf(
            "  seed %" PRIu64 ": strategy %s%s%s\n", seed, plan.spec.c_str(),
            plan.setup.shape_text.empty() ? "" : ", swarm shape: ", plan.setup.shape_text.c_str());
      }
      failures.push_back({seed, r, record_failure(plan.setup, seed, plan.spec, r, path)});
      if (html) {
        print_html_report(failures.back().record.schedule_path,
                          out_dir + "/seed-" + std::to_string(seed) + ".html");
      }
    }
    progress.done_one(!is_failure(r));
  }
  progress.clear();
  // Children finish in any order: the summary and the CI files list by seed.
  const auto by_seed = [](const ExploreFailure& a, const ExploreFailure& b) {
    return a.seed < b.seed;
  };
  std::sort(failures.begin(), failures.end(), by_seed);
  std::sort(incomplete.begin(), incomplete.end(), by_seed);
  if (warned_seeds > 0) {
    std::printf("strict warnings in %" PRIu64 " seed%s (first: seed %" PRIu64
                ": %s); "
                "--level strict makes them failures\n",
                warned_seeds, warned_seeds == 1 ? "" : "s", first_warned_seed,
                first_line(first_warning).c_str());
  }
  std::printf("%s", failure_groups_text(group_failures(signed_failures(failures))).c_str());
  int code = print_summary(progress, by_verdict, failures, bound >= 0 ? dfs_schedules : 0);
  if (!incomplete.empty()) {
    // A spent budget is not a failure: it says what was covered.
    std::printf("incomplete: %zu seed%s ran out of budget while still making progress (%s)\n",
                incomplete.size(), incomplete.size() == 1 ? "" : "s",
                args.flag("require-complete") ? "--require-complete: exit 1"
                                              : "exit 0; --require-complete makes it 1");
    if (code == kExitOk) code = incomplete_exit_code(args);
  }
  const ExploreInfo info{setup.cfg.engine_path,
                         setup.cfg.engine_config,
                         spec,
                         camp.first,
                         camp.last,
                         camp.shard,
                         camp.shards,
                         total,
                         progress.done(),
                         progress.seconds(),
                         by_verdict,
                         code,
                         {}};
  return write_results(args, info, failures, incomplete) ? code : kExitUsage;
}

}  // namespace

Command explore_command() {
  return {"explore",
          "Runs many seeds under the deterministic scheduler, each in a forked child (an "
          "engine crash is a `died` verdict for that seed), --jobs at a time; --shard I/N "
          "takes only the seeds with seed mod N == I (0-based I) so a CI matrix can split a "
          "campaign. Ends with a summary and the replay command of each failure. Exit 0 no "
          "failure (seeds that ran out of budget are `incomplete`, not failures, unless "
          "--require-complete), 1 failures, 2 usage/input error.",
          "",
          with(with(engine_options(),
                    {{"seeds", "A..B", nullptr, "the seed range, inclusive (or one seed)", true},
                     {"shard", "I/N", nullptr, "only seeds with seed mod N == I (0 <= I < N)"},
                     {"jobs", "N", "0", "children in parallel (0: one per CPU)", false, 0, 256},
                     {"stop-on-first", nullptr, nullptr, "start no new seed after a failure"},
                     {"verbose", nullptr, nullptr, "a line for every seed, with its trace hash"},
                     {"out", "DIR", "enginesim-failures",
                      "where the failing seeds' schedules are written"},
                     {"junit", "FILE", nullptr,
                      "also write JUnit XML: one testcase per failing seed, with its replay "
                      "command, and a summary testcase"},
                     {"json", "FILE", nullptr,
                      "also write the results as JSON (docs/schema/explore.schema.json)"},
                     {"html", nullptr, nullptr,
                      "also draw each failure as an HTML page, DIR/seed-<S>.html (see `report`)"}}),
               with(sim_options(), {{"max-schedules", "N", "100000",
                                     "dfs:B: schedules per seed at most", false, 1, INT64_MAX}})),
          explore};
}

}  // namespace enginesim::cli
