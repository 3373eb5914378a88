// cmd_check.cpp - `enginesim check`: the rapidcheck properties (sequential,
// then concurrent linearizability) on any engine module. The work is
// run_engine_check (harness/cli/check_request.h, defined by the properties
// when rapidcheck was found); a build without it keeps the command and says
// how to get it.
#include <limits.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "harness/cli/check_request.h"
#include "harness/cli/command.h"
#include "harness/conformance/runner.h"
#include "harness/proc/tmpdir_placeholder.h"
#include "harness/sim/sim_options.h"
#include "harness/sim/sim_run.h"

namespace enginesim::cli {
namespace {

// This binary, for the replay command a failure prints.
std::string self_path() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string("enginesim");
}

int run_check(const Args& args) {
  if (!args.positional().empty()) {
    std::fprintf(stderr, "enginesim check: unexpected argument '%s'\n",
                 args.positional()[0].c_str());
    return kExitUsage;
  }
#if !ENGINESIM_HAVE_RAPIDCHECK
  std::fprintf(stderr,
               "enginesim check: this enginesim was built without rapidcheck, which the "
               "properties need (configure did not find it, or was given "
               "-DENGINESIM_RAPIDCHECK=OFF). Install it (Debian: apt-get install "
               "librapidcheck-dev; elsewhere build and install "
               "https://github.com/emil-e/rapidcheck, found by find_package(rapidcheck)), then "
               "configure and build enginesim again.\n");
  return kExitUsage;
#else
  const std::string property = args.str("property");
  if (property != "both" && property != "sequential" && property != "concurrent") {
    std::fprintf(stderr,
                 "enginesim check: --property must be sequential, concurrent or both, not '%s'\n",
                 property.c_str());
    return kExitUsage;
  }
  conformance::RunOptions load;
  load.engine_path = args.str("engine");
  load.config = checked_config(args.str("config"), "check");
  std::string why;
  if (!abi_from_args(args, &load.abi, &why)) {
    std::fprintf(stderr, "enginesim check: %s\n", why.c_str());
    return kExitUsage;
  }
  // An engine that does not load is bad input (exit 2), not a counterexample.
  if (!conformance::check_engine_loads(load, &why)) {
    std::fprintf(stderr, "enginesim: %s\n", why.c_str());
    return kExitUsage;
  }
  CheckRequest request;
  request.engine_path = load.engine_path;
  request.config = load.config;
  request.abi = load.abi;
  request.seed = static_cast<uint64_t>(args.integer("seed"));
  request.cases = static_cast<int>(args.integer("cases"));
  request.timeout_sec = static_cast<int>(args.integer("timeout"));
  request.may_evict = args.flag("may-evict");
  request.sequential = property != "concurrent";
  request.concurrent = property != "sequential";
  if (args.has("reproduce")) request.reproduce = args.str("reproduce");
  if (args.has("mix")) {
    request.mix_text = args.str("mix");
    if (!sched::parse_op_mix(request.mix_text, &request.mix, &why)) {
      std::fprintf(stderr, "enginesim check: %s\n", why.c_str());
      return kExitUsage;
    }
    for (model::OpKind kind : request.mix) {
      if (!model::is_itemless(kind)) continue;
      std::fprintf(stderr,
                   "enginesim check: --mix: the properties draw item operations only, not '%s' "
                   "(use get set add replace append prepend delete incr decr cas flush)\n",
                   model::op_kind_name(kind, model::OpSyntax::workload));
      return kExitUsage;
    }
  }
  request.enginesim = self_path();
  return run_engine_check(request, stdout);
#endif
}

}  // namespace

Command check_command() {
  return {
      "check",
      "The rapidcheck properties on any engine: sequential (random operations, clock "
      "advances and exptimes, every answer checked against the memcached model), then "
      "concurrent (2..4 connections under a random schedule; the history must be "
      "linearizable). Every case runs in a forked child: a crash or hang is a "
      "counterexample. A failure is shrunk, printed one operation a line, with the one "
      "command that replays it. Exit 0 both passed, 1 a counterexample, 2 bad usage or an "
      "engine that does not load.",
      "",
      with(engine_options(),
           {{"seed", "S", "1", "the seed of every case of both properties", false, 0, INT64_MAX},
            {"cases", "N", "100", "cases per property (a long campaign sets it high)", false, 1,
             10'000'000},
            {"timeout", "SECONDS", "30",
             "wall-clock limit of one case's child; past it the case fails as a hang", false, 1,
             3600},
            {"property", "NAME", "both", "which to run: sequential, concurrent or both"},
            {"mix", "LIST", nullptr,
             "the concurrent property's connections draw only these kinds, e.g. get,cas "
             "(explore's --mix spelling, item kinds only), its prefix sets; default: every "
             "item kind"},
            {"may-evict", nullptr, nullptr,
             "the engine evicts under memory pressure: an item may vanish at any moment (as "
             "run's --may-evict; without it an evicting engine fails both properties)"},
            {"reproduce", "TOKEN", nullptr,
             "replay exactly the shrunk case(s) a failing check printed (with its "
             "--engine, --config and --seed)"}}),
      run_check};
}

}  // namespace enginesim::cli
