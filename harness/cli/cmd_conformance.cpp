// cmd_conformance.cpp - `enginesim conformance`: runs the conformance
// catalogue against an engine, one forked child per clause.
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>

#include "harness/cli/engine_options.h"
#include "harness/cli/progress_line.h"
#include "harness/conformance/markdown.h"
#include "harness/conformance/monitor_hook.h"
#include "harness/conformance/report.h"
#include "harness/conformance/runner.h"
#include "harness/proc/tmpdir_placeholder.h"

namespace enginesim::cli {
namespace {

using namespace enginesim::conformance;

std::vector<OptionSpec> conformance_options() {
  std::vector<OptionSpec> options = engine_options();
  // --list needs no engine: --engine is checked by run_conformance instead.
  for (OptionSpec& o : options) {
    if (std::string(o.name) == "engine") o.required = false;
  }
  return with(
      options,
      {
          {"filter", "GLOB", "*", "run only clauses whose id matches: comma-separated shell globs"},
          {"timeout", "SECONDS", "30",
           "wall-clock limit per clause; past it the verdict is TIMEOUT", false, 1, 3600},
          {"tap", nullptr, nullptr, "write TAP version 13 to stdout instead of plain lines"},
          {"junit", "FILE", nullptr, "also write JUnit XML (one testcase per clause) to FILE"},
          {"json", "FILE", nullptr,
           "also write the results as JSON to FILE (fields: docs/conformance.md)"},
          {"list", nullptr, nullptr, "print the selected clause ids and rules; run nothing"},
          {"markdown", nullptr, nullptr,
           "with --list: print docs/conformance.md for the whole catalogue"},
          level_option("required: fail only on what the real core relies on; strict: strict "
                       "clauses and rules fail too (by default they are WARN lines)"),
      });
}

int list(const Args& args, const std::vector<const Clause*>& clauses) {
  if (args.flag("markdown")) {
    std::fputs(catalogue_markdown(catalogue()).c_str(), stdout);
    return kExitOk;
  }
  for (const Clause* c : clauses)
    std::printf("%-40s %-8s %s\n", c->id, to_string(c->level), c->rule);
  return kExitOk;
}

int run_conformance(const Args& args) {
  const std::vector<const Clause*> clauses = select_clauses(args.str("filter"));
  if (args.flag("list")) return list(args, clauses);
  if (!args.has("engine")) {
    std::fprintf(stderr, "enginesim conformance: --engine PATH is required (or use --list)\n");
    return kExitUsage;
  }
  if (clauses.empty()) {
    std::fprintf(stderr, "enginesim conformance: no clause id matches --filter '%s' (see --list)\n",
                 args.str("filter").c_str());
    return kExitUsage;
  }
  RunOptions options;
  options.engine_path = args.str("engine");
  options.config = checked_config(args.str("config"), "conformance");
  options.timeout_sec = static_cast<double>(args.integer("timeout"));
  std::string why;
  if (!level_from_args(args, &options.level, &why)) {
    std::fprintf(stderr, "enginesim conformance: %s\n", why.c_str());
    return kExitUsage;
  }
  if (!abi_from_args(args, &options.abi, &why)) {
    std::fprintf(stderr, "enginesim conformance: %s\n", why.c_str());
    return kExitUsage;
  }
  if (!check_engine_loads(options, &why)) {
    std::fprintf(stderr, "enginesim: %s\n", why.c_str());
    return kExitUsage;
  }
  const bool tap = args.flag("tap");
  if (tap) std::fputs(tap_plan(clauses.size()).c_str(), stdout);
  size_t number = 0;
  ProgressLine progress(clauses.size(), "clauses", ProgressLine::stderr_is_terminal());
  auto results = run_clauses(clauses, options, [&](const ClauseResult& r) {
    progress.clear();
    std::fputs((tap ? tap_line(r, ++number) : plain_line(r)).c_str(), stdout);
    std::fflush(stdout);
    progress.done_one(r.verdict == Verdict::pass || r.verdict == Verdict::skip);
  });
  progress.clear();
  const Summary summary = summarize(results);
  const int code = summary.failed == 0 ? kExitOk : kExitFailure;
  ReportInfo info{options.engine_path, options.config, options.timeout_sec,
                  MonitorHook::available(), code};
  bool written = true;
  if (args.has("junit"))
    written =
        write_output_file("conformance", args.str("junit"), junit_xml(results, info)) && written;
  if (args.has("json"))
    written =
        write_output_file("conformance", args.str("json"), json_report(results, info)) && written;
  std::printf("%s%s\n", tap ? "# " : "", summary_line(summary).c_str());
  std::fflush(stdout);
  return written ? code : kExitUsage;
}

}  // namespace

Command conformance_command() {
  return {"conformance",
          "Runs the conformance catalogue (docs/conformance.md), each clause in its own child: "
          "PASS/FAIL/DIED/TIMEOUT/SKIP/CONTRACT per clause; exit 1 on any failure.",
          "", conformance_options(), run_conformance};
}

}  // namespace enginesim::cli
