// drive_parse_workload.cpp - the scheduler's workload-file parser
// (harness/sim/workload_file.h) on fuzz text, and the round trip: a parsed
// workload formats to text that parses back to the same workload.
#include <string>

#include "fuzz/finding.h"
#include "fuzz/input_drivers.h"

#include "harness/sim/workload_file.h"

namespace enginesim::fuzz {

bool drive_parse_workload(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  sched::Workload workload;
  std::string error;
  if (!sched::parse_workload(text, &workload, &error)) {
    ES_FUZZ_REQUIRE(!error.empty(), "parse_workload failed without an error message");
    return true;
  }
  const std::string formatted = sched::format_workload(workload);
  sched::Workload again;
  ES_FUZZ_REQUIRE(sched::parse_workload(formatted, &again, &error),
                  "a formatted workload does not parse: " + error + "\n" + formatted);
  ES_FUZZ_REQUIRE(again == workload, "workload round trip changed it:\n" + formatted);
  return true;
}

}  // namespace enginesim::fuzz
