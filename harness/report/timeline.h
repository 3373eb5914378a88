// timeline.h - a recorded run (RunResult with details, see
// sched/detail_text.h) turned into swimlanes for a report: one lane per
// controlled thread (core main, each connection's worker, each engine
// thread) and one row per thing that happened, in order.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/sched/run_result.h"

namespace enginesim::report {

struct Lane {
  uint32_t thread = 0;  // the scheduler's thread number
  std::string name;     // "core main", "conn 1 worker", "thread 4"
  std::string kind;     // "core", "connection" (a core worker), "engine"
};

struct Row {
  // step: a scheduling step (lock, unlock, cond_wait, create...);
  // wait: a thread blocks on a lock another thread holds;
  // minor: a step of little interest (yield, clock read, choice);
  // op: a connection's operation and its result; call: core->engine call;
  // sapi: engine->core call; notify: notify_io_complete (arrow to `target`);
  // violation: a contract rule broken; time_jump; failure: the verdict.
  std::string kind;
  uint64_t step = 0;
  uint64_t time_ns = 0;
  int lane = -1;           // index into Timeline::lanes; -1: every lane
  int target = -1;         // notify: the lane serving the connection, or -1
  uint64_t conn = 0;       // 0: none
  std::string text;        // what happened (engine text: escape when shown)
  std::string result;      // call/sapi: what it returned
  bool blocked = false;    // returned ENGINE_EWOULDBLOCK
  bool highlight = false;  // part of the failure
  // op rows of a linearizability failure's witness: its number there (#1..,
  // 0: not in it) and what the checker says of it (what memcached allows).
  int witness = 0;
  std::string expected;
};

struct Timeline {
  std::vector<Lane> lanes;
  std::vector<Row> rows;
  int focus = -1;          // the row to centre on: the first highlighted one
  bool truncated = false;  // the run had more events than were recorded
  // Addresses ("0x7f12580031a0") differ from process to process: rows name
  // them "ptr#1", "ptr#2"... in order of first appearance, so two reports of
  // one schedule are identical up to those names (which still differ when
  // malloc reuses an address in one process and not in the other).
  std::map<std::string, int> pointers;
  // A history that is not linearizable: its minimal failing sub-history
  // (RunResult::witness) and the row of each of its operations (-1: not
  // among the recorded events).
  std::vector<sched::WitnessOp> witness;
  std::vector<int> witness_rows;
};

// `text` with what differs between two runs of one schedule made stable:
// every address renamed through `pointers` (adding new ones), and every
// per-run directory (".../enginesim-run.XXXXXX", sim_session's RunDir)
// written "{tmpdir}".
std::string stable_text(const std::string& text, std::map<std::string, int>* pointers);

// `events_max`: the recording limit the run had (to tell a cut-off run).
// The witness's operations are found by connection and index: the n-th
// "conn C: ..." operation note (disconnects aside) is connection C's n-th
// operation, the n-th "clock: advance" note the clock's n-th advance.
Timeline build_timeline(const sched::RunResult& run, size_t events_max);

}  // namespace enginesim::report
