// workload_file.h - workloads as versioned text files: the connections, each
// connection's operations (keys, values, flags, exptimes) and the clock's
// advances; written by `--write-workload`, read by `--workload`.
//
//   enginesim-workload 1
//   connections 2
//   prefix
//   set k0 "v0"
//   connection 1
//   set k0 "v1" exptime=30 flags=7
//   get k0
//   connection 2
//   incr "k\x00bin" 5
//   clock
//   advance 60
//
// The optional prefix runs on a connection of its own, one operation after
// the other, before the connections start. Operations are in the model's
// workload spelling (model::to_text / model::parse_operation with
// OpSyntax::workload): get KEY | set/add/replace/append/prepend/cas KEY
// "VALUE" [exptime=SEC] [flags=N] | delete KEY | incr/decr KEY DELTA | flush
// (a cas sends the newest CAS its connection saw for KEY). A key is bare
// (no space, quote, backslash or '#') or quoted; quoted strings take \\ \"
// \n \r \t \xHH. Blank lines and lines starting with '#' are ignored.
#pragma once

#include <string>
#include <string_view>

#include "harness/sim/sim_run.h"

namespace enginesim::sched {

inline constexpr int kWorkloadVersion = 1;
inline constexpr size_t kWorkloadKeyMax = 250;

std::string format_workload(const Workload& workload);
// Fills `workload`, or returns false with "line N: what is wrong".
bool parse_workload(const std::string& text, Workload* workload, std::string* error);

bool write_workload_file(const std::string& path, const Workload& workload, std::string* error);
// Errors name the file: "PATH line N: ...".
bool read_workload_file(const std::string& path, Workload* workload, std::string* error);

}  // namespace enginesim::sched
