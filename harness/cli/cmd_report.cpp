// cmd_report.cpp - `enginesim report FILE -o run.html`: a recorded schedule
// replayed with every engine call recorded and drawn as one self-contained
// HTML page of swimlanes (harness/report/).
#include <cstdio>

#include "harness/cli/engine_options.h"
#include "harness/cli/html_output.h"
#include "harness/cli/schedule_input.h"
#include "harness/sched/trace.h"

namespace enginesim::cli {
namespace {

int report(const Args& args) {
  sched::ScheduleFile file;
  SimSetup setup;
  if (const int rc = load_schedule_input("report", args, &file, &setup); rc != kExitOk) return rc;
  const std::string out_path = args.str("output");
  const HtmlOutcome h = write_html_report(setup, file, args.positional()[0], out_path,
                                          static_cast<size_t>(args.integer("events-max")));
  if (!h.written) {
    std::fprintf(stderr, "enginesim report: %s\n", h.error.c_str());
    return kExitUsage;
  }
  std::printf("report written: %s (seed %llu, verdict %s, %zu events, trace-hash %s)\n",
              out_path.c_str(), static_cast<unsigned long long>(file.seed),
              sched::to_string(h.replayed.verdict), h.replayed.events.size(),
              sched::hex64(h.replayed.trace_hash).c_str());
  return kExitOk;
}

}  // namespace

Command report_command() {
  return {"report",
          "Replays a recorded schedule FILE with every engine call recorded and writes one "
          "self-contained HTML page (no network) that draws the run as swimlanes: one lane per "
          "connection worker and engine thread, engine calls with their results, "
          "EWOULDBLOCK, notify_io_complete arrows, lock steps, time jumps and the failure "
          "highlighted (for a history that is not linearizable: the operations of its minimal "
          "failing sub-history, each with what memcached's model allows). Exit 0 written, 2 "
          "unreadable file, unfit schedule or unwritable output.",
          "FILE",
          with(schedule_options(),
               {{"output", "FILE", nullptr, "write the HTML page here", true, std::nullopt,
                 std::nullopt, 'o'},
                {"events-max", "N", "200000", "record at most N events", false, 1000, 10'000'000}}),
          report};
}

}  // namespace enginesim::cli
