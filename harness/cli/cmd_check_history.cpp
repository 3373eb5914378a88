// cmd_check_history.cpp - `enginesim check-history FILE`: is a recorded
// history linearizable with respect to the model of memcached?
#include <cstdio>
#include <string>

#include "harness/cli/command.h"
#include "harness/model/linearizability.h"

namespace enginesim::cli {
namespace {

// The search hit --steps-max on some key and no key failed outright.
constexpr int kExitUndecided = 3;

int run_check_history(const Args& args) {
  if (args.positional().size() != 1) {
    std::fprintf(stderr,
                 "enginesim check-history: give exactly one history FILE "
                 "(see 'enginesim check-history --help')\n");
    return kExitUsage;
  }
  const std::string& path = args.positional()[0];
  model::ParseError error;
  auto history = model::read_history_file(path, &error);
  if (!history) {
    std::fprintf(stderr, "enginesim check-history: %s%s%s\n", path.c_str(),
                 error.line == 0 ? ": " : ":", error.describe().c_str());
    return kExitUsage;
  }
  model::CheckOptions options;
  options.steps_max = static_cast<uint64_t>(args.integer("steps-max"));
  options.shrink_steps_max = static_cast<uint64_t>(args.integer("shrink-steps-max"));
  options.shrink = !args.flag("no-shrink");
  const model::CheckReport report = model::check_history(*history, options);
  std::fputs(model::format_report(report, options).c_str(), stdout);
  switch (report.verdict) {
    case model::Verdict::linearizable: return kExitOk;
    case model::Verdict::not_linearizable: return kExitFailure;
    case model::Verdict::limit_reached: return kExitUndecided;
  }
  return kExitFailure;
}

}  // namespace

Command check_history_command() {
  return {"check-history",
          "Checks that a recorded history (file format 'enginesim-history 1') is linearizable "
          "with respect to memcached's semantics. Prints 'linearizable' (exit 0), or a minimal "
          "non-linearizable sub-history for one key (exit 1); a corrupt file exits 2 naming "
          "the line; a search that reaches --steps-max exits 3.",
          "FILE",
          {
              {"steps-max", "N", "20000000", "search steps allowed per key", false, 1,
               INT64_C(1) << 40},
              {"shrink-steps-max", "N", "2000000", "search steps for all of shrinking a failure",
               false, 0, INT64_C(1) << 40},
              {"no-shrink", nullptr, nullptr,
               "report the whole failing key instead of a minimal sub-history"},
          },
          run_check_history};
}

}  // namespace enginesim::cli
